import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { authorize, can } from "../../core/access/index.js";
import { inTransaction, type Executor } from "../../core/db/index.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { uploadBodyLimit } from "../../core/uploads/index.js";
import { readWorkbookRows } from "../members/public-dues.js";
import { getMember } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import { DUES_IMPORT_MAX_ROWS, parseDuesSheet } from "./import.js";
import { monthLedger } from "./ledger.js";
import {
  allPaidBody,
  basisBody,
  cancelPaymentBody,
  handoverBody,
  monthQuery,
  monthString,
  paymentBody,
  yearQuery,
} from "./model.js";
import * as ops from "./operations.js";
import {
  allPaidSchema,
  basisHistorySchema,
  basisSchema,
  collectionSchema,
  importSchema,
  ledgerSchema,
  myDuesSchema,
  paymentSchema,
  receiptSchema,
} from "./present.js";
import { collection, myDues } from "./reports.js";
import { basesOf, getPayment } from "./store.js";
import { basisView, ledgerView, paymentView } from "./views.js";

const tags = ["dues"];

async function loadCell(ex: Executor, { params }: { params: { id: string } }) {
  const org = await getOrganization(ex, params.id);
  if (!org) throw new NotFoundError("organization");
  return { ...org, organizationId: org.id };
}

async function loadMember(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const member = await getMember(ex, params.id, { forUpdate: lock });
  if (!member) throw new NotFoundError("member");
  return member;
}

async function loadPayment(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const payment = await getPayment(ex, params.id, { forUpdate: lock });
  if (!payment) throw new NotFoundError("payment");
  return payment;
}

const importQuery = z.object({ month: monthString() });
/** The uploaded bytes without a copy. */
const bytesOf = (body: Buffer) => new Uint8Array(body.buffer, body.byteOffset, body.byteLength);

/**
 * Dues (ADR 0132): the cell's committee keeps the ledger (member.manage on the cell: its secretary, and the
 * office above it), those who read members' records read it (member.view), and each member reads their own.
 */
export async function duesRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  readRoute(app, {
    url: "/api/organizations/:id/dues",
    tags,
    params: idParams,
    query: monthQuery,
    response: ledgerSchema,
    action: "member.view",
    handle: async ({ ex, org, query }) => ledgerView(await monthLedger(ex, org, query.month)),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/dues/payments",
    tags,
    params: idParams,
    body: paymentBody,
    response: paymentSchema,
    status: 201,
    action: "member.manage",
    load: loadCell,
    handle: async ({ ex, actor, record, body }) => paymentView(await ops.recordPayment(ex, actor, record, body)),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/dues/all-paid",
    tags,
    params: idParams,
    body: allPaidBody,
    response: allPaidSchema,
    action: "member.manage",
    load: loadCell,
    handle: async ({ ex, actor, record, body }) => {
      const { marked, ledger } = await ops.markAllPaid(ex, actor, record, body);
      return { marked, ledger: ledgerView(ledger) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/dues/handover",
    tags,
    params: idParams,
    body: handoverBody,
    response: ledgerSchema,
    action: "member.manage",
    load: loadCell,
    handle: async ({ ex, actor, record, body }) => ledgerView(await ops.handOver(ex, actor, record, body)),
  });

  writeRoute(app, {
    url: "/api/dues-payments/:id/cancel",
    tags,
    params: idParams,
    body: cancelPaymentBody,
    response: paymentSchema,
    action: "member.manage",
    load: loadPayment,
    handle: async ({ ex, actor, record, body }) =>
      paymentView(await ops.cancelPayment(ex, actor, record, body.version)),
  });

  // A receipt is the payer's as much as the cell's: the member reads their own, as do those who read the ledger.
  readRoute(app, {
    url: "/api/dues-payments/:id/receipt",
    tags,
    params: idParams,
    response: receiptSchema,
    action: "org.view",
    load: loadPayment,
    allow: (actor, p) =>
      actor.memberId === p.memberId || can(actor, "member.view", { id: p.organizationId, path: p.cellPath }),
    handle: async ({ ex, record }) => {
      const member = await getMember(ex, record.memberId);
      return { ...paymentView(record), memberName: member?.fullName ?? "", cellName: record.cellName };
    },
  });

  readRoute(app, {
    url: "/api/members/:id/dues-basis",
    tags,
    params: idParams,
    response: basisHistorySchema,
    action: "member.view",
    load: loadMember,
    handle: async ({ ex, record }) => ({
      items: ((await basesOf(ex, [record.id])).get(record.id) ?? []).map(basisView),
    }),
  });

  writeRoute(app, {
    url: "/api/members/:id/dues-basis",
    tags,
    params: idParams,
    body: basisBody,
    response: basisSchema,
    status: 201,
    action: "member.manage",
    load: loadMember,
    handle: async ({ ex, actor, record, body }) => basisView(await ops.recordBasis(ex, actor, record, body)),
  });

  readRoute(app, {
    url: "/api/organizations/:id/dues-collection",
    replica: true,
    tags,
    params: idParams,
    query: yearQuery,
    response: collectionSchema,
    action: "member.view",
    handle: ({ ex, org, query }) => collection(ex, org, query),
  });

  // Not about one organisation: every signed-in member reads their own dues (an account without a member, none).
  app.get(
    "/api/me/dues",
    {
      schema: {
        tags,
        summary: "My dues of a year",
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: myDuesSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const db = app.database.db;
      const member = actor.memberId ? await getMember(db, actor.memberId) : null;
      if (!member) return { memberId: null, year: request.query.year, months: [], bases: [], unpaid: 0, paidTotal: 0 };
      return myDues(db, member, request.query.year, todayIso());
    },
  );

  // A month from a spreadsheet: read and checked off the event loop (bounded size and unzipped size, in a worker)
  // before the transaction opens, then written at once or not at all.
  app.post(
    "/api/organizations/:id/dues/import",
    {
      config: { rateLimit: "upload" },
      schema: {
        tags,
        params: idParams,
        querystring: importQuery,
        consumes: ["application/octet-stream"],
        body: z.instanceof(Buffer),
        response: { 200: importSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorize(app.database.db, actor, "member.manage", request.params.id);
      const rows = await readWorkbookRows(bytesOf(request.body), DUES_IMPORT_MAX_ROWS + 20);
      if (!rows) throw new RuleError("unreadable_file", "file", "dues.import_unreadable");
      const { payments, problems } = parseDuesSheet(rows);
      const first = problems[0];
      if (first)
        throw new RuleError(`import_${first.code}`, "file", `dues.import_${first.code}`, { row: first.rowNumber });
      return inTransaction(app.database, async (tx) => {
        // Authorised again inside the transaction, on the organisation as it is now.
        const org = await authorize(tx, actor, "member.manage", request.params.id);
        const cell = (await getOrganization(tx, org.id))!;
        const { imported, ledger } = await ops.importMonth(tx, actor, cell, request.query.month, payments, todayIso());
        return { imported, ledger: ledgerView(ledger) };
      });
    },
  );
}
