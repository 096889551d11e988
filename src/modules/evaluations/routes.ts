import type { FastifyInstance } from "fastify";
import { keptTally } from "./tallies.js";
import { z } from "zod";
import { type Actor, can, decide, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getMeeting } from "../meetings/store.js";
import { getMember } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import {
  awardProposals,
  cellsViewQuery,
  closePeriodBody,
  commentBody,
  decisionBody,
  type Level,
  openPeriodBody,
  proposalBody,
  publishBody,
  reRankBody,
  reviewMeetingBody,
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
  meetingReviewSchema,
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
  reviewMeetingSchema,
  subjectDetailSchema,
} from "./present.js";
import { holdReviewMeeting, reviewMeetingOf, reviewOfMeeting } from "./review-meeting.js";
import * as store from "./store.js";
import { myEvaluations } from "./public-home.js";
import { hostCommentsFor } from "../transfers/public-evaluations.js";

const tags = ["evaluations"];
const PAGE_SIZE = 50;
const cellParams = z.object({ id: z.uuid(), cellId: z.uuid() });

type Period = NonNullable<Awaited<ReturnType<typeof store.getPeriod>>>;
type Subject = NonNullable<Awaited<ReturnType<typeof store.getSubject>>>;

async function loadPeriod(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const period = await store.getPeriod(ex, params.id, { forUpdate: lock });
  if (!period) throw new NotFoundError("evaluation_period");
  return period;
}

/** A subject and its period; a write locks both (the period first, as every write of the period does). */
async function loadSubject(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const found = await store.getSubject(ex, params.id);
  if (!found) throw new NotFoundError("evaluation_subject");
  const period = await loadPeriod(ex, { params: { id: found.periodId } }, { lock });
  const subject = lock ? (await store.getSubject(ex, params.id, { forUpdate: true }))! : found;
  return { subject, period };
}

/** A cell of the period's đảng bộ; the action is checked on the cell. */
async function loadCell(ex: Executor, { params }: { params: { id: string; cellId: string } }) {
  const period = await loadPeriod(ex, { params }, { lock: false });
  const cell = (await store.cellsUnder(ex, period.organizationPath)).find((c) => c.id === params.cellId);
  if (!cell) throw new NotFoundError("organization");
  return { period, cell };
}

const isOwn = (actor: Actor, subject: { memberId: string | null }) =>
  actor.memberId !== null && actor.memberId === subject.memberId;

/**
 * Writing a self-assessment: a member's own (evaluation.self on the cell, and nobody else's, not even the
 * office's), or for the cell's own Mẫu 01 its committee (evaluation.run).
 */
function decideAuthor(actor: Actor, subject: Subject, cell: OrgRef) {
  if (subject.kind === "cell") return decide(actor, "evaluation.run", cell);
  decide(actor, "evaluation.self", cell);
  if (!isOwn(actor, subject)) throw new ForbiddenError();
}

/** Reading a subject: its own member, or whoever may read scores in its cell. */
function decideReader(actor: Actor, subject: Subject, cell: OrgRef) {
  decide(actor, isOwn(actor, subject) ? "evaluation.self" : "evaluation.view", cell);
}

