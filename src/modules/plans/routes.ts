import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize, can } from "../../core/access/index.js";
import { inTransaction } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getMember } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import * as ops from "./operations.js";
import { issuePlanDocument } from "./official.js";
import { loadRollUp } from "./progress.js";
import {
  closeItemBody,
  createItemBody,
  createPlanBody,
  deleteItemBody,
  issuePlanBody,
  personalPlanBody,
  planContent,
  reviewPersonalPlanBody,
  updateItemBody,
} from "./model.js";
import { getPersonalPlan, getPlan, getPlanItem, listAdjustments, listPersonalPlans } from "./store.js";

const tags = ["plans"];

export async function planRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  async function loadPlan(id: string) {
    const plan = await getPlan(db(), id);
    if (!plan) throw new NotFoundError("plan");
    return plan;
  }
  async function loadItem(id: string) {
    const item = await getPlanItem(db(), id);
    if (!item) throw new NotFoundError("plan_item");
    return item;
  }

  app.get(
    "/api/organizations/:id/plans",
    { schema: { tags, params: idParams, summary: "The plan tree of an organisation with rolled-up progress" } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const { result, plans, items } = await loadRollUp(db(), [ref.id]);
      return {
        items: plans.map((p) => ({
          ...p,
          progress: result.plans[p.id] ?? null,
          itemCount: items.filter((i) => i.planId === p.id && !i.closedOn).length,
        })),
      };
    },
  );

  app.post(
    "/api/organizations/:id/plans",
    { schema: { tags, params: idParams, body: createPlanBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "plan.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.createPlan(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.get("/api/plans/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const plan = await loadPlan(request.params.id);
    await authorize(db(), actor, "plan.view", plan.organizationId);
    const [{ result, plans, items }, adjustments] = await Promise.all([
      loadRollUp(db(), [plan.organizationId]),
      listAdjustments(db(), plan.id),
    ]);
    const own = items.filter((i) => i.planId === plan.id);
    return {
      ...plan,
      progress: result.plans[plan.id] ?? null,
      children: plans
        .filter((p) => p.parentId === plan.id)
        .map((p) => ({ ...p, progress: result.plans[p.id] ?? null })),
      items: own.map((i) => ({ ...i, progress: result.items[i.id] ?? 0 })),
      adjustments,
      content: planContent(plan, own),
    };
  });

  app.post("/api/plans/:id/issue", { schema: { tags, params: idParams, body: issuePlanBody } }, async (request) => {
    const actor = requireActor(request);
    const plan = await loadPlan(request.params.id);
    await authorize(db(), actor, "plan.manage", plan.organizationId);
    await authorize(db(), actor, "document.manage", plan.organizationId);
    // "Ban hành": the CTr/KH document is numbered and frozen in the register; the plan links to it.
    const { plan: row, document } = await inTransaction(app.database, (tx) =>
      issuePlanDocument(tx, actor, plan, request.body),
    );
    return { ...row, document: { id: document.id, numberText: document.numberText, issuedOn: document.issuedOn } };
  });

  app.post(
    "/api/plans/:id/items",
    { schema: { tags, params: idParams, body: createItemBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const plan = await loadPlan(request.params.id);
      await authorize(db(), actor, "plan.manage", plan.organizationId);
      const row = await inTransaction(app.database, async (tx) =>
        ops.addItem(tx, actor, (await getOrganization(tx, plan.organizationId))!, plan, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.put("/api/plan-items/:id", { schema: { tags, params: idParams, body: updateItemBody } }, async (request) => {
    const actor = requireActor(request);
    const item = await loadItem(request.params.id);
    await authorize(db(), actor, "plan.manage", item.organizationId);
    return inTransaction(app.database, async (tx) =>
      ops.updateItem(
        tx,
        actor,
        (await getOrganization(tx, item.organizationId))!,
        (await getPlan(tx, item.planId))!,
        item,
        request.body,
      ),
    );
  });

  app.post(
    "/api/plan-items/:id/close",
    { schema: { tags, params: idParams, body: closeItemBody } },
    async (request) => {
      const actor = requireActor(request);
      const item = await loadItem(request.params.id);
      await authorize(db(), actor, "plan.manage", item.organizationId);
      return inTransaction(app.database, async (tx) =>
        ops.closeItem(tx, actor, (await getPlan(tx, item.planId))!, item, request.body),
      );
    },
  );

  app.delete(
    "/api/plan-items/:id",
    { schema: { tags, params: idParams, body: deleteItemBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const item = await loadItem(request.params.id);
      await authorize(db(), actor, "plan.manage", item.organizationId);
      await inTransaction(app.database, async (tx) =>
        ops.deleteItem(tx, actor, (await getPlan(tx, item.planId))!, item, request.body.version),
      );
      return reply.status(204).send();
    },
  );

  // ── Personal yearly work plans ──
  app.get(
    "/api/organizations/:id/personal-plans",
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const year = request.query.year ?? Number(todayIso().slice(0, 4));
      const rows = await listPersonalPlans(db(), ref.id, year);
      // Everyone sees who has registered; the items themselves are for the member and those who manage the plans.
      const manage = can(actor, "plan.manage", ref);
      return { year, items: rows.map((r) => (manage || r.memberId === actor.memberId ? r : { ...r, items: [] })) };
    },
  );

  app.post(
    "/api/organizations/:id/personal-plans",
    { schema: { tags, params: idParams, body: personalPlanBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      // A member registers their own plan in their own cell.
      const member = actor.memberId ? await getMember(db(), actor.memberId) : null;
      if (!member || member.organizationId !== ref.id) throw new ForbiddenError();
      for (const [i, item] of request.body.items.entries()) {
        if (item.planItemId) {
          const linked = await getPlanItem(db(), item.planItemId);
          if (!linked || linked.organizationId !== ref.id)
            throw new RuleError("not_found", `items.${i}.planItemId`, "errors.not_found", { what: "plan_item" });
        }
      }
      const row = await inTransaction(app.database, async (tx) =>
        ops.registerPersonalPlan(tx, actor, (await getOrganization(tx, ref.id))!, member.id, request.body, todayIso()),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/personal-plans/:id/review",
    { schema: { tags, params: idParams, body: reviewPersonalPlanBody } },
    async (request) => {
      const actor = requireActor(request);
      const plan = await getPersonalPlan(db(), request.params.id);
      if (!plan) throw new NotFoundError("personal_plan");
      await authorize(db(), actor, "plan.manage", plan.organizationId);
      return inTransaction(app.database, (tx) => ops.reviewPersonalPlan(tx, actor, plan, request.body));
    },
  );
}
