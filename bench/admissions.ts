// The admissions board at the size of the data set: every cell of the bench đảng bộ follows three candidates, one
// gathering a dossier, one the cell has voted on (the đảng ủy's 60 working days running, some passed) and one decided
// and waiting for the ceremony. Written set-based, once; kept on --reuse.
import { sql } from "drizzle-orm";
import { type Database, inTransaction } from "../src/core/db/index.js";
import { todayIso } from "../src/core/time.js";
import { keepOpenDeadlines } from "../src/modules/admissions/deadlines.js";
import { WAITING_STAGES } from "../src/modules/admissions/model.js";
import { candidatesInStages } from "../src/modules/admissions/store.js";

export interface AdmissionsCtx {
  candidates: number;
}

export async function ensureAdmissionCandidates(
  database: Database,
  root: { id: string; path: string },
  log: (s: string) => void,
): Promise<AdmissionsCtx> {
  const [existing] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM admission_candidates WHERE deleted_at IS NULL`,
  );
  if (existing && existing.n > 0) {
    // A data set written before the board kept due days, or with other holidays in force today.
    log(`reusing ${existing.n} admission candidates (${await keepDays(database)} due days kept again)`);
    return { candidates: existing.n };
  }
  const started = performance.now();
  const today = todayIso();
  await inTransaction(database, async (tx) => {
    // Dates spread by a stable hash of the cell, 0–119 days back, so some deadlines are near and some passed.
    await tx.execute(sql`
      INSERT INTO admission_candidates (organization_id, full_name, date_of_birth, gender, stage,
                                        course_certificate_on, resolution_on, resolution_votes_for,
                                        resolution_full_members, decision_on)
      SELECT o.id, 'Quần chúng ' || n || ' ' || o.code, date '1996-05-04', 'female',
             (ARRAY['following', 'resolved', 'decided'])[n],
             ${today}::date - 300,
             CASE WHEN n >= 2 THEN ${today}::date - (abs(hashtext(o.id::text)) % 120) - 10 END,
             CASE WHEN n >= 2 THEN 12 END,
             CASE WHEN n >= 2 THEN 14 END,
             CASE WHEN n = 3 THEN ${today}::date - (abs(hashtext(o.id::text)) % 120) END
        FROM organizations o CROSS JOIN generate_series(1, 3) n
       WHERE o.kind = 'cell' AND o.path LIKE ${`${root.path}%`} AND o.closed_on IS NULL`);
  });
  await keepDays(database);
  await database.db.execute(sql`ANALYZE admission_candidates`);
  const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM admission_candidates`);
  log(`wrote ${row!.n} admission candidates in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { candidates: row!.n };
}

/** As the steps' writes and the deadline job would: the board pages by the kept due days (ADR 0176). */
async function keepDays(database: Database): Promise<number> {
  return keepOpenDeadlines(database.db, await candidatesInStages(database.db, WAITING_STAGES), todayIso());
}
