import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { type Actor, can, loadOrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { getOrganization } from "../organizations/store.js";
import { completeChecklistBody, ratificationBody, recordCongressBody, submissionBody } from "./model.js";
import * as ops from "./operations.js";
import {
  checklistItemSchema,
  checklistOverviewSchema,
  congressListSchema,
  congressSchema,
  recordedCongressSchema,
} from "./present.js";
import { getChecklistItem, getCongress } from "./store.js";

const tags = ["congresses"];

async function loadCongress(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const congress = await getCongress(ex, params.id, { forUpdate: lock });
  if (!congress) throw new NotFoundError("congress");
  return congress;
}

/** Ratification is decided by the level above: the actor needs plan.manage on the cell's parent (its office). */
async function assertMayRatify(ex: Executor, actor: Actor, organizationId: string) {
  const org = await getOrganization(ex, organizationId);
  if (!org) throw new NotFoundError("organization");
  const above = await loadOrgRef(ex, org.parentId ?? org.id);
  if (!above || !can(actor, "plan.manage", above)) throw new ForbiddenError();
}

export async function congressRoutes(app: FastifyInstance) {
  readRoute(app, {
    url: "/api/organizations/:id/congresses",
    tags,
    summary: "Congresses of an organisation, with their checklists",
    params: idParams,
    response: congressListSchema,
    action: "plan.view",
    handle: ({ ex, org }) => ops.congressesOf(ex, org.id),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/congresses",
    tags,
    params: idParams,
    body: recordCongressBody,
    response: recordedCongressSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return org;
    },
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.recordCongress(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/congresses/:id/submission",
    tags,
    params: idParams,
    body: submissionBody,
    response: congressSchema,
    action: "plan.manage",
    load: loadCongress,
    handle: ({ ex, actor, record, body }) => ops.recordSubmission(ex, actor, record, body),
  });

  // Seeing the cell comes first (the chain checks plan.view on it), so a stranger learns nothing about it.
  writeRoute(app, {
    url: "/api/congresses/:id/ratification",
    tags,
    params: idParams,
    body: ratificationBody,
    response: congressSchema,
    action: "plan.view",
    load: loadCongress,
    handle: async ({ ex, actor, record, body }) => {
      await assertMayRatify(ex, actor, record.organizationId);
      return ops.recordRatification(ex, actor, record, body);
    },
  });

  writeRoute(app, {
    url: "/api/checklist-items/:id/complete",
    tags,
    params: idParams,
    body: completeChecklistBody,
    response: checklistItemSchema,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const item = await getChecklistItem(ex, params.id, { forUpdate: lock });
      if (!item) throw new NotFoundError("checklist_item");
      return item;
    },
    handle: ({ ex, actor, record, body }) => ops.completeChecklistItem(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/organizations/:id/checklists",
    tags,
    summary: 'Post-congress checklist completion across a đảng bộ\'s cells ("5/5 chi bộ")',
    params: idParams,
    query: z.object({}),
    response: checklistOverviewSchema,
    action: "plan.view",
    handle: ({ ex, actor, org }) => ops.checklistOverview(ex, actor, org),
  });
}
