import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { inUuids, type Executor } from "../../core/db/index.js";
import { measurements, resolutions, resolutionTasks, targets } from "./schema.js";

export type ResolutionRow = typeof resolutions.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;

export async function getResolution(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ResolutionRow | null> {
  const q = ex
    .select()
    .from(resolutions)
    .where(and(eq(resolutions.id, id), isNull(resolutions.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** The resolution a meeting adopted (the first, not deleted), if any. */
export async function meetingResolution(ex: Executor, meetingId: string): Promise<ResolutionRow | null> {
  const [row] = await ex
    .select()
    .from(resolutions)
    .where(and(eq(resolutions.meetingId, meetingId), isNull(resolutions.deletedAt)))
    .orderBy(asc(resolutions.createdAt))
    .limit(1);
  return row ?? null;
}

export async function listResolutions(ex: Executor, organizationIds: string[]): Promise<ResolutionRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(resolutions)
    .where(and(inUuids(resolutions.organizationId, organizationIds), isNull(resolutions.deletedAt)))
    .orderBy(desc(resolutions.createdAt));
}

export async function getTarget(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<(TargetRow & { organizationId: string }) | null> {
  const q = ex
    .select({ target: targets, organizationId: resolutions.organizationId })
    .from(targets)
    .innerJoin(resolutions, eq(resolutions.id, targets.resolutionId))
    .where(and(eq(targets.id, id), isNull(targets.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: targets }) : await q;
  return row ? { ...row.target, organizationId: row.organizationId } : null;
}

/** Targets of some resolutions, each with its measurements (oldest first). */
export async function listTargets(ex: Executor, resolutionIds: string[]) {
  if (resolutionIds.length === 0) return [];
  const rows = await ex
    .select()
    .from(targets)
    .where(and(inUuids(targets.resolutionId, resolutionIds), isNull(targets.deletedAt)))
    .orderBy(asc(targets.position));
  const ms = rows.length
    ? await ex
        .select()
        .from(measurements)
        .where(
          inArray(
            measurements.targetId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(measurements.measuredOn))
    : [];
  return rows.map((t) => ({ ...t, measurements: ms.filter((m) => m.targetId === t.id) }));
}

export async function listResolutionTasks(ex: Executor, resolutionIds: string[]) {
  if (resolutionIds.length === 0) return [];
  return ex
    .select()
    .from(resolutionTasks)
    .where(and(inUuids(resolutionTasks.resolutionId, resolutionIds), isNull(resolutionTasks.deletedAt)))
    .orderBy(asc(resolutionTasks.position));
}

export async function getResolutionTask(ex: Executor, id: string) {
  const [row] = await ex.select().from(resolutionTasks).where(eq(resolutionTasks.id, id));
  return row ?? null;
}
