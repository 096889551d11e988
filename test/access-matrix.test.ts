import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "../src/core/time.js";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { ACTORS, MATRIX, POLICIES, type ActorName } from "./access-matrix.js";
import { writeRosterXlsx } from "../src/modules/members/roster.js";
import { addDays } from "../src/core/time.js";

const meetingPayload = () => ({ kind: "monthly", date: todayIso(), startTime: "14:00", place: "Phòng họp" });
async function newMeeting(): Promise<string> {
  return (
    await s.request(await officeSession(), {
      method: "POST",
      url: `/api/organizations/${ids.cell}/meetings`,
      payload: meetingPayload(),
    })
  ).json().id;
}
async function openMeeting(): Promise<string> {
  const id = await newMeeting();
  await s.request(await officeSession(), {
    method: "POST",
    url: `/api/meetings/${id}/transition`,
    payload: { to: "open", version: 1 },
  });
  return id;
}
/** Chaired by bithu.llcs, minuted by dangvien.llcs (Phạm Văn Đức), ended. */
async function closedMeeting(): Promise<string> {
  const office = await officeSession();
  const id = await openMeeting();
  await s.request(office, {
    method: "PUT",
    url: `/api/meetings/${id}`,
    payload: { version: 2, minuteTakerMemberId: await s.memberId("Phạm Văn Đức") },
  });
  await s.request(office, {
    method: "POST",
    url: `/api/meetings/${id}/transition`,
    payload: { to: "closed", version: 3 },
  });
  return id;
}
let approved: string | null = null;
async function approvedMeeting(): Promise<string> {
  if (approved) return approved;
  const id = await closedMeeting();
  for (const who of ["bithu.llcs", "dangvien.llcs"]) {
    const v = (await s.request(await officeSession(), { method: "GET", url: `/api/meetings/${id}` })).json().version;
    await s.request(await s.signIn(who), {
      method: "POST",
      url: `/api/meetings/${id}/approve`,
      payload: { version: v },
    });
  }
  approved = id;
  return id;
}

import {
  congressPayload,
  freshCongress,
  freshItem,
  freshPlan,
  freshResolution,
  nextCounter,
  nextOpenChecklistItem,
  plansFixture,
  progressSheet,
} from "./support/plans-fixture.js";

import { renderDocx } from "../src/modules/documents/render-docx.js";
import { modelOfSample } from "./support/document-models.js";
import { SAMPLES } from "../src/modules/documents/samples.js";
import { matrixDocument, MATRIX_DOC_BODY } from "./support/document-models.js";

let s: TestServer;
const ids: Record<string, string> = {};
let counter = 0;

interface Built {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The status that means "the handler ran" for this row when it is not 2xx. */
  okStatus?: number;
}
type Builder = (actor: ActorName) => Promise<Built>;

const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function officeSession(): Promise<Session> {
  return s.signIn("vanphong");
}

async function freshMember(): Promise<string> {
  const res = await s.request(await officeSession(), {
    method: "POST",
    url: "/api/members",
    payload: { organizationId: ids.cell, fullName: `Đảng Viên Thử ${unique()}`, status: "full" },
  });
  return res.json().id;
}

async function version(url: string): Promise<number> {
  return (await s.request(await officeSession(), { method: "GET", url })).json().version;
}

const roster = async () => ({
  url: "",
  payload: Buffer.from(
    await writeRosterXlsx([
      {
        fullName: `Người Nhập ${unique()}`,
        cardNumber: null,
        status: "full",
        cellCode: null,
        dateOfBirth: null,
        gender: null,
        ethnicity: null,
        education: null,
        admissionDate: null,
        ceremonyDate: null,
        officialDate: null,
        phone: null,
        email: null,
        unit: null,
      },
    ]),
  ),
  headers: { "content-type": "application/octet-stream" },
});

const membershipData = {
  cell: {
    minFullMembers: 3,
    committeeFromFullMembers: 9,
    maxCommitteeMembers: 7,
    maxDeputySecretaries: 1,
    source: "x",
  },
  probation: { months: 12, considerWithinWorkingDays: 30, warnDaysBefore: [30], source: "x" },
  admission: { quorumNumerator: 2, quorumDenominator: 3, source: "x" },
};

