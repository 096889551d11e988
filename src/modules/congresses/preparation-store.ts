import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { memberNames } from "../members/store.js";
import { organizationNames } from "../organizations/store.js";
import { congressDelegates, congressPreparations, delegateQuotas, preparationSteps } from "./preparation-schema.js";

export type PreparationRow = typeof congressPreparations.$inferSelect;
export type StepRow = typeof preparationSteps.$inferSelect;
export type QuotaRow = typeof delegateQuotas.$inferSelect;
export type DelegateRow = typeof congressDelegates.$inferSelect;

export async function getPreparation(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PreparationRow | null> {
  const q = ex.select().from(congressPreparations).where(eq(congressPreparations.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listPreparations(ex: Executor, organizationIds: string[]): Promise<PreparationRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(congressPreparations)
    .where(inArray(congressPreparations.organizationId, organizationIds))
    .orderBy(asc(congressPreparations.congressOn));
}

export async function getStep(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<StepRow | null> {
  const q = ex.select().from(preparationSteps).where(eq(preparationSteps.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** The plan's steps in order, with each owner's name. */
export async function listSteps(ex: Executor, preparationId: string) {
  const rows = await ex
    .select()
    .from(preparationSteps)
    .where(eq(preparationSteps.preparationId, preparationId))
    .orderBy(asc(preparationSteps.position));
  const names = await memberNames(
    ex,
    rows.flatMap((r) => (r.ownerMemberId ? [r.ownerMemberId] : [])),
  );
  return rows.map((r) => ({
    ...r,
    ownerName: r.ownerMemberId ? (names.get(r.ownerMemberId)?.fullName ?? null) : null,
  }));
}

/** Every step not done yet, across preparations, for the reminders. */
export async function openSteps(ex: Executor): Promise<StepRow[]> {
  return ex.select().from(preparationSteps).where(eq(preparationSteps.done, false));
}

export async function listQuotas(ex: Executor, preparationId: string) {
  const rows = await ex.select().from(delegateQuotas).where(eq(delegateQuotas.preparationId, preparationId));
  const names = new Map(
    (
      await organizationNames(
        ex,
        rows.map((r) => r.cellId),
      )
    ).map((o) => [o.id, o.name]),
  );
  return rows
    .map((r) => ({ ...r, cellName: names.get(r.cellId) ?? "" }))
    .sort((a, b) => compareVietnamese(a.cellName, b.cellName));
}

export async function quotaOf(ex: Executor, preparationId: string, cellId: string): Promise<QuotaRow | null> {
  const [row] = await ex
    .select()
    .from(delegateQuotas)
    .where(and(eq(delegateQuotas.preparationId, preparationId), eq(delegateQuotas.cellId, cellId)));
  return row ?? null;
}

/** The delegates with their names, optionally of one cell only. */
export async function listDelegates(ex: Executor, preparationId: string, cellId?: string) {
  const rows = await ex
    .select()
    .from(congressDelegates)
    .where(
      and(
        eq(congressDelegates.preparationId, preparationId),
        cellId ? eq(congressDelegates.cellId, cellId) : undefined,
      ),
    );
  const names = await memberNames(
    ex,
    rows.map((r) => r.memberId),
  );
  return rows
    .map((r) => ({ ...r, fullName: names.get(r.memberId)?.fullName ?? "" }))
    .sort((a, b) => (a.kind === b.kind ? compareVietnamese(a.fullName, b.fullName) : a.kind === "official" ? -1 : 1));
}

export async function getDelegate(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DelegateRow | null> {
  const q = ex.select().from(congressDelegates).where(eq(congressDelegates.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}
