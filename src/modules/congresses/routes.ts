import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { authorize, can, loadOrgRef } from "../../core/access/index.js";
import { inTransaction } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { organizations } from "../organizations/schema.js";
import { getOrganization, visibleSubtreeIds } from "../organizations/store.js";
import * as ops from "./operations.js";
import {
  checklistStage,
  completeChecklistBody,
  ratificationBody,
  recordCongressBody,
  submissionBody,
  summarizeChecklist,
} from "./model.js";
import { getChecklistItem, getCongress, latestCongresses, listChecklist, listCongresses } from "./store.js";

const tags = ["congresses"];

export async function congressRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  app.get(
    "/api/organizations/:id/congresses",
    { schema: { tags, params: idParams, summary: "Congresses of an organisation, with their checklists" } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const rows = await listCongresses(db(), ref.id);
      const items = await listChecklist(
        db(),
        rows.map((r) => r.id),
      );
      const today = todayIso();
      return {
        items: rows.map((c) => ({
          ...c,
          checklist: items.filter((i) => i.congressId === c.id).map((i) => ({ ...i, stage: checklistStage(i, today) })),
        })),
      };
    },
  );

  app.post(
    "/api/organizations/:id/congresses",
    { schema: { tags, params: idParams, body: recordCongressBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "plan.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.recordCongress(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/congresses/:id/submission",
    { schema: { tags, params: idParams, body: submissionBody } },
    async (request) => {
      const actor = requireActor(request);
      const congress = await getCongress(db(), request.params.id);
      if (!congress) throw new NotFoundError("congress");
      await authorize(db(), actor, "plan.manage", congress.organizationId);
      return inTransaction(app.database, (tx) => ops.recordSubmission(tx, actor, congress, request.body));
    },
  );

  // Ratification is decided by the level above: the đảng ủy (its office) records it.
  app.post(
    "/api/congresses/:id/ratification",
    { schema: { tags, params: idParams, body: ratificationBody } },
    async (request) => {
      const actor = requireActor(request);
      const congress = await getCongress(db(), request.params.id);
      if (!congress) throw new NotFoundError("congress");
      const org = await getOrganization(db(), congress.organizationId);
      // Seeing the cell comes first, so a stranger learns nothing about it.
      await authorize(db(), actor, "plan.view", congress.organizationId);
      const above = await loadOrgRef(db(), org!.parentId ?? org!.id);
      if (!above || !can(actor, "plan.manage", above)) throw new ForbiddenError();
      return inTransaction(app.database, (tx) => ops.recordRatification(tx, actor, congress, request.body));
    },
  );

  app.post(
    "/api/checklist-items/:id/complete",
    { schema: { tags, params: idParams, body: completeChecklistBody } },
    async (request) => {
      const actor = requireActor(request);
      const item = await getChecklistItem(db(), request.params.id);
      if (!item) throw new NotFoundError("checklist_item");
      await authorize(db(), actor, "plan.manage", item.organizationId);
      return inTransaction(app.database, (tx) => ops.completeChecklistItem(tx, actor, item, request.body));
    },
  );

  app.get(
    "/api/organizations/:id/checklists",
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({}),
        summary: 'Post-congress checklist completion across a đảng bộ\'s cells ("5/5 chi bộ")',
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const cells = await db()
        .select({ id: organizations.id, name: organizations.name, code: organizations.code })
        .from(organizations)
        .where(
          and(
            eq(organizations.parentId, ref.id),
            eq(organizations.kind, "cell"),
            isNull(organizations.closedOn),
            inArray(organizations.id, await visibleSubtreeIds(db(), actor, "plan.view", ref)),
          ),
        );
      const latest = await latestCongresses(
        db(),
        cells.map((c) => c.id),
      );
      const items = await listChecklist(
        db(),
        [...latest.values()].map((c) => c.id),
      );
      const today = todayIso();
      const rows = cells
        .map((c) => {
          const congress = latest.get(c.id) ?? null;
          const list = congress ? items.filter((i) => i.congressId === congress.id) : [];
          return {
            organization: c,
            congress: congress && {
              id: congress.id,
              heldOn: congress.heldOn,
              termLabel: congress.termLabel,
              ratifiedOn: congress.ratifiedOn,
            },
            summary: summarizeChecklist(c.id, list, today),
            items: list.map((i) => ({
              id: i.id,
              itemKey: i.itemKey,
              title: i.title,
              titleEn: i.titleEn,
              dueOn: i.dueOn,
              done: i.done,
              stage: checklistStage(i, today),
            })),
          };
        })
        .sort((a, b) => compareVietnamese(a.organization.name, b.organization.name));
      return {
        cells: rows,
        held: rows.filter((r) => r.congress).length,
        complete: rows.filter((r) => r.summary.complete).length,
        total: rows.length,
      };
    },
  );
}
