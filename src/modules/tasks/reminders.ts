import { and, between, isNull, lt } from "drizzle-orm";
import type { Database } from "../../core/db/index.js";
import { t } from "../../core/i18n/index.js";
import { notify, registerPeriodicJob } from "../../core/outbox/index.js";
import { type NoticeReach, unsentNoticeKeys } from "../../core/outbox/queries.js";
import { addDays, todayIso } from "../../core/time.js";
import { formatDate } from "../../core/i18n/index.js";
import { activeAccountsOf } from "../accounts/public-tasks.js";
import { memberEmails } from "../members/public-tasks.js";
import { organizationPaths } from "../organizations/public-tasks.js";
import { OVERDUE_LOOKBACK_DAYS, reminderDue, type TaskRules } from "./model.js";
import { tasks } from "./schema.js";
import { taskRules } from "./store.js";

/** Looks ahead this far for tasks that may need a reminder; rulebooks' thresholds are far smaller. */
const HORIZON_DAYS = 60;

/**
 * Finds the tasks whose reminder (before the deadline, or overdue) is due today and queues it for the responsible
 * member. The dedupe key makes each reminder go out once and only once, however many workers run this.
 */
export async function sendTaskReminders(database: Database, now: Date): Promise<number> {
  const today = todayIso(now);
  // Only the tasks a reminder could be due for (deadline in the window): the job runs every tick, so its cost
  // must not grow with years of history. Who can be reached is decided below, as notify decides it.
  const rows = await database.db
    .select({
      id: tasks.id,
      title: tasks.title,
      dueOn: tasks.dueOn,
      progress: tasks.progress,
      organizationId: tasks.organizationId,
      responsibleMemberId: tasks.responsibleMemberId,
    })
    .from(tasks)
    .where(
      and(
        isNull(tasks.deletedAt),
        lt(tasks.progress, 100),
        between(tasks.dueOn, addDays(today, -OVERDUE_LOOKBACK_DAYS), addDays(today, HORIZON_DAYS)),
      ),
    );
  const paths = await organizationPaths(
    database.db,
    rows.map((r) => r.organizationId),
  );
  const rulesByOrg = new Map<string, TaskRules>();
  const due: { task: (typeof rows)[number]; reminder: NonNullable<ReturnType<typeof reminderDue>> }[] = [];
  for (const task of rows) {
    let rules = rulesByOrg.get(task.organizationId);
    const path = paths.get(task.organizationId);
    if (!rules && path) {
      rules = await taskRules(database.db, path, today);
      rulesByOrg.set(task.organizationId, rules);
    }
    if (!rules) continue;
    const reminder = reminderDue(task, today, rules.reminders);
    if (reminder) due.push({ task, reminder });
  }
  if (due.length === 0) return 0;
  // The job runs every 30 s, and an overdue task stays due until it is done: most ticks find only reminders
  // already queued. One query says which would still queue something (the conditions of notify: an active
  // account without this notice, or an address without this mail), so a tick with nothing new writes nothing
  // instead of a transaction per task (thousands on a large store, holding the embedded store for seconds).
  const memberIds = due.map((d) => d.task.responsibleMemberId);
  const emails = await memberEmails(database.db, memberIds);
  const accounts = new Map<string, { userId: string; email: string | null }[]>();
  for (const a of await activeAccountsOf(database.db, memberIds))
    accounts.set(a.memberId, [...(accounts.get(a.memberId) ?? []), a]);
  // As notify reaches a member: each active account in the app, and the member's address (else the account's).
  const reaches = due.flatMap(({ task, reminder }): NoticeReach[] => {
    const own = emails.get(task.responsibleMemberId) ?? null;
    const theirs = accounts.get(task.responsibleMemberId) ?? [];
    if (theirs.length === 0) return [{ dedupeKey: reminder.key, userId: null, email: own }];
    return theirs.map((a) => ({ dedupeKey: reminder.key, userId: a.userId, email: own ?? a.email }));
  });
  const pending = await unsentNoticeKeys(database.db, reaches);
  let queued = 0;
  for (const { task, reminder } of due) {
    if (!pending.has(reminder.key)) continue;
    const params = { title: task.title, date: formatDate(task.dueOn), days: reminder.days };
    const result = await database.db.transaction((tx) =>
      notify(tx, {
        organizationId: task.organizationId,
        memberIds: [task.responsibleMemberId],
        subject: t(
          "vi",
          reminder.kind === "overdue" ? "mail.task.overdue.subject" : "mail.task.before.subject",
          params,
        ),
        text: t("vi", reminder.kind === "overdue" ? "mail.task.overdue.text" : "mail.task.before.text", params),
        link: `/nhiem-vu/${task.id}`,
        dedupeKey: reminder.key,
      }),
    );
    queued += result.queued;
  }
  return queued;
}

export function registerTaskReminders(): void {
  registerPeriodicJob("tasks.reminders", async (database, now) => {
    await sendTaskReminders(database, now);
  });
}
