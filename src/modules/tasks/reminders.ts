import { and, between, isNull, lt, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../core/db/index.js";
import { t } from "../../core/i18n/index.js";
import { notify, registerPeriodicJob } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { formatDate } from "../../core/i18n/index.js";
import { organizations } from "../organizations/schema.js";
import { addDays } from "../congresses/model.js";
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
      path: organizations.path,
    })
    .from(tasks)
    .innerJoin(organizations, sql`${organizations.id} = ${tasks.organizationId}`)
    .where(
      and(
        isNull(tasks.deletedAt),
        lt(tasks.progress, 100),
        between(tasks.dueOn, addDays(today, -OVERDUE_LOOKBACK_DAYS), addDays(today, HORIZON_DAYS)),
      ),
    );
  const rulesByPath = new Map<string, TaskRules>();
  const due: { task: (typeof rows)[number]; reminder: NonNullable<ReturnType<typeof reminderDue>> }[] = [];
  for (const task of rows) {
    let rules = rulesByPath.get(task.path);
    if (!rules) {
      rules = await taskRules(database.db, task.path, today);
      rulesByPath.set(task.path, rules);
    }
    const reminder = reminderDue(task, today, rules.reminders);
    if (reminder && task.responsibleMemberId) due.push({ task, reminder });
  }
  if (due.length === 0) return 0;
  // The job runs every 30 s, and an overdue task stays due until it is done: most ticks find only reminders
  // already queued. One query says which would still queue something (the conditions of notify: an active
  // account without this notice, or an address without this mail), so a tick with nothing new writes nothing
  // instead of a transaction per task (thousands on a large store, holding the embedded store for seconds).
  const pairs = JSON.stringify(due.map((d) => ({ key: d.reminder.key, member_id: d.task.responsibleMemberId })));
  const pending = new Set(
    (
      await queryRows<{ key: string }>(
        database.db,
        sql`SELECT d.key FROM jsonb_to_recordset(${pairs}::jsonb) AS d(key text, member_id uuid)
              JOIN members m ON m.id = d.member_id
              LEFT JOIN users u ON u.member_id = m.id AND u.disabled_at IS NULL
             WHERE (u.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.user_id = u.id AND n.dedupe_key = d.key))
                OR (COALESCE(NULLIF(m.email, ''), u.email, '') <> ''
                    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE lower(o.recipient) = lower(COALESCE(NULLIF(m.email, ''), u.email)) AND o.dedupe_key = d.key))`,
      )
    ).map((r) => r.key),
  );
  let queued = 0;
  for (const { task, reminder } of due) {
    if (!pending.has(reminder.key)) continue;
    const params = { title: task.title, date: formatDate(task.dueOn), days: reminder.days };
    const result = await database.db.transaction((tx) =>
      notify(tx, {
        organizationId: task.organizationId,
        memberIds: [task.responsibleMemberId!],
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
