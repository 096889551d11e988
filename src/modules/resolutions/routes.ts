import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize } from "../../core/access/index.js";
import { listEntityEvents } from "../../core/audit/index.js";
import { inTransaction } from "../../core/db/index.js";
import { NotFoundError, StaleVersionError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { getOrganization } from "../organizations/store.js";
import { loadRollUp } from "../plans/progress.js";
import * as ops from "./operations.js";
import { issueResolutionDocument } from "../meetings/official.js";
import { todayIso } from "../../core/time.js";
import {
  issueResolutionBody,
  createResolutionBody,
  measurementBody,
  RESOLUTION_WORKFLOW,
  resolutionTaskBody,
  targetAttainment,
  targetBody,
  transitionBody,
} from "./model.js";
import { getResolution, getTarget, listResolutions, listResolutionTasks, listTargets } from "./store.js";

const tags = ["resolutions"];

export async function resolutionRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  async function loadResolution(id: string) {
    const row = await getResolution(db(), id);
    if (!row) throw new NotFoundError("resolution");
    return row;
  }

  app.get("/api/organizations/:id/resolutions", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const ref = await authorize(db(), actor, "plan.view", request.params.id);
    const rows = await listResolutions(db(), [ref.id]);
    const progress = await loadRollUp(db(), [ref.id]);
    return { items: rows.map((r) => ({ ...r, progress: progress.result.resolutions[r.id] ?? null })) };
  });

  app.post(
    "/api/organizations/:id/resolutions",
    { schema: { tags, params: idParams, body: createResolutionBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "plan.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.createResolution(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.get("/api/resolutions/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const resolution = await loadResolution(request.params.id);
    await authorize(db(), actor, "plan.view", resolution.organizationId);
    const [ts, tasks, progress, history] = await Promise.all([
      listTargets(db(), [resolution.id]),
      listResolutionTasks(db(), [resolution.id]),
      loadRollUp(db(), [resolution.organizationId]),
      listEntityEvents(db(), "resolution", resolution.id),
    ]);
    return {
      ...resolution,
      nextStates: RESOLUTION_WORKFLOW[resolution.state],
      progress: progress.result.resolutions[resolution.id] ?? null,
      targets: ts.map((t) => ({
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
  });

  app.post(
    "/api/resolutions/:id/transition",
    { schema: { tags, params: idParams, body: transitionBody } },
    async (request) => {
      const actor = requireActor(request);
      const resolution = await loadResolution(request.params.id);
      await authorize(db(), actor, "plan.manage", resolution.organizationId);
      return inTransaction(app.database, (tx) => ops.transitionResolution(tx, actor, resolution, request.body));
    },
  );

  // "Ban hành nghị quyết": the NQ document through the documents module, then adopted → issued with its number.
  app.post(
    "/api/resolutions/:id/issue",
    { schema: { tags, params: idParams, body: issueResolutionBody } },
    async (request) => {
      const actor = requireActor(request);
      const resolution = await loadResolution(request.params.id);
      await authorize(db(), actor, "plan.manage", resolution.organizationId);
      await authorize(db(), actor, "document.manage", resolution.organizationId);
      if (resolution.version !== request.body.version) throw new StaleVersionError();
      const { resolution: row, document } = await inTransaction(app.database, (tx) =>
        issueResolutionDocument(tx, actor, resolution, request.body.issuedOn ?? todayIso()),
      );
      return { ...row, document: { id: document.id, numberText: document.numberText, issuedOn: document.issuedOn } };
    },
  );

  app.post(
    "/api/resolutions/:id/targets",
    { schema: { tags, params: idParams, body: targetBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const resolution = await loadResolution(request.params.id);
      await authorize(db(), actor, "plan.manage", resolution.organizationId);
      return reply
        .status(201)
        .send(await inTransaction(app.database, (tx) => ops.addTarget(tx, actor, resolution, request.body)));
    },
  );

  app.post(
    "/api/resolutions/:id/tasks",
    { schema: { tags, params: idParams, body: resolutionTaskBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const resolution = await loadResolution(request.params.id);
      await authorize(db(), actor, "plan.manage", resolution.organizationId);
      return reply
        .status(201)
        .send(await inTransaction(app.database, (tx) => ops.addResolutionTask(tx, actor, resolution, request.body)));
    },
  );

  app.post(
    "/api/targets/:id/measurements",
    { schema: { tags, params: idParams, body: measurementBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const target = await getTarget(db(), request.params.id);
      if (!target) throw new NotFoundError("target");
      await authorize(db(), actor, "plan.manage", target.organizationId);
      return reply
        .status(201)
        .send(await inTransaction(app.database, (tx) => ops.addMeasurement(tx, actor, target, request.body)));
    },
  );
}
