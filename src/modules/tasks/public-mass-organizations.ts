import type { Actor } from "../../core/access/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { memberNames } from "../members/store.js";
import { taskStatus, type TaskStatus } from "./model.js";
import { createTask } from "./operations.js";
import { getTask, taskRules } from "./store.js";

/**
 * A task handed out at a mass organisation's work session, as a direct task of the organisation that leads it:
 * one responsible member, a deadline. The mass-organizations module keeps the link from the session.
 */
export async function createSessionTask(
  tx: Tx,
  actor: Actor,
  input: {
    organizationId: string;
    title: string;
    description: string;
    responsibleMemberId: string;
    startsOn: string;
    dueOn: string;
  },
  /** The demo loads its sessions without notices, as it loads its other tasks. */
  options: { quiet?: boolean } = {},
): Promise<{ id: string }> {
  const row = await createTask(tx, actor, { ...input, helperIds: [], source: { kind: "direct", id: null } }, options);
  return { id: row.id };
}

export interface SessionTaskState {
  id: string;
  title: string;
  responsibleName: string;
  dueOn: string;
  progress: number;
  status: TaskStatus;
}

/** The tasks of a session as its page shows them: who, by when, how far, and their status today. */
export async function sessionTaskStates(
  ex: Executor,
  taskIds: string[],
  orgPath: string,
  today: string,
): Promise<SessionTaskState[]> {
  if (taskIds.length === 0) return [];
  const rules = await taskRules(ex, orgPath, today);
  const rows = [];
  for (const id of taskIds) {
    const task = await getTask(ex, id);
    if (task) rows.push(task);
  }
  const names = await memberNames(
    ex,
    rows.map((r) => r.responsibleMemberId),
  );
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    responsibleName: names.get(t.responsibleMemberId)?.fullName ?? "",
    dueOn: t.dueOn,
    progress: t.progress,
    status: taskStatus(t, today, rules.atRisk),
  }));
}
