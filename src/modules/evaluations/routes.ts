import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { authorize, type Actor } from "../../core/access/index.js";
import { inTransaction, type Executor } from "../../core/db/index.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getMember } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import {
  awardProposals,
  cellsViewQuery,
  closePeriodBody,
  commentBody,
  decisionBody,
  deadlinesFor,
  type Level,
  openPeriodBody,
  proposalBody,
  publishBody,
  reRankBody,
  selfAssessmentBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  assessmentSchema,
  cellViewSchema,
  commentSchema,
  decemberViewSchema,
  decisionListSchema,
  decisionSchema,
  formSchema,
  listPeriodsSchema,
  memberHistorySchema,
  myEvaluationsSchema,
  periodDetailSchema,
  periodSchema,
  presentAssessment,
  presentComment,
  presentDecision,
  presentPeriod,
  presentProgress,
  presentProposal,
  proposalSchema,
  publishedResultsSchema,
  subjectDetailSchema,
} from "./present.js";
import * as store from "./store.js";

const tags = ["evaluations"];
const PAGE_SIZE = 50;
const cellParams = z.object({ id: z.uuid(), cellId: z.uuid() });

/**
 * The year-end review. Who may do what (ADR 0101): a member writes and reads their own self-assessment, reads the
 * comments about them and, once published, their level and their cell's results; the cell's committee runs the
 * review (evaluation.run on the cell); the đảng ủy decides (evaluation.decide on the đảng bộ); the UBKT and the
 * đảng ủy members following a cell read (evaluation.view). Nobody else sees a score.
 */
