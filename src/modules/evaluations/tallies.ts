import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { evaluationPeriods } from "./schema.js";

/**
 * The đảng bộ-wide counts of a period (the quota of each group, how many have self-assessed, been proposed,
 * decided) read every subject of the period: 160,000 rows at a province's size, a quarter of a second each time.
 * They change only when someone writes, so each server keeps the last ones it counted under the period's tally
 * revision, which every such write bumps in its own transaction (ADR 0166). A revision read from the database is
 * the same on every server, so two servers never disagree for longer than a read.
 *
 * Only read routes use it: a write transaction sees its own uncommitted bump, and what it counted could be rolled
 * back under a number the next write then reuses.
 */
const KEPT_TALLIES = 64;
const kept = new Map<string, Promise<unknown>>();

export function keptTally<T>(
  period: { id: string; tallyRevision: number },
  name: string,
  count: () => Promise<T>,
): Promise<T> {
  const key = `${period.id}:${period.tallyRevision}:${name}`;
  let tally = kept.get(key) as Promise<T> | undefined;
  if (tally) kept.delete(key);
  else {
    tally = count();
    // A failed count is not kept: the next reader counts again.
    tally.catch(() => kept.delete(key));
  }
  kept.set(key, tally);
  // The least recently read go first; a period's older revisions are never read again.
  while (kept.size > KEPT_TALLIES) kept.delete(kept.keys().next().value!);
  return tally;
}

/** For tests only: forgets every kept count, before a test file opens another database with the same ids. */
export function forgetKeptTallies(): void {
  kept.clear();
}

/** Every write that moves a period's counts calls this in its transaction. */
export async function bumpTallyRevision(ex: Executor, periodId: string): Promise<void> {
  await ex
    .update(evaluationPeriods)
    .set({ tallyRevision: sql`${evaluationPeriods.tallyRevision} + 1` })
    .where(eq(evaluationPeriods.id, periodId));
}
