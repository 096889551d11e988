import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, can, decide, loadOrgRef, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { getOrganization } from "../organizations/store.js";
import {
  ballotBody,
  ballotCorrectionBody,
  ballotParams,
  congressFromElectionsBody,
  createElectionBody,
  openRoundBody,
  releaseBody,
  tallyBody,
} from "./elections-model.js";
import * as ops from "./elections-operations.js";
import {
  ballotEnteredSchema,
  ballotSchema,
  electionDetailSchema,
  electionListSchema,
  electionSchema,
  missingSerialsSchema,
  roundSchema,
  runningCountSchema,
} from "./elections-present.js";
import type { ElectionRow, RoundRow } from "./elections-store.js";
import { getElection, getRound } from "./elections-store.js";
import { recordedCongressSchema } from "./present.js";

const tags = ["elections"];

async function loadOrganization(ex: Executor, { params }: { params: { id: string } }) {
  const org = await getOrganization(ex, params.id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

async function loadElection(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const election = await getElection(ex, params.id, { forUpdate: lock });
  if (!election) throw new NotFoundError("election");
  return election;
}

interface RoundRecord {
  round: RoundRow;
  election: ElectionRow;
  orgRef: OrgRef;
}

/** A round with its election. Ballots share the round's lock, so counters enter at once while a release waits. */
const roundLoader =
  (lock: "update" | "share") =>
  async (ex: Executor, { params }: { params: { id: string } }, o: { lock: boolean }): Promise<RoundRecord> => {
    const round = await getRound(ex, params.id, { lock: o.lock ? lock : undefined });
    if (!round) throw new NotFoundError("election_round");
    const election = (await getElection(ex, round.electionId))!;
    const orgRef = await loadOrgRef(ex, round.organizationId);
    if (!orgRef) throw new NotFoundError("organization");
    return { round, election, orgRef };
  };

/** The counting board's members count; so does whoever runs the congress for the organisation. */
const mayCount = (actor: Actor, r: RoundRecord) =>
  (actor.memberId !== null && r.election.board.some((b) => b.memberId === actor.memberId)) ||
  can(actor, "plan.manage", r.orgRef);

const ofRound = (r: RoundRecord) => r.round.organizationId;

export async function electionRoutes(app: FastifyInstance) {
  readRoute(app, {
    url: "/api/organizations/:id/elections",
    tags,
    summary: "Elections held at an organisation's congresses, with their rounds",
    params: idParams,
    response: electionListSchema,
    action: "plan.view",
    handle: ({ ex, org }) => ops.electionsOf(ex, org.id),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/elections",
    tags,
    summary: "Set up an election: seats, candidates (within the rulebook's ratio) and the counting board",
    params: idParams,
    body: createElectionBody,
    response: electionSchema,
    status: 201,
    action: "plan.manage",
    load: loadOrganization,
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.createElection(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/elections/:id",
    tags,
    params: idParams,
    response: electionDetailSchema,
    action: "plan.view",
    load: (ex, input) => loadElection(ex, input, { lock: false }),
    handle: ({ ex, record }) => ops.electionDetail(ex, record),
  });

  writeRoute(app, {
    url: "/api/elections/:id/rounds",
    tags,
    summary: "Open the next round: the first, or the one the rulebook sends after a tie or too few elected",
    params: idParams,
    body: openRoundBody,
    response: roundSchema,
    status: 201,
    action: "plan.manage",
    load: loadElection,
    handle: async ({ ex, actor, record, body }) =>
      ops.openRound(ex, actor, (await getOrganization(ex, record.organizationId))!, record, body),
  });

  writeRoute(app, {
    url: "/api/election-rounds/:id/ballots",
    tags,
    summary: "Enter one ballot by its serial (any board member, on any device, at the same time as others)",
    params: idParams,
    body: ballotBody,
    response: ballotEnteredSchema,
    status: 201,
    action: "plan.view",
    load: roundLoader("share"),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, record, body }) => ops.enterBallot(ex, record.round, body),
  });

  readRoute(app, {
    url: "/api/election-rounds/:id/missing",
    tags,
    summary: "Serials of a round not yet entered",
    params: idParams,
    response: missingSerialsSchema,
    action: "plan.view",
    load: (ex, input) => roundLoader("share")(ex, input, { lock: false }),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, record }) => ops.missingSerials(ex, record.round),
  });

  readRoute(app, {
    url: "/api/election-rounds/:id/count",
    tags,
    summary: "The count so far of a round, corrections included, for the counting board",
    params: idParams,
    response: runningCountSchema,
    action: "plan.view",
    load: (ex, input) => roundLoader("share")(ex, input, { lock: false }),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, record }) => ops.runningCount(ex, record.round),
  });

  readRoute(app, {
    url: "/api/election-rounds/:id/ballots/:serial",
    tags,
    summary: "One entered ballot by its serial, to check it against the paper",
    params: ballotParams,
    response: ballotSchema,
    action: "plan.view",
    load: (ex, input) => roundLoader("share")(ex, input, { lock: false }),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, record, params }) => ops.ballotOf(ex, record.round, params.serial),
  });

  writeRoute(app, {
    url: "/api/election-rounds/:id/ballots/:serial",
    method: "PUT",
    tags,
    summary: "Correct a ballot entered wrongly while the round is counted: same serial, marks replaced, audited",
    params: ballotParams,
    body: ballotCorrectionBody,
    response: ballotSchema,
    action: "plan.view",
    load: roundLoader("share"),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, actor, record, params, body }) => ops.correctBallot(ex, actor, record.round, params.serial, body),
  });

  writeRoute(app, {
    url: "/api/election-rounds/:id/tally",
    tags,
    summary: "The counting board's tally of a round, instead of entering each ballot",
    params: idParams,
    body: tallyBody,
    response: roundSchema,
    action: "plan.view",
    load: roundLoader("update"),
    organizationOf: ofRound,
    allow: mayCount,
    handle: ({ ex, actor, record, body }) => ops.recordTally(ex, actor, record.round, body),
  });

  writeRoute(app, {
    url: "/api/election-rounds/:id/release",
    tags,
    summary: "Release a round's result, once every ballot taken from the box is counted",
    params: idParams,
    body: releaseBody,
    response: roundSchema,
    action: "plan.manage",
    load: roundLoader("update"),
    organizationOf: ofRound,
    handle: async ({ ex, actor, record, body }) =>
      ops.releaseRound(ex, actor, (await getOrganization(ex, record.round.organizationId))!, record.round, body),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/elections/congress",
    tags,
    summary: "Record the congress from the day's finished elections: new term, committee, secretary, checklist",
    params: idParams,
    body: congressFromElectionsBody,
    response: recordedCongressSchema,
    status: 201,
    action: "plan.manage",
    load: loadOrganization,
    organizationOf: (org) => org.id,
    handle: ({ ex, actor, record, body }) => ops.recordCongressFromElections(ex, actor, record, body),
  });

  // The papers: the round's ballots to print, and the counting minutes once the result is released.
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;
  const papers = [
    { name: "ballots", action: "plan.manage", file: ops.ballotsFile, label: "Phieu bau" },
    { name: "minutes", action: "plan.view", file: ops.countingMinutesFile, label: "Bien ban kiem phieu" },
  ] as const;
  for (const paper of papers)
    typed.get(
      `/api/election-rounds/:id/${paper.name}/file`,
      { config: { rateLimit: "render", download: true }, schema: { tags, params: z.object({ id: z.uuid() }) } },
      async (request, reply) => {
        const actor = requireActor(request);
        const { round, election, orgRef } = await roundLoader("share")(db(), request, { lock: false });
        decide(actor, paper.action, orgRef);
        const org = (await getOrganization(db(), round.organizationId))!;
        const bytes = await paper.file(db(), org, election, round);
        const name = `${paper.label} - ${election.title} - vong ${round.number}.pdf`;
        return reply
          .header("content-type", "application/pdf")
          .header("content-disposition", contentDisposition(name, false))
          .send(bytes);
      },
    );
}
