import type { Database } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import {
  DAILY_JOB_EVERY_MS,
  notifyRecipients,
  type Recipient,
  recipientsOfMembers,
  registerPeriodicJob,
} from "../../core/outbox/index.js";
import { type NoticeReach, unsentNoticeKeys } from "../../core/outbox/queries.js";
import { todayIso } from "../../core/time.js";
import { officeRecipientsByOrganization } from "../accounts/public-admissions.js";
import { secretariesByOrganization } from "../organizations/public-admissions.js";
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
  // queued. Whom the warnings reach is read once for all cells (the secretaries of each cell and its đảng ủy, the
  // office above it), and one query says which would still queue something, so a run with nothing new writes
  // nothing: it had read and written per candidate, holding the embedded store for a second (ADR 0184).
  const cellIds = [...new Set(due.map(({ c }) => c.organizationId))];
  const committeeIds = [...new Set(due.flatMap(({ c }) => (c.partyCommitteeId ? [c.partyCommitteeId] : [])))];
  const secretaryOf = await secretariesByOrganization(db, [...cellIds, ...committeeIds], today);
  const byMember = new Map(
    (await recipientsOfMembers(db, [...new Set(secretaryOf.values())])).map((r) => [r.memberId, r]),
  );
  const ancestorIds = [...new Set(due.flatMap(({ c }) => c.cellPath.split("/").filter(Boolean)))];
  const officeOf = await officeRecipientsByOrganization(db, ancestorIds);
  // Per cell: its secretary and its đảng ủy's, and the office of any organisation on its path (each account once).
  const reachOf = new Map<string, { secretaries: Recipient[]; office: Recipient[] }>();
  for (const { c } of due) {
    if (reachOf.has(c.organizationId)) continue;
    const posts = [c.organizationId, ...(c.partyCommitteeId ? [c.partyCommitteeId] : [])];
    const office = c.cellPath
      .split("/")
      .filter(Boolean)
      .flatMap((id) => officeOf.get(id) ?? []);
    reachOf.set(c.organizationId, {
      secretaries: posts.flatMap((id) => byMember.get(secretaryOf.get(id)) ?? []),
      office: [...new Map(office.map((o) => [o.userId, o])).values()],
    });
  }
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
