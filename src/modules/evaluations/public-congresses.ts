import { and, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { Level } from "./model.js";
import { evaluationDecisions, evaluationPeriods, evaluationSubjects } from "./schema.js";

/**
 * What the congresses module reads of evaluations for the political report: each year's decided levels of the
 * members of some cells, and the level decided for one organisation itself (a cell as a collective).
 */
export async function yearlyLevels(
  ex: Executor,
  cellIds: string[],
  ownId: string,
  fromYear: number,
  toYear: number,
): Promise<Map<number, { levels: Record<Level, number>; ownLevel: Level | null }>> {
  const out = new Map<number, { levels: Record<Level, number>; ownLevel: Level | null }>();
  if (cellIds.length === 0) return out;
  const rows = await ex
    .select({
      year: evaluationPeriods.year,
      kind: evaluationSubjects.kind,
      cellId: evaluationSubjects.cellId,
      level: evaluationDecisions.level,
      n: sql<number>`count(*)::int`,
    })
    .from(evaluationDecisions)
    .innerJoin(evaluationSubjects, eq(evaluationSubjects.id, evaluationDecisions.subjectId))
    .innerJoin(evaluationPeriods, eq(evaluationPeriods.id, evaluationDecisions.periodId))
    .where(
      and(
        inArray(evaluationSubjects.cellId, cellIds),
        eq(evaluationPeriods.kind, "year"),
        isNull(evaluationPeriods.deletedAt),
        isNull(evaluationDecisions.deletedAt),
        gte(evaluationPeriods.year, fromYear),
        lte(evaluationPeriods.year, toYear),
      ),
    )
    .groupBy(evaluationPeriods.year, evaluationSubjects.kind, evaluationSubjects.cellId, evaluationDecisions.level);
  for (const r of rows) {
    const entry = out.get(r.year) ?? {
      levels: { excellent: 0, good: 0, completed: 0, not_completed: 0 },
      ownLevel: null,
    };
    if (r.kind === "member") entry.levels[r.level] += Number(r.n);
    else if (r.cellId === ownId) entry.ownLevel = r.level;
    out.set(r.year, entry);
  }
  return out;
}