/** How to make a well-formed request to each route, so a refusal can only come from access rules. */
const REQUESTS: Record<string, Builder> = {
  "GET /api/health": async () => ({ url: "/api/health" }),
  "POST /api/auth/login": async () => ({
    url: "/api/auth/login",
    payload: { login: "quantri", password: "demo-chibo-2026" },
  }),
  "POST /api/auth/logout": async () => ({ url: "/api/auth/logout" }),
  "POST /api/auth/logout-everywhere": async () => ({ url: "/api/auth/logout-everywhere" }),
  "GET /api/auth/me": async () => ({ url: "/api/auth/me" }),
  "GET /api/auth/me/data": async () => ({ url: "/api/auth/me/data" }),
  // A wrong current password: the handler runs (422) without changing anything.
  "POST /api/auth/password": async () => ({
    url: "/api/auth/password",
    payload: { currentPassword: "sai", newPassword: "mật khẩu mới dài" },
    okStatus: 422,
  }),
  "PUT /api/auth/locale": async () => ({ url: "/api/auth/locale", payload: { locale: "vi" } }),
  "POST /api/members/:id/account": async () => ({
    url: `/api/members/${await freshMember()}/account`,
    payload: { username: `tk${unique()}`, password: "mật khẩu ban đầu" },
  }),
  "POST /api/users/:id/reset-password": async () => ({
    url: `/api/users/${ids.resetUser}/reset-password`,
    payload: { newPassword: "mật khẩu tạm thời" },
  }),
  "GET /api/members/:id/account": async () => ({ url: `/api/members/${ids.member}/account` }),
  "GET /api/organizations/:id/office-accounts": async () => ({ url: `/api/organizations/${ids.cell}/office-accounts` }),
  "POST /api/organizations/:id/office-accounts": async () => ({
    url: `/api/organizations/${ids.cell}/office-accounts`,
    payload: { username: `vp${unique()}`, displayName: "Văn phòng thử", password: "mật khẩu văn phòng" },
  }),
  "GET /api/organizations": async () => ({ url: "/api/organizations" }),
  "POST /api/organizations": async () => ({
    url: "/api/organizations",
    payload: { parentId: ids.cell, kind: "group", name: "Tổ đảng thử", code: `TD-${unique()}`, abbreviation: "TĐ" },
  }),
  "GET /api/organizations/:id": async () => ({ url: `/api/organizations/${ids.cell}` }),
  "PUT /api/organizations/:id": async () => ({
    url: `/api/organizations/${ids.cell}`,
    payload: {
      name: "Chi bộ Khoa Lý luận cơ sở",
      code: "CB-LLCS",
      abbreviation: "CB",
      superiorName: null,
      place: "Lâm Đồng",
      version: await version(`/api/organizations/${ids.cell}`),
    },
  }),
  "POST /api/organizations/:id/move": async () => ({
    url: `/api/organizations/${ids.group}/move`,
    payload: { parentId: ids.cell, version: await version(`/api/organizations/${ids.group}`) },
  }),
  "POST /api/organizations/:id/close": async () => {
    const created = await s.request(await officeSession(), {
      method: "POST",
      url: "/api/organizations",
      payload: {
        parentId: ids.cell,
        kind: "group",
        name: "Tổ sẽ giải thể",
        code: `TD-${unique()}`,
        abbreviation: "TĐ",
      },
    });
    return {
      url: `/api/organizations/${created.json().id}/close`,
      payload: { closedOn: "2026-11-20", closedReason: "Thử", version: 1 },
    };
  },
  "POST /api/organizations/:id/terms": async () => {
    const year = 2100 - counter++;
    return {
      url: `/api/organizations/${ids.cell}/terms`,
      payload: { label: `${year}`, startsOn: `${year}-01-01`, endsOn: `${year}-06-30` },
    };
  },
  "POST /api/organizations/:id/positions": async () => ({
    url: `/api/organizations/${ids.cell}/positions`,
    payload: { memberId: ids.member, role: "committee_member", startsOn: "2099-01-01" },
  }),
  "POST /api/organizations/:id/positions/:itemId/end": async () => ({
    url: `/api/organizations/${ids.cell}/positions/${ids.position}/end`,
    payload: { endsOn: "2099-12-31" },
  }),
  "POST /api/organizations/:id/oversights": async () => ({
    url: `/api/organizations/${ids.cell}/oversights`,
    payload: { memberId: ids.committeeMember, startsOn: "2099-01-01" },
  }),
  "POST /api/organizations/:id/oversights/:itemId/end": async () => ({
    url: `/api/organizations/${ids.cell}/oversights/${ids.oversight}/end`,
    payload: { endsOn: "2099-12-31" },
  }),
  "GET /api/organizations/:id/audit": async () => ({ url: `/api/organizations/${ids.cell}/audit` }),
  "GET /api/organizations/:id/rulebooks/:kind": async () => ({
    url: `/api/organizations/${ids.cell}/rulebooks/membership`,
  }),
  "POST /api/organizations/:id/rulebooks": async () => ({
    url: `/api/organizations/${ids.cell}/rulebooks`,
    payload: {
      kind: "membership",
      key: `k${unique()}`,
      title: "Thử",
      source: "Thử",
      effectiveFrom: "2099-01-01",
      data: membershipData,
    },
  }),
  "GET /api/organizations/:id/members": async () => ({ url: `/api/organizations/${ids.cell}/members` }),
  "POST /api/members": async () => ({
    url: "/api/members",
    payload: { organizationId: ids.cell, fullName: `Đảng Viên Mới ${unique()}`, status: "full" },
  }),
  "GET /api/members/:id": async () => ({ url: `/api/members/${ids.member}` }),
  "GET /api/members/:id/history": async () => ({ url: `/api/members/${ids.member}/history` }),
  "PUT /api/members/:id": async () => ({
    url: `/api/members/${ids.member}`,
    payload: {
      fullName: "Đỗ Văn Hải",
      status: "full",
      phone: `09${String(counter++).padStart(8, "0")}`,
      version: await version(`/api/members/${ids.member}`),
    },
  }),
  "POST /api/members/:id/transfer": async () => {
    const id = await freshMember();
    return {
      url: `/api/members/${id}/transfer`,
      payload: { toOrganizationId: ids.group, transferredOn: "2026-11-20", version: 1 },
    };
  },
  "POST /api/members/:id/status": async () => ({
    url: `/api/members/${await freshMember()}/status`,
    payload: { change: "exemption_start", on: "2026-11-20", version: 1 },
  }),
  "POST /api/members/:id/leave": async () => ({
    url: `/api/members/${await freshMember()}/leave`,
    payload: { leftOn: "2026-11-20", leftReason: "Thử", version: 1 },
  }),
  "POST /api/organizations/:id/roster/preview": async () => ({
    ...(await roster()),
    url: `/api/organizations/${ids.cell}/roster/preview?fileName=a.xlsx`,
  }),
  "POST /api/organizations/:id/roster/import": async () => ({
    ...(await roster()),
    url: `/api/organizations/${ids.cell}/roster/import?fileName=a.xlsx`,
  }),
  "GET /api/organizations/:id/roster.xlsx": async () => ({ url: `/api/organizations/${ids.cell}/roster.xlsx` }),
  "GET /api/notices": async () => ({ url: "/api/notices" }),
  "GET /api/backup": async () => ({ url: "/api/backup", okStatus: s.database.store === "postgres" ? 409 : undefined }),
  "GET /api/backup/status": async () => ({ url: "/api/backup/status" }),
  "GET /api/organizations/:id/export": async () => ({ url: `/api/organizations/${ids.cell}/export` }),
  "POST /api/notices/read-all": async () => ({ url: "/api/notices/read-all" }),
  "POST /api/notices/:id/read": async () => ({ url: `/api/notices/${ids.notice}/read` }),

  "GET /api/organizations/:id/meetings": async () => ({ url: `/api/organizations/${ids.cell}/meetings` }),
  "POST /api/organizations/:id/meetings": async () => ({
    url: `/api/organizations/${ids.cell}/meetings`,
    payload: meetingPayload(),
  }),
  "GET /api/organizations/:id/meeting-overview": async () => ({
    url: `/api/organizations/${ids.cell}/meeting-overview?year=2026`,
  }),
  "GET /api/meetings/:id": async () => ({ url: `/api/meetings/${await approvedMeeting()}` }),
  "PUT /api/meetings/:id": async () => ({
    url: `/api/meetings/${await newMeeting()}`,
    payload: { version: 1, place: "Phòng 2" },
  }),
  "POST /api/meetings/:id/transition": async () => ({
    url: `/api/meetings/${await newMeeting()}/transition`,
    payload: { to: "cancelled", version: 1, reason: "Trùng lịch" },
  }),
  "POST /api/meetings/:id/steps/:phase/:stepId": async () => ({
    url: `/api/meetings/${await newMeeting()}/steps/prep/assign_preparer`,
    payload: {},
  }),
  "PUT /api/meetings/:id/attendance/:memberId": async () => ({
    url: `/api/meetings/${await openMeeting()}/attendance/${ids.member}`,
    payload: { status: "present" },
  }),
  "POST /api/meetings/:id/contributions": async () => ({
    url: `/api/meetings/${await openMeeting()}/contributions`,
    payload: { memberId: ids.member, text: "Ý kiến" },
  }),
  "PUT /api/meetings/:id/contributions/:itemId": async () => {
    const meeting = await openMeeting();
    const c = await s.request(await officeSession(), {
      method: "POST",
      url: `/api/meetings/${meeting}/contributions`,
      payload: { memberId: ids.member, text: "Ý kiến" },
    });
    return {
      url: `/api/meetings/${meeting}/contributions/${c.json().id}`,
      payload: { text: "Ý kiến đã sửa", version: 1 },
    };
  },
  "POST /api/meetings/:id/tasks": async () => ({
    url: `/api/meetings/${await openMeeting()}/tasks`,
    payload: { what: "Việc", responsibleMemberId: ids.member, deadline: "2100-01-01" },
  }),
  "POST /api/meetings/:id/votes": async () => ({
    url: `/api/meetings/${await openMeeting()}/votes`,
    payload: { subject: "NQ", rule: "ordinary", mode: "counted", inFavour: 0, against: 0, other: 0 },
  }),
  "POST /api/meetings/:id/approve": async () => {
    const id = await closedMeeting();
    return { url: `/api/meetings/${id}/approve`, payload: { version: await version(`/api/meetings/${id}`) } };
  },
  "POST /api/meetings/:id/amendments": async () => ({
    url: `/api/meetings/${await approvedMeeting()}/amendments`,
    payload: { text: "Đính chính" },
  }),
  "GET /api/meetings/:id/minutes": async () => ({ url: `/api/meetings/${await approvedMeeting()}/minutes` }),
  "PUT /api/meetings/:id/score": async () => ({
    url: `/api/meetings/${await closedMeeting()}/score`,
    payload: { judgements: [] },
  }),
  "GET /api/meetings/:id/minutes/file/:format": async () => ({
    url: `/api/meetings/${await approvedMeeting()}/minutes/file/pdf`,
  }),
  // Each caller gets a meeting of its own: minutes are issued once per meeting.
  "POST /api/meetings/:id/minutes/issue": async () => {
    const id = await closedMeeting();
    for (const who of ["bithu.llcs", "dangvien.llcs"]) {
      const v = (await s.request(await officeSession(), { method: "GET", url: `/api/meetings/${id}` })).json().version;
      await s.request(await s.signIn(who), {
        method: "POST",
        url: `/api/meetings/${id}/approve`,
        payload: { version: v },
      });
    }
    return { url: `/api/meetings/${id}/minutes/issue`, payload: { issuedOn: "2026-11-20" } };
  },
  "GET /api/members/:id/attendance": async () => ({ url: `/api/members/${ids.member}/attendance` }),
  "GET /api/calendar-feed": async () => ({ url: "/api/calendar-feed" }),
  // The office account belongs to no member: the handler runs and explains (422).
  "POST /api/calendar-feed": async () => ({ url: "/api/calendar-feed", okStatus: 422 }),
  "DELETE /api/calendar-feed": async () => ({ url: "/api/calendar-feed", okStatus: 422 }),
  "GET /api/calendar/:file": async () => {
    const res = await s.request(await s.signIn("dangvien.llcs"), { method: "POST", url: "/api/calendar-feed" });
    return { url: res.json().path };
  },

  "GET /api/organizations/:id/congresses": async () => ({ url: `/api/organizations/${ids.cell}/congresses` }),
  "POST /api/organizations/:id/congresses": async () => ({
    url: `/api/organizations/${ids.cell}/congresses`,
    payload: congressPayload(1900 + nextCounter(), await s.memberId("Nguyễn Thị Thu Hà")),
  }),
  "POST /api/congresses/:id/submission": async () => {
    const c = await freshCongress(s);
    return {
      url: `/api/congresses/${c.id}/submission`,
      payload: { submittedOn: "2026-11-20", submissionNumber: "01-TTr/CB", version: c.version },
    };
  },
  "POST /api/congresses/:id/ratification": async () => {
    const c = await freshCongress(s);
    return {
      url: `/api/congresses/${c.id}/ratification`,
      payload: { ratifiedOn: "2026-11-20", ratificationNumber: "15-QĐ/ĐU", version: c.version },
    };
  },
  "POST /api/checklist-items/:id/complete": async () => {
    const item = await nextOpenChecklistItem(s);
    return {
      url: `/api/checklist-items/${item.id}/complete`,
      payload: { doneOn: "2026-11-20", note: null, version: item.version },
    };
  },
  "GET /api/organizations/:id/checklists": async () => ({ url: `/api/organizations/${ids.cell}/checklists` }),
  "GET /api/organizations/:id/resolutions": async () => ({ url: `/api/organizations/${ids.cell}/resolutions` }),
  "POST /api/organizations/:id/resolutions": async () => ({
    url: `/api/organizations/${ids.cell}/resolutions`,
    payload: { kind: "higher", number: "NQ TW 5", title: "Nghị quyết Trung ương 5" },
  }),
  "GET /api/resolutions/:id": async () => ({ url: `/api/resolutions/${(await plansFixture(s)).resolution}` }),
  "POST /api/resolutions/:id/transition": async () => {
    const r = await freshResolution(s);
    return {
      url: `/api/resolutions/${r.id}/transition`,
      payload: { to: "adopted", on: "2026-11-20", version: r.version },
    };
  },
  "POST /api/resolutions/:id/issue": async () => {
    const r = await freshResolution(s);
    // An NQ needs a body: the resolution's task gives it one.
    await s.request(await officeSession(), {
      method: "POST",
      url: `/api/resolutions/${r.id}/tasks`,
      payload: { title: "Nhiệm vụ trọng tâm", focal: true },
    });
    const adopted = await s.request(await officeSession(), {
      method: "POST",
      url: `/api/resolutions/${r.id}/transition`,
      payload: { to: "adopted", on: "2026-11-20", version: r.version },
    });
    return {
      url: `/api/resolutions/${r.id}/issue`,
      payload: { issuedOn: "2026-11-20", version: adopted.json().version },
    };
  },
  "POST /api/resolutions/:id/targets": async () => ({
    url: `/api/resolutions/${(await plansFixture(s)).resolution}/targets`,
    payload: { name: "Chỉ tiêu thêm", measureUnit: "%", baseline: 0, goal: 100 },
  }),
  "POST /api/resolutions/:id/tasks": async () => ({
    url: `/api/resolutions/${(await plansFixture(s)).resolution}/tasks`,
    payload: { title: "Nhiệm vụ đột phá thêm", breakthrough: true },
  }),
  "POST /api/targets/:id/measurements": async () => ({
    url: `/api/targets/${(await plansFixture(s)).target}/measurements`,
    payload: { measuredOn: "2026-11-20", value: 50 },
  }),
  "GET /api/organizations/:id/plans": async () => ({ url: `/api/organizations/${ids.cell}/plans` }),
  "POST /api/organizations/:id/plans": async () => ({
    url: `/api/organizations/${ids.cell}/plans`,
    payload: { kind: "monthly", title: "Kế hoạch tháng thử", startsOn: "2099-01-01", endsOn: "2099-01-31" },
  }),
  "GET /api/plans/:id": async () => ({ url: `/api/plans/${(await plansFixture(s)).plan}` }),
  "POST /api/plans/:id/issue": async () => {
    const p = await freshPlan(s);
    return { url: `/api/plans/${p.id}/issue`, payload: { issuedOn: "2026-11-20", version: p.version } };
  },
  "POST /api/plans/:id/items": async () => ({
    url: `/api/plans/${(await plansFixture(s)).plan}/items`,
    payload: { what: "Nội dung thêm", dueOn: "2099-01-31", responsibleUnit: "Chi ủy" },
  }),
  "PUT /api/plan-items/:id": async () => {
    const f = await plansFixture(s);
    const plan = (await s.request(await officeSession(), { method: "GET", url: `/api/plans/${f.plan}` })).json();
    const item = plan.items.find((i: { id: string }) => i.id === f.item);
    return {
      url: `/api/plan-items/${f.item}`,
      payload: {
        what: item.what,
        dueOn: item.dueOn,
        responsibleMemberId: item.responsibleMemberId,
        targetIds: item.targetIds,
        weight: 2,
        version: item.version,
      },
    };
  },
  "POST /api/plan-items/:id/close": async () => {
    const item = await freshItem(s);
    return {
      url: `/api/plan-items/${item.id}/close`,
      payload: { closedOn: "2026-11-20", closedReason: "Thử", version: item.version },
    };
  },
  "DELETE /api/plan-items/:id": async () => {
    const item = await freshItem(s);
    return { url: `/api/plan-items/${item.id}`, payload: { version: item.version } };
  },
  "GET /api/organizations/:id/personal-plans": async () => ({
    url: `/api/organizations/${ids.cell}/personal-plans?year=2099`,
  }),
  "POST /api/organizations/:id/personal-plans": async () => ({
    url: `/api/organizations/${ids.cell}/personal-plans`,
    payload: { year: 2098, items: [{ what: "Đăng ký thử" }] },
  }),
  "POST /api/personal-plans/:id/review": async () => {
    const f = await plansFixture(s);
    const list = (
      await s.request(await officeSession(), {
        method: "GET",
        url: `/api/organizations/${ids.cell}/personal-plans?year=2099`,
      })
    ).json();
    const plan = list.items.find((p: { id: string }) => p.id === f.personalPlan);
    return {
      url: `/api/personal-plans/${f.personalPlan}/review`,
      payload: { reviewedOn: "2026-11-20", reviewNote: null, results: ["Đạt"], version: plan.version },
    };
  },
  "GET /api/organizations/:id/tasks": async () => ({ url: `/api/organizations/${ids.cell}/tasks` }),
  "POST /api/organizations/:id/tasks": async () => ({
    url: `/api/organizations/${ids.cell}/tasks`,
    payload: {
      title: "Việc giao trực tiếp",
      responsibleMemberId: ids.member,
      startsOn: "2099-01-01",
      dueOn: "2099-02-01",
    },
  }),
  "GET /api/me/tasks": async () => ({ url: "/api/me/tasks" }),
  "GET /api/tasks/:id": async () => ({ url: `/api/tasks/${(await plansFixture(s)).task}` }),
  "PUT /api/tasks/:id": async () => {
    const f = await plansFixture(s);
    const task = (await s.request(await officeSession(), { method: "GET", url: `/api/tasks/${f.task}` })).json();
    return {
      url: `/api/tasks/${f.task}`,
      payload: {
        title: task.title,
        responsibleMemberId: task.responsibleMemberId,
        helperIds: [],
        startsOn: task.startsOn,
        dueOn: task.dueOn,
        version: task.version,
      },
    };
  },
  "POST /api/tasks/:id/progress": async () => {
    const f = await plansFixture(s);
    const task = (await s.request(await officeSession(), { method: "GET", url: `/api/tasks/${f.task}` })).json();
    return { url: `/api/tasks/${f.task}/progress`, payload: { percent: 20, note: "Tiếp tục", version: task.version } };
  },
  "POST /api/tasks/:id/extend": async () => {
    const f = await plansFixture(s);
    const task = (await s.request(await officeSession(), { method: "GET", url: `/api/tasks/${f.task}` })).json();
    return {
      url: `/api/tasks/${f.task}/extend`,
      payload: { dueOn: addDays(task.dueOn, 1), reason: "Thêm thời gian", version: task.version },
    };
  },
  "GET /api/tasks/:id/comments": async () => ({ url: `/api/tasks/${(await plansFixture(s)).task}/comments` }),
  "POST /api/tasks/:id/comments": async () => ({
    url: `/api/tasks/${(await plansFixture(s)).task}/comments`,
    payload: { kind: "direction", body: "Ý kiến chỉ đạo" },
  }),
  "GET /api/organizations/:id/month-comments": async () => ({
    url: `/api/organizations/${ids.cell}/month-comments?month=2026-12`,
  }),
  "POST /api/organizations/:id/month-comments": async () => ({
    url: `/api/organizations/${ids.cell}/month-comments`,
    payload: { month: "2026-12", body: "Ý kiến về tháng" },
  }),
  "GET /api/task-updates/:id/evidence": async () => ({
    url: `/api/task-updates/${(await plansFixture(s)).update}/evidence`,
  }),
  "GET /api/organizations/:id/tasks.xlsx": async () => ({ url: `/api/organizations/${ids.cell}/tasks.xlsx` }),
  "POST /api/organizations/:id/tasks/progress-preview": async () => {
    await plansFixture(s);
    return {
      url: `/api/organizations/${ids.cell}/tasks/progress-preview`,
      payload: await progressSheet(s),
      headers: { "content-type": "application/octet-stream" },
    };
  },
  "POST /api/organizations/:id/tasks/progress-import": async () => {
    await plansFixture(s);
    return {
      url: `/api/organizations/${ids.cell}/tasks/progress-import`,
      payload: await progressSheet(s),
      headers: { "content-type": "application/octet-stream" },
    };
  },
  "GET /api/organizations/:id/dashboard": async () => ({ url: `/api/organizations/${ids.cell}/dashboard` }),
  "GET /api/organizations/:id/dashboard/cells": async () => ({ url: `/api/organizations/${ids.cell}/dashboard/cells` }),
  "GET /api/organizations/:id/reviews": async () => ({ url: `/api/organizations/${ids.cell}/reviews` }),
  "POST /api/organizations/:id/reviews": async () => ({
    url: `/api/organizations/${ids.cell}/reviews`,
    payload: { kind: "monthly", periodStart: "2026-10-01", periodEnd: "2026-10-31" },
  }),
  "POST /api/reviews/:id/issue": async () => {
    const review = await s.request(await officeSession(), {
      method: "POST",
      url: `/api/organizations/${ids.cell}/reviews`,
      payload: { kind: "monthly", periodStart: "2026-10-01", periodEnd: "2026-10-31" },
    });
    return {
      url: `/api/reviews/${review.json().id}/issue`,
      payload: { issuedOn: "2026-11-20", version: review.json().version },
    };
  },
  "GET /api/reviews/:id": async () => ({ url: `/api/reviews/${(await plansFixture(s)).review}` }),
  "PUT /api/reviews/:id": async () => {
    const f = await plansFixture(s);
    const review = (await s.request(await officeSession(), { method: "GET", url: `/api/reviews/${f.review}` })).json();
    return { url: `/api/reviews/${f.review}`, payload: { content: review.content, version: review.version } };
  },

  "GET /api/organizations/:id/documents": async () => ({
    url: `/api/organizations/${ids.cell}/documents?q=nghi%20quyet`,
  }),
  "POST /api/organizations/:id/documents": async () => ({
    url: `/api/organizations/${ids.cell}/documents`,
    payload: { type: "NQ" },
  }),
  "POST /api/organizations/:id/documents/upload": async () => ({
    url: `/api/organizations/${ids.cell}/documents/upload?fileName=du-thao.docx&summary=${encodeURIComponent("dự thảo báo cáo chính trị")}`,
    payload:
      (ids.uploadBytes ??= (await renderDocx(modelOfSample(SAMPLES[0]!))).toString("base64")) &&
      Buffer.from(ids.uploadBytes, "base64"),
    headers: { "content-type": "application/octet-stream" },
  }),
  "GET /api/documents/:id": async () => ({ url: `/api/documents/${await matrixDocument(s, ids, "issued")}` }),
  "PUT /api/documents/:id": async () => {
    const id = await matrixDocument(s, ids, "draft");
    return {
      url: `/api/documents/${id}`,
      payload: {
        summary: "sửa trích yếu",
        sections: MATRIX_DOC_BODY,
        recipients: [],
        version: await version(`/api/documents/${id}`),
      },
    };
  },
  "POST /api/documents/:id/status": async () => {
    const id = await matrixDocument(s, ids, "draft");
    return {
      url: `/api/documents/${id}/status`,
      payload: { to: "adopted", version: await version(`/api/documents/${id}`) },
    };
  },
  "POST /api/documents/:id/issue": async () => {
    const id = await matrixDocument(s, ids, "adopted");
    return {
      url: `/api/documents/${id}/issue`,
      payload: { issuedOn: "2026-11-20", version: await version(`/api/documents/${id}`) },
    };
  },
  "GET /api/documents/:id/file/:format": async () => ({
    url: `/api/documents/${await matrixDocument(s, ids, "issued")}/file/pdf`,
  }),
  "POST /api/documents/:id/comments": async () => ({
    url: `/api/documents/${await matrixDocument(s, ids, "consultation")}/comments`,
    payload: { sectionKey: "tasks", text: "Góp ý thử" },
  }),
  "POST /api/documents/:id/comments/:commentId/resolve": async () => {
    const id = await matrixDocument(s, ids, "consultation");
    const comment = (
      await s.request(await s.signIn("vanphong"), {
        method: "POST",
        url: `/api/documents/${id}/comments`,
        payload: { sectionKey: "tasks", text: "Ý kiến cần xử lý" },
      })
    ).json();
    return {
      url: `/api/documents/${id}/comments/${comment.id}/resolve`,
      payload: { resolution: "explained", response: "Đã giải trình", version: 1 },
    };
  },
  "POST /api/documents/:id/opinion-report": async () => ({
    url: `/api/documents/${await matrixDocument(s, ids, "open-empty")}/opinion-report`,
  }),
  "GET /api/documents/:id/issue-check": async () => ({
    url: `/api/documents/${await matrixDocument(s, ids, "adopted")}/issue-check?issuedOn=2026-11-20`,
  }),

  "POST /api/organizations/:id/evaluation-periods": async () => ({
    url: `/api/organizations/${(await evaluation()).root}/evaluation-periods`,
    payload: termPeriod(),
  }),
  "GET /api/organizations/:id/evaluation-periods": async () => ({
    url: `/api/organizations/${(await evaluation()).root}/evaluation-periods`,
  }),
  "GET /api/evaluation-periods/:id": async () => ({ url: `/api/evaluation-periods/${(await evaluation()).period}` }),
  "POST /api/evaluation-periods/:id/close": async () => {
    const { root } = await evaluation();
    const opened = await s.request(await officeSession(), {
      method: "POST",
      url: `/api/organizations/${root}/evaluation-periods`,
      payload: termPeriod(),
    });
    return { url: `/api/evaluation-periods/${opened.json().id}/close`, payload: { version: 1 } };
  },
  // Publishing with subjects undecided: the handler runs and refuses (422), nothing is published.
  "POST /api/evaluation-periods/:id/publish": async () => {
    const { period } = await evaluation();
    return {
      url: `/api/evaluation-periods/${period}/publish`,
      payload: { version: await version(`/api/evaluation-periods/${period}`) },
      okStatus: 422,
    };
  },
  "GET /api/evaluation-periods/:id/decisions": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/decisions`,
  }),
  "GET /api/evaluation-periods/:id/cells": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells?page=1`,
  }),
  "GET /api/evaluation-periods/:id/cells/:cellId": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells/${ids.cell}`,
  }),
  // Not yet published: the handler runs and answers 409.
  "GET /api/evaluation-periods/:id/cells/:cellId/results": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells/${ids.cell}/results`,
    okStatus: 409,
  }),
  "GET /api/evaluation-subjects/:id": async () => ({ url: `/api/evaluation-subjects/${(await evaluation()).subject}` }),
  "GET /api/evaluation-subjects/:id/form": async () => ({
    url: `/api/evaluation-subjects/${(await evaluation()).subject}/form`,
  }),
  "PUT /api/evaluation-subjects/:id/self-assessment": async () => {
    const { subject } = await evaluation();
    const form = (
      await s.request(await s.signIn("dangvien.llcs"), {
        method: "GET",
        url: `/api/evaluation-subjects/${subject}/form`,
      })
    ).json();
    const scores = Object.fromEntries(
      (form.rubric as { criteria: { id: string; max: number }[] }[]).flatMap((sec) =>
        sec.criteria.map((c) => [c.id, c.max / 2]),
      ),
    );
    const detail = (
      await s.request(await officeSession(), { method: "GET", url: `/api/evaluation-subjects/${subject}` })
    ).json();
    return {
      url: `/api/evaluation-subjects/${subject}/self-assessment`,
      payload: { scores, proposedLevel: "completed", version: detail.assessment?.version ?? null },
    };
  },
  "POST /api/evaluation-subjects/:id/comments": async () => ({
    url: `/api/evaluation-subjects/${(await evaluation()).subject}/comments`,
    payload: { text: "Cần chủ động hơn trong công việc." },
  }),
  "POST /api/evaluation-subjects/:id/proposal": async () => {
    const { subject, meeting } = await evaluation();
    const detail = (
      await s.request(await officeSession(), { method: "GET", url: `/api/evaluation-subjects/${subject}` })
    ).json();
    return {
      url: `/api/evaluation-subjects/${subject}/proposal`,
      payload: { level: "completed", meetingId: meeting, version: detail.proposal?.version ?? null },
    };
  },
  "POST /api/evaluation-subjects/:id/decision": async () => {
    const { subject } = await evaluation();
    const detail = (
      await s.request(await officeSession(), { method: "GET", url: `/api/evaluation-subjects/${subject}` })
    ).json();
    return {
      url: `/api/evaluation-subjects/${subject}/decision`,
      payload: { level: "completed", score: 60, decidedOn: "2024-12-28", version: detail.decision?.version ?? null },
    };
  },
  "POST /api/evaluation-subjects/:id/re-rank": async () => {
    const { subject } = await evaluation();
    const office = await officeSession();
    let detail = (await s.request(office, { method: "GET", url: `/api/evaluation-subjects/${subject}` })).json();
    if (!detail.decision) {
      await s.request(office, {
        method: "POST",
        url: `/api/evaluation-subjects/${subject}/decision`,
        payload: { level: "completed", score: 60, decidedOn: "2024-12-28" },
      });
      detail = (await s.request(office, { method: "GET", url: `/api/evaluation-subjects/${subject}` })).json();
    }
    return {
      url: `/api/evaluation-subjects/${subject}/re-rank`,
      payload: {
        level: "completed",
        reason: "Thẩm định lại",
        decidedOn: "2025-01-10",
        version: detail.decision.version,
      },
    };
  },
  "GET /api/me/evaluations": async () => ({ url: "/api/me/evaluations" }),
  "GET /api/members/:id/evaluations": async () => ({
    url: `/api/members/${await s.memberId("Phạm Văn Đức")}/evaluations`,
  }),
  "GET /api/evaluation-subjects/:id/file": async () => ({
    url: `/api/evaluation-subjects/${(await evaluation()).subject}/file?format=pdf`,
  }),
  "GET /api/evaluation-periods/:id/cells/:cellId/report/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells/${ids.cell}/report/file?format=docx`,
  }),
  // Before any proposal is tied to the review meeting the handler runs and answers 409.
  "GET /api/evaluation-periods/:id/cells/:cellId/minutes/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells/${ids.cell}/minutes/file?format=docx`,
    okStatus: 409,
  }),
  "GET /api/evaluation-periods/:id/decision/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/decision/file?format=docx`,
  }),
  "GET /api/evaluation-periods/:id/decision-list/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/decision-list/file?subject=cells&format=docx`,
  }),
  "GET /api/evaluation-periods/:id/notice/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/notice/file?format=docx`,
  }),
  "GET /api/evaluation-periods/:id/summary/file": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/summary/file?format=docx`,
  }),
  "GET /api/evaluation-periods/:id/summary.xlsx": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/summary.xlsx`,
  }),
  // Subjects undecided: the handler runs and refuses (422), nothing is issued.
  "POST /api/evaluation-periods/:id/issue-decision": async () => {
    const { period } = await evaluation();
    return {
      url: `/api/evaluation-periods/${period}/issue-decision`,
      payload: { issuedOn: "2026-11-20", version: await version(`/api/evaluation-periods/${period}`) },
      okStatus: 422,
    };
  },
  "POST /api/meetings/:id/attendance/all-present": async () => ({
    url: `/api/meetings/${await openMeeting()}/attendance/all-present`,
  }),
  // The first actor allowed creates the cell's review meeting; the next is refused as a second one (409).
  "POST /api/evaluation-periods/:id/cells/:cellId/review-meeting": async () => ({
    url: `/api/evaluation-periods/${(await evaluation()).period}/cells/${ids.cell}/review-meeting`,
    payload: { date: "2024-12-20", startTime: "14:00", place: "Phòng họp" },
    okStatus: 409,
  }),
  "GET /api/meetings/:id/evaluation-review": async () => ({
    url: `/api/meetings/${(await evaluation()).meeting}/evaluation-review`,
  }),

  // Admissions, on the demo's candidate still gathering the dossier (Lương Thị Minh Thư, CB-LLCS).
  "GET /api/organizations/:id/candidates": async () => ({ url: `/api/organizations/${ids.cell}/candidates` }),
  // A helper who is no member of the cell: the handler runs and refuses (422), nothing is stored.
  "POST /api/organizations/:id/candidates": async () => ({
    url: `/api/organizations/${ids.cell}/candidates`,
    payload: { fullName: "Người Thử", dateOfBirth: "2000-01-01", helperIds: [ids.cell] },
    okStatus: 422,
  }),
  "GET /api/candidates/:id": async () => ({ url: `/api/candidates/${await candidate()}` }),
  "POST /api/candidates/:id/forms": async () => ({
    url: `/api/candidates/${await candidate()}/forms`,
    payload: {
      form: "4-KNĐ",
      receivedOn: "2026-10-20",
      version: await version(`/api/candidates/${await candidate()}`),
    },
  }),
  // Each step refused by the rules once authorised (a vote dated in the future, a step of another stage).
  "POST /api/candidates/:id/resolution": async () => ({
    url: `/api/candidates/${await candidate()}/resolution`,
    payload: { votedOn: "2099-01-01", votesFor: 3, version: await version(`/api/candidates/${await candidate()}`) },
    okStatus: 422,
  }),
  "POST /api/candidates/:id/decision": async () => candidateStep("decision", { decidedOn: "2026-11-20" }),
  "POST /api/candidates/:id/ceremony": async () => candidateStep("ceremony", { ceremonyOn: "2026-11-20" }),
  "POST /api/candidates/:id/recognition-vote": async () =>
    candidateStep("recognition-vote", { votedOn: "2026-11-20", votesFor: 3 }),
  "POST /api/candidates/:id/recognition-decision": async () =>
    candidateStep("recognition-decision", { decidedOn: "2026-11-20" }),
  "GET /api/organizations/:id/admission-pipeline": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/admission-pipeline`,
  }),
  // ── inspections ──
  "GET /api/organizations/:id/inspection-programmes": async () => ({
    url: `/api/organizations/${ids.cell}/inspection-programmes`,
  }),
  "POST /api/organizations/:id/inspection-programmes": async () => ({
    url: `/api/organizations/${ids.cell}/inspection-programmes`,
    payload: { body: "cell", year: 2026, title: `Chương trình ${unique()}` },
  }),
  "GET /api/inspection-programmes/:id": async () => ({ url: `/api/inspection-programmes/${await cellProgramme()}` }),
  "POST /api/inspection-programmes/:id/items": async () => ({
    url: `/api/inspection-programmes/${await cellProgramme()}/items`,
    payload: await programmeLine(),
  }),
  "POST /api/inspection-programmes/:id/adopt": async () => ({
    url: `/api/inspection-programmes/${await cellProgramme(true)}/adopt`,
    payload: { adoptedOn: "2026-01-20", version: 1 },
  }),
  "GET /api/organizations/:id/inspections": async () => ({ url: `/api/organizations/${ids.cell}/inspections` }),
  "POST /api/organizations/:id/inspections": async () => ({
    url: `/api/organizations/${ids.cell}/inspections`,
    payload: await cellInspectionPayload(),
  }),
  "POST /api/organizations/:id/denunciations": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/denunciations`,
    payload: {
      subjectMemberId: ids.member,
      content: `Đơn ${unique()}`,
      leadMemberId: await s.memberId("Hồ Thị Phương"),
      receivedOn: "2026-03-10",
      receiverName: "Ủy viên UBKT",
      denouncer: "Người gửi đơn",
    },
  }),
  "GET /api/inspections/:id": async () => {
    const [row] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM inspections WHERE subject_organization_id = ${ids.cell} AND body = 'inspection_committee'`,
    );
    return { url: `/api/inspections/${row!.id}` };
  },
  "POST /api/inspections/:id/steps": async () => ({
    url: `/api/inspections/${await cellInspection(false)}/steps`,
    payload: { step: "decision", on: "2026-04-01", text: "Quyết định", version: 1 },
  }),
  "GET /api/inspections/:id/openings": async () => {
    const [row] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM confidential_cases WHERE type = 'violation' LIMIT 1`,
    );
    return { url: `/api/inspections/${row!.id}/openings` };
  },
  "POST /api/inspections/:id/findings": async () => ({
    url: `/api/inspections/${await cellInspection(true)}/findings`,
    payload: await findingPayload(),
  }),
  "POST /api/findings/:id/report": async () => ({
    url: `/api/findings/${await cellFinding(false)}/report`,
    payload: { report: "Đã khắc phục", reportedOn: "2026-05-10", version: 1 },
  }),
  "POST /api/findings/:id/close": async () => ({
    url: `/api/findings/${await cellFinding(true)}/close`,
    payload: { closedOn: "2026-05-20", version: 2 },
  }),
  "GET /api/organizations/:id/discipline": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/discipline`,
  }),
  "POST /api/organizations/:id/discipline": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/discipline`,
    payload: { memberId: ids.member, form: "reprimand", reason: "Vi phạm", proposedOn: "2026-01-05" },
  }),
  "POST /api/discipline/:id/decide": async () => ({
    url: `/api/discipline/${await disciplineCase(false)}/decide`,
    payload: { body: "cell", form: "reprimand", decidedOn: "2026-01-10", version: 1 },
  }),
  "POST /api/discipline/:id/appeal": async () => ({
    url: `/api/discipline/${await disciplineCase(true)}/appeal`,
    payload: { appealedOn: "2026-01-20", text: "Khiếu nại", version: 2 },
  }),
  "GET /api/organizations/:id/inspection-dashboard": async () => ({
    url: `/api/organizations/${ids.cell}/inspection-dashboard`,
  }),
};