async function subjectDetail(ex: Executor, subject: Subject, period: store.PeriodRow, own: boolean) {
  const [assessment, comments, proposal, decision, hostComments] = await Promise.all([
    store.assessmentOf(ex, subject.id),
    store.commentsOn(ex, subject.id),
    store.proposalOf(ex, subject.id),
    store.decisionOf(ex, subject.id),
    subject.memberId ? hostCommentsFor(ex, subject.memberId, period.startsOn, period.endsOn) : [],
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
    hostComments,
    proposal: proposal ? presentProposal(proposal) : null,
    // A member reads their own level once the results are published.
    decision: decision && (!own || period.publishedAt) ? presentDecision(decision) : null,
  };
}

/**
 * The year-end review. Who may do what (ADR 0101): a member writes and reads their own self-assessment, reads the
 * comments about them and, once published, their level and their cell's results; the cell's committee runs the
 * review (evaluation.run on the cell); the đảng ủy decides (evaluation.decide on the đảng bộ); the UBKT and the
 * đảng ủy members following a cell read (evaluation.view). Nobody else sees a score.
 */
export async function evaluationRoutes(app: FastifyInstance) {
  const byCell = (r: { subject: Subject }) => r.subject.cellId;
  const byPeriod = (r: { period: Period }) => r.period.organizationId;

  // ── periods (the đảng bộ) ──

  writeRoute(app, {
    url: "/api/organizations/:id/evaluation-periods",
    tags,
    summary: "Open a review period",
    params: idParams,
    body: openPeriodBody,
    response: periodSchema,
    status: 201,
    action: "evaluation.decide",
    handle: async ({ ex, actor, org, body }) => {
      const row = (await getOrganization(ex, org.id))!;
      const period = await ops.openPeriod(ex, actor, row, body);
      const books = await ops.periodRules(ex, { ...period, organizationPath: row.path });
      return presentPeriod(period, ops.periodDeadlines(books, period));
    },
  });

  readRoute(app, {
    url: "/api/organizations/:id/evaluation-periods",
    tags,
    params: idParams,
    response: listPeriodsSchema,
    action: "evaluation.view",
    handle: async ({ ex, org }) => {
      const items = [];
      for (const p of await store.listPeriods(ex, org.id)) {
        const books = await ops.periodRules(ex, { ...p, organizationPath: org.path });
        items.push(presentPeriod(p, ops.periodDeadlines(books, p)));
      }
      return { items };
    },
  });

  readRoute(app, {
    url: "/api/evaluation-periods/:id",
    tags,
    params: idParams,
    response: periodDetailSchema,
    action: "evaluation.view",
    load: loadPeriod,
    handle: async ({ ex, record: period }) => {
      const books = await ops.periodRules(ex, period);
      const [quota, counts] = await Promise.all([
        keptTally(period, "quota", () => ops.quotaStatus(ex, period, books.rules)),
        keptTally(period, "counts", () => store.periodCounts(ex, period.id)),
      ]);
      return {
        ...presentPeriod(period, ops.periodDeadlines(books, period)),
        organizationName: period.organizationName,
        quota,
        counts,
      };
    },
  });

  writeRoute(app, {
    url: "/api/evaluation-periods/:id/close",
    tags,
    params: idParams,
    body: closePeriodBody,
    response: periodSchema,
    action: "evaluation.decide",
    load: loadPeriod,
    handle: async ({ ex, actor, record: period, body }) => {
      const row = await ops.closePeriod(ex, actor, period, body.version);
      return presentPeriod(row, ops.periodDeadlines(await ops.periodRules(ex, period), row));
    },
  });

  writeRoute(app, {
    url: "/api/evaluation-periods/:id/publish",
    tags,
    summary: "Publish the results and notify members",
    params: idParams,
    body: publishBody,
    response: periodSchema,
    action: "evaluation.decide",
    load: loadPeriod,
    handle: async ({ ex, actor, record: period, body }) => {
      const row = await ops.publish(ex, actor, period, body.version, new Date());
      return presentPeriod(row, ops.periodDeadlines(await ops.periodRules(ex, period), row));
    },
  });

  readRoute(app, {
    url: "/api/evaluation-periods/:id/decisions",
    tags,
    summary: "The decision list (QĐ, Mẫu 04, XLSX)",
    params: idParams,
    response: decisionListSchema,
    action: "evaluation.view",
    load: loadPeriod,
    handle: ({ ex, record: period }) => ops.decisionList(ex, period),
  });

  readRoute(app, {
    url: "/api/evaluation-periods/:id/cells",
    tags,
    summary: "The office's December view, 50 cells a page",
    params: idParams,
    query: cellsViewQuery,
    response: decemberViewSchema,
    action: "evaluation.view",
    load: loadPeriod,
    handle: async ({ ex, record: period, query }) => {
      const books = await ops.periodRules(ex, period);
      const today = todayIso();
      const deadlines = ops.periodDeadlines(books, period);
      const meetingDue = deadlines.find((d) => d.key === "cell_meeting")!.due;
      const overdue = today >= meetingDue;
      const [items, totals, quota, totalCells] = await Promise.all([
        store.decemberPage(ex, period.id, period.organizationPath, (query.page - 1) * PAGE_SIZE, PAGE_SIZE),
        keptTally(period, "totals", () => store.decemberTotals(ex, period.id)),
        keptTally(period, "quota", () => ops.quotaStatus(ex, period, books.rules)),
        store.countCellsUnder(ex, period.organizationPath),
      ]);
      return {
        period: presentPeriod(period, deadlines),
        today,
        page: query.page,
        pageSize: PAGE_SIZE,
        totalCells,
        totals: { ...totals, cellsLate: overdue ? totals.cells - totals.cellsMet : 0 },
        quota,
        items: items.map((r) => ({
          ...r,
          meetingHeld: r.meetingId !== null,
          late: overdue && r.meetingId === null,
          cellProposedLevel: r.cellProposedLevel as Level | null,
          cellDecidedLevel: r.cellDecidedLevel as Level | null,
        })),
      };
    },
  });

  // ── a cell's review ──

  readRoute(app, {
    url: "/api/evaluation-periods/:id/cells/:cellId",
    tags,
    summary: "A cell's subjects, its report facts (Mẫu 01) and deadlines",
    params: cellParams,
    response: cellViewSchema,
    action: "evaluation.view",
    load: loadCell,
    organizationOf: (r) => r.cell.id,
    handle: async ({ ex, record: { period, cell } }) => {
      const books = await ops.periodRules(ex, period);
      const [subjects, report, reviewMeeting] = await Promise.all([
        store.subjectProgress(ex, period.id, [cell.id]),
        ops.cellReportFacts(ex, period, cell, new Date()),
        reviewMeetingOf(ex, period.id, cell.id),
      ]);
      return {
        subjects: subjects.map(presentProgress),
        report,
        deadlines: ops.periodDeadlines(books, period),
        reviewMeeting,
      };
    },
  });

  writeRoute(app, {
    url: "/api/evaluation-periods/:id/cells/:cellId/review-meeting",
    tags,
    summary: "Create the cell's review meeting with the year-end review agenda",
    params: cellParams,
    body: reviewMeetingBody,
    response: reviewMeetingSchema,
    status: 201,
    action: "evaluation.run",
    load: loadCell,
    organizationOf: (r) => r.cell.id,
    handle: async ({ ex, actor, org, record: { period, cell }, body }) => {
      // The meeting is the cell's like any other: whoever creates it must be able to hold the cell's meetings.
      decide(actor, "meeting.manage", org);
      return holdReviewMeeting(ex, actor, period, cell.id, body);
    },
  });

  readRoute(app, {
    url: "/api/meetings/:id/evaluation-review",
    tags,
    summary: "The review a meeting holds (period and cell), for the meeting's page",
    params: idParams,
    response: meetingReviewSchema,
    action: "meeting.view",
    load: async (ex, { params }) => {
      const meeting = await getMeeting(ex, params.id);
      if (!meeting) throw new NotFoundError("meeting");
      return meeting;
    },
    organizationOf: (m) => m.organizationId,
    handle: async ({ ex, actor, org, record: meeting }) => {
      // Members who may not read the review see an ordinary meeting.
      if (!can(actor, "evaluation.view", org)) return { review: null };
      return { review: await reviewOfMeeting(ex, meeting.id) };
    },
  });

  readRoute(app, {
    url: "/api/evaluation-periods/:id/cells/:cellId/results",
    tags,
    summary: "Published levels of a cell (no scores)",
    params: cellParams,
    response: publishedResultsSchema,
    action: "evaluation.self",
    load: loadCell,
    organizationOf: (r) => r.cell.id,
    handle: async ({ ex, record: { period, cell } }) => {
      if (!period.publishedAt) throw new ConflictError("not_published", "evaluations.not_published");
      const rows = await store.subjectProgress(ex, period.id, [cell.id]);
      return {
        periodId: period.id,
        year: period.year,
        publishedAt: period.publishedAt.toISOString(),
        items: rows
          .filter((r) => r.decidedLevel)
          .map((r) => ({ subjectId: r.id, kind: r.kind, name: r.name, level: r.decidedLevel as Level })),
      };
    },
  });

  // ── a subject: a member, or the cell as a collective ──

  readRoute(app, {
    url: "/api/evaluation-subjects/:id",
    tags,
    params: idParams,
    response: subjectDetailSchema,
    // Seeing the cell at all; who may read the scores is decided on the subject just below.
    action: "org.view",
    load: loadSubject,
    organizationOf: byCell,
    handle: async ({ ex, actor, org, record: { subject, period } }) => {
      decideReader(actor, subject, org);
      return subjectDetail(ex, subject, period, isOwn(actor, subject));
    },
  });

  readRoute(app, {
    url: "/api/evaluation-subjects/:id/form",
    tags,
    summary: "The self-assessment form, pre-filled with the facts",
    params: idParams,
    response: formSchema,
    action: "org.view",
    load: loadSubject,
    organizationOf: byCell,
    handle: async ({ ex, actor, org, record: { subject, period } }) => {
      decideAuthor(actor, subject, org);
      const books = await ops.periodRules(ex, period);
      const { rubric, rubricBook } = books;
      const saved = await store.assessmentOf(ex, subject.id);
      const facts =
        subject.kind === "member"
          ? await ops.memberFacts(ex, period, subject, {
              exceededTaskIds: saved?.exceededTaskIds,
              previousFixed: saved?.previousFixed,
              now: new Date(),
            })
          : null;
      const {
        comments: _comments,
        proposal: _proposal,
        decision: _decision,
        ...own
      } = await subjectDetail(ex, subject, period, true);
      return {
        subject: own,
        period: presentPeriod(period, ops.periodDeadlines(books, period)),
        rubricKey: rubricBook.key,
        rubricProductReading: rubric.productReading,
        rubric: rubric.variants[subject.post]!.sections,
        facts,
      };
    },
  });

  writeRoute(app, {
    url: "/api/evaluation-subjects/:id/self-assessment",
    method: "PUT",
    tags,
    summary: "Save or hand in the self-assessment",
    params: idParams,
    body: selfAssessmentBody,
    response: assessmentSchema,
    action: "org.view",
    load: loadSubject,
    organizationOf: byCell,
    handle: async ({ ex, actor, org, record: { subject, period }, body }) => {
      decideAuthor(actor, subject, org);
      return presentAssessment(await ops.saveSelfAssessment(ex, actor, period, subject, body, new Date()));
    },
  });

  writeRoute(app, {
    url: "/api/evaluation-subjects/:id/comments",
    tags,
    summary: "Record a comment (phê bình) or a residence cell's comment",
    params: idParams,
    body: commentBody,
    response: commentSchema,
    status: 201,
    action: "evaluation.run",
    load: loadSubject,
    organizationOf: byCell,
    handle: async ({ ex, actor, record: { subject, period }, body }) =>
      presentComment(await ops.addComment(ex, actor, period, subject, body)),
  });

  writeRoute(app, {
    url: "/api/evaluation-subjects/:id/proposal",
    tags,
    summary: "The level the cell proposes at its review meeting",
    params: idParams,
    body: proposalBody,
    response: proposalSchema,
    action: "evaluation.run",
    load: loadSubject,
    organizationOf: byCell,
    handle: async ({ ex, actor, record: { subject, period }, body }) =>
      presentProposal(await ops.propose(ex, actor, period, subject, body)),
  });

  writeRoute(app, {
    url: "/api/evaluation-subjects/:id/decision",
    tags,
    summary: "The đảng ủy's decision on a level",
    params: idParams,
    body: decisionBody,
    response: decisionSchema,
    action: "evaluation.decide",
    load: loadSubject,
    organizationOf: byPeriod,
    handle: async ({ ex, actor, record: { subject, period }, body }) =>
      presentDecision(await ops.decide(ex, actor, period, subject, body)),
  });

  writeRoute(app, {
    url: "/api/evaluation-subjects/:id/re-rank",
    tags,
    summary: "Re-rank after a later finding (Mẫu 03)",
    params: idParams,
    body: reRankBody,
    response: decisionSchema,
    action: "evaluation.decide",
    load: loadSubject,
    organizationOf: byPeriod,
    handle: async ({ ex, actor, record: { subject, period }, body }) =>
      presentDecision(await ops.reRank(ex, actor, period, subject, body, new Date())),
  });

  // ── a member across periods ──

  // The actor's own subjects: about no organisation, so outside the chain; answers only for the actor's member.
  app.get("/api/me/evaluations", { schema: { tags, response: { 200: myEvaluationsSchema } } }, async (request) =>
    myEvaluations(app.database.db, requireActor(request)),
  );

  readRoute(app, {
    url: "/api/members/:id/evaluations",
    tags,
    summary: "A member's levels year by year, and award proposals",
    params: idParams,
    response: memberHistorySchema,
    action: "org.view",
    load: async (ex, { params }) => {
      const member = await getMember(ex, params.id);
      if (!member) throw new NotFoundError("member");
      return member;
    },
    handle: async ({ ex, actor, org, record: member }) => {
      const own = actor.memberId === member.id;
      decide(actor, own ? "evaluation.self" : "evaluation.view", org);
      // The member reads their own levels once published; readers of scores read every decision.
      const rows = (await store.memberDecisions(ex, member.id)).filter(
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
      if (!latest) return { memberId: member.id, years, awards: [] };
      const { rules } = await ops.periodRules(ex, (await store.getPeriod(ex, latest.periodId))!);
      return { memberId: member.id, years, awards: awardProposals(rules.awards, years) };
    },
  });
}
