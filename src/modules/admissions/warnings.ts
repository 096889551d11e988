import type { Database } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { notify, notifyRecipients, DAILY_JOB_EVERY_MS, registerPeriodicJob } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { officeRecipients } from "../accounts/public-admissions.js";
import { secretariesOn } from "../organizations/public-admissions.js";
import { keepOpenDeadlines } from "./deadlines.js";
import { openDeadline, WAITING_STAGES, warningDue } from "./model.js";
import { admissionBooksByPath, candidatesInStages } from "./store.js";

/**
 * Warns the cell's secretary, the đảng ủy's secretary and the office of each admission deadline — 90, 60, 30, 15
 * and 7 days before (rulebook) and once when passed — in the app and by email. The dedupe key makes each warning
 * go out once, however many workers run the job.
 */
export async function sendAdmissionWarnings(database: Database, now: Date): Promise<number> {
  const today = todayIso(now);
  // The rulebooks in force depend on where a cell sits: read once per cell, for the kept days and the warnings.
  const booksOf = admissionBooksByPath(database.db, today);
  let queued = 0;
  const waiting = await candidatesInStages(database.db, WAITING_STAGES);
  // The board's kept due days follow a holiday calendar or rule that changed or came into force (ADR 0176).
  await keepOpenDeadlines(database.db, waiting, today, booksOf);
  for (const c of waiting) {
    const books = await booksOf(c.cellPath);
    const deadline = openDeadline(c, books.rules, books.calendar);
    if (!deadline) continue;
    const warning = warningDue(c.id, deadline, today, books.rules.warnDaysBefore);
    if (!warning) continue;
    const ancestors = c.cellPath.split("/").filter(Boolean);
    const step = t("vi", `ui.admissions.deadline.${deadline.kind}`);
    const params = { name: c.fullName, cell: c.cellName, step, date: formatDate(deadline.dueOn), days: warning.days };
    const subject = t(
      "vi",
      warning.passed ? "admissions.mail.passed.subject" : "admissions.mail.before.subject",
      params,
    );
    const text = t("vi", warning.passed ? "admissions.mail.passed.text" : "admissions.mail.before.text", params);
    const notice = {
      organizationId: c.organizationId,
      memberIds: await secretariesOn(
        database.db,
        [c.organizationId, ...(c.partyCommitteeId ? [c.partyCommitteeId] : [])],
        today,
      ),
      subject,
      text,
      link: `/ket-nap/${c.id}`,
      dedupeKey: warning.key,
    };
    const office = await officeRecipients(database.db, ancestors);
    queued += await database.db.transaction(async (tx) => {
      const a = await notify(tx, notice);
      const b = await notifyRecipients(tx, notice, office);
      return a.queued + b.queued;
    });
  }
  return queued;
}

export function registerAdmissionWarnings(): void {
  registerPeriodicJob(
    "admissions.warnings",
    async (database, now) => {
      await sendAdmissionWarnings(database, now);
    },
    { everyMs: DAILY_JOB_EVERY_MS },
  );
}