let candidateId: string | null = null;
async function candidate(): Promise<string> {
  if (!candidateId)
    candidateId = (
      await s.database.rows<{ id: string }>(
        sql`SELECT id FROM admission_candidates WHERE full_name = 'Lương Thị Minh Thư'`,
      )
    )[0]!.id;
  return candidateId;
}
async function candidateStep(step: string, payload: Record<string, unknown>) {
  const id = await candidate();
  return {
    url: `/api/candidates/${id}/${step}`,
    payload: { ...payload, version: await version(`/api/candidates/${id}`) },
    okStatus: 409,
  };
}

/** A review of 2024 (back-filled) for the đảng bộ, with dangvien.llcs's subject proposed at a held cell meeting. */
let evaluationIds: { root: string; period: string; subject: string; meeting: string } | null = null;
async function evaluation() {
  if (evaluationIds) return evaluationIds;
  const office = await officeSession();
  const root = await s.orgId("DB-TCT");
  const opened = await s.request(office, {
    method: "POST",
    url: `/api/organizations/${root}/evaluation-periods`,
    payload: { kind: "year", year: 2024, startsOn: "2024-01-01", endsOn: "2024-12-31" },
  });
  const period = opened.json().id as string;
  const cell = (
    await s.request(office, { method: "GET", url: `/api/evaluation-periods/${period}/cells/${ids.cell}` })
  ).json();
  const duc = await s.memberId("Phạm Văn Đức");
  const subject = cell.subjects.find((x: { memberId: string | null }) => x.memberId === duc).id as string;
  const meeting = (
    await s.request(office, {
      method: "POST",
      url: `/api/organizations/${ids.cell}/meetings`,
      payload: { kind: "monthly", date: "2024-12-18", startTime: "14:00", place: "Phòng họp" },
    })
  ).json().id as string;
  await s.request(office, {
    method: "POST",
    url: `/api/meetings/${meeting}/transition`,
    payload: { to: "open", version: 1 },
  });
  evaluationIds = { root, period, subject, meeting };
  return evaluationIds;
}
// ── inspections ──
async function programmeLine() {
  return {
    subjectMemberId: ids.member,
    type: "compliance",
    content: `Kiểm tra ${unique()}`,
    leadMemberId: await s.memberId("Phạm Văn Đức"),
    startsOn: "2026-04-01",
    endsOn: "2026-06-30",
  };
}
/** A programme of CB-LLCS written by the office, with one line when asked. */
async function cellProgramme(withLine = false): Promise<string> {
  const office = await officeSession();
  const url = `/api/organizations/${ids.cell}/inspection-programmes`;
  const id = (
    await s.request(office, { method: "POST", url, payload: { body: "cell", year: 2026, title: "CTr" } })
  ).json().id;
  if (withLine)
    await s.request(office, {
      method: "POST",
      url: `/api/inspection-programmes/${id}/items`,
      payload: await programmeLine(),
    });
  return id;
}
async function cellInspectionPayload() {
  return {
    body: "cell",
    type: "compliance",
    subjectMemberId: ids.member,
    content: `Kiểm tra ${unique()}`,
    leadMemberId: await s.memberId("Phạm Văn Đức"),
  };
}
/** The cell's own inspection of a member, opened by the office; concluded (every step recorded) when asked. */
async function cellInspection(concluded: boolean): Promise<string> {
  const office = await officeSession();
  const id = (
    await s.request(office, {
      method: "POST",
      url: `/api/organizations/${ids.cell}/inspections`,
      payload: await cellInspectionPayload(),
    })
  ).json().id;
  if (!concluded) return id;
  let v = 1;
  for (const step of ["decision", "notice", "self_report", "verification", "conclusion_meeting", "conclusion"]) {
    const res = await s.request(office, {
      method: "POST",
      url: `/api/inspections/${id}/steps`,
      payload: { step, on: "2026-04-10", text: step, version: v },
    });
    v = res.json().version;
  }
  return id;
}
async function findingPayload() {
  return { text: "Hạn chế", remedy: "Khắc phục", ownerMemberId: await s.memberId("Phạm Văn Đức"), dueOn: "2099-12-31" };
}
/** A finding owned by dangvien.llcs, with its remedy report when asked. */
async function cellFinding(reported: boolean): Promise<string> {
  const office = await officeSession();
  const id = (
    await s.request(office, {
      method: "POST",
      url: `/api/inspections/${await cellInspection(true)}/findings`,
      payload: await findingPayload(),
    })
  ).json().id;
  if (reported)
    await s.request(office, {
      method: "POST",
      url: `/api/findings/${id}/report`,
      payload: { report: "Đã khắc phục", reportedOn: "2026-05-10", version: 1 },
    });
  return id;
}
/** A discipline proposal about dangvien.llcs by the UBKT; decided (received on 10/01/2026) when asked. */
async function disciplineCase(decided: boolean): Promise<string> {
  const ubkt = await s.signIn("ubkt");
  const id = (
    await s.request(ubkt, {
      method: "POST",
      url: `/api/organizations/${await s.orgId("DB-TCT")}/discipline`,
      payload: {
        memberId: await s.memberId("Phạm Văn Đức"),
        form: "reprimand",
        reason: "Vi phạm",
        proposedOn: "2026-01-05",
      },
    })
  ).json().id;
  if (decided)
    await s.request(ubkt, {
      method: "POST",
      url: `/api/discipline/${id}/decide`,
      payload: { body: "cell", form: "reprimand", decidedOn: "2026-01-10", version: 1 },
    });
  return id;
}