export async function evaluationRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  async function loadPeriod(ex: Executor, id: string) {
    const period = await store.getPeriod(ex, id);
    if (!period) throw new NotFoundError("evaluation_period");
    return period;
  }

  async function loadSubject(ex: Executor, id: string) {
    const subject = await store.getSubject(ex, id);
    if (!subject) throw new NotFoundError("evaluation_subject");
    const period = await loadPeriod(ex, subject.periodId);
    return { subject, period };
  }

  const isOwn = (actor: Actor, subject: { memberId: string | null }) =>
    actor.memberId !== null && actor.memberId === subject.memberId;

  /** The member's own subject (evaluation.self), or for a cell's own Mẫu 01, its committee (evaluation.run). */
  async function authorizeAuthor(actor: Actor, subject: store.SubjectRow) {
    if (subject.kind === "cell") return authorize(db(), actor, "evaluation.run", subject.cellId);
    await authorize(db(), actor, "evaluation.self", subject.cellId);
    if (!isOwn(actor, subject)) throw new ForbiddenError();
  }

  /** Reading a subject: its member, or whoever may read scores in its cell. */
  async function authorizeReader(actor: Actor, subject: store.SubjectRow) {
    if (isOwn(actor, subject)) return authorize(db(), actor, "evaluation.self", subject.cellId);
    return authorize(db(), actor, "evaluation.view", subject.cellId);
  }

  async function detail(
    subject: NonNullable<Awaited<ReturnType<typeof store.getSubject>>>,
    period: store.PeriodRow,
    own: boolean,
  ) {
    const [assessment, comments, proposal, decision] = await Promise.all([
      store.assessmentOf(db(), subject.id),
      store.commentsOn(db(), subject.id),
      store.proposalOf(db(), subject.id),
      store.decisionOf(db(), subject.id),
    ]);
    return {
      id: subject.id,
      periodId: subject.periodId,
      cellId: subject.cellId,
      cellName: subject.cellName,
      kind: subject.kind,
      memberId: subject.memberId,
      name: subject.memberName ?? subject.cellName,
      post: subject.post,
      form: subject.form,
      excluded: subject.excluded,
      exclusionReason: subject.exclusionReason,
      version: subject.version,
      assessment: assessment ? presentAssessment(assessment) : null,
      comments: comments.map(presentComment),
      proposal: proposal ? presentProposal(proposal) : null,
      decision: decision && (!own || period.publishedAt) ? presentDecision(decision) : null,
    };
  }

  // ── periods (the đảng bộ) ──

  app.post(
    "/api/organizations/:id/evaluation-periods",
    {
      schema: {
        tags,
        summary: "Open a review period",
        params: idParams,
        body: openPeriodBody,
        response: { 201: periodSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "evaluation.decide", request.params.id);
      const period = await inTransaction(app.database, async (tx) => {
        const org = (await getOrganization(tx, request.params.id))!;
        return ops.openPeriod(tx, actor, org, request.body);
      });
      const { rules } = await ops.periodRules(db(), {
        ...period,
        organizationPath: (await getOrganization(db(), period.organizationId))!.path,
      });
      return reply.status(201).send(presentPeriod(period, deadlinesFor(rules.timeline, period)));
    },
  );

  app.get(
    "/api/organizations/:id/evaluation-periods",
    { schema: { tags, params: idParams, response: { 200: listPeriodsSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const org = await authorize(db(), actor, "evaluation.view", request.params.id);
      const periods = await store.listPeriods(db(), org.id);
      const items = [];
      for (const p of periods) {
        const { rules } = await ops.periodRules(db(), { ...p, organizationPath: org.path });
        items.push(presentPeriod(p, deadlinesFor(rules.timeline, p)));
      }
      return { items };
    },
  );

  app.get(
    "/api/evaluation-periods/:id",
    { schema: { tags, params: idParams, response: { 200: periodDetailSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.view", period.organizationId);
      const { rules } = await ops.periodRules(db(), period);
      const [quota, progress] = await Promise.all([
        ops.quotaStatus(db(), period, rules),
        store.subjectProgress(db(), period.id),
      ]);
      const members = progress.filter((p) => p.kind === "member");
      return {
        ...presentPeriod(period, deadlinesFor(rules.timeline, period)),
        organizationName: period.organizationName,
        quota,
        counts: {
          subjects: members.length,
          excluded: members.filter((m) => m.excluded).length,
          submitted: members.filter((m) => m.submittedAt).length,
          proposed: members.filter((m) => m.proposedLevel).length,
          decided: members.filter((m) => m.decidedLevel).length,
        },
      };
    },
  );

  app.post(
    "/api/evaluation-periods/:id/close",
    { schema: { tags, params: idParams, body: closePeriodBody, response: { 200: periodSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.decide", period.organizationId);
      const row = await inTransaction(app.database, (tx) => ops.closePeriod(tx, actor, period, request.body.version));
      const { rules } = await ops.periodRules(db(), period);
      return presentPeriod(row, deadlinesFor(rules.timeline, row));
    },
  );

  app.post(
    "/api/evaluation-periods/:id/publish",
    {
      schema: {
        tags,
        summary: "Publish the results and notify members",
        params: idParams,
        body: publishBody,
        response: { 200: periodSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.decide", period.organizationId);
      const row = await inTransaction(app.database, (tx) =>
        ops.publish(tx, actor, period, request.body.version, new Date()),
      );
      const { rules } = await ops.periodRules(db(), period);
      return presentPeriod(row, deadlinesFor(rules.timeline, row));
    },
  );

  app.get(
    "/api/evaluation-periods/:id/decisions",
    {
      schema: {
        tags,
        summary: "The decision list (QĐ, Mẫu 04, XLSX)",
        params: idParams,
        response: { 200: decisionListSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.view", period.organizationId);
      return ops.decisionList(db(), period);
    },
  );

  app.get(
    "/api/evaluation-periods/:id/cells",
    {
      schema: {
        tags,
        summary: "The office's December view, 50 cells a page",
        params: idParams,
        querystring: cellsViewQuery,
        response: { 200: decemberViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const period = await loadPeriod(db(), request.params.id);
      await authorize(db(), actor, "evaluation.view", period.organizationId);
      const { rules } = await ops.periodRules(db(), period);
      const today = todayIso();
      const deadlines = deadlinesFor(rules.timeline, period);
      const meetingDue = deadlines.find((d) => d.key === "cell_meeting")!.due;
      const { page } = request.query;
      const [{ items, totals }, quota, cells] = await Promise.all([
        store.decemberPage(db(), period.id, period.organizationPath, (page - 1) * PAGE_SIZE, PAGE_SIZE),
        ops.quotaStatus(db(), period, rules),
        store.cellsUnder(db(), period.organizationPath),
      ]);
      const late = (met: boolean) => !met && today >= meetingDue;
      return {
        period: presentPeriod(period, deadlines),
        today,
        page,
        pageSize: PAGE_SIZE,
        totalCells: cells.length,
        totals: { ...totals, cellsLate: today >= meetingDue ? totals.cells - totals.cellsMet : 0 },
        quota,
        items: items.map((r) => ({
          ...r,
          meetingHeld: r.meetingId !== null,
          late: late(r.meetingId !== null),
          cellProposedLevel: r.cellProposedLevel as Level | null,
          cellDecidedLevel: r.cellDecidedLevel as Level | null,
        })),
      };
    },
  );

  // ── a cell's review ──

  async function loadCell(periodId: string, cellId: string) {
    const period = await loadPeriod(db(), periodId);
    const cell = (await store.cellsUnder(db(), period.organizationPath)).find((c) => c.id === cellId);
    if (!cell) throw new NotFoundError("organization");
    return { period, cell };
  }

  app.get(
    "/api/evaluation-periods/:id/cells/:cellId",
    {
      schema: {
        tags,
        summary: "A cell's subjects, its report facts (Mẫu 01) and deadlines",
        params: cellParams,
        response: { 200: cellViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "evaluation.view", request.params.cellId);
      const { period, cell } = await loadCell(request.params.id, request.params.cellId);
      const { rules } = await ops.periodRules(db(), period);
      const [subjects, report] = await Promise.all([
        store.subjectProgress(db(), period.id, [cell.id]),
        ops.cellReportFacts(db(), period, cell, new Date()),
      ]);
      return { subjects: subjects.map(presentProgress), report, deadlines: deadlinesFor(rules.timeline, period) };
    },
  );

  app.get(
    "/api/evaluation-periods/:id/cells/:cellId/results",
    {
      schema: {
        tags,
        summary: "Published levels of a cell (no scores)",
        params: cellParams,
        response: { 200: publishedResultsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "evaluation.self", request.params.cellId);
      const { period, cell } = await loadCell(request.params.id, request.params.cellId);
      if (!period.publishedAt) throw new ConflictError("not_published", "evaluations.not_published");
      const rows = await store.subjectProgress(db(), period.id, [cell.id]);
      return {
        periodId: period.id,
        year: period.year,
        publishedAt: period.publishedAt.toISOString(),
        items: rows
          .filter((r) => r.decidedLevel)
          .map((r) => ({ subjectId: r.id, kind: r.kind, name: r.name, level: r.decidedLevel as Level })),
      };
    },
  );

  // ── a subject: the member (or the cell as a collective) ──

  app.get(
    "/api/evaluation-subjects/:id",
    { schema: { tags, params: idParams, response: { 200: subjectDetailSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorizeReader(actor, subject);
      return detail(subject, period, isOwn(actor, subject));
    },
  );

  app.get(
    "/api/evaluation-subjects/:id/form",
    {
      schema: {
        tags,
        summary: "The self-assessment form, pre-filled with the facts",
        params: idParams,
        response: { 200: formSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorizeAuthor(actor, subject);
      const { rules, rubric, rubricBook } = await ops.periodRules(db(), period);
      const saved = await store.assessmentOf(db(), subject.id);
      const facts =
        subject.kind === "member"
          ? await ops.memberFacts(db(), period, subject, {
              exceededTaskIds: saved?.exceededTaskIds,
              previousFixed: saved?.previousFixed,
              now: new Date(),
            })
          : null;
      const { comments: _c, proposal: _p, decision: _d, ...rest } = await detail(subject, period, true);
      return {
        subject: rest,
        period: presentPeriod(period, deadlinesFor(rules.timeline, period)),
        rubricKey: rubricBook.key,
        rubricProductReading: rubric.productReading,
        rubric: rubric.variants[subject.post]!.sections,
        facts,
      };
    },
  );

  app.put(
    "/api/evaluation-subjects/:id/self-assessment",
    {
      schema: {
        tags,
        summary: "Save or hand in the self-assessment",
        params: idParams,
        body: selfAssessmentBody,
        response: { 200: assessmentSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorizeAuthor(actor, subject);
      const row = await inTransaction(app.database, (tx) =>
        ops.saveSelfAssessment(tx, actor, period, subject, request.body, new Date()),
      );
      return presentAssessment(row);
    },
  );

  app.post(
    "/api/evaluation-subjects/:id/comments",
    {
      schema: {
        tags,
        summary: "Record a comment (phê bình) or a residence cell's comment",
        params: idParams,
        body: commentBody,
        response: { 201: commentSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorize(db(), actor, "evaluation.run", subject.cellId);
      const row = await inTransaction(app.database, (tx) => ops.addComment(tx, actor, period, subject, request.body));
      return reply.status(201).send(presentComment(row));
    },
  );

  app.post(
    "/api/evaluation-subjects/:id/proposal",
    {
      schema: {
        tags,
        summary: "The level the cell proposes at its review meeting",
        params: idParams,
        body: proposalBody,
        response: { 200: proposalSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorize(db(), actor, "evaluation.run", subject.cellId);
      const row = await inTransaction(app.database, (tx) => ops.propose(tx, actor, period, subject, request.body));
      return presentProposal(row);
    },
  );

  app.post(
    "/api/evaluation-subjects/:id/decision",
    {
      schema: {
        tags,
        summary: "The đảng ủy's decision on a level",
        params: idParams,
        body: decisionBody,
        response: { 200: decisionSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorize(db(), actor, "evaluation.decide", period.organizationId);
      const row = await inTransaction(app.database, (tx) => ops.decide(tx, actor, period, subject, request.body));
      return presentDecision(row);
    },
  );

  app.post(
    "/api/evaluation-subjects/:id/re-rank",
    {
      schema: {
        tags,
        summary: "Re-rank after a later finding (Mẫu 03)",
        params: idParams,
        body: reRankBody,
        response: { 200: decisionSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { subject, period } = await loadSubject(db(), request.params.id);
      await authorize(db(), actor, "evaluation.decide", period.organizationId);
      const row = await inTransaction(app.database, (tx) =>
        ops.reRank(tx, actor, period, subject, request.body, new Date()),
      );
      return presentDecision(row);
    },
  );

  // ── a member across periods ──

  app.get("/api/me/evaluations", { schema: { tags, response: { 200: myEvaluationsSchema } } }, async (request) => {
    const actor = requireActor(request);
    if (!actor.memberId) return { items: [] };
    const rows = await store.subjectsOfMember(db(), actor.memberId);
    const items = [];
    for (const { subject, period } of rows) {
      const path = (await getOrganization(db(), period.organizationId))!.path;
      const { rules } = await ops.periodRules(db(), { ...period, organizationPath: path });
      const [assessment, decision] = await Promise.all([
        store.assessmentOf(db(), subject.id),
        store.decisionOf(db(), subject.id),
      ]);
      items.push({
        subjectId: subject.id,
        period: presentPeriod(period, deadlinesFor(rules.timeline, period)),
        form: subject.form,
        excluded: subject.excluded,
        exclusionReason: subject.exclusionReason,
        submittedAt: assessment?.submittedAt?.toISOString() ?? null,
        level: period.publishedAt && decision ? decision.level : null,
      });
    }
    return { items };
  });

  app.get(
    "/api/members/:id/evaluations",
    {
      schema: {
        tags,
        summary: "A member's levels year by year, and award proposals",
        params: idParams,
        response: { 200: memberHistorySchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const member = await getMember(db(), request.params.id);
      if (!member) throw new NotFoundError("member");
      const own = actor.memberId === member.id;
      await authorize(db(), actor, own ? "evaluation.self" : "evaluation.view", member.organizationId);
      // The member reads their own levels once published; readers of scores read every decision.
      const rows = (await store.memberDecisions(db(), member.id)).filter(
        (r) => r.kind === "year" && (!own || r.publishedAt),
      );
      const years = rows.map((r) => ({
        periodId: r.periodId,
        year: r.year,
        level: r.level as Level,
        decidedOn: r.decidedOn,
        rulebookKey: r.rulebookKey,
      }));
      const latest = rows.at(-1);
      let awards: { year: number; kind: "certificate" | "consecutive" }[] = [];
      if (latest) {
        const period = (await store.getPeriod(db(), latest.periodId))!;
        const { rules } = await ops.periodRules(db(), period);
        awards = awardProposals(rules.awards, years);
      }
      return { memberId: member.id, years, awards };
    },
  );
}
