import type { Database } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { DAILY_JOB_EVERY_MS, notifyRecipients, registerPeriodicJob } from "../../core/outbox/index.js";
import { type NoticeReach, unsentNoticeKeys } from "../../core/outbox/queries.js";
import { todayIso } from "../../core/time.js";
import { warningRecipients } from "../accounts/public-admissions.js";
import { keepOpenDeadlines } from "./deadlines.js";
import { type Deadline, openDeadline, WAITING_STAGES, warningDue } from "./model.js";
import { admissionBooksForPaths, candidatesInStages } from "./store.js";

type Warning = NonNullable<ReturnType<typeof warningDue>>;

/**
 * Warns the cell's secretary, the đảng ủy's secretary and the office of each admission deadline — 90, 60, 30, 15
 * and 7 days before (rulebook) and once when passed — in the app and by email. The dedupe key makes each warning
 * go out once, however many workers run the job.
 */
export async function sendAdmissionWarnings(database: Database, now: Date): Promise<number> {
  const today = todayIso(now);
  const db = database.db;
  const waiting = await candidatesInStages(db, WAITING_STAGES);
  // The rulebooks in force depend on where a cell sits: read for every cell at once, for the kept days and warnings.
  const books = await admissionBooksForPaths(
    db,
    waiting.map((c) => c.cellPath),
    today,
  );
  const booksOf = async (path: string) => books.get(path)!;
  // The board's kept due days follow a holiday calendar or rule that changed or came into force (ADR 0176).
  await keepOpenDeadlines(db, waiting, today, booksOf);
  const due: { c: (typeof waiting)[number]; deadline: Deadline; warning: Warning }[] = [];
  for (const c of waiting) {
    const { rules, calendar } = books.get(c.cellPath)!;
    const deadline = openDeadline(c, rules, calendar);
    const warning = deadline && warningDue(c.id, deadline, today, rules.warnDaysBefore);
    if (deadline && warning) due.push({ c, deadline, warning });
  }
  if (due.length === 0) return 0;
  // A passed deadline stays due at every run until the candidate moves on: most runs find only warnings already
  // queued. Whom the warnings reach is read once for all cells (warningRecipients), and one query says which would still queue something, so a run with nothing new writes
  // nothing: it had read and written per candidate, holding the embedded store for a second (ADR 0184).
  const reachOf = await warningRecipients(
    db,
    due.map(({ c }) => ({ id: c.organizationId, path: c.cellPath, partyCommitteeId: c.partyCommitteeId })),
    today,
  );
  const reach = (c: (typeof waiting)[number]) => reachOf.get(c.organizationId)!;
  const reaches = due.flatMap(({ c, warning }): NoticeReach[] => {
    const { secretaries, office } = reach(c);
    return [...secretaries, ...office].map((r) => ({ dedupeKey: warning.key, userId: r.userId, email: r.email }));
  });
  const pending = await unsentNoticeKeys(db, reaches);
  let queued = 0;
  for (const { c, deadline, warning } of due) {
    if (!pending.has(warning.key)) continue;
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
      memberIds: [],
      subject,
      text,
      link: `/ket-nap/${c.id}`,
      dedupeKey: warning.key,
    };
    const { secretaries, office } = reach(c);
    queued += await db.transaction(async (tx) => {
      const a = await notifyRecipients(tx, notice, secretaries);
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