let termYear = 2099;
const termPeriod = () => {
  const year = termYear--;
  return { kind: "term", year, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
};

// Rows that end sessions run with a throwaway session so the others keep theirs.
const NEEDS_OWN_SESSION = new Set(["POST /api/auth/logout", "POST /api/auth/logout-everywhere"]);

beforeAll(async () => {
  s = await createTestServer();
  ids.cell = await s.orgId("CB-LLCS");
  ids.member = await s.memberId("Đỗ Văn Hải");
  ids.committeeMember = await s.memberId("Mai Thị Hoa");
  const office = await officeSession();
  ids.group = (
    await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: ids.cell, kind: "group", name: "Tổ đảng ma trận", code: "TD-MATRIX", abbreviation: "TĐ" },
    })
  ).json().id;
  ids.position = (
    await s.request(office, {
      method: "POST",
      url: `/api/organizations/${ids.cell}/positions`,
      payload: { memberId: ids.member, role: "group_leader", startsOn: "2099-01-01" },
    })
  ).json().id;
  const [oversight] = await s.database.rows<{ id: string }>(
    sql`SELECT id FROM oversights WHERE organization_id = ${ids.cell}`,
  );
  ids.oversight = oversight!.id;
  const [user] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'chiuy.llcs'`);
  ids.resetUser = user!.id;
  const [owner] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'dangvien.llcs'`);
  const [notice] = await s.database.rows<{ id: number }>(
    sql`INSERT INTO notices (user_id, subject, text) VALUES (${owner!.id}, 'Thông báo', 'Nội dung') RETURNING id::int AS id`,
  );
  ids.notice = String(notice!.id);
});
afterAll(() => s.close());

