import { sql } from "drizzle-orm";
import { meetingDuesRoute } from "./dues-step.js";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, decide } from "../../core/access/index.js";
import { type Executor, inTransaction, queryRows } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { NotFoundError, RuleError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams, isoDate, version } from "../../core/http/schemas.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { addDays, todayIso } from "../../core/time.js";
import { downloadName } from "../documents/model.js";
import { getMember } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import {
  amendmentBody,
  attendanceBody,
  attendanceParams,
  contributionBody,
  createMeetingBody,
  itemParams,
  listMeetingsQuery,
  overviewQuery,
  personalRate,
  scoreBody,
  stepBody,
  stepParams,
  taskBody,
  transitionBody,
  updateContributionBody,
  updateMeetingBody,
  voteBody,
} from "./model.js";
import { heldMinutes, issueMinutesDocument, minutesFile } from "./official.js";
import { meetingIcs } from "./invitations.js";
import * as ops from "./operations.js";
import {
  amendmentSchema,
  approvedSchema,
  allPresentSchema,
  attendanceSchema,
  calendarFeedAddressSchema,
  calendarFeedRevokedSchema,
  calendarFeedSchema,
  contributionSchema,
  issuedMinutesSchema,
  meetingDetailSchema,
  meetingListSchema,
  meetingSchema,
  meetingTaskSchema,
  memberAttendanceSchema,
  minutesSchema,
  overviewSchema,
  recordedStepSchema,
  recordedVoteSchema,
  scoreSchema,
} from "./present.js";
import { activeCalendarToken, findCalendarToken, getMeeting, meetingsForMember, memberAttendance } from "./store.js";

const tags = ["meetings"];

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

/** The meeting of `:id`, inside the route's transaction and locked for a write. */
async function loadMeeting(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const m = await getMeeting(ex, params.id, { forUpdate: lock });
  if (!m) throw new NotFoundError("meeting");
  return m;
}

/** The organisation of `:id`, for a creation under it. */
async function loadOrganization(ex: Executor, { params }: { params: { id: string } }) {
  const org = await getOrganization(ex, params.id);
  if (!org) throw new NotFoundError("organization");
  return { ...org, organizationId: org.id };
}

