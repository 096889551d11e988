import type { z } from "zod";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError } from "../../core/http/errors.js";
import { meetingsHeldIn } from "../meetings/official.js";
import type { OrganizationRow } from "../organizations/store.js";
import { loadRollUp } from "../plans/progress.js";
import { targetAttainment } from "../resolutions/model.js";
import { listResolutions, listTargets } from "../resolutions/store.js";
import { listTasks } from "../tasks/store.js";
import { draftReview, type generateReviewBody, type ReviewFacts, type updateReviewBody } from "./model.js";
import { reviews } from "./schema.js";
import type { ReviewRow } from "./store.js";

export type { ReviewRow };

type ReviewEvents = {
  generate: Change<null, ReviewRow>;
  update: Change<ReviewRow, ReviewRow>;
};
const audit = auditTrail<ReviewEvents>("review");

/** The facts of a period, read from resolutions, plans and tasks (meetings join at merge). */
export async function reviewFacts(
  ex: Executor,
  org: OrganizationRow,
  input: z.infer<typeof generateReviewBody>,
): Promise<ReviewFacts> {
  // One after another: `ex` is the transaction of the review being drafted.
  const resolutionRows = await listResolutions(ex, [org.id]);
  const taskRows = await listTasks(ex, { organizationIds: [org.id] });
  const rolled = await loadRollUp(ex, [org.id]);
  const targetRows = await listTargets(
    ex,
    resolutionRows.filter((r) => r.state !== "draft").map((r) => r.id),
  );
  return {
    organizationName: org.name,
    kind: input.kind,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    targets: targetRows.map((t) => {
      const upTo = t.measurements.filter((m) => m.measuredOn <= input.periodEnd);
      return {
        name: t.name,
        unit: t.measureUnit,
        baseline: t.baseline,
        goal: t.goal,
        latest: upTo.at(-1)?.value ?? null,
        attainment: targetAttainment(t, upTo),
        workProgress: rolled.result.targets[t.id] ?? null,
      };
    }),
    tasksDone: taskRows
      .filter((t) => t.doneOn && t.doneOn >= input.periodStart && t.doneOn <= input.periodEnd)
      .map((t) => ({ title: t.title, owner: t.responsibleName, doneOn: t.doneOn })),
    tasksLate: taskRows
      .filter((t) => t.progress < 100 && t.dueOn < input.periodEnd)
      .map((t) => ({ title: t.title, owner: t.responsibleName, dueOn: t.dueOn, progress: t.progress })),
    tasksOpen: taskRows.filter((t) => t.progress < 100 && t.dueOn >= input.periodEnd && t.startsOn <= input.periodEnd)
      .length,
    meetings: await meetingsHeldIn(ex, org.id, input.periodStart, input.periodEnd),
    plans: rolled.plans
      .filter((p) => !p.parentId)
      .map((p) => ({ title: p.title, progress: rolled.result.plans[p.id] ?? null })),
  };
}

export async function generateReview(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof generateReviewBody>,
) {
  const content = draftReview(await reviewFacts(tx, org, input));
  const [row] = await tx
    .insert(reviews)
    .values({ organizationId: org.id, ...input, content })
    .returning();
  await audit(tx, actor, "generate", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

export async function updateReview(tx: Tx, actor: Actor, review: ReviewRow, input: z.infer<typeof updateReviewBody>) {
  if (review.state === "issued") throw new ConflictError("review_issued", "errors.review_issued");
  const row = await updateVersioned(tx, reviews, review.id, input.version, { content: input.content });
  await audit(
    tx,
    actor,
    "update",
    { organizationId: review.organizationId, entityId: review.id },
    {
      before: review,
      after: row,
    },
  );
  return row;
}
