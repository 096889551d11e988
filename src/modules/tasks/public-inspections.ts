import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { createTask } from "./operations.js";
import { getTask } from "./store.js";

/**
 * The remedy of an inspection finding, as a task of the subject's organisation: one responsible member, a deadline.
 * A direct task (no plan item, no meeting): the inspections module keeps the link from the finding.
 */
export async function createRemedyTask(
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
  /** The demo loads its findings without notices, as it loads its other tasks. */
  options: { quiet?: boolean } = {},
): Promise<{ id: string }> {
  const row = await createTask(
    tx,
    actor,
    {
      organizationId: input.organizationId,
      title: input.title,
      description: input.description,
      responsibleMemberId: input.responsibleMemberId,
      helperIds: [],
      startsOn: input.startsOn,
      dueOn: input.dueOn,
      source: { kind: "direct", id: null },
    },
    options,
  );
  return { id: row.id };
}

/** A remedy task's progress and when it was done, for the finding's page. */
export async function remedyTaskState(tx: Tx, taskId: string) {
  const task = await getTask(tx, taskId);
  return task ? { progress: task.progress, doneOn: task.doneOn } : null;
}