export async function meetingRoutes(app: FastifyInstance) {
  meetingDuesRoute(app, loadMeeting);
  readRoute(app, {
    url: "/api/organizations/:id/meetings",
    tags,
    params: idParams,
    query: listMeetingsQuery,
    response: meetingListSchema,
    action: "meeting.view",
    handle: ({ ex, actor, org, query }) => ops.cellMeetings(ex, actor, org, query),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/meetings",
    tags,
    params: idParams,
    body: createMeetingBody,
    response: meetingSchema,
    status: 201,
    action: "meeting.manage",
    load: loadOrganization,
    handle: ({ ex, actor, record, body }) => ops.createMeeting(ex, actor, record, body),
  });

  readRoute(app, {
    url: "/api/organizations/:id/meeting-overview",
    replica: true,
    tags,
    params: idParams,
    query: overviewQuery,
    response: overviewSchema,
    action: "meeting.view",
    handle: ({ ex, actor, org, query }) => ops.cellsOverview(ex, actor, org, query),
  });

  readRoute(app, {
    url: "/api/meetings/:id",
    tags,
    params: idParams,
    response: meetingDetailSchema,
    action: "meeting.view",
    load: loadMeeting,
    handle: ({ ex, actor, record }) => ops.meetingPage(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/meetings/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateMeetingBody,
    response: meetingSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.updateMeeting(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/transition",
    tags,
    params: idParams,
    body: transitionRequest,
    response: meetingSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.transition(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/steps/:phase/:stepId",
    tags,
    params: stepParams,
    body: stepBody,
    response: recordedStepSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, params, body }) =>
      ops.recordStep(ex, actor, record, params.phase, params.stepId, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/attendance/:memberId",
    method: "PUT",
    tags,
    params: attendanceParams,
    body: attendanceBody,
    response: attendanceSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, params, body }) => ops.setAttendance(ex, actor, record, params.memberId, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/attendance/all-present",
    tags,
    params: idParams,
    response: allPresentSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record }) => ops.markAllPresent(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/contributions",
    tags,
    params: idParams,
    body: contributionBody,
    response: contributionSchema,
    status: 201,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.addContribution(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/contributions/:itemId",
    method: "PUT",
    tags,
    params: itemParams,
    body: updateContributionBody,
    response: contributionSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, params, body }) => ops.updateContribution(ex, actor, record, params.itemId, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/tasks",
    tags,
    params: idParams,
    body: taskBody,
    response: meetingTaskSchema,
    status: 201,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.addTask(ex, actor, record, body),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/votes",
    tags,
    params: idParams,
    body: voteBody,
    response: recordedVoteSchema,
    status: 201,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.recordVote(ex, actor, record, body),
  });

  // The chair and the minute-taker approve in their own name; nobody else can, whatever their role.
  writeRoute(app, {
    url: "/api/meetings/:id/approve",
    tags,
    params: idParams,
    body: z.object({ version: version() }),
    response: approvedSchema,
    action: "meeting.view",
    load: loadMeeting,
    allow: ops.mayApproveMinutes,
    handle: ({ ex, actor, record, body }) => ops.approveMinutes(ex, actor, record, body.version),
  });

  writeRoute(app, {
    url: "/api/meetings/:id/amendments",
    tags,
    params: idParams,
    body: amendmentBody,
    response: amendmentSchema,
    status: 201,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.addAmendment(ex, actor, record, body.text),
  });

  readRoute(app, {
    url: "/api/meetings/:id/minutes",
    tags,
    params: idParams,
    response: minutesSchema,
    action: "meeting.view",
    load: loadMeeting,
    handle: ({ ex, record }) => heldMinutes(ex, record),
  });

  // "Ban hành biên bản": approved minutes become the numbered BB document of the register.
  writeRoute(app, {
    url: "/api/meetings/:id/minutes/issue",
    tags,
    params: idParams,
    body: z.object({ issuedOn: isoDate().optional() }),
    response: issuedMinutesSchema,
    status: 201,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, org, record, body }) => {
      // Issuing numbers a document in the register, so it needs the register's right too.
      decide(actor, "document.manage", org);
      return issueMinutesDocument(ex, actor, record, body.issuedOn ?? todayIso());
    },
  });

  writeRoute(app, {
    url: "/api/meetings/:id/score",
    method: "PUT",
    tags,
    params: idParams,
    body: scoreBody,
    response: scoreSchema,
    action: "meeting.manage",
    load: loadMeeting,
    handle: ({ ex, actor, record, body }) => ops.scoreMeetingRecord(ex, actor, record, body.judgements),
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  // The minutes in the official layout: the issued document's stored file, or rendered now (a draft says so).
  typed.get(
    "/api/meetings/:id/minutes/file/:format",
    {
      config: { rateLimit: "render", download: true },
      schema: { tags, params: z.object({ id: z.uuid(), format: z.enum(["docx", "pdf"]) }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const m = await loadMeeting(db(), request, { lock: false });
      decide(actor, "meeting.view", { id: m.organizationId, path: m.organizationPath });
      const { format } = request.params;
      const file = await minutesFile(app.database, m, format);
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

  // A member's attendance: their own always, anyone else's with the right to see members' records.
  typed.get(
    "/api/members/:id/attendance",
    { schema: { tags, params: idParams, response: { 200: memberAttendanceSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const member = await getMember(db(), request.params.id);
      if (!member) throw new NotFoundError("member");
      if (member.id !== actor.memberId)
        decide(actor, "member.view", { id: member.organizationId, path: member.organizationPath });
      const items = await memberAttendance(db(), member.id);
      return { memberId: member.id, fullName: member.fullName, ratePercent: personalRate(items), items };
    },
  );

  // The signed-in member's own calendar feed: its state, a new secret address, revocation. It is the actor's own
  // record, not an organisation's, so these routes check who is signed in rather than a role.
  const ownMember = async (actor: Actor) => {
    const member = actor.memberId ? await getMember(db(), actor.memberId) : null;
    if (!member) throw new RuleError("no_member", null, "errors.calendar_no_member");
    return member;
  };

  typed.get("/api/calendar-feed", { schema: { tags, response: { 200: calendarFeedSchema } } }, async (request) => {
    const actor = requireActor(request);
    if (!actor.memberId) return { active: false, createdAt: null, available: false };
    const token = await activeCalendarToken(db(), actor.memberId);
    return { active: Boolean(token), createdAt: token?.createdAt ?? null, available: true };
  });

  typed.post(
    "/api/calendar-feed",
    { schema: { tags, response: { 200: calendarFeedAddressSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const member = await ownMember(actor);
      const token = await inTransaction(app.database, (tx) =>
        ops.rotateCalendarToken(tx, actor, member.id, member.organizationId),
      );
      return { path: `/api/calendar/${token}.ics` };
    },
  );

  typed.delete(
    "/api/calendar-feed",
    { schema: { tags, response: { 200: calendarFeedRevokedSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const member = await ownMember(actor);
      const revoked = await inTransaction(app.database, (tx) =>
        ops.revokeCalendarToken(tx, actor, member.id, member.organizationId),
      );
      return { revoked };
    },
  );

  // Public by design: calendar apps cannot sign in. The secret is the token, stored only as a hash.
  typed.get(
    "/api/calendar/:file",
    {
      config: { access: "public", download: true },
      schema: { tags, params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,64}\.ics$/) }) },
    },
    async (request, reply) => {
      const token = request.params.file.slice(0, -4);
      const row = await findCalendarToken(db(), ops.hashToken(token));
      if (!row) throw new NotFoundError("calendar");
      const member = await getMember(db(), row.memberId);
      if (!member || member.leftOn) throw new NotFoundError("calendar");
      // The last 90 days of Hanoi dates, then every meeting to come.
      const list = await meetingsForMember(db(), member.id, addDays(todayIso(), -90));
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(meetingIcs(list, `Sổ tay Chi bộ — ${member.fullName}`));
    },
  );
}
