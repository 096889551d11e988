import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize, can, decide } from "../../core/access/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { contentDisposition } from "../../core/http/download.js";
import type { Executor } from "../../core/db/index.js";
import { idParams, optionalDate } from "../../core/http/schemas.js";
import { listEntityEvents } from "../../core/audit/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { registerRecipientResolver } from "../../core/outbox/index.js";
import { memberRecipients } from "./recipients.js";
import { getOrganization, organizationCodes } from "../organizations/store.js";
import {
  createMemberBody,
  leaveBody,
  listMembersQuery,
  statusChangeBody,
  transferBody,
  updateMemberBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  memberDetailSchema,
  memberHistorySchema,
  memberListSchema,
  memberSchema,
  rosterPlanSchema,
} from "./present.js";
import { getMember, listMembers, listStatusPeriods, listTransfers } from "./store.js";
import { parseRoster, writeRosterXlsx } from "./roster.js";
import { uploadBodyLimit } from "../../core/uploads/index.js";
import * as views from "./views.js";
import { applyRosterImport, planRosterImport } from "./roster-import.js";
import { RuleError } from "../../core/http/errors.js";
import { inTransaction } from "../../core/db/index.js";
import { todayIso } from "../../core/time.js";

const tags = ["members"];

registerRecipientResolver(memberRecipients);

registerPersonalData("member", async (ex, { memberId }) => {
  if (!memberId) return null;
  const member = await getMember(ex, memberId);
  if (!member) return null;
  const { searchText: _s, sortKey: _k, ...record } = member;
  return {
    record,
    transfers: await listTransfers(ex, memberId),
    statusHistory: (await listStatusPeriods(ex, [memberId])).get(memberId) ?? [],
    changes: await listEntityEvents(ex, "member", memberId),
  };
});

/** `joinedOn`: from when the new members belong to the cell (see roster-import joinedOnFor). */
const rosterQuery = z.object({ fileName: z.string().min(1).max(255), joinedOn: optionalDate() });
const rosterBody = z.instanceof(Buffer);

/** The uploaded bytes without a copy: a roster may be 25 MB. */
const bytesOf = (body: Buffer) => new Uint8Array(body.buffer, body.byteOffset, body.byteLength);

async function loadMember(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const member = await getMember(ex, params.id, { forUpdate: lock });
  if (!member) throw new NotFoundError("member");
  return member;
}

