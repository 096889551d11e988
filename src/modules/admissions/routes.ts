import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z, type ZodType } from "zod";
import { authorize, type Actor } from "../../core/access/index.js";
import { listEntityEvents } from "../../core/audit/index.js";
import { inTransaction, type Executor, type Tx } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { inspectFile, uploadBodyLimit, type FileKind } from "../../core/uploads/index.js";
import { memberNames } from "../members/store.js";
import { getOrganization, organizationNames } from "../organizations/store.js";
import { admissionTargetsAround } from "../resolutions/public-admissions.js";
import {
  ADMISSION_STAGES,
  ceremonyBody,
  createCandidateBody,
  deadlineStamp,
  decisionBody,
  formBody,
  PIPELINE_PAGE_SIZE,
  pipelineQuery,
  DOSSIER_CONTENT_TYPES,
  DOSSIER_FILE_KINDS,
  formFileQuery,
  GENERATED_FORMS,
  voteBody,
  type DossierFileKind,
} from "./model.js";
import * as ops from "./operations.js";
import { formProviders } from "./public-mass-organizations.js";
import { candidateDetailSchema, candidateListSchema, candidateSchema, pipelineSchema } from "./present.js";
import {
  admissionBooks,
  getCandidate,
  getFormFile,
  listCandidates,
  listOpenCandidates,
  openCandidatesPage,
  stageCounts,
  listFormFiles,
  listForms,
  type CandidateRow,
  type LoadedCandidate,
} from "./store.js";
import { byOpenDeadline, candidateView, listItem } from "./views.js";

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
  const files = await listFormFiles(ex, c.id);
  return candidateView(c, forms, names, books, today, await formProviders(ex, c.id), files);
}

const dossierKinds = { kinds: [...DOSSIER_FILE_KINDS] as FileKind[], expected: "admissions.file_expected" };

export async function admissionRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

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

  // A form's file. It is read (in a worker thread, within the upload limits) before any transaction opens, so it
  // cannot use writeRoute, whose operation runs inside one; the access is checked before the file is read and again
  // inside the transaction, on the candidate as it is then.
  app.post(
    "/api/candidates/:id/form-files",
    {
      config: { rateLimit: "upload" },
      schema: {
        tags,
        params: idParams,
        querystring: formFileQuery,
        consumes: ["application/octet-stream"],
        body: z.instanceof(Buffer).optional(),
        response: { 200: candidateSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const db = app.database.db;
      const found = await getCandidate(db, request.params.id);
      if (!found) throw new NotFoundError("candidate");
      // Refused before the file is read: a stranger's upload costs no parsing.
      await authorize(db, actor, "member.manage", found.organizationId);
      const { form, fileName, version } = request.query;
      // A generated form takes no file: refused before the file is read (and again in the operation).
      if (GENERATED_FORMS.includes(form))
        throw new RuleError("form_generated", "form", "admissions.form_generated", { form });
      const bytes = request.body;
      if (!bytes?.length) throw new RuleError("upload_empty", "file", "admissions.file_empty");
      const { kind } = await inspectFile(bytes, { accept: dossierKinds });
      return inTransaction(app.database, async (tx) => {
        const c = await loadCandidate(tx, request, { lock: true });
        await authorize(tx, actor, "member.manage", c.organizationId);
        const input = { form, fileName, version, kind: kind as DossierFileKind, bytes };
        const row = await ops.uploadFormFile(tx, actor, c, input, todayIso());
        return view(tx, row, c.cellPath);
      });
    },
  );

  // A form's file, current or replaced, for those who read the candidate. A file, not JSON: no response schema.
  app.get(
    "/api/admission-form-files/:id",
    { config: { download: true }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const found = await getFormFile(app.database.db, request.params.id);
      if (!found) throw new NotFoundError("file");
      await authorize(app.database.db, actor, "member.view", found.organizationId);
      return reply
        .header("content-type", DOSSIER_CONTENT_TYPES[found.file.kind])
        .header("content-disposition", contentDisposition(found.file.fileName))
        .header("x-content-type-options", "nosniff")
        .send(found.file.bytes);
    },
  );

  // The đảng ủy's board: every cell's candidates by stage, the deadlines near or passed, and the admission targets.
  // The stages are counted by the store; the list is those still on the path, most urgent first, 50 a page.
  readRoute(app, {
    url: "/api/organizations/:id/admission-pipeline",
    replica: true,
    tags,
    params: idParams,
    query: pipelineQuery,
    response: pipelineSchema,
    action: "member.view",
    handle: async ({ ex, org, query }) => {
      const today = todayIso();
      const books = await admissionBooks(ex, org.path, today);
      const { counts, unkept } = await stageCounts(ex, org.path, deadlineStamp(books.rules, books.calendar));
      const start = (query.page - 1) * PIPELINE_PAGE_SIZE;
      // Every waiting candidate's due day kept with the rules in force here: the store pages (ADR 0176). Otherwise
      // (the holidays or rules changed and the deadline job has not caught up yet) every open candidate is dated here.
      const page =
        unkept === 0
          ? (await openCandidatesPage(ex, org.path, start, PIPELINE_PAGE_SIZE)).map((c) => listItem(c, books, today))
          : (await listOpenCandidates(ex, org.path))
              .map((c) => listItem(c, books, today))
              .sort(byOpenDeadline)
              .slice(start, start + PIPELINE_PAGE_SIZE);
      const totalCandidates = [...counts].reduce((sum, [stage, n]) => (stage === "full" ? sum : sum + n), 0);
      const targets = await admissionTargetsAround(ex, org.path);
      const names = new Map(
        (
          await organizationNames(ex, [
            ...new Set([...page.map((c) => c.organizationId), ...targets.map((t) => t.organizationId)]),
          ])
        ).map((o) => [o.id, o.name]),
      );
      return {
        stages: ADMISSION_STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 })),
        candidates: page.map((c) => ({ ...c, cellName: names.get(c.organizationId) ?? "" })),
        page: query.page,
        pageSize: PIPELINE_PAGE_SIZE,
        totalCandidates,
        targets: targets.map((t) => ({ ...t, organizationName: names.get(t.organizationId) ?? "" })),
      };
    },
  });
}
