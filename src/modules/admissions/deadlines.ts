import { sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { deadlineStamp, openDeadline, WAITING_STAGES } from "./model.js";
import { admissionBooks, type LoadedCandidate } from "./store.js";

/**
 * Keeps each candidate's open deadline on its row (ADR 0176): the due day the đảng ủy's board sorts and pages by in
 * the store, with the stamp of the rules and holidays it was counted with. Called with the candidate after every
 * stage change, and with every waiting candidate by the deadline job, which also catches a holiday calendar or rule
 * that changed or came into force. Only rows whose kept values differ are written; a row changed since it was read
 * (its version moved) is left for the next run, so the job never writes over a newer stage's deadline.
 * Returns how many rows were written.
 */
export async function keepOpenDeadlines(ex: Executor, candidates: LoadedCandidate[], today: string): Promise<number> {
  // The rules in force depend on where a cell sits: read once per cell, not per candidate.
  const booksByPath = new Map<string, ReturnType<typeof admissionBooks>>();
  const changed: { id: string; version: number; dueOn: string | null; stamp: string | null }[] = [];
  for (const c of candidates) {
    let kept: { dueOn: string | null; stamp: string | null } = { dueOn: null, stamp: null };
    if (WAITING_STAGES.includes(c.stage)) {
      if (!booksByPath.has(c.cellPath)) booksByPath.set(c.cellPath, admissionBooks(ex, c.cellPath, today));
      const { rules, calendar } = await booksByPath.get(c.cellPath)!;
      kept = { dueOn: openDeadline(c, rules, calendar)?.dueOn ?? null, stamp: deadlineStamp(rules, calendar) };
    }
    if (kept.dueOn !== c.openDeadlineOn || kept.stamp !== c.deadlineStamp)
      changed.push({ id: c.id, version: c.version, ...kept });
  }
  for (let i = 0; i < changed.length; i += 5_000) {
    const batch = changed.slice(i, i + 5_000);
    await ex.execute(sql`
      UPDATE admission_candidates c
         SET open_deadline_on = k.due_on, deadline_stamp = k.stamp
        FROM unnest(${`{${batch.map((k) => k.id).join(",")}}`}::uuid[],
                    ${`{${batch.map((k) => k.version).join(",")}}`}::int[],
                    ${`{${batch.map((k) => k.dueOn ?? "NULL").join(",")}}`}::date[],
                    ${`{${batch.map((k) => k.stamp ?? "NULL").join(",")}}`}::text[]) AS k(id, version, due_on, stamp)
       WHERE c.id = k.id AND c.version = k.version`);
  }
  return changed.length;
}
