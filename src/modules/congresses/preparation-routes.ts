import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { getOrganization } from "../organizations/store.js";
import {
  attendanceBody,
  completeStepBody,
  congressDayBody,
  createPreparationBody,
  credentialBody,
  currentItemBody,
  delegatesBody,
  quotasBody,
  updateStepBody,
} from "./preparation-model.js";
import { cachedHallView } from "./hall.js";
import * as ops from "./preparation-operations.js";
import {
  cellCongressesSchema,
  cellDelegatesSchema,
  delegateSchema,
  hallSchema,
  preparationListSchema,
  preparationSchema,
  stepSchema,
} from "./preparation-present.js";
import { getDelegate, getPreparation, getStep } from "./preparation-store.js";

const tags = ["congresses"];

async function loadOrg(ex: Executor, id: string) {
  const org = await getOrganization(ex, id);
  if (!org) throw new NotFoundError("organization");
  return org;
}
async function loadPreparation(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const prep = await getPreparation(ex, params.id, { forUpdate: lock });
  if (!prep) throw new NotFoundError("congress_preparation");
  return prep;
}

export async function preparationRoutes(app: FastifyInstance) {
  readRoute(app, {
    url: "/api/organizations/:id/congress-preparations",
    tags,
    summary: "The preparations of an organisation's coming congresses",
    params: idParams,
    response: preparationListSchema,
    action: "plan.view",
    load: (ex, { params }) => loadOrg(ex, params.id),
    organizationOf: (org) => org.id,
    handle: ({ ex, record }) => ops.preparationsOf(ex, record),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/congress-preparations",
    tags,
    params: idParams,
    body: createPreparationBody,
    response: preparationSchema,
    status: 201,
    action: "plan.manage",
    load: (ex, { params }) => loadOrg(ex, params.id),
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.createPreparation(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/congress-preparations/:id",
    tags,
    params: idParams,
    response: preparationSchema,
    action: "plan.view",
    load: loadPreparation,
    handle: ({ ex, record }) => ops.preparationView(ex, record),
  });

  writeRoute(app, {
    url: "/api/preparation-steps/:id",
    method: "PATCH",
    tags,
    params: idParams,
    body: updateStepBody,
    response: stepSchema,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const step = await getStep(ex, params.id, { forUpdate: lock });
      if (!step) throw new NotFoundError("preparation_step");
      return step;
    },
    handle: ({ ex, actor, record, body }) => ops.updateStep(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/preparation-steps/:id/complete",
    tags,
    params: idParams,
    body: completeStepBody,
    response: stepSchema,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const step = await getStep(ex, params.id, { forUpdate: lock });
      if (!step) throw new NotFoundError("preparation_step");
      return step;
    },
    handle: ({ ex, actor, record, body }) => ops.completeStep(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/congress-preparations/:id/drafts",
    tags,
    summary: "Generate the political report, the self-review and the draft resolution from the term's record",
    params: idParams,
    body: z.object({}),
    response: preparationSchema,
    action: "document.manage",
    load: loadPreparation,
    handle: ({ ex, actor, record }) => ops.generateDrafts(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/congress-preparations/:id/minutes",
    tags,
    summary: "Compose the congress's minutes from the day's record, in the congress's sequence of the register",
    params: idParams,
    body: z.object({}),
    response: preparationSchema,
    action: "document.manage",
    load: loadPreparation,
    handle: ({ ex, actor, record }) => ops.composeMinutes(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/congress-preparations/:id/quotas",
    method: "PUT",
    tags,
    params: idParams,
    body: quotasBody,
    response: preparationSchema,
    action: "plan.manage",
    load: loadPreparation,
    handle: ({ ex, actor, record, body }) => ops.setQuotas(ex, actor, record, body),
  });

  // The cell chooses: the right is checked on the cell, whose secretary needs none on the đảng bộ.
  writeRoute(app, {
    url: "/api/congress-preparations/:id/cells/:cellId/delegates",
    method: "PUT",
    tags,
    params: z.object({ id: z.uuid(), cellId: z.uuid() }),
    body: delegatesBody,
    response: cellDelegatesSchema,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const prep = await getPreparation(ex, params.id, { forUpdate: lock });
      const cell = await getOrganization(ex, params.cellId);
      if (!prep || !cell || cell.parentId !== prep.organizationId) throw new NotFoundError("congress_preparation");
      return { prep, cell };
    },
    organizationOf: ({ cell }) => cell.id,
    handle: ({ ex, actor, record, body }) => ops.chooseDelegates(ex, actor, record.prep, record.cell, body),
  });

  readRoute(app, {
    url: "/api/organizations/:id/congress-delegates",
    tags,
    summary: "A cell's quota and delegates for its đảng bộ's coming congresses",
    params: idParams,
    response: cellCongressesSchema,
    action: "plan.view",
    load: (ex, { params }) => loadOrg(ex, params.id),
    organizationOf: (org) => org.id,
    handle: ({ ex, record }) => ops.cellCongresses(ex, record),
  });

  const loadDelegate = async (ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) => {
    const delegate = await getDelegate(ex, params.id, { forUpdate: lock });
    if (!delegate) throw new NotFoundError("congress_delegate");
    const prep = (await getPreparation(ex, delegate.preparationId))!;
    return { ...delegate, organizationId: prep.organizationId };
  };

  writeRoute(app, {
    url: "/api/congress-delegates/:id/credential",
    tags,
    params: idParams,
    body: credentialBody,
    response: delegateSchema,
    action: "plan.manage",
    load: loadDelegate,
    handle: ({ ex, actor, record, body }) => ops.setCredential(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/congress-delegates/:id/attendance",
    tags,
    params: idParams,
    body: attendanceBody,
    response: delegateSchema,
    action: "plan.manage",
    load: loadDelegate,
    handle: ({ ex, actor, record, body }) => ops.setAttendance(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/congress-preparations/:id/day",
    method: "PUT",
    tags,
    params: idParams,
    body: congressDayBody,
    response: preparationSchema,
    action: "plan.manage",
    load: loadPreparation,
    handle: ({ ex, actor, record, body }) => ops.setCongressDay(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/congress-preparations/:id/current-item",
    tags,
    params: idParams,
    body: currentItemBody,
    response: hallSchema,
    action: "plan.manage",
    load: loadPreparation,
    handle: ({ ex, actor, record, body }) => ops.setCurrentItem(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/congress-preparations/:id/hall",
    tags,
    summary: "The hall view for a projector: the current agenda item, attendance and released results",
    params: idParams,
    response: hallSchema,
    action: "plan.view",
    // Many screens poll it at once: the view is shared between them for a moment (ADR 0161), each request is
    // still authorised on the preparation's organisation, whose path the shared view holds.
    load: (ex, { params }) => cachedHallView(ex, params.id),
    organizationOf: (view) => view.organization,
    handle: async ({ record }) => record,
  });
}
