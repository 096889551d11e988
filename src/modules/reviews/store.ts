import { desc, eq } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { reviews } from "./schema.js";

export type ReviewRow = typeof reviews.$inferSelect;

export async function getReview(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ReviewRow | null> {
  const q = ex.select().from(reviews).where(eq(reviews.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** An organisation's reviews, the latest period first. */
export async function listReviews(ex: Executor, organizationId: string): Promise<ReviewRow[]> {
  return ex.select().from(reviews).where(eq(reviews.organizationId, organizationId)).orderBy(desc(reviews.periodEnd));
}
