import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { queryRows, uuidArray, type Executor } from "../../core/db/index.js";
import { members } from "../members/schema.js";
import { checklistItems, congresses } from "./schema.js";

export type CongressRow = typeof congresses.$inferSelect;
export type ChecklistItemRow = typeof checklistItems.$inferSelect;

export async function getCongress(ex: Executor, id: string): Promise<CongressRow | null> {
  const [row] = await ex.select().from(congresses).where(eq(congresses.id, id));
  return row ?? null;
}

export async function listCongresses(ex: Executor, organizationId: string): Promise<CongressRow[]> {
  return ex
    .select()
    .from(congresses)
    .where(eq(congresses.organizationId, organizationId))
    .orderBy(desc(congresses.heldOn));
}

export async function getChecklistItem(ex: Executor, id: string): Promise<ChecklistItemRow | null> {
  const [row] = await ex.select().from(checklistItems).where(eq(checklistItems.id, id));
  return row ?? null;
}

/** Checklist items with the owner's name, in template order. */
export async function listChecklist(ex: Executor, congressIds: string[]) {
  if (congressIds.length === 0) return [];
  return ex
    .select({ item: checklistItems, ownerName: members.fullName })
    .from(checklistItems)
    .leftJoin(members, eq(members.id, checklistItems.ownerMemberId))
    .where(inArray(checklistItems.congressId, congressIds))
    .orderBy(asc(checklistItems.position))
    .then((rows) => rows.map((r) => ({ ...r.item, ownerName: r.ownerName })));
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

/** The latest congress of each organisation in the list. */
export async function latestCongresses(ex: Executor, organizationIds: string[]): Promise<Map<string, CongressRow>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await ex
    .select()
    .from(congresses)
    .where(inArray(congresses.organizationId, organizationIds))
    .orderBy(desc(congresses.heldOn));
  const out = new Map<string, CongressRow>();
  for (const r of rows) if (!out.has(r.organizationId)) out.set(r.organizationId, r);
  return out;
}

export async function openChecklistItems(ex: Executor, organizationId: string) {
  return ex
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.organizationId, organizationId), eq(checklistItems.done, false)));
}
