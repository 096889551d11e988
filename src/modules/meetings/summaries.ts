import { sql } from "drizzle-orm";
import { queryRows, uuidArray, type Database, type Executor } from "../../core/db/index.js";
import { registerPeriodicJob } from "../../core/outbox/index.js";
import { attendanceCounts } from "./model.js";
import { rostersAndAttendance } from "./store.js";

/**
 * Each meeting's attendance figures, kept in meeting_summaries (see its schema note). Triggers mark a summary stale
 * when what it depends on changes; this module computes the figures with the meeting page's own rule
 * (attendanceCounts over the roster on the meeting's date), so the two never disagree.
 */
export interface MeetingFigures {
  expected: number;
  present: number;
  ratePercent: number | null;
}

async function compute(ex: Executor, meetingIds: string[]): Promise<Map<string, MeetingFigures>> {
  const out = new Map<string, MeetingFigures>();
  for (const [id, { roster, attendance }] of await rostersAndAttendance(ex, meetingIds)) {
    const c = attendanceCounts(roster, attendance);
    out.set(id, { expected: c.total - c.exempt, present: c.present, ratePercent: c.ratePercent });
  }
  return out;
}

/** Brings at most `limit` stale summaries up to date; returns how many it looked at (0: nothing stale). */
export async function refreshMeetingSummaries(ex: Executor, limit = 500): Promise<number> {
  const stale = await queryRows<{ meeting_id: string; mark: string }>(
    ex,
    sql`SELECT meeting_id, mark::text AS mark FROM meeting_summaries WHERE computed_mark IS DISTINCT FROM mark LIMIT ${limit}`,
  );
  if (stale.length === 0) return 0;
  const figures = await compute(
    ex,
    stale.map((s) => s.meeting_id),
  );
  const rows = JSON.stringify(
    stale.map((s) => ({ meeting_id: s.meeting_id, mark: s.mark, ...figures.get(s.meeting_id)! })),
  );
  // A change committed meanwhile moved the mark past the one read: the row stays stale, and the next run redoes it.
  await ex.execute(
    sql`UPDATE meeting_summaries s
           SET computed_mark = d.mark, expected = d.expected, present = d.present, rate_percent = d."ratePercent", computed_at = now()
          FROM jsonb_to_recordset(${rows}::jsonb) AS d(meeting_id uuid, mark bigint, expected int, present int, "ratePercent" float8)
         WHERE s.meeting_id = d.meeting_id AND (s.computed_mark IS NULL OR s.computed_mark < d.mark)`,
  );
  return stale.length;
}

/** Refreshes every stale summary, in batches (after a bulk load or a migration). */
export async function refreshAllMeetingSummaries(
  database: Database,
  onBatch: (done: number) => void = () => {},
): Promise<number> {
  let done = 0;
  for (;;) {
    // The roster query's cost estimate is large enough to make PostgreSQL compile it (JIT), which costs more than
    // running it; the embedded store has no JIT.
    const n = await database.db.transaction(async (tx) => {
      if (database.store === "postgres") await tx.execute(sql`SET LOCAL jit = off`);
      return refreshMeetingSummaries(tx, 2000);
    });
    if (n === 0) return done;
    done += n;
    onBatch(done);
  }
}

/**
 * The attendance rate of each meeting: from its summary when current, else computed now (a change not yet
 * summarised is never hidden from the overview).
 */
export async function attendanceRates(ex: Executor, meetingIds: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (meetingIds.length === 0) return out;
  const rows = await queryRows<{ meeting_id: string; rate_percent: number | null }>(
    ex,
    sql`SELECT meeting_id, rate_percent FROM meeting_summaries
         WHERE meeting_id = ANY(${uuidArray(meetingIds)}) AND computed_mark = mark`,
  );
  for (const r of rows) out.set(r.meeting_id, r.rate_percent === null ? null : Number(r.rate_percent));
  const missing = meetingIds.filter((id) => !out.has(id));
  for (const [id, f] of await compute(ex, missing)) out.set(id, f.ratePercent);
  return out;
}

/**
 * A day's changes mark a few meetings, and one tick summarises them. A backlog (after the migration on a store with
 * years of meetings) drains over several ticks. The embedded store runs one query at a time, so there a tick does
 * 100 meetings (about 0.2 s) and lets requests through. On PostgreSQL it does up to 1,000.
 */
export function registerMeetingSummaries(): void {
  registerPeriodicJob("meetings.summaries", async (database) => {
    const [batch, batches] = database.store === "pglite" ? [100, 1] : [200, 5];
    for (let i = 0; i < batches; i++) if ((await refreshMeetingSummaries(database.db, batch)) < batch) return;
  });
}
