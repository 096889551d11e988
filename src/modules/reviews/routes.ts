import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { desc, eq } from "drizzle-orm";
import { authorize } from "../../core/access/index.js";
import { inTransaction } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { getOrganization } from "../organizations/store.js";
import * as ops from "./operations.js";
import { generateReviewBody, issueReviewBody, updateReviewBody } from "./model.js";
import { issueReviewDocument } from "../plans/official.js";
import { todayIso } from "../../core/time.js";
import { reviews } from "./schema.js";

const tags = ["reviews"];

export async function reviewRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  async function loadReview(id: string) {
    const [row] = await db().select().from(reviews).where(eq(reviews.id, id));
    if (!row) throw new NotFoundError("review");
    return row;
  }

  app.get("/api/organizations/:id/reviews", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const ref = await authorize(db(), actor, "plan.view", request.params.id);
    const rows = await db()
      .select({
        id: reviews.id,
        kind: reviews.kind,
        periodStart: reviews.periodStart,
        periodEnd: reviews.periodEnd,
        state: reviews.state,
        updatedAt: reviews.updatedAt,
        version: reviews.version,
        documentId: reviews.documentId,
      })
      .from(reviews)
      .where(eq(reviews.organizationId, ref.id))
      .orderBy(desc(reviews.periodEnd));
    return { items: rows };
  });

  app.post(
    "/api/organizations/:id/reviews",
    { schema: { tags, params: idParams, body: generateReviewBody, summary: "Draft a review report from the facts" } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "plan.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.generateReview(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.get("/api/reviews/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const review = await loadReview(request.params.id);
    await authorize(db(), actor, "plan.view", review.organizationId);
    return review;
  });

  app.put("/api/reviews/:id", { schema: { tags, params: idParams, body: updateReviewBody } }, async (request) => {
    const actor = requireActor(request);
    const review = await loadReview(request.params.id);
    await authorize(db(), actor, "plan.manage", review.organizationId);
    return inTransaction(app.database, (tx) => ops.updateReview(tx, actor, review, request.body));
  });

  // "Ban hành" a review: the BC document through the documents module; the review links to it.
  app.post("/api/reviews/:id/issue", { schema: { tags, params: idParams, body: issueReviewBody } }, async (request) => {
    const actor = requireActor(request);
    const review = await loadReview(request.params.id);
    await authorize(db(), actor, "plan.manage", review.organizationId);
    await authorize(db(), actor, "document.manage", review.organizationId);
    const { review: row, document } = await inTransaction(app.database, (tx) =>
      issueReviewDocument(tx, actor, review.id, {
        issuedOn: request.body.issuedOn ?? todayIso(),
        version: request.body.version,
      }),
    );
    return { ...row, document: { id: document.id, numberText: document.numberText, issuedOn: document.issuedOn } };
  });
}
