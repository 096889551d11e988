import { and, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../core/db/index.js";
import { t } from "../../core/i18n/index.js";
import { notify, registerPeriodicJob } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { formatDate } from "../../core/i18n/index.js";
import { organizations } from "../organizations/schema.js";
import { addDays } from "../congresses/model.js";
import { reminderDue, type TaskRules } from "./model.js";
import { tasks } from "./schema.js";
import { taskRules } from "./routes.js";

/** Looks ahead this far for tasks that may need a reminder; rulebooks' thresholds are far smaller. */
const HORIZON_DAYS = 60;

/**
 * Finds the tasks whose reminder (before the deadline, or overdue) is due today and queues it for the responsible
 * member. The dedupe key makes each reminder go out once and only once, however many workers run this.
 */
export async function sendTaskReminders(database: Database, now: Date): Promise<number> {
  const today = todayIso(now);
  const rows = await database.db
    .select({ id: tasks.id, title: tasks.title, dueOn: tasks.dueOn, progress: tasks.progress, organizationId: tasks.organizationId, responsibleMemberId: tasks.responsibleMemberId, path: organizations.path })
    .from(tasks)
    .innerJoin(organizations, sql`${organizations.id} = ${tasks.organizationId}`)
    .where(and(isNull(tasks.deletedAt), lt(tasks.progress, 100), sql`${tasks.dueOn} <= ${addDays(today, HORIZON_DAYS)}`));
  const rulesByPath = new Map<string, TaskRules>();
  let queued = 0;
  for (const task of rows) {
    let rules = rulesByPath.get(task.path);
    if (!rules) {
      rules = await taskRules(database.db, task.path, today);
      rulesByPath.set(task.path, rules);
    }
    const due = reminderDue(task, today, rules.reminders);
    if (!due) continue;
    const params = { title: task.title, date: formatDate(task.dueOn), days: due.days };
    const result = await database.db.transaction((tx) =>
      notify(tx, {
        organizationId: task.organizationId,
        memberIds: [task.responsibleMemberId],
        subject: t("vi", due.kind === "overdue" ? "mail.task.overdue.subject" : "mail.task.before.subject", params),
        text: t("vi", due.kind === "overdue" ? "mail.task.overdue.text" : "mail.task.before.text", params),
        link: `/nhiem-vu/${task.id}`,
        dedupeKey: due.key,
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
