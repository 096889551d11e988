import type { Executor } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { notify } from "../../core/outbox/index.js";
import { leadersOn } from "../organizations/public-tasks.js";
import type { TaskCommentKind } from "./model.js";
import type { TaskRow } from "./store.js";

// The notices the tasks loop sends, in the app and by email through the outbox, in the transaction of the change
// that causes them. Each has a key: the same notice never reaches the same person twice. Nobody is told of their
// own act.

const others = (ids: (string | null)[], actorMemberId: string | null) => [
  ...new Set(ids.filter((id): id is string => !!id && id !== actorMemberId)),
];

/** The member a task is assigned to hears of it once (a change of member tells the new one). */
export async function noticeAssigned(ex: Executor, task: TaskRow, by: { memberId: string | null; name: string }) {
  const params = { title: task.title, date: formatDate(task.dueOn), name: by.name };
  return notify(ex, {
    organizationId: task.organizationId,
    memberIds: others([task.responsibleMemberId], by.memberId),
    subject: t("vi", "mail.task.assigned.subject", params),
    text: t("vi", "mail.task.assigned.text", params),
    link: `/nhiem-vu/${task.id}`,
    dedupeKey: `task:${task.id}:assigned:${task.responsibleMemberId}`,
  });
}

/** A progress report reaches the secretary of the task's organisation and whoever assigned the task. */
export async function noticeProgress(
  ex: Executor,
  task: TaskRow,
  report: { id: string; percent: number; note: string | null },
  by: { memberId: string | null; name: string },
  today: string,
) {
  const { secretary } = await leadersOn(ex, task.organizationId, today);
  const params = { title: task.title, percent: report.percent, name: by.name, note: report.note ?? "" };
  return notify(ex, {
    organizationId: task.organizationId,
    memberIds: others([secretary, task.assignedByMemberId], by.memberId),
    subject: t("vi", "mail.task.progress.subject", params),
    text: t("vi", report.note ? "mail.task.progress.textNote" : "mail.task.progress.text", params),
    link: `/nhiem-vu/${task.id}`,
    dedupeKey: `task-update:${report.id}`,
  });
}

/** An extension tells the member who carries the task its new deadline and why. */
export async function noticeExtended(
  ex: Executor,
  task: TaskRow,
  extension: { id: string; fromDueOn: string; toDueOn: string; reason: string },
  by: { memberId: string | null; name: string },
) {
  const params = {
    title: task.title,
    from: formatDate(extension.fromDueOn),
    to: formatDate(extension.toDueOn),
    reason: extension.reason,
    name: by.name,
  };
  return notify(ex, {
    organizationId: task.organizationId,
    memberIds: others([task.responsibleMemberId], by.memberId),
    subject: t("vi", "mail.task.extended.subject", params),
    text: t("vi", "mail.task.extended.text", params),
    link: `/nhiem-vu/${task.id}`,
    dedupeKey: `task-extension:${extension.id}`,
  });
}

/** A comment or direction reaches those who may read it: the organisation's committee and its overseers. */
export async function noticeComment(
  ex: Executor,
  comment: { id: string; organizationId: string; kind: TaskCommentKind; body: string },
  on: { task: TaskRow } | { month: string },
  by: { memberId: string | null; name: string },
  today: string,
) {
  const { committee, overseers } = await leadersOn(ex, comment.organizationId, today);
  const [year, month] = "month" in on ? on.month.split("-") : [];
  const params = {
    name: by.name,
    body: comment.body,
    title: "task" in on ? on.task.title : "",
    month: `${Number(month)}/${year}`,
  };
  const about = "task" in on ? "task" : "month";
  return notify(ex, {
    organizationId: comment.organizationId,
    memberIds: others([...committee, ...overseers], by.memberId),
    subject: t("vi", `mail.comment.${about}.${comment.kind}.subject`, params),
    text: t("vi", `mail.comment.${about}.text`, params),
    link: "task" in on ? `/nhiem-vu/${on.task.id}` : "/",
    dedupeKey: `task-comment:${comment.id}`,
  });
}
