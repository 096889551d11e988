import type { FastifyInstance } from "fastify";
import { decide } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getOrganization } from "../organizations/store.js";
import { issueReviewDocument } from "../plans/official.js";
import { generateReviewBody, issueReviewBody, updateReviewBody } from "./model.js";
import * as ops from "./operations.js";
import { issuedReviewSchema, reviewListSchema, reviewSchema } from "./present.js";
import { getReview, listReviews } from "./store.js";

const tags = ["reviews"];

async function loadReview(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const review = await getReview(ex, params.id, { forUpdate: lock });
  if (!review) throw new NotFoundError("review");
  return review;
}

export async function reviewRoutes(app: FastifyInstance) {
  readRoute(app, {
    url: "/api/organizations/:id/reviews",
    tags,
    params: idParams,
    response: reviewListSchema,
    action: "plan.view",
    handle: async ({ ex, org }) => ({ items: await listReviews(ex, org.id) }),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/reviews",
    tags,
    summary: "Draft a review report from the facts",
    params: idParams,
    body: generateReviewBody,
    response: reviewSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return org;
    },
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.generateReview(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/reviews/:id",
    tags,
    params: idParams,
    response: reviewSchema,
    action: "plan.view",
    load: loadReview,
    handle: async ({ record }) => record,
  });

  writeRoute(app, {
    url: "/api/reviews/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateReviewBody,
    response: reviewSchema,
    action: "plan.manage",
    load: loadReview,
    handle: ({ ex, actor, record, body }) => ops.updateReview(ex, actor, record, body),
  });

  // "Ban hành" a review: the register step of plans/official.ts issues the BC document through the documents
  // module and marks the review issued, linked to it.
  writeRoute(app, {
    url: "/api/reviews/:id/issue",
    tags,
    params: idParams,
    body: issueReviewBody,
    response: issuedReviewSchema,
    action: "plan.manage",
    load: loadReview,
    handle: async ({ ex, actor, org, record, body }) => {
      // Issuing also numbers a document in the register, so it needs the register's right too.
      decide(actor, "document.manage", org);
      const issuedOn = body.issuedOn ?? todayIso();
      const { review, document } = await issueReviewDocument(ex, actor, record.id, { issuedOn, version: body.version });
      return { ...review, document };
    },
  });
}
