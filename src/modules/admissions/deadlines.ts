import { sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { deadlineStamp, openDeadline, WAITING_STAGES } from "./model.js";
import { admissionBooksByPath, type LoadedCandidate } from "./store.js";

/**
 * Keeps each candidate's open deadline on its row (ADR 0176): the due day the đảng ủy's board sorts and pages by in
 * the store, with the stamp of the rules and holidays it was counted with. Called with the candidate after every
 * stage change, and with every waiting candidate by the deadline job, which also catches a holiday calendar or rule
 * that changed or came into force. Only rows whose kept values differ are written; a row changed since it was read
 * (its version moved) is left for the next run, so the job never writes over a newer stage's deadline.
 * Returns how many rows were written.
 */
export async function keepOpenDeadlines(
  ex: Executor,
  candidates: LoadedCandidate[],
  today: string,
  booksOf = admissionBooksByPath(ex, today),
): Promise<number> {
  const changed: { id: string; version: number; due_on: string | null; stamp: string | null }[] = [];
  for (const c of candidates) {
    let kept: { dueOn: string | null; stamp: string | null } = { dueOn: null, stamp: null };
    if (WAITING_STAGES.includes(c.stage)) {
      const { rules, calendar } = await booksOf(c.cellPath);
      kept = { dueOn: openDeadline(c, rules, calendar)?.dueOn ?? null, stamp: deadlineStamp(rules, calendar) };
    }
    if (kept.dueOn !== c.openDeadlineOn || kept.stamp !== c.deadlineStamp)
      changed.push({ id: c.id, version: c.version, due_on: kept.dueOn, stamp: kept.stamp });
  }
  for (let i = 0; i < changed.length; i += 5_000) {
    // The rows travel as one JSON parameter, as insertMany sends them.
    await ex.execute(sql`
      UPDATE admission_candidates c
         SET open_deadline_on = k.due_on, deadline_stamp = k.stamp
        FROM jsonb_to_recordset(${JSON.stringify(changed.slice(i, i + 5_000))}::jsonb)
             AS k(id uuid, version int, due_on date, stamp text)
       WHERE c.id = k.id AND c.version = k.version`);
  }
  return changed.length;
}
