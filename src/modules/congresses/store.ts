import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  type IdSet,
  inIdSet,
  inUuids,
  isEmptyIdSet,
  queryRows,
  uuidArray,
  type Executor,
} from "../../core/db/index.js";
import { memberNames } from "../members/store.js";
import { checklistItems, congresses } from "./schema.js";

export type CongressRow = typeof congresses.$inferSelect;
export type ChecklistItemRow = typeof checklistItems.$inferSelect;

export async function getCongress(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CongressRow | null> {
  const q = ex.select().from(congresses).where(eq(congresses.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** The congress an organisation held on a day, if any (one a day). */
export async function congressOn(ex: Executor, organizationId: string, heldOn: string): Promise<CongressRow | null> {
  const [row] = await ex
    .select()
    .from(congresses)
    .where(and(eq(congresses.organizationId, organizationId), eq(congresses.heldOn, heldOn)));
  return row ?? null;
}

export async function listCongresses(ex: Executor, organizationId: string): Promise<CongressRow[]> {
  return ex
    .select()
    .from(congresses)
    .where(eq(congresses.organizationId, organizationId))
    .orderBy(desc(congresses.heldOn));
}

export async function getChecklistItem(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ChecklistItemRow | null> {
  const q = ex.select().from(checklistItems).where(eq(checklistItems.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** Checklist items with the owner's name (from the members module), in template order. */
export async function listChecklist(
  ex: Executor,
  congressIds: string[],
): Promise<(ChecklistItemRow & { ownerName: string | null })[]> {
  if (congressIds.length === 0) return [];
  const items = await ex
    .select()
    .from(checklistItems)
    .where(inUuids(checklistItems.congressId, congressIds))
    .orderBy(asc(checklistItems.position));
  const names = await memberNames(
    ex,
    items.flatMap((i) => (i.ownerMemberId ? [i.ownerMemberId] : [])),
  );
  return items.map((i) => ({
    ...i,
    ownerName: i.ownerMemberId ? (names.get(i.ownerMemberId)?.fullName ?? null) : null,
  }));
}

/** How many of these congresses have every post-congress checklist item done (as summarizeChecklist's "complete"). */
export async function countCompleteChecklists(ex: Executor, congressIds: string[]): Promise<number> {
  if (congressIds.length === 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM (
          SELECT 1 FROM checklist_items WHERE congress_id = ANY(${uuidArray(congressIds)}) GROUP BY congress_id HAVING bool_and(done)
        ) complete`,
  );
  return row?.n ?? 0;
}

/** The latest congress of each organisation in the set. */
export async function latestCongresses(ex: Executor, organizationIds: IdSet): Promise<Map<string, CongressRow>> {
  if (isEmptyIdSet(organizationIds)) return new Map();
  const rows = await ex
    .selectDistinctOn([congresses.organizationId])
    .from(congresses)
    .where(inIdSet(congresses.organizationId, organizationIds))
    .orderBy(asc(congresses.organizationId), desc(congresses.heldOn));
  return new Map(rows.map((r) => [r.organizationId, r]));
}

export async function openChecklistItems(ex: Executor, organizationId: string) {
  return ex
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.organizationId, organizationId), eq(checklistItems.done, false)));
}
