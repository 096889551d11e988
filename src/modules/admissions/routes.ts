import type { FastifyInstance } from "fastify";
import type { ZodType } from "zod";
import type { Actor } from "../../core/access/index.js";
import { listEntityEvents } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { memberNames } from "../members/store.js";
import { getOrganization, organizationNames, subtreeIds } from "../organizations/store.js";
import { admissionTargets } from "../resolutions/public-admissions.js";
import { ADMISSION_STAGES, ceremonyBody, createCandidateBody, decisionBody, formBody, voteBody } from "./model.js";
import * as ops from "./operations.js";
import { candidateDetailSchema, candidateListSchema, candidateSchema, pipelineSchema } from "./present.js";
import {
  admissionBooks,
  getCandidate,
  listCandidates,
  listForms,
  type CandidateRow,
  type LoadedCandidate,
} from "./store.js";
import { candidateView, listItem } from "./views.js";

const tags = ["admissions"];

async function loadCandidate(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getCandidate(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("candidate");
  return row;
}

/** The đảng ủy decides: its decisions are checked on the cell's parent (the cell itself when it has none). */
const partyCommitteeOf = (c: LoadedCandidate) => c.partyCommitteeId ?? c.organizationId;

async function view(ex: Executor, c: CandidateRow, cellPath: string) {
  const today = todayIso();
  const books = await admissionBooks(ex, cellPath, today);
  const forms = await listForms(ex, [c.id]);
  const names = await memberNames(ex, c.helperIds);
  return candidateView(c, forms, names, books, today);
}

export async function admissionRoutes(app: FastifyInstance) {
  // A candidate's record is personal data: member.view (the cell's committee, the office, the đảng ủy members who
  // follow the cell), never the cell's ordinary members, who meet the name only in the vote.
  readRoute(app, {
    url: "/api/organizations/:id/candidates",
    tags,
    params: idParams,
    response: candidateListSchema,
    action: "member.view",
    handle: async ({ ex, org }) => {
      const today = todayIso();
      const books = await admissionBooks(ex, org.path, today);
      return { items: (await listCandidates(ex, [org.id])).map((c) => listItem(c, books, today)) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/candidates",
    tags,
    params: idParams,
    body: createCandidateBody,
    response: candidateSchema,
    status: 201,
    action: "member.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return { ...org, organizationId: org.id };
    },
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.createCandidate(ex, actor, record, body, todayIso());
      return view(ex, row, record.path);
    },
  });

  readRoute(app, {
    url: "/api/candidates/:id",
    tags,
    params: idParams,
    response: candidateDetailSchema,
    action: "member.view",
    load: loadCandidate,
    handle: async ({ ex, record }) => ({
      ...(await view(ex, record, record.cellPath)),
      cellName: record.cellName,
      history: await listEntityEvents(ex, "admission_candidate", record.id),
    }),
  });

  // Each step of the path: one body, one operation, the candidate answered as the page shows it. The input is
  // parsed by the step's own schema before the operation sees it.
  type Step = (tx: Tx, actor: Actor, c: LoadedCandidate, input: never, today: string) => Promise<CandidateRow>;
  const step = (url: string, body: ZodType, run: Step, byPartyCommittee = false) =>
    writeRoute(app, {
      url,
      tags,
      params: idParams,
      body,
      response: candidateSchema,
      action: "member.manage",
      load: loadCandidate,
      ...(byPartyCommittee ? { organizationOf: partyCommitteeOf } : {}),
      handle: async ({ ex, actor, record, body: input }) => {
        const row = await run(ex, actor, record, input as never, todayIso());
        return view(ex, row, record.cellPath);
      },
    });

  step("/api/candidates/:id/forms", formBody, ops.recordForm);
  step("/api/candidates/:id/resolution", voteBody, ops.voteAdmission);
  step("/api/candidates/:id/decision", decisionBody, ops.decideAdmission, true);
  step("/api/candidates/:id/ceremony", ceremonyBody, ops.holdCeremony);
  step("/api/candidates/:id/recognition-vote", voteBody, ops.voteRecognition);
  step("/api/candidates/:id/recognition-decision", decisionBody, ops.decideRecognition, true);

  // The đảng ủy's board: every cell's candidates by stage, the deadlines near or passed, and the admission targets.
  readRoute(app, {
    url: "/api/organizations/:id/admission-pipeline",
    tags,
    params: idParams,
    response: pipelineSchema,
    action: "member.view",
    handle: async ({ ex, org }) => {
      const today = todayIso();
      const books = await admissionBooks(ex, org.path, today);
      const ids = await subtreeIds(ex, org.path);
      const rows = await listCandidates(ex, ids);
      const names = new Map((await organizationNames(ex, ids)).map((o) => [o.id, o.name]));
      const urgency = { passed: 0, near: 1, running: 2 } as const;
      const candidates = rows
        .map((c) => ({ ...listItem(c, books, today), cellName: names.get(c.organizationId) ?? "" }))
        .sort(
          (a, b) =>
            (a.openDeadline ? urgency[a.openDeadline.state] : 3) -
              (b.openDeadline ? urgency[b.openDeadline.state] : 3) ||
            (a.openDeadline?.dueOn ?? "").localeCompare(b.openDeadline?.dueOn ?? ""),
        );
      const ancestors = org.path.split("/").filter(Boolean);
      const targets = await admissionTargets(ex, [...new Set([...ancestors, ...ids])]);
      const targetOrgs = new Map(
        (
          await organizationNames(
            ex,
            targets.map((t) => t.organizationId),
          )
        ).map((o) => [o.id, o.name]),
      );
      return {
        stages: ADMISSION_STAGES.map((stage) => ({ stage, count: rows.filter((r) => r.stage === stage).length })),
        candidates,
        targets: targets.map((t) => ({ ...t, organizationName: targetOrgs.get(t.organizationId) ?? "" })),
      };
    },
  });
}
