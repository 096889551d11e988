// The year-end review at the size of the data set: the current year's period opened for the bench đảng bộ the way
// the office opens it (createPeriod: every member of every cell, exclusions applied), then a December in progress
// written set-based: 60% of members have handed in their self-assessment, 30% of cells have met and proposed a
// level for each member and for themselves, and the đảng ủy has decided 10% of cells. Kept on --reuse.
import { sql } from "drizzle-orm";
import { type Database, inTransaction } from "../src/core/db/index.js";
import { todayIso } from "../src/core/time.js";
import { createPeriod } from "../src/modules/evaluations/operations.js";
import { BENCH_ACCOUNTS } from "./generate.js";

export interface EvaluationCtx {
  periodId: string;
  rootPath: string;
  subjects: number;
}

/** The share of rows (0–99) picked by a stable hash of an id, so a reused set keeps the same picks. */
const picked = (column: string, percent: number) => sql.raw(`abs(hashtext(${column}::text)) % 100 < ${percent}`);

export async function ensureEvaluationPeriod(
  database: Database,
  root: { id: string; path: string },
  log: (s: string) => void,
): Promise<EvaluationCtx> {
  const year = Number(todayIso().slice(0, 4));
  const [existing] = await database.rows<{ id: string; n: number }>(
    sql`SELECT p.id, (SELECT count(*)::int FROM evaluation_subjects s WHERE s.period_id = p.id) AS n
          FROM evaluation_periods p
         WHERE p.organization_id = ${root.id} AND p.kind = 'year' AND p.year = ${year} AND p.deleted_at IS NULL`,
  );
  if (existing) {
    log(`reusing the ${year} evaluation period (${existing.n} subjects)`);
    return { periodId: existing.id, rootPath: root.path, subjects: existing.n };
  }
  const started = performance.now();
  const [office] = await database.rows<{ id: string }>(
    sql`SELECT id FROM users WHERE username = ${BENCH_ACCOUNTS.office}`,
  );
  const { period, subjects } = await inTransaction(database, (tx) =>
    createPeriod(
      tx,
      { id: root.id, kind: "party_committee", path: root.path },
      { kind: "year", year, quarter: null, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, posts: {} },
    ),
  );
  const opened = performance.now();
  log(`opened the ${year} period: ${subjects} subjects in ${((opened - started) / 1000).toFixed(1)} s`);
  await inTransaction(database, async (tx) => {
    await tx.execute(sql`
      INSERT INTO self_assessments (subject_id, sections, scores, total, rubric_key, proposed_level, facts, submitted_at)
      SELECT s.id, '{}', '{}', 82, ${period.rubricKey}, 'good', '{}', now()
        FROM evaluation_subjects s
       WHERE s.period_id = ${period.id} AND s.kind = 'member' AND NOT s.excluded AND ${picked("s.id", 60)}`);
    // A cell that has met proposes for every included subject, itself too, at the meeting it last held.
    await tx.execute(sql`
      INSERT INTO evaluation_proposals (subject_id, level, meeting_id, votes, proposed_by)
      SELECT s.id,
             CASE WHEN ${picked("s.id::text || 'l'", 15)} THEN 'excellent'
                  WHEN ${picked("s.id::text || 'l'", 80)} THEN 'good' ELSE 'completed' END,
             m.id, '{"inFavour": 9, "against": 0, "other": 0}', ${office!.id}
        FROM evaluation_subjects s
        JOIN LATERAL (SELECT id FROM meetings WHERE organization_id = s.cell_id ORDER BY date DESC LIMIT 1) m ON true
       WHERE s.period_id = ${period.id} AND NOT s.excluded AND ${picked("s.cell_id", 30)}`);
    await tx.execute(sql`
      INSERT INTO evaluation_decisions (subject_id, period_id, level, decided_on, decided_by)
      SELECT s.id, s.period_id, p.level, ${todayIso()}, ${office!.id}
        FROM evaluation_subjects s
        JOIN evaluation_proposals p ON p.subject_id = s.id
       WHERE s.period_id = ${period.id} AND ${picked("s.cell_id", 10)}`);
  });
  await database.db.execute(sql`ANALYZE`);
  log(`filled December in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  return { periodId: period.id, rootPath: root.path, subjects };
}
