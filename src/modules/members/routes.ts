import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize, can, decide } from "../../core/access/index.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { contentDisposition } from "../../core/http/download.js";
import { inTransaction } from "../../core/db/index.js";
import { idParams } from "../../core/http/schemas.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { listEntityEvents } from "../../core/audit/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { getOrganization, organizationCodes, visibleSubtreeIds } from "../organizations/store.js";
import type { MembershipRules } from "../organizations/model.js";
import {
  createMemberBody,
  leaveBody,
  listMembersQuery,
  maskCardNumber,
  probationStatus,
  PUBLIC_MEMBER_FIELDS,
  transferBody,
  updateMemberBody,
} from "./model.js";
import { createMember, markMemberLeft, transferMember, updateMember } from "./operations.js";
import { getMember, listMembers, listTransfers, type MemberRow } from "./store.js";
import { parseRoster, writeRosterXlsx } from "./roster.js";
import { applyRosterImport, planRosterImport } from "./roster-import.js";
import { uploadBodyLimit } from "../../core/uploads/index.js";

const tags = ["members"];

/** Ordinary members see each other's member-facing fields only (personal data stays with those who need it). */
function publicView<T extends Record<string, unknown>>(m: T) {
  return Object.fromEntries(PUBLIC_MEMBER_FIELDS.map((k) => [k, m[k]]));
}

function omitSearch<T extends MemberRow>(m: T) {
  const { searchText: _s, sortKey: _k, ...rest } = m;
  return rest;
}

/** Card numbers in full only for the member and for those who manage members (ADR 0041). */
function withCard<T extends { cardNumber: string | null }>(m: T, whole: boolean): T {
  return whole ? m : { ...m, cardNumber: maskCardNumber(m.cardNumber) };
}

registerPersonalData("member", async (ex, { memberId }) => {
  if (!memberId) return null;
  const member = await getMember(ex, memberId);
  if (!member) return null;
  return {
    record: omitSearch(member),
    transfers: await listTransfers(ex, memberId),
    changes: await listEntityEvents(ex, "member", memberId),
  };
});

const rosterQuery = z.object({ fileName: z.string().min(1).max(255) });

/** The uploaded bytes without a copy: a roster may be 25 MB. */
const bytesOf = (body: Buffer) => new Uint8Array(body.buffer, body.byteOffset, body.byteLength);

