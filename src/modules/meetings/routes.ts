import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorize, can, decide, type Actor } from "../../core/access/index.js";
import { inTransaction, type Executor } from "../../core/db/index.js";
import { ConflictError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { idParams, version } from "../../core/http/schemas.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { queryRows } from "../../core/db/index.js";
import { sql } from "drizzle-orm";
import { addDays, monthRange, todayIso } from "../../core/time.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { getOrganization, visibleSubtreeIds } from "../organizations/store.js";
import { rateYear, scoreMeeting, type Rating } from "./scoring.js";
import { getMember } from "../members/store.js";
import {
  applicableSteps,
  attendanceBody,
  attendanceCounts,
  attendanceParams,
  amendmentBody,
  contributionBody,
  createMeetingBody,
  effectiveStatus,
  itemParams,
  latePublication,
  listMeetingsQuery,
  missingThematicQuarters,
  needsHelp,
  overviewQuery,
  personalRate,
  proposeMeetingDate,
  scoreBody,
  stepBody,
  stepParams,
  taskBody,
  transitionBody,
  updateContributionBody,
  updateMeetingBody,
  voteBody,
  type AttendanceStatus,
} from "./model.js";
import {
  activeCalendarToken,
  findCalendarToken,
  getMeeting,
  getScore,
  listAmendments,
  listAttendance,
  listMeetings,
  listMeetingTasks,
  firstMeetingDates,
  meetingsForMember,
  memberAttendance,
  overviewRows,
  rosterOn,
} from "./store.js";
import { attendanceRates } from "./summaries.js";
import {
  addAmendment,
  addContribution,
  addTask,
  approveMinutes,
  createMeeting,
  factsOf,
  hashToken,
  loadMeetingRecord,
  meetingIcs,
  meetingRules,
  recordStep,
  recordVote,
  revokeCalendarToken,
  rotateCalendarToken,
  scoreMeetingRecord,
  setAttendance,
  transition,
  updateContribution,
  updateMeeting,
  scoreSheetFor,
} from "./operations.js";
import { afterMinutesApproved, issuedMinutes, issueMinutesDocument, minutesFile, minutesOf } from "./official.js";
import { meetingResolution } from "../resolutions/store.js";
import { downloadName } from "../documents/model.js";
import { contentDisposition } from "../../core/http/download.js";
import { isoDate } from "../../core/http/schemas.js";

const tags = ["meetings"];
/** Cells named in the overview's "needs help" box; the count covers them all. */
const HELP_LIST = 20;

// What the meetings module holds about a person: attendance, what they said, tasks handed to them, their calendar feed.
registerPersonalData("meetings", async (ex, { memberId }) => {
  if (!memberId) return null;
  return {
    attendance: await memberAttendance(ex, memberId, 10_000),
    contributions: await queryRows(
      ex,
      sql`SELECT c.meeting_id AS "meetingId", c.part, c.text, c.created_at AS "createdAt" FROM meeting_contributions c WHERE c.member_id = ${memberId} ORDER BY c.created_at`,
    ),
    tasks: await queryRows(
      ex,
      sql`SELECT t.meeting_id AS "meetingId", t.what, t.deadline::text AS deadline FROM meeting_tasks t WHERE t.responsible_member_id = ${memberId} ORDER BY t.created_at`,
    ),
    calendarFeed: await activeCalendarToken(ex, memberId),
  };
});

const transitionRequest = transitionBody.extend({
  to: z.enum(["open", "closed", "cancelled"]),
  reason: z.string().max(500).optional(),
});

type Loaded = NonNullable<Awaited<ReturnType<typeof getMeeting>>>;

async function loadMeeting(
  ex: Executor,
  actor: Actor,
  id: string,
  action: "meeting.view" | "meeting.manage",
): Promise<Loaded> {
  const m = await getMeeting(ex, id);
  if (!m) throw new NotFoundError("meeting");
  decide(actor, action, { id: m.organizationId, path: m.organizationPath });
  return m;
}

/** The meeting's official outputs: the issued minutes and the resolution it adopted. */
async function officialOf(ex: Executor, m: Loaded) {
  const [doc, r] = await Promise.all([issuedMinutes(ex, m), meetingResolution(ex, m.id)]);
  return {
    minutesDocument: doc ? { id: doc.id, numberText: doc.numberText, issuedOn: doc.issuedOn } : null,
    resolution: r
      ? { id: r.id, state: r.state, title: r.title, number: r.number, documentId: r.documentId, version: r.version }
      : null,
  };
}

/** Everything the meeting page shows, in one answer. */
async function meetingView(ex: Executor, actor: Actor, m: Loaded) {
  const ref = { id: m.organizationId, path: m.organizationPath };
  const [record, tasks, amendments, score] = await Promise.all([
    loadMeetingRecord(ex, m),
    listMeetingTasks(ex, m.id),
    listAmendments(ex, m.id),
    getScore(ex, m.id),
  ]);
  const { rulebook, roster, attendance, steps, contributions, votes, committee } = record;
  const rules = rulebook.data;
  const byMember = new Map(attendance.map((a) => [a.memberId, a]));
  const published = steps.find((s) => s.phase === "prep" && s.stepId === "publish_documents" && !s.skipped);
  const facts = m.status === "closed" || m.status === "approved" ? await factsOf(ex, m, record) : null;
  // What the sheet in force gives today, with the judgements entered so far: the page shows it before anyone saves.
  const sheet = facts ? await scoreSheetFor(ex, m.organizationPath, m.date) : null;
  const scorePreview =
    sheet && facts
      ? { sheetKey: sheet.key, sheetTitle: sheet.title, ...scoreMeeting(sheet.data, facts, score?.judgements ?? []) }
      : null;
  return {
    ...m,
    hasCommittee: committee,
    rulebook: { key: rulebook.key, title: rulebook.title },
    rules: {
      preparation: applicableSteps(rules.preparation.steps, committee),
      publishDaysBefore: rules.preparation.publishDaysBefore,
      live: rules.liveSteps.steps,
      thematic: rules.thematic.steps.map((s) => ({
        ...s,
        applies: committee || !s.committeeOnly,
        skippable: Boolean(s.committeeOnly) && !committee,
      })),
      topicCriteria: rules.thematic.topicCriteria,
      minDurationMinutes: rules.minDurationMinutes[m.kind],
      attendanceMinPercent: rules.attendance.minPercent,
      votes: Object.fromEntries(
        Object.entries(rules.votes).map(([k, v]) => [
          k,
          {
            labelKey: v.labelKey,
            voters: v.voters,
            basis: v.basis,
            numerator: v.numerator,
            denominator: v.denominator,
            strict: v.strict,
          },
        ]),
      ),
    },
    roster: roster.map((r) => ({
      ...r,
      attendance: effectiveStatus(r, byMember.get(r.id)),
      reason: byMember.get(r.id)?.reason ?? null,
    })),
    counts: attendanceCounts(roster, attendance),
    steps,
    latePublication: published
      ? latePublication(published.doneAt.toISOString(), m.date, rules.preparation.publishDaysBefore)
      : false,
    contributions,
    tasks,
    votes,
    amendments,
    score,
    facts,
    scorePreview,
    official: await officialOf(ex, m),
    permissions: {
      manage: can(actor, "meeting.manage", ref),
      approveAsChair: actor.memberId !== null && actor.memberId === m.chairMemberId,
      approveAsTaker: actor.memberId !== null && actor.memberId === m.minuteTakerMemberId,
    },
  };
}

export async function meetingRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  app.get(
    "/api/organizations/:id/meetings",
    { schema: { tags, params: idParams, querystring: listMeetingsQuery } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "meeting.view", request.params.id);
      const items = await listMeetings(db(), ref.id, {
        ...request.query,
        order: request.query.from && !request.query.to ? "asc" : "desc",
      });
      const today = todayIso();
      const rules = await meetingRules(db(), ref.path, today);
      const [y, mo] = today.split("-").map(Number) as [number, number];
      const history = await listMeetings(db(), ref.id, { limit: 500 });
      const lastMonthly = history.find((m) => m.kind === "monthly" || m.kind === "combined");
      const lastDay = lastMonthly ? Number(lastMonthly.date.slice(8, 10)) : null;
      let proposal = proposeMeetingDate(rules.data, y, mo, lastDay);
      if (
        proposal < today ||
        history.some(
          (m) => m.date.slice(0, 7) === proposal.slice(0, 7) && m.kind !== "committee" && m.status !== "cancelled",
        )
      ) {
        proposal = proposeMeetingDate(rules.data, mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, lastDay);
      }
      return {
        items,
        proposal: { date: proposal, source: rules.data.meetingDay.source },
        missingThematic: missingThematicQuarters(history, today, rules.data.thematic.perQuarter),
        thematicSource: rules.data.thematic.source,
        permissions: { manage: can(actor, "meeting.manage", ref) },
      };
    },
  );

  app.post(
    "/api/organizations/:id/meetings",
    { schema: { tags, params: idParams, body: createMeetingBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "meeting.manage", request.params.id);
      const row = await inTransaction(app.database, async (tx) =>
        createMeeting(tx, actor, (await getOrganization(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.get(
    "/api/organizations/:id/meeting-overview",
    { schema: { tags, params: idParams, querystring: overviewQuery } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "meeting.view", request.params.id);
      const { year, month } = request.query;
      const { from, to } = monthRange(year, month);
      const visible = new Set(await visibleSubtreeIds(db(), actor, "meeting.view", ref));
      const rows = (await overviewRows(db(), ref.path, from, to)).filter((r) => visible.has(r.organizationId));
      const today = todayIso();
      const rules = (await meetingRules(db(), ref.path, today)).data;
      const cells = new Map<
        string,
        {
          organizationId: string;
          organizationName: string;
          months: Record<
            number,
            {
              meetingId: string;
              status: string;
              ratePercent: number | null;
              rating: string | null;
              total: number | null;
            }
          >;
        }
      >();
      const counted = (r: (typeof rows)[number]) =>
        !!r.meetingId && !!r.date && (r.kind === "monthly" || r.kind === "combined") && r.status !== "planned";
      // Every counted meeting's rate from its summary row (a stale one is computed now): one row per meeting, where
      // rebuilding each roster on its date took 20 s for a province's month.
      const rates = await attendanceRates(
        db(),
        rows.filter(counted).map((r) => r.meetingId!),
      );
      for (const r of rows) {
        if (!cells.has(r.organizationId))
          cells.set(r.organizationId, {
            organizationId: r.organizationId,
            organizationName: r.organizationName,
            months: {},
          });
        if (!counted(r)) continue;
        cells.get(r.organizationId)!.months[Number(r.date!.slice(5, 7))] = {
          meetingId: r.meetingId!,
          status: r.status!,
          ratePercent: rates.get(r.meetingId!) ?? null,
          rating: r.rating,
          total: r.total,
        };
      }
      const [ty, tm] = today.split("-").map(Number) as [number, number];
      const monthsInScope = month ? [month] : Array.from({ length: 12 }, (_, i) => i + 1);
      // A month is expected once it has passed (the current month counts once its meeting day is behind us).
      const expectedAll = monthsInScope.filter(
        (mo) => year < ty || (year === ty && (mo < tm || (mo === tm && proposeMeetingDate(rules, year, mo) < today))),
      );
      const firsts = await firstMeetingDates(db(), ref.path);
      const yearSheet = await scoreSheetFor(db(), ref.path, year < Number(today.slice(0, 4)) ? `${year}-12-31` : today);
      const list = [...cells.values()].map((c) => {
        // A cell is expected to have met only since it started recording its meetings in chibo.
        const first = firsts.get(c.organizationId);
        const expectedMonths = first
          ? expectedAll.filter((mo) => `${year}-${String(mo).padStart(2, "0")}` >= first.slice(0, 7))
          : [];
        const held = Object.keys(c.months).map(Number);
        const rates = Object.values(c.months)
          .map((x) => x.ratePercent)
          .filter((x): x is number => x !== null);
        const ratePercent = rates.length
          ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10) / 10
          : null;
        const ratings = Object.values(c.months).map((x) => x.rating);
        return {
          ...c,
          held: held.length,
          expected: expectedMonths.length,
          notHeld: expectedMonths.filter((mo) => !held.includes(mo)),
          ratePercent,
          ratings: {
            good: ratings.filter((x) => x === "good").length,
            fair: ratings.filter((x) => x === "fair").length,
            average: ratings.filter((x) => x === "average").length,
            poor: ratings.filter((x) => x === "poor").length,
          },
          yearRating:
            !month && yearSheet
              ? rateYear(
                  yearSheet.data,
                  expectedMonths.map((mo) => (c.months[mo]?.rating as Rating | undefined) ?? null),
                )
              : null,
          needsHelp: needsHelp(
            {
              held: held.filter((mo) => expectedMonths.includes(mo)).length,
              expected: expectedMonths.length,
              ratePercent,
              poorRatings: ratings.filter((x) => x === "poor" || x === "average").length,
            },
            rules.attendance.minPercent,
          ),
        };
      });
      // The whole tree's chart and help list, and the cells a page at a time: a province has 8,000 of them.
      list.sort((a, b) => compareVietnamese(a.organizationName, b.organizationName));
      const heldByMonth = Array.from({ length: 12 }, () => 0);
      for (const c of list) for (const mo of Object.keys(c.months)) heldByMonth[Number(mo) - 1]!++;
      const help = list.filter((c) => c.needsHelp.length > 0);
      const { offset, limit } = request.query;
      return {
        year,
        month: month ?? null,
        attendanceMinPercent: rules.attendance.minPercent,
        total: list.length,
        heldByMonth,
        needsHelp: {
          total: help.length,
          items: help.slice(0, HELP_LIST).map((c) => ({
            organizationId: c.organizationId,
            organizationName: c.organizationName,
            needsHelp: c.needsHelp,
            notHeld: c.notHeld,
          })),
        },
        offset,
        cells: list.slice(offset, offset + limit),
      };
    },
  );

  app.get("/api/meetings/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const m = await loadMeeting(db(), actor, request.params.id, "meeting.view");
    return meetingView(db(), actor, m);
  });

  app.put("/api/meetings/:id", { schema: { tags, params: idParams, body: updateMeetingBody } }, async (request) => {
    const actor = requireActor(request);
    await loadMeeting(db(), actor, request.params.id, "meeting.manage");
    return inTransaction(app.database, async (tx) =>
      updateMeeting(tx, actor, (await getMeeting(tx, request.params.id))!, request.body),
    );
  });

  app.post(
    "/api/meetings/:id/transition",
    { schema: { tags, params: idParams, body: transitionRequest } },
    async (request) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      const { to, version: v, reason } = request.body;
      if (to === "cancelled" && !reason?.trim()) throw new RuleError("cancel_reason", "reason", "validation.required");
      return inTransaction(app.database, async (tx) =>
        transition(tx, actor, (await getMeeting(tx, request.params.id))!, to, v, reason?.trim()),
      );
    },
  );

  app.post(
    "/api/meetings/:id/steps/:phase/:stepId",
    { schema: { tags, params: stepParams, body: stepBody } },
    async (request) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      return inTransaction(app.database, async (tx) =>
        recordStep(
          tx,
          actor,
          (await getMeeting(tx, request.params.id))!,
          request.params.phase,
          request.params.stepId,
          request.body,
        ),
      );
    },
  );

  app.put(
    "/api/meetings/:id/attendance/:memberId",
    { schema: { tags, params: attendanceParams, body: attendanceBody } },
    async (request) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      return inTransaction(app.database, async (tx) => {
        const m = (await getMeeting(tx, request.params.id))!;
        const row = await setAttendance(
          tx,
          actor,
          m,
          request.params.memberId,
          request.body as { status: AttendanceStatus; reason: string | null },
        );
        return {
          ...row,
          counts: attendanceCounts(await rosterOn(tx, m.organizationPath, m.date), await listAttendance(tx, m.id)),
        };
      });
    },
  );

  app.post(
    "/api/meetings/:id/contributions",
    { schema: { tags, params: idParams, body: contributionBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      const row = await inTransaction(app.database, async (tx) =>
        addContribution(tx, actor, (await getMeeting(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.put(
    "/api/meetings/:id/contributions/:itemId",
    { schema: { tags, params: itemParams, body: updateContributionBody } },
    async (request) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      return inTransaction(app.database, async (tx) =>
        updateContribution(tx, actor, (await getMeeting(tx, request.params.id))!, request.params.itemId, request.body),
      );
    },
  );

  app.post(
    "/api/meetings/:id/tasks",
    { schema: { tags, params: idParams, body: taskBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      const row = await inTransaction(app.database, async (tx) =>
        addTask(tx, actor, (await getMeeting(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  app.post(
    "/api/meetings/:id/votes",
    { schema: { tags, params: idParams, body: voteBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      const row = await inTransaction(app.database, async (tx) =>
        recordVote(tx, actor, (await getMeeting(tx, request.params.id))!, request.body),
      );
      return reply.status(201).send(row);
    },
  );

  // The chair and the minute-taker approve in their own name; nobody else can, whatever their role.
  app.post(
    "/api/meetings/:id/approve",
    { schema: { tags, params: idParams, body: z.object({ version: version() }) } },
    async (request) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.view");
      return inTransaction(app.database, async (tx) => {
        const row = await approveMinutes(tx, actor, (await getMeeting(tx, request.params.id))!, request.body.version);
        // Approved: the tasks handed out become tracked tasks and the meeting's resolution is recorded, in the same transaction.
        const handedOver = await afterMinutesApproved(tx, actor, (await getMeeting(tx, request.params.id))!);
        return { ...row, handedOver };
      });
    },
  );

  app.post(
    "/api/meetings/:id/amendments",
    { schema: { tags, params: idParams, body: amendmentBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      const row = await inTransaction(app.database, async (tx) =>
        addAmendment(tx, actor, (await getMeeting(tx, request.params.id))!, request.body.text),
      );
      return reply.status(201).send(row);
    },
  );

  app.get("/api/meetings/:id/minutes", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const m = await loadMeeting(db(), actor, request.params.id, "meeting.view");
    if (m.status === "planned" || m.status === "cancelled")
      throw new ConflictError("meeting_not_held", "errors.meeting_not_held");
    return minutesOf(db(), m);
  });

  // The minutes in the official layout: the issued document's stored file, or rendered now (a draft says so).
  app.get(
    "/api/meetings/:id/minutes/file/:format",
    {
      config: { rateLimit: "render" },
      schema: { tags, params: z.object({ id: z.uuid(), format: z.enum(["docx", "pdf"]) }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const m = await loadMeeting(db(), actor, request.params.id, "meeting.view");
      if (m.status === "planned" || m.status === "cancelled")
        throw new ConflictError("meeting_not_held", "errors.meeting_not_held");
      const { format } = request.params;
      const file = await minutesFile(db(), m, format);
      const name = downloadName({ numberText: file.numberText, type: "BB", summary: file.summary }, format);
      return reply
        .header(
          "content-type",
          format === "pdf"
            ? "application/pdf"
            : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        .header("content-disposition", contentDisposition(name, false))
        .send(file.bytes);
    },
  );

  // "Ban hành biên bản": approved minutes become the numbered BB document of the register.
  app.post(
    "/api/meetings/:id/minutes/issue",
    { schema: { tags, params: idParams, body: z.object({ issuedOn: isoDate().optional() }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const m = await loadMeeting(db(), actor, request.params.id, "meeting.manage");
      decide(actor, "document.manage", { id: m.organizationId, path: m.organizationPath });
      const doc = await inTransaction(app.database, (tx) =>
        issueMinutesDocument(tx, actor, m.id, request.body.issuedOn ?? todayIso()),
      );
      const { minutes: _m, ...rest } = doc;
      return reply.status(201).send(rest);
    },
  );

  app.put("/api/meetings/:id/score", { schema: { tags, params: idParams, body: scoreBody } }, async (request) => {
    const actor = requireActor(request);
    await loadMeeting(db(), actor, request.params.id, "meeting.manage");
    return inTransaction(app.database, async (tx) =>
      scoreMeetingRecord(tx, actor, (await getMeeting(tx, request.params.id))!, request.body.judgements),
    );
  });

  app.get("/api/members/:id/attendance", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    if (member.id !== actor.memberId)
      decide(actor, "member.view", { id: member.organizationId, path: member.organizationPath });
    const items = await memberAttendance(db(), member.id);
    return {
      memberId: member.id,
      fullName: member.fullName,
      ratePercent: personalRate(items as { status: AttendanceStatus }[]),
      items,
    };
  });

  // The signed-in member's own calendar feed: its state, a new secret address, revocation.
  const ownMember = async (actor: Actor) => {
    if (!actor.memberId) throw new RuleError("no_member", null, "errors.calendar_no_member");
    const member = await getMember(db(), actor.memberId);
    if (!member) throw new RuleError("no_member", null, "errors.calendar_no_member");
    return member;
  };

  app.get("/api/calendar-feed", { schema: { tags } }, async (request) => {
    const actor = requireActor(request);
    if (!actor.memberId) return { active: false, createdAt: null, available: false };
    const token = await activeCalendarToken(db(), actor.memberId);
    return { active: Boolean(token), createdAt: token?.createdAt ?? null, available: true };
  });

  app.post("/api/calendar-feed", { schema: { tags } }, async (request) => {
    const actor = requireActor(request);
    const member = await ownMember(actor);
    const token = await inTransaction(app.database, (tx) =>
      rotateCalendarToken(tx, actor, member.id, member.organizationId),
    );
    return { path: `/api/calendar/${token}.ics` };
  });

  app.delete("/api/calendar-feed", { schema: { tags } }, async (request) => {
    const actor = requireActor(request);
    const member = await ownMember(actor);
    const revoked = await inTransaction(app.database, (tx) =>
      revokeCalendarToken(tx, actor, member.id, member.organizationId),
    );
    return { revoked };
  });

  // Public by design: calendar apps cannot sign in. The secret is the token, stored only as a hash.
  app.get(
    "/api/calendar/:file",
    {
      config: { access: "public" },
      schema: { tags, params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,64}\.ics$/) }) },
    },
    async (request, reply) => {
      const token = request.params.file.slice(0, -4);
      const row = await findCalendarToken(db(), hashToken(token));
      if (!row) throw new NotFoundError("calendar");
      const member = await getMember(db(), row.memberId);
      if (!member || member.leftOn) throw new NotFoundError("calendar");
      // The last 90 days of Hanoi dates, then every meeting to come.
      const from = addDays(todayIso(), -90);
      const list = await meetingsForMember(db(), member.id, from);
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(meetingIcs(list as Parameters<typeof meetingIcs>[0], `Sổ tay Chi bộ — ${member.fullName}`));
    },
  );
}
