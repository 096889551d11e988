import type { Actor } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { getOrganization } from "../organizations/store.js";
import { mayRecordRoutine } from "./access.js";

/**
 * Where the reader of a cell's meeting may record it as routine supervision (giám sát thường xuyên, 296-QĐ/TW):
 * the đảng bộ directly above the cell, when the reader may record a supervision of this cell for its đảng ủy or its
 * UBKT (the overseer who attended, the đảng ủy's leaders, the UBKT). Null for anyone else, and for a meeting not yet
 * held — a supervision is recorded against a meeting that took place.
 */
export async function supervisionOfMeeting(
  ex: Executor,
  actor: Actor,
  meeting: { organizationId: string; date: string; status: string },
  today: string,
): Promise<{ organizationId: string } | null> {
  if (meeting.date > today || meeting.status === "planned" || meeting.status === "cancelled") return null;
  const cell = await getOrganization(ex, meeting.organizationId);
  if (cell?.kind !== "cell" || !cell.parentId) return null;
  const owner = await getOrganization(ex, cell.parentId);
  if (owner?.kind !== "party_committee") return null;
  const may = (["party_committee", "inspection_committee"] as const).some((b) =>
    mayRecordRoutine(actor, b, owner, cell),
  );
  return may ? { organizationId: owner.id } : null;
}