export async function memberRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  app.get(
    "/api/organizations/:id/members",
    { schema: { tags, params: idParams, querystring: listMembersQuery } },
    async (request) => {
      const actor = requireActor(request);
      const org = await authorize(db(), actor, "member.list", request.params.id);
      const full = can(actor, "member.view", org);
      const manages = can(actor, "member.manage", org);
      const result = await listMembers(db(), org.path, {
        ...request.query,
        organizationIds: await visibleSubtreeIds(db(), actor, "member.list", org),
      });
      const rules = full ? await rulebookInForce<MembershipRules>(db(), "membership", org.path, todayIso()) : null;
      return {
        total: result.total,
        detail: full,
        items: result.items.map((m) =>
          full
            ? {
                ...withCard(omitSearch(m), manages || m.id === actor.memberId),
                organizationName: m.organizationName,
                probation: probationStatus(m, rules!.data.probation, todayIso()),
              }
            : { ...publicView(m), organizationName: m.organizationName },
        ),
      };
    },
  );

  app.post("/api/members", { schema: { tags, body: createMemberBody } }, async (request, reply) => {
    const actor = requireActor(request);
    await authorize(db(), actor, "member.manage", request.body.organizationId);
    const row = await inTransaction(app.database, async (tx) =>
      createMember(tx, actor, (await getOrganization(tx, request.body.organizationId))!, request.body),
    );
    return reply.status(201).send(omitSearch(row));
  });

  app.get("/api/members/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    // Everyone may read their own record; anyone else needs member.view on the member's organisation.
    if (member.id !== actor.memberId)
      decide(actor, "member.view", { id: member.organizationId, path: member.organizationPath });
    const ref = { id: member.organizationId, path: member.organizationPath };
    const rules = await rulebookInForce<MembershipRules>(db(), "membership", member.organizationPath, todayIso());
    return {
      ...withCard(omitSearch(member), member.id === actor.memberId || can(actor, "member.manage", ref)),
      probation: probationStatus(member, rules.data.probation, todayIso()),
      transfers: await listTransfers(db(), member.id),
      permissions: { manage: can(actor, "member.manage", ref), account: can(actor, "account.manage", ref) },
    };
  });

  app.get("/api/members/:id/history", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    if (member.id !== actor.memberId)
      decide(actor, "member.view", { id: member.organizationId, path: member.organizationPath });
    return {
      transfers: await listTransfers(db(), member.id),
      events: await listEntityEvents(db(), "member", member.id),
    };
  });

  app.put("/api/members/:id", { schema: { tags, params: idParams, body: updateMemberBody } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    decide(actor, "member.manage", { id: member.organizationId, path: member.organizationPath });
    const row = await inTransaction(app.database, (tx) => updateMember(tx, actor, member, request.body));
    return omitSearch(row ?? member);
  });

  app.post("/api/members/:id/transfer", { schema: { tags, params: idParams, body: transferBody } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    decide(actor, "member.manage", { id: member.organizationId, path: member.organizationPath });
    // The receiving organisation must also be one the actor manages: a cell cannot push members onto another.
    await authorize(db(), actor, "member.manage", request.body.toOrganizationId);
    const row = await inTransaction(app.database, async (tx) =>
      transferMember(tx, actor, member, (await getOrganization(tx, request.body.toOrganizationId))!, request.body),
    );
    return omitSearch(row);
  });

  app.post("/api/members/:id/leave", { schema: { tags, params: idParams, body: leaveBody } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    decide(actor, "member.manage", { id: member.organizationId, path: member.organizationPath });
    return omitSearch(await inTransaction(app.database, (tx) => markMemberLeft(tx, actor, member, request.body)));
  });

  const rosterBody = z.instanceof(Buffer);

  app.post(
    "/api/organizations/:id/roster/preview",
    {
      config: { rateLimit: "upload" },
      schema: {
        tags,
        params: idParams,
        querystring: rosterQuery,
        consumes: ["application/octet-stream"],
        body: rosterBody,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "roster.import", request.params.id);
      const target = (await getOrganization(db(), request.params.id))!;
      const parsed = await parseRoster(bytesOf(request.body), request.query.fileName);
      return (await planRosterImport(db(), target, parsed)).plan;
    },
  );

  app.post(
    "/api/organizations/:id/roster/import",
    {
      config: { rateLimit: "upload" },
      schema: {
        tags,
        params: idParams,
        querystring: rosterQuery,
        consumes: ["application/octet-stream"],
        body: rosterBody,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "roster.import", request.params.id);
      const parsed = await parseRoster(bytesOf(request.body), request.query.fileName);
      return inTransaction(app.database, async (tx) => {
        const target = (await getOrganization(tx, request.params.id))!;
        const { plan, work } = await planRosterImport(tx, target, parsed);
        if (!plan.ready) {
          throw new RuleError("roster_has_errors", "file", "errors.roster_has_errors", {
            count: plan.counts.error || plan.problems.length,
          });
        }
        await applyRosterImport(tx, actor, work, todayIso());
        return plan;
      });
    },
  );

  app.get(
    "/api/organizations/:id/roster.xlsx",
    { config: { rateLimit: "export" }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const org = await authorize(db(), actor, "roster.export", request.params.id);
      decide(actor, "member.view", org);
      const orgRow = (await getOrganization(db(), org.id))!;
      const { items } = await listMembers(db(), org.path, { limit: 1_000_000, offset: 0 });
      const codes = new Map((await organizationCodes(db(), org.path)).map((o) => [o.id, o.code]));
      const manages = can(actor, "member.manage", org);
      const bytes = await writeRosterXlsx(
        items.map((m) => ({ ...withCard(m, manages), cellCode: codes.get(m.organizationId) ?? null })),
      );
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", contentDisposition(`danh-sach-dang-vien-${orgRow.code}.xlsx`))
        .send(Buffer.from(bytes));
    },
  );
}