describe("access matrix", () => {
  it("has a row and a request for every API route the server registers, and no stale rows", () => {
    const routes = s.app.routeTable
      .filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs"))
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !(r in REQUESTS))).toEqual([]);
    // Only the rows the table calls public are reachable without signing in.
    const publicRoutes = s.app.routeTable
      .filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && r.access === "public")
      .map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(
      Object.entries(MATRIX)
        .filter(([, p]) => p === "public")
        .map(([r]) => r)
        .sort(),
    );
    console.log(
      `access matrix: ${routes.length} routes × ${Object.keys(ACTORS).length} actors = ${routes.length * Object.keys(ACTORS).length} checks`,
    );
  });

  for (const [route, policyName] of Object.entries(MATRIX)) {
    it(`${route} — ${policyName}`, async () => {
      const [method, pattern] = route.split(" ") as [string, string];
      const expected = POLICIES[policyName];
      const got: Record<string, number | "ok"> = {};
      for (const actor of Object.keys(ACTORS) as ActorName[]) {
        const username = ACTORS[actor];
        const session = username
          ? NEEDS_OWN_SESSION.has(route)
            ? await s.signIn(username, undefined, { fresh: true })
            : await s.signIn(username)
          : null;
        const built = await REQUESTS[route]!(actor);
        const res = await s.request(session, {
          method: method as "GET",
          url: built.url,
          payload: built.payload as string,
          headers: built.headers,
        });
        const ran = res.statusCode < 400 || res.statusCode === built.okStatus;
        got[actor] = ran ? "ok" : res.statusCode;
        if (!ran && ![401, 403, 404].includes(res.statusCode))
          throw new Error(`${route} as ${actor}: unexpected ${res.statusCode} ${res.body} (${pattern})`);
      }
      if (NEEDS_OWN_SESSION.has(route)) s.forgetSessions();
      expect(got).toEqual(expected);
    });
  }
});