export async function memberRoutes(app: FastifyInstance) {
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  readRoute(app, {
    url: "/api/organizations/:id/members",
    tags,
    params: idParams,
    query: listMembersQuery,
    response: memberListSchema,
    action: "member.list",
    handle: ({ ex, actor, org, query }) => views.memberListView(ex, actor, org, query),
  });

  writeRoute(app, {
    url: "/api/members",
    tags,
    body: createMemberBody,
    response: memberSchema,
    status: 201,
    action: "member.manage",
    load: async (ex, { body }) => {
      const org = await getOrganization(ex, body.organizationId);
      if (!org) throw new NotFoundError("organization");
      return org;
    },
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.createMember(ex, actor, record, body),
  });

  // Everyone may read their own record; anyone else needs member.view on the member's organisation.
  readRoute(app, {
    url: "/api/members/:id",
    tags,
    params: idParams,
    response: memberDetailSchema,
    action: "member.list",
    load: loadMember,
    handle: ({ ex, actor, org, record }) => {
      if (record.id !== actor.memberId) decide(actor, "member.view", org);
      return views.memberDetailView(ex, actor, org, record);
    },
  });

  readRoute(app, {
    url: "/api/members/:id/history",
    tags,
    params: idParams,
    response: memberHistorySchema,
    action: "member.list",
    load: loadMember,
    handle: async ({ ex, actor, org, record }) => {
      if (record.id !== actor.memberId) decide(actor, "member.view", org);
      return {
        transfers: await listTransfers(ex, record.id),
        events: await listEntityEvents(ex, "member", record.id),
      };
    },
  });

  writeRoute(app, {
    url: "/api/members/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateMemberBody,
    response: memberSchema,
    action: "member.manage",
    load: loadMember,
    handle: async ({ ex, actor, record, body }) => (await ops.updateMember(ex, actor, record, body)) ?? record,
  });

  writeRoute(app, {
    url: "/api/members/:id/transfer",
    tags,
    params: idParams,
    body: transferBody,
    response: memberSchema,
    action: "member.manage",
    load: loadMember,
    handle: async ({ ex, actor, record, body }) => {
      // The receiving organisation must also be one the actor manages: a cell cannot push members onto another.
      await authorize(ex, actor, "member.manage", body.toOrganizationId);
      return ops.transferMember(ex, actor, record, (await getOrganization(ex, body.toOrganizationId))!, body);
    },
  });

  writeRoute(app, {
    url: "/api/members/:id/leave",
    tags,
    params: idParams,
    body: leaveBody,
    response: memberSchema,
    action: "member.manage",
    load: loadMember,
    handle: ({ ex, actor, record, body }) => ops.markMemberLeft(ex, actor, record, body),
  });

  // A dated change of status (recognition, exemption, suspension), written to the member's status history.
  writeRoute(app, {
    url: "/api/members/:id/status",
    tags,
    params: idParams,
    body: statusChangeBody,
    response: memberSchema,
    action: "member.manage",
    load: loadMember,
    handle: ({ ex, actor, record, body }) => ops.changeMemberStatus(ex, actor, record, body),
  });

  // The roster routes stay hand-written: a file of up to 25 MB is read and checked before the transaction begins,
  // which the chain (load and operation inside one transaction) cannot express. Their answers are declared all the same.
  const db = () => app.database.db;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const rosterSchema = (response: z.ZodType) => ({
    tags,
    params: idParams,
    querystring: rosterQuery,
    consumes: ["application/octet-stream"],
    body: rosterBody,
    response: { 200: response },
  });

  typed.post(
    "/api/organizations/:id/roster/preview",
    { config: { rateLimit: "upload" }, schema: rosterSchema(rosterPlanSchema) },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "roster.import", request.params.id);
      const target = (await getOrganization(db(), request.params.id))!;
      const parsed = await parseRoster(bytesOf(request.body), request.query.fileName);
      return (await planRosterImport(db(), target, parsed)).plan;
    },
  );

  typed.post(
    "/api/organizations/:id/roster/import",
    { config: { rateLimit: "upload" }, schema: rosterSchema(rosterPlanSchema) },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "roster.import", request.params.id);
      const parsed = await parseRoster(bytesOf(request.body), request.query.fileName);
      return inTransaction(app.database, async (tx) => {
        // Authorised again inside the transaction, on the organisation as it is now.
        const org = await authorize(tx, actor, "roster.import", request.params.id);
        const target = (await getOrganization(tx, org.id))!;
        const { plan, work } = await planRosterImport(tx, target, parsed);
        if (!plan.ready) {
          throw new RuleError("roster_has_errors", "file", "errors.roster_has_errors", {
            count: plan.counts.error || plan.problems.length,
          });
        }
        await applyRosterImport(tx, actor, work, todayIso(), request.query.joinedOn);
        return plan;
      });
    },
  );

  typed.get(
    "/api/organizations/:id/roster.xlsx",
    { config: { rateLimit: "export", download: true }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const org = await authorize(db(), actor, "roster.export", request.params.id);
      decide(actor, "member.view", org);
      const orgRow = (await getOrganization(db(), org.id))!;
      const { items } = await listMembers(db(), org.path, { limit: 1_000_000, offset: 0 });
      const codes = new Map((await organizationCodes(db(), org.path)).map((o) => [o.id, o.code]));
      const manages = can(actor, "member.manage", org);
      const bytes = await writeRosterXlsx(
        items.map((m) => ({ ...views.withCard(m, manages), cellCode: codes.get(m.organizationId) ?? null })),
      );
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", contentDisposition(`danh-sach-dang-vien-${orgRow.code}.xlsx`))
        .send(Buffer.from(bytes));
    },
  );
}
