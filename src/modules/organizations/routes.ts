import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ACTIONS, authorize, can, type Action, type Actor } from "../../core/access/index.js";
import { listEvents } from "../../core/audit/index.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { inTransaction } from "../../core/db/index.js";
import { idParams, isoDate } from "../../core/http/schemas.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { registerPersonalData } from "../../core/personal-data.js";
import * as ops from "./operations.js";
import {
  closeOrganizationBody,
  committeeWarnings,
  createOrganizationBody,
  endPositionBody,
  localRulebookBody,
  moveOrganizationBody,
  oversightBody,
  positionActive,
  positionBody,
  termBody,
  updateOrganizationBody,
  type MembershipRules,
  type OrgKind,
} from "./model.js";
import {
  countFullMembers,
  getOrganization,
  listMemberPositions,
  listOversights,
  listPositions,
  listTerms,
  listVisibleOrganizations,
  subtreeIds,
  type OrganizationRow,
} from "./store.js";

const tags = ["organizations"];

registerPersonalData("positions", async (ex, { memberId }) =>
  memberId
    ? { positions: await listMemberPositions(ex, memberId), oversights: await listOversights(ex, { memberId }) }
    : null,
);

export function permissionsOn(actor: Actor, org: { id: string; path: string }) {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(actor, a, org)])) as Record<Action, boolean>;
}

async function loadOrg(app: FastifyInstance, id: string): Promise<OrganizationRow> {
  const org = await getOrganization(app.database.db, id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

const subParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export async function organizationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/api/organizations",
    { schema: { tags, summary: "Organisations visible to the signed-in user" } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await listVisibleOrganizations(app.database.db, actor);
      return { items: rows.map((o) => ({ ...o, permissions: permissionsOn(actor, o) })) };
    },
  );

  app.post("/api/organizations", { schema: { tags, body: createOrganizationBody } }, async (request, reply) => {
    const actor = requireActor(request);
    const body = request.body;
    // A top-level đảng bộ is created by an administrator; anything else by whoever manages the parent.
    if (body.parentId) await authorize(app.database.db, actor, "org.manage", body.parentId);
    else if (!actor.isAdmin) throw new ForbiddenError();
    const row = await inTransaction(app.database, (tx) => ops.createOrganization(tx, actor, body));
    return reply.status(201).send(row);
  });

  app.get("/api/organizations/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const ref = await authorize(app.database.db, actor, "org.view", request.params.id);
    const db = app.database.db;
    const org = await loadOrg(app, ref.id);
    const today = todayIso();
    const [termRows, positionRows, oversightRows, fullMembers, rules, parent] = await Promise.all([
      listTerms(db, org.id),
      listPositions(db, org.id),
      listOversights(db, { organizationId: org.id }),
      countFullMembers(db, org.path),
      rulebookInForce<MembershipRules>(db, "membership", org.path, today),
      org.parentId ? getOrganization(db, org.parentId) : Promise.resolve(null),
    ]);
    const current = positionRows.filter((p) => positionActive(p, today));
    return {
      ...org,
      parentName: parent?.name ?? null,
      fullMembers,
      terms: termRows,
      positions: positionRows,
      oversights: oversightRows,
      warnings: committeeWarnings({ kind: org.kind as OrgKind, fullMembers, positions: current }, rules.data),
      rulebook: { key: rules.key, title: rules.title },
      permissions: permissionsOn(actor, org),
    };
  });

  app.put(
    "/api/organizations/:id",
    { schema: { tags, params: idParams, body: updateOrganizationBody } },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      return inTransaction(app.database, async (tx) => {
        const org = await getOrganization(tx, request.params.id);
        if (!org) throw new NotFoundError("organization");
        return ops.updateOrganization(tx, actor, org, request.body);
      });
    },
  );

  app.post(
    "/api/organizations/:id/move",
    { schema: { tags, params: idParams, body: moveOrganizationBody } },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      await authorize(app.database.db, actor, "org.manage", request.body.parentId);
      return inTransaction(app.database, async (tx) => {
        const org = await getOrganization(tx, request.params.id);
        const parent = await getOrganization(tx, request.body.parentId);
        if (!org || !parent) throw new NotFoundError("organization");
        return ops.moveOrganization(tx, actor, org, parent, request.body.version);
      });
    },
  );

  app.post(
    "/api/organizations/:id/close",
    { schema: { tags, params: idParams, body: closeOrganizationBody } },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      return inTransaction(app.database, async (tx) =>
        ops.closeOrganization(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
    },
  );

  app.post(
    "/api/organizations/:id/terms",
    { schema: { tags, params: idParams, body: termBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "committee.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.addTerm(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/organizations/:id/positions",
    { schema: { tags, params: idParams, body: positionBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "committee.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.addPosition(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/organizations/:id/positions/:itemId/end",
    { schema: { tags, params: subParams, body: endPositionBody } },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "committee.manage", request.params.id);
      return inTransaction(app.database, async (tx) =>
        ops.endPosition(
          tx,
          actor,
          (await getOrganization(tx, request.params.id))!,
          request.params.itemId,
          request.body.endsOn,
        ),
      );
    },
  );

  app.post(
    "/api/organizations/:id/oversights",
    { schema: { tags, params: idParams, body: oversightBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      // Who follows a cell is decided by the đảng ủy: the office records it.
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.addOversight(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/organizations/:id/oversights/:itemId/end",
    { schema: { tags, params: subParams, body: endPositionBody } },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      return inTransaction(app.database, async (tx) =>
        ops.endOversight(
          tx,
          actor,
          (await getOrganization(tx, request.params.id))!,
          request.params.itemId,
          request.body.endsOn,
        ),
      );
    },
  );

  app.get(
    "/api/organizations/:id/audit",
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(app.database.db, actor, "audit.view", request.params.id);
      const ids = await subtreeIds(app.database.db, ref.path);
      const items = await listEvents(app.database.db, ids, {
        beforeId: request.query.before,
        limit: request.query.limit,
      });
      return { items };
    },
  );

  app.get(
    "/api/organizations/:id/rulebooks/:kind",
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid(), kind: z.string().min(1).max(40) }),
        querystring: z.object({ on: isoDate().optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(app.database.db, actor, "org.view", request.params.id);
      try {
        return await rulebookInForce(app.database.db, request.params.kind, ref.path, request.query.on ?? todayIso());
      } catch {
        throw new NotFoundError("rulebook");
      }
    },
  );

  app.post(
    "/api/organizations/:id/rulebooks",
    { schema: { tags, params: idParams, body: localRulebookBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "org.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        ops.adoptLocalRulebook(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );
}
