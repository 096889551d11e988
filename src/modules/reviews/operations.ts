import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Executor, Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, StaleVersionError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import { loadRollUp } from "../plans/progress.js";
import { targetAttainment } from "../resolutions/model.js";
import { listResolutions, listTargets } from "../resolutions/store.js";
import { listTasks } from "../tasks/store.js";
import { draftReview, type generateReviewBody, type ReviewFacts, type updateReviewBody } from "./model.js";
import { reviews } from "./schema.js";
import { meetingsHeldIn } from "../meetings/official.js";

export type ReviewRow = typeof reviews.$inferSelect;

/** The facts of a period, read from resolutions, plans and tasks (meetings join at merge). */
export async function reviewFacts(
  ex: Executor,
  org: OrganizationRow,
  input: z.infer<typeof generateReviewBody>,
): Promise<ReviewFacts> {
  const [resolutionRows, taskRows, rolled] = await Promise.all([
    listResolutions(ex, [org.id]),
    listTasks(ex, { organizationIds: [org.id] }),
    loadRollUp(ex, [org.id]),
  ]);
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
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: org.id,
    entityType: "review",
    entityId: row!.id,
    action: "generate",
    before: null,
    after: row,
  });
  return row!;
}

export async function updateReview(tx: Tx, actor: Actor, review: ReviewRow, input: z.infer<typeof updateReviewBody>) {
  if (review.state === "issued") throw new ConflictError("review_issued", "errors.review_issued");
  const [row] = await tx
    .update(reviews)
    .set({ content: input.content, updatedAt: new Date(), version: sql`${reviews.version} + 1` })
    .where(and(eq(reviews.id, review.id), eq(reviews.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: review.organizationId,
    entityType: "review",
    entityId: review.id,
    action: "update",
    before: review,
    after: row,
  });
  return row;
}
