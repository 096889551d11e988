import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { decide, loadOrgRef } from "../../core/access/index.js";
import { type Executor, inTransaction } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getOrganization } from "../organizations/store.js";
import {
  closeItemBody,
  createItemBody,
  createPlanBody,
  deleteItemBody,
  issuePlanBody,
  personalPlanBody,
  reviewPersonalPlanBody,
  updateItemBody,
} from "./model.js";
import { issuePlanDocument } from "./official.js";
import * as ops from "./operations.js";
import {
  issuedPlanSchema,
  personalPlanListSchema,
  personalPlanSchema,
  planDetailSchema,
  planItemSchema,
  planListSchema,
  planSchema,
} from "./present.js";
import { personalPlansOf, planDetail, planTree } from "./queries.js";
import { getPersonalPlan, getPlan, getPlanItem } from "./store.js";

const tags = ["plans"];
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

async function loadPlan(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const plan = await getPlan(ex, params.id, { forUpdate: lock });
  if (!plan) throw new NotFoundError("plan");
  return plan;
}

/** A plan item with its plan: the item locked for a write, the plan read as it is now. */
async function loadItem(
  ex: Executor,
  { params }: { params: { id: string } },
  { lock }: { lock: boolean },
): Promise<ops.PlanItemRecord> {
  const item = await getPlanItem(ex, params.id, { forUpdate: lock });
  if (!item) throw new NotFoundError("plan_item");
  const plan = await getPlan(ex, item.planId);
  if (!plan) throw new NotFoundError("plan");
  return { organizationId: item.organizationId, item, plan };
}

export async function planRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  readRoute(app, {
    url: "/api/organizations/:id/plans",
    tags,
    summary: "The plan tree of an organisation with rolled-up progress",
    params: idParams,
    response: planListSchema,
    action: "plan.view",
    handle: ({ ex, org }) => planTree(ex, org),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/plans",
    tags,
    params: idParams,
    body: createPlanBody,
    response: planSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return { ...org, organizationId: org.id };
    },
    handle: ({ ex, actor, record, body }) => ops.createPlan(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/plans/:id",
    tags,
    params: idParams,
    response: planDetailSchema,
    action: "plan.view",
    load: loadPlan,
    handle: ({ ex, record }) => planDetail(ex, record, todayIso()),
  });

  // "Ban hành": the CTr/KH document is numbered and frozen in the register; the plan links to it.
  writeRoute(app, {
    url: "/api/plans/:id/issue",
    tags,
    params: idParams,
    body: issuePlanBody,
    response: issuedPlanSchema,
    action: "plan.manage",
    load: loadPlan,
    handle: async ({ ex, actor, org, record, body }) => {
      // Issuing also numbers a document in the register, so it needs the register's right too.
      decide(actor, "document.manage", org);
      const { plan, document } = await issuePlanDocument(ex, actor, record, body);
      return { ...plan, document: { id: document.id, numberText: document.numberText, issuedOn: document.issuedOn } };
    },
  });

  writeRoute(app, {
    url: "/api/plans/:id/items",
    tags,
    params: idParams,
    body: createItemBody,
    response: planItemSchema,
    status: 201,
    action: "plan.manage",
    load: loadPlan,
    handle: ({ ex, actor, org, record, body }) => ops.addItem(ex, actor, org, record, body),
  });

  writeRoute(app, {
    url: "/api/plan-items/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateItemBody,
    response: planItemSchema,
    action: "plan.manage",
    load: loadItem,
    handle: ({ ex, actor, org, record, body }) => ops.updateItem(ex, actor, org, record, body),
  });

  writeRoute(app, {
    url: "/api/plan-items/:id/close",
    tags,
    params: idParams,
    body: closeItemBody,
    response: planItemSchema,
    action: "plan.manage",
    load: loadItem,
    handle: ({ ex, actor, record, body }) => ops.closeItem(ex, actor, record, body),
  });

  // The one route of the module that answers nothing (204): the chain of writeRoute, written out.
  app.delete(
    "/api/plan-items/:id",
    { schema: { tags, params: idParams, body: deleteItemBody, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(app.database, async (tx) => {
        const record = await loadItem(tx, request, { lock: true });
        const org = await loadOrgRef(tx, record.organizationId);
        if (!org) throw new NotFoundError("organization");
        decide(actor, "plan.manage", org);
        await ops.deleteItem(tx, actor, record, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );

  // ── Personal yearly work plans ──
  readRoute(app, {
    url: "/api/organizations/:id/personal-plans",
    tags,
    params: idParams,
    query: yearQuery,
    response: personalPlanListSchema,
    action: "plan.view",
    handle: ({ ex, actor, org, query }) =>
      personalPlansOf(ex, actor, org, query.year ?? Number(todayIso().slice(0, 4))),
  });

  // A member registers their own plan in their own cell (the operation checks it is theirs).
  writeRoute(app, {
    url: "/api/organizations/:id/personal-plans",
    tags,
    params: idParams,
    body: personalPlanBody,
    response: personalPlanSchema,
    status: 201,
    action: "plan.view",
    handle: ({ ex, actor, org, body }) => ops.registerPersonalPlan(ex, actor, org, body, todayIso()),
  });

  writeRoute(app, {
    url: "/api/personal-plans/:id/review",
    tags,
    params: idParams,
    body: reviewPersonalPlanBody,
    response: personalPlanSchema,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const plan = await getPersonalPlan(ex, params.id, { forUpdate: lock });
      if (!plan) throw new NotFoundError("personal_plan");
      return plan;
    },
    handle: ({ ex, actor, record, body }) => ops.reviewPersonalPlan(ex, actor, record, body),
  });
}
