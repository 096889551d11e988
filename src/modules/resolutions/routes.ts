import type { FastifyInstance } from "fastify";
import { decide } from "../../core/access/index.js";
import { listEntityEvents } from "../../core/audit/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError, StaleVersionError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { issueResolutionDocument } from "../meetings/official.js";
import { getOrganization } from "../organizations/store.js";
import { loadRollUp } from "../plans/progress.js";
import {
  createResolutionBody,
  issueResolutionBody,
  measurementBody,
  RESOLUTION_WORKFLOW,
  resolutionTaskBody,
  targetAttainment,
  targetBody,
  transitionBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  createdResolutionSchema,
  issuedResolutionSchema,
  measurementSchema,
  resolutionDetailSchema,
  resolutionListSchema,
  resolutionSchema,
  resolutionTaskSchema,
  targetSchema,
} from "./present.js";
import { getResolution, getTarget, listResolutions, listResolutionTasks, listTargets } from "./store.js";

const tags = ["resolutions"];

async function loadResolution(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getResolution(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("resolution");
  return row;
}

export async function resolutionRoutes(app: FastifyInstance) {
  readRoute(app, {
    url: "/api/organizations/:id/resolutions",
    tags,
    params: idParams,
    response: resolutionListSchema,
    action: "plan.view",
    handle: async ({ ex, org }) => {
      const rows = await listResolutions(ex, [org.id]);
      const progress = await loadRollUp(ex, [org.id]);
      return { items: rows.map((r) => ({ ...r, progress: progress.result.resolutions[r.id] ?? null })) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/resolutions",
    tags,
    params: idParams,
    body: createResolutionBody,
    response: createdResolutionSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return { ...org, organizationId: org.id };
    },
    handle: ({ ex, actor, record, body }) => ops.createResolution(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/resolutions/:id",
    tags,
    params: idParams,
    response: resolutionDetailSchema,
    action: "plan.view",
    load: loadResolution,
    handle: async ({ ex, record: resolution }) => {
      const targets = await listTargets(ex, [resolution.id]);
      const tasks = await listResolutionTasks(ex, [resolution.id]);
      const progress = await loadRollUp(ex, [resolution.organizationId]);
      const history = await listEntityEvents(ex, "resolution", resolution.id);
      return {
        ...resolution,
        nextStates: [...RESOLUTION_WORKFLOW[resolution.state]],
        progress: progress.result.resolutions[resolution.id] ?? null,
        targets: targets.map((t) => ({
          ...t,
          attainment: targetAttainment(t, t.measurements),
          workProgress: progress.result.targets[t.id] ?? null,
          latest: t.measurements.at(-1)?.value ?? null,
        })),
        tasks,
        plans: progress.plans
          .filter((p) => p.resolutionId === resolution.id)
          .map((p) => ({ id: p.id, title: p.title, kind: p.kind, progress: progress.result.plans[p.id] ?? null })),
        history,
      };
    },
  });

  writeRoute(app, {
    url: "/api/resolutions/:id/transition",
    tags,
    params: idParams,
    body: transitionBody,
    response: resolutionSchema,
    action: "plan.manage",
    load: loadResolution,
    handle: ({ ex, actor, record, body }) => ops.transitionResolution(ex, actor, record, body),
  });

  // "Ban hành nghị quyết": the NQ document through the documents register, then adopted → issued with its number.
  writeRoute(app, {
    url: "/api/resolutions/:id/issue",
    tags,
    params: idParams,
    body: issueResolutionBody,
    response: issuedResolutionSchema,
    action: "plan.manage",
    load: loadResolution,
    handle: async ({ ex, actor, org, record, body }) => {
      // Issuing also numbers a document in the register, so it needs the register's right too.
      decide(actor, "document.manage", org);
      if (record.version !== body.version) throw new StaleVersionError();
      const { resolution, document } = await issueResolutionDocument(ex, actor, record, body.issuedOn ?? todayIso());
      return {
        ...resolution,
        document: { id: document.id, numberText: document.numberText, issuedOn: document.issuedOn },
      };
    },
  });

  writeRoute(app, {
    url: "/api/resolutions/:id/targets",
    tags,
    params: idParams,
    body: targetBody,
    response: targetSchema,
    status: 201,
    action: "plan.manage",
    load: loadResolution,
    handle: ({ ex, actor, record, body }) => ops.addTarget(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/resolutions/:id/tasks",
    tags,
    params: idParams,
    body: resolutionTaskBody,
    response: resolutionTaskSchema,
    status: 201,
    action: "plan.manage",
    load: loadResolution,
    handle: ({ ex, actor, record, body }) => ops.addResolutionTask(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/targets/:id/measurements",
    tags,
    params: idParams,
    body: measurementBody,
    response: measurementSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }, { lock }) => {
      const target = await getTarget(ex, params.id, { forUpdate: lock });
      if (!target) throw new NotFoundError("target");
      return target;
    },
    handle: ({ ex, actor, record, body }) => ops.addMeasurement(ex, actor, record, body),
  });
}
