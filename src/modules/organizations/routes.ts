import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, decide } from "../../core/access/index.js";
import { listEvents } from "../../core/audit/index.js";
import { type Executor, inTransaction } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams, isoDate } from "../../core/http/schemas.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { rulebookTitle } from "../../core/i18n/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { countCurrentMembers } from "../members/public-organizations.js";
import {
  closeOrganizationBody,
  committeeWarnings,
  createOrganizationBody,
  endPositionBody,
  localRulebookBody,
  type MembershipRules,
  moveOrganizationBody,
  oversightBody,
  positionActive,
  positionBody,
  termBody,
  updateOrganizationBody,
} from "./model.js";
import * as ops from "./operations.js";
import { permissionsOn, visibleOrganizations } from "./public-home.js";
import {
  auditEventListSchema,
  localRulebookSchema,
  organizationDetailSchema,
  organizationListSchema,
  organizationSchema,
  oversightSchema,
  positionSchema,
  rulebookSchema,
  termSchema,
} from "./present.js";
import {
  getOrganization,
  listMemberPositions,
  listOversights,
  listPositions,
  listTerms,
  type OrganizationRow,
  subtreeIds,
} from "./store.js";

const tags = ["organizations"];

registerPersonalData("positions", async (ex, { memberId }) =>
  memberId
    ? { positions: await listMemberPositions(ex, memberId), oversights: await listOversights(ex, { memberId }) }
    : null,
);

/** The organisation of `:id`, locked for a write; the action is checked on the organisation itself. */
async function loadOrganization(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const org = await getOrganization(ex, params.id, { forUpdate: lock });
  if (!org) throw new NotFoundError("organization");
  return org;
}
const organizationOf = (org: OrganizationRow) => org.id;

/** An organisation's page: its committee, terms, oversight and the composition warnings of the rulebook in force. */
async function organizationDetail(ex: Executor, actor: Actor, org: OrganizationRow) {
  const today = todayIso();
  const [termRows, positionRows, oversightRows, fullMembers, rules, parent] = await Promise.all([
    listTerms(ex, org.id),
    listPositions(ex, org.id),
    listOversights(ex, { organizationId: org.id }),
    countCurrentMembers(ex, org.path, { full: true }),
    rulebookInForce<MembershipRules>(ex, "membership", org.path, today),
    org.parentId ? getOrganization(ex, org.parentId) : Promise.resolve(null),
  ]);
  const current = positionRows.filter((p) => positionActive(p, today));
  return {
    ...org,
    parentName: parent?.name ?? null,
    fullMembers,
    terms: termRows,
    positions: positionRows,
    oversights: oversightRows,
    warnings: committeeWarnings({ kind: org.kind, fullMembers, positions: current }, rules.data),
    rulebook: { key: rules.key, title: rulebookTitle(rules, actor.locale) },
    permissions: permissionsOn(actor, org),
  };
}

const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export async function organizationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();

  // The tree as the reader sees it: no one organisation to authorise on, each row carries its own permissions.
  app.get(
    "/api/organizations",
    {
      schema: {
        tags,
        summary: "Organisations visible to the signed-in user",
        response: { 200: organizationListSchema },
      },
    },
    async (request) => {
      return visibleOrganizations(app.database.db, requireActor(request));
    },
  );

  // The record is the parent, when there is one; a top-level đảng bộ has none and is created by an administrator.
  app.post(
    "/api/organizations",
    { schema: { tags, body: createOrganizationBody, response: { 201: organizationSchema } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { body } = request;
      const row = await inTransaction(app.database, async (tx) => {
        const parent = body.parentId ? await getOrganization(tx, body.parentId, { forUpdate: true }) : null;
        if (body.parentId && !parent) throw new NotFoundError("organization");
        if (parent) decide(actor, "org.manage", parent);
        else if (!actor.isAdmin) throw new ForbiddenError();
        return ops.createOrganization(tx, actor, parent, body);
      });
      return reply.status(201).send(row);
    },
  );

  readRoute(app, {
    url: "/api/organizations/:id",
    tags,
    params: idParams,
    response: organizationDetailSchema,
    action: "org.view",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record }) => organizationDetail(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/organizations/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateOrganizationBody,
    response: organizationSchema,
    action: "org.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.updateOrganization(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/move",
    tags,
    params: idParams,
    body: moveOrganizationBody,
    response: organizationSchema,
    action: "org.manage",
    load: loadOrganization,
    organizationOf,
    handle: async ({ ex, actor, record, body }) => {
      // The new parent must be one the actor manages as well.
      const parent = await getOrganization(ex, body.parentId);
      if (!parent) throw new NotFoundError("organization");
      decide(actor, "org.manage", parent);
      return ops.moveOrganization(ex, actor, record, parent, body.version);
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/close",
    tags,
    params: idParams,
    body: closeOrganizationBody,
    response: organizationSchema,
    action: "org.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.closeOrganization(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/terms",
    tags,
    params: idParams,
    body: termBody,
    response: termSchema,
    status: 201,
    action: "committee.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.addTerm(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/positions",
    tags,
    params: idParams,
    body: positionBody,
    response: positionSchema,
    status: 201,
    action: "committee.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.addPosition(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/positions/:itemId/end",
    tags,
    params: itemParams,
    body: endPositionBody,
    response: positionSchema,
    action: "committee.manage",
    // The organisation is the record; the operation finds the position within it and locks it.
    handle: ({ ex, actor, org, params, body }) => ops.endPosition(ex, actor, org, params.itemId, body.endsOn),
  });

  // Who follows a cell is decided by the đảng ủy: the office records it.
  writeRoute(app, {
    url: "/api/organizations/:id/oversights",
    tags,
    params: idParams,
    body: oversightBody,
    response: oversightSchema,
    status: 201,
    action: "org.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.addOversight(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/oversights/:itemId/end",
    tags,
    params: itemParams,
    body: endPositionBody,
    response: oversightSchema,
    action: "org.manage",
    handle: ({ ex, actor, org, params, body }) => ops.endOversight(ex, actor, org, params.itemId, body.endsOn),
  });

  readRoute(app, {
    url: "/api/organizations/:id/audit",
    tags,
    params: idParams,
    query: z.object({
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: auditEventListSchema,
    action: "audit.view",
    handle: async ({ ex, org, query }) => {
      const ids = await subtreeIds(ex, org.path);
      return { items: await listEvents(ex, ids, { beforeId: query.before, limit: query.limit }) };
    },
  });

  readRoute(app, {
    url: "/api/organizations/:id/rulebooks/:kind",
    tags,
    params: z.object({ id: z.uuid(), kind: z.string().min(1).max(40) }),
    query: z.object({ on: isoDate().optional() }),
    response: rulebookSchema,
    action: "org.view",
    handle: async ({ ex, org, params, query }) => {
      try {
        return await rulebookInForce(ex, params.kind, org.path, query.on ?? todayIso());
      } catch {
        throw new NotFoundError("rulebook");
      }
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/rulebooks",
    tags,
    params: idParams,
    body: localRulebookBody,
    response: localRulebookSchema,
    status: 201,
    action: "org.manage",
    load: loadOrganization,
    organizationOf,
    handle: ({ ex, actor, record, body }) => ops.adoptLocalRulebook(ex, actor, record, body),
  });
}
