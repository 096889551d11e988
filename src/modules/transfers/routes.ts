import type { FastifyInstance } from "fastify";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { listMembers } from "../members/store.js";
import { getOrganization, subtreeIds } from "../organizations/store.js";
import { cancelBody, hostCommentBody, stayState, temporaryStayBody, transferInBody, transferOutBody } from "./model.js";
import * as ops from "./operations.js";
import { staySchema, transferSchema, transfersPageSchema } from "./present.js";
import {
  getStay,
  getTransfer,
  listStays,
  listTransfers,
  type StayRow,
  type TransferRow,
  transferBooks,
} from "./store.js";
import { namesFor, stayView, transferView } from "./views.js";

const tags = ["transfers"];

async function loadStay(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getStay(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("temporary_stay");
  return row;
}

async function loadTransfer(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getTransfer(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("party_transfer");
  return row;
}

async function answerTransfer(ex: Executor, row: TransferRow, committeePath: string) {
  // The books the transfer was recorded under: a letter received may predate the rules, its presentation may not.
  const books = await transferBooks(ex, committeePath, row.effectiveOn);
  return transferView(row, await namesFor(ex, [row], []), books, todayIso());
}

async function answerStay(ex: Executor, row: StayRow) {
  return stayView(row, await namesFor(ex, [], [row]), todayIso());
}

export async function transferRoutes(app: FastifyInstance) {
  // One page for a cell and for the đảng bộ: the moves across the đảng bộ's edge, the temporary members hosted
  // (listed apart, not counted in the total) and the members away (reviewed here with their host's comments).
  readRoute(app, {
    url: "/api/organizations/:id/transfers",
    tags,
    params: idParams,
    response: transfersPageSchema,
    action: "member.view",
    handle: async ({ ex, org }) => {
      const today = todayIso();
      const full = (await getOrganization(ex, org.id))!;
      const ids = await subtreeIds(ex, full.path);
      const inSubtree = new Set(ids);
      const here = (id: string | null) => id !== null && inSubtree.has(id);
      const transfers = await listTransfers(ex, ids);
      const stays = await listStays(ex, ids);
      const names = await namesFor(ex, transfers, stays);
      const hosted = stays.filter((s) => here(s.hostOrganizationId));
      const books = await transferBooks(ex, full.path, today);
      const { total } = await listMembers(ex, full.path, { limit: 1, offset: 0 });
      return {
        organizationId: full.id,
        kind: full.kind,
        memberTotal: total,
        transfers: transfers.map((t) => transferView(t, names, books, today)),
        hosted: hosted.map((s) => stayView(s, names, today)),
        // A stay between two cells of the subtree is shown once, where it is hosted.
        away: stays
          .filter((s) => here(s.homeOrganizationId) && !here(s.hostOrganizationId))
          .map((s) => stayView(s, names, today)),
        // Hosted members on the roll of another organisation: on the đảng bộ's page, a move between two of its cells
        // keeps the member in its total.
        notCounted: hosted.filter(
          (s) => !here(s.homeOrganizationId) && !s.cancelledOn && stayState(s, today) === "current",
        ).length,
        workingDays: books.rules.workingDays,
        temporary: books.rules.temporary,
      };
    },
  });

  // The đảng ủy's acts, on the đảng bộ: the giấy giới thiệu out, a member received, a temporary stay.
  writeRoute(app, {
    url: "/api/organizations/:id/transfers/out",
    tags,
    params: idParams,
    body: transferOutBody,
    response: transferSchema,
    status: 201,
    action: "member.manage",
    handle: async ({ ex, actor, org, body }) => {
      const committee = ops.expectPartyCommittee((await getOrganization(ex, org.id))!);
      const row = await ops.transferOut(ex, actor, committee, body, todayIso());
      return answerTransfer(ex, row, committee.path);
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/transfers/in",
    tags,
    params: idParams,
    body: transferInBody,
    response: transferSchema,
    status: 201,
    action: "member.manage",
    handle: async ({ ex, actor, org, body }) => {
      const committee = ops.expectPartyCommittee((await getOrganization(ex, org.id))!);
      const row = await ops.transferIn(ex, actor, committee, body, todayIso());
      return answerTransfer(ex, row, committee.path);
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/temporary-stays",
    tags,
    params: idParams,
    body: temporaryStayBody,
    response: staySchema,
    status: 201,
    action: "member.manage",
    handle: async ({ ex, actor, org, body }) => {
      const committee = ops.expectPartyCommittee((await getOrganization(ex, org.id))!);
      return answerStay(ex, await ops.createStay(ex, actor, committee, body));
    },
  });

  // The host cell's secretary writes the comment; for a host outside the đảng bộ, the official cell records it.
  writeRoute(app, {
    url: "/api/temporary-stays/:id/comment",
    tags,
    params: idParams,
    body: hostCommentBody,
    response: staySchema,
    action: "member.manage",
    load: loadStay,
    organizationOf: ops.stayOwner,
    handle: async ({ ex, actor, record, body }) =>
      answerStay(ex, await ops.commentOnStay(ex, actor, record, body, todayIso())),
  });

  // A transfer out withdrawn while its letter is valid, by the đảng ủy that issued it: the letter stays in the
  // register, revoked; the member returns to the roll.
  writeRoute(app, {
    url: "/api/party-transfers/:id/cancel",
    tags,
    params: idParams,
    body: cancelBody,
    response: transferSchema,
    action: "member.manage",
    load: loadTransfer,
    organizationOf: (t: TransferRow) => t.partyCommitteeId,
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.cancelTransfer(ex, actor, record, body, todayIso());
      return answerTransfer(ex, row, (await getOrganization(ex, row.partyCommitteeId))!.path);
    },
  });

  // A stay cancelled by the đảng ủy that recorded it (the cells see it on their page).
  writeRoute(app, {
    url: "/api/temporary-stays/:id/cancel",
    tags,
    params: idParams,
    body: cancelBody,
    response: staySchema,
    action: "member.manage",
    load: loadStay,
    organizationOf: (s: StayRow) => s.partyCommitteeId,
    handle: async ({ ex, actor, record, body }) =>
      answerStay(ex, await ops.cancelStay(ex, actor, record, body, todayIso())),
  });
}
