import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import type { ReviewRow } from "./operations.js";
import { reviews } from "./schema.js";

// What the plans module's register step (plans/official issueReviewDocument) asks of a review.

type ReviewEvents = {
  issue: Change<{ state: string }, { state: "issued"; documentId: string; numberText: string | null }>;
};
const audit = auditTrail<ReviewEvents>("review");

/** A review, its row locked until the transaction ends. */
export async function lockReview(tx: Tx, id: string): Promise<ReviewRow | null> {
  const [row] = await tx.select().from(reviews).where(eq(reviews.id, id)).for("update");
  return row ?? null;
}

/** Marks a locked review issued as the register's document, audited. */
export async function markReviewIssued(
  tx: Tx,
  actor: Actor,
  review: ReviewRow,
  document: { id: string; numberText: string | null },
): Promise<ReviewRow> {
  // The caller locked the row: no other writer can have moved its version since.
  const row = await updateVersioned(tx, reviews, review.id, review.version, {
    state: "issued",
    documentId: document.id,
  });
  await audit(
    tx,
    actor,
    "issue",
    { organizationId: review.organizationId, entityId: review.id },
    {
      before: { state: review.state },
      after: { state: "issued", documentId: document.id, numberText: document.numberText },
    },
  );
  return row;
}
