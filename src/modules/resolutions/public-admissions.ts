import { and, desc, eq, inArray, isNull, like, notInArray, or, type SQL } from "drizzle-orm";
import { type Executor, inUuids, type Tx } from "../../core/db/index.js";
import { stripDiacritics } from "../../core/text.js";
import { organizations } from "../organizations/schema.js";
import { measurements, resolutions, targets } from "./schema.js";

// What the admissions module asks of the resolutions: the admission target ("Kết nạp đảng viên mới") of the
// resolutions in force, how far it is, and one more admitted member recorded against it.

export interface AdmissionTarget {
  id: string;
  resolutionId: string;
  resolutionTitle: string;
  organizationId: string;
  name: string;
  baseline: number;
  goal: number;
  latest: number | null;
}

/** An admission target is one whose name speaks of kết nạp (admission), whatever the resolution writes around it. */
const isAdmissionTarget = (name: string) => stripDiacritics(name).toLowerCase().includes("ket nap");

/** The admission targets of the live resolutions (not draft, not concluded) of these organisations. */
export async function admissionTargets(ex: Executor, organizationIds: string[]): Promise<AdmissionTarget[]> {
  if (organizationIds.length === 0) return [];
  return targetsWhere(ex, inUuids(resolutions.organizationId, organizationIds));
}

/**
 * The admission targets of an organisation's board: those of the organisations above it and of every organisation
 * of its tree, found by the tree's path (a province's 8,000 ids are not sent as a list).
 */
export async function admissionTargetsAround(ex: Executor, path: string): Promise<AdmissionTarget[]> {
  const above = path.split("/").filter(Boolean);
  const tree = ex
    .select({ id: organizations.id })
    .from(organizations)
    .where(like(organizations.path, `${path}%`));
  return targetsWhere(ex, or(inUuids(resolutions.organizationId, above), inArray(resolutions.organizationId, tree))!);
}

async function targetsWhere(ex: Executor, whose: SQL): Promise<AdmissionTarget[]> {
  const rows = await ex
    .select({
      id: targets.id,
      resolutionId: resolutions.id,
      resolutionTitle: resolutions.title,
      organizationId: resolutions.organizationId,
      name: targets.name,
      baseline: targets.baseline,
      goal: targets.goal,
    })
    .from(targets)
    .innerJoin(resolutions, eq(resolutions.id, targets.resolutionId))
    .where(
      and(
        whose,
        notInArray(resolutions.state, ["draft", "concluded"]),
        isNull(resolutions.deletedAt),
        isNull(targets.deletedAt),
      ),
    );
  const found = rows.filter((x) => isAdmissionTarget(x.name));
  if (found.length === 0) return [];
  // Each target's latest measurement, for all of them in one query: a province has one target per cell.
  const latest = await ex
    .selectDistinctOn([measurements.targetId], { targetId: measurements.targetId, value: measurements.value })
    .from(measurements)
    .where(
      inUuids(
        measurements.targetId,
        found.map((r) => r.id),
      ),
    )
    .orderBy(measurements.targetId, desc(measurements.measuredOn), desc(measurements.createdAt));
  const byTarget = new Map(latest.map((m) => [m.targetId, m.value]));
  return found.map((r) => ({ ...r, latest: byTarget.get(r.id) ?? null }));
}

/** One more member admitted on `on`: each admission target of these organisations moves up by one. */
export async function recordAdmission(tx: Tx, organizationIds: string[], on: string, note: string): Promise<number> {
  const found = await admissionTargets(tx, organizationIds);
  for (const target of found) {
    await tx
      .insert(measurements)
      .values({ targetId: target.id, measuredOn: on, value: (target.latest ?? target.baseline) + 1, note });
  }
  return found.length;
}