describe("no foreign rows", () => {
  it("lists and searches never return another cell's members", async () => {
    const member = await s.signIn("dangvien.xdd");
    const xdd = await s.orgId("CB-XDD");
    const res = (
      await s.request(member, { method: "GET", url: `/api/organizations/${xdd}/members?limit=500&includeLeft=true` })
    ).json();
    const [inCell] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM members WHERE organization_id = ${xdd}`,
    );
    expect(res.items.length).toBe(inCell!.n);
    expect(res.items.every((m: { organizationId: string }) => m.organizationId === xdd)).toBe(true);
    // Searching for a name that only exists in another cell finds nothing.
    const other = (
      await s.request(member, { method: "GET", url: `/api/organizations/${xdd}/members?q=thu%20ha` })
    ).json();
    expect(other.items).toEqual([]);
  });

  it("an id of another cell's member in a nested path or body is refused as not found", async () => {
    const secretary = await s.signIn("bithu.xdd");
    const foreignMember = await s.memberId("Bùi Văn An");
    const ownCell = await s.orgId("CB-XDD");
    expect(
      (await s.request(secretary, { method: "GET", url: `/api/members/${foreignMember}/history` })).statusCode,
    ).toBe(404);
    // Own cell in the path, a foreign member in the body.
    const res = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${ownCell}/positions`,
      payload: { memberId: foreignMember, role: "committee_member", startsOn: "2026-01-01" },
    });
    expect(res.statusCode).toBe(422);
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM positions WHERE member_id = ${foreignMember} AND organization_id = ${ownCell}`,
    );
    expect(row!.n).toBe(0);
    // A foreign position id under the own cell's path.
    const [foreignPosition] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM positions WHERE organization_id = ${await s.orgId("CB-LLCS")} LIMIT 1`,
    );
    expect(
      (
        await s.request(secretary, {
          method: "POST",
          url: `/api/organizations/${ownCell}/positions/${foreignPosition!.id}/end`,
          payload: { endsOn: "2026-12-01" },
        })
      ).statusCode,
    ).toBe(404);
  });
});
