import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "../src/core/time.js";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { ACTORS, MATRIX, POLICIES, type ActorName } from "./access-matrix.js";
import { writeRosterXlsx } from "../src/modules/members/roster.js";
import { addDays } from "../src/core/time.js";
import { minimalPdf } from "./support/files.js";

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
    // Today: a cell's plan is numbered in its register, whose dates never go back (ADR 0170).
    payload: { step: "decision", on: todayIso(), text: "Kế hoạch kiểm tra", version: 1 },
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
  // ── inspections-documents ──
  "GET /api/inspection-programmes/:id/file/:format": async () => ({
    url: `/api/inspection-programmes/${await cellProgramme(true)}/file/pdf`,
  }),
  "GET /api/inspections/:id/file/:document/:format": async () => {
    const [row] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM inspections WHERE subject_organization_id = ${ids.cell} AND body = 'inspection_committee'`,
    );
    return { url: `/api/inspections/${row!.id}/file/decision/pdf` };
  },
  "GET /api/discipline/:id/file/:format": async () => ({
    url: `/api/discipline/${await disciplineCase(true)}/file/pdf`,
  }),
  "GET /api/organizations/:id/inspection-reports": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/inspection-reports`,
  }),
  "POST /api/organizations/:id/inspection-reports": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/inspection-reports`,
    payload: { kind: "year", year: 2025 },
  }),
  "GET /api/inspection-reports/:id": async () => ({ url: `/api/inspection-reports/${await ubktReport()}` }),
  "PUT /api/inspection-reports/:id": async () => ({
    url: `/api/inspection-reports/${await ubktReport()}`,
    payload: { sections: [{ key: "next", heading: "V.", text: "- Tiếp tục" }], version: 1 },
  }),
  "POST /api/inspection-reports/:id/issue": async () => ({
    url: `/api/inspection-reports/${await ubktReport()}/issue`,
    payload: { issuedOn: "2026-01-10", version: 1 },
  }),
  "GET /api/inspection-reports/:id/file/:format": async () => ({
    url: `/api/inspection-reports/${await ubktReport()}/file/pdf`,
  }),
  // ── transfers ──
  "GET /api/organizations/:id/transfers": async () => ({ url: `/api/organizations/${ids.cell}/transfers` }),
  // The đảng ủy's acts on the đảng bộ: the handler runs and refuses an unknown member or cell (422).
  "POST /api/organizations/:id/transfers/out": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/transfers/out`,
    payload: {
      memberId: crypto.randomUUID(),
      counterpart: "Đảng bộ khác",
      decisionOn: todayIso(),
      letterIssuedOn: todayIso(),
    },
    okStatus: 422,
  }),
  "POST /api/organizations/:id/transfers/in": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/transfers/in`,
    payload: {
      cellId: crypto.randomUUID(),
      counterpart: "Đảng bộ khác",
      letterNumber: "01-GT/ĐU",
      letterIssuedOn: todayIso(),
      presentedOn: todayIso(),
      fullName: "Người Chuyển Đến",
      status: "probationary",
      dateOfBirth: "1995-01-01",
      admissionDate: "2025-01-01",
    },
    okStatus: 422,
  }),
  "POST /api/organizations/:id/temporary-stays": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/temporary-stays`,
    payload: {
      memberId: crypto.randomUUID(),
      hostName: "Nơi khác",
      purpose: "work",
      startsOn: "2026-01-01",
      endsOn: "2026-07-01",
    },
    okStatus: 422,
  }),
  "POST /api/temporary-stays/:id/comment": async () => {
    const id = await hostedStay();
    const [row] = await s.database.rows<{ version: number }>(sql`SELECT version FROM temporary_stays WHERE id = ${id}`);
    return {
      url: `/api/temporary-stays/${id}/comment`,
      payload: { comment: "Nhận xét", commentedOn: todayIso(), version: row!.version },
    };
  },
  // ── congress-preparation ──
  "GET /api/organizations/:id/congress-preparations": async () => ({
    url: `/api/organizations/${ids.cell}/congress-preparations`,
  }),
  "POST /api/organizations/:id/congress-preparations": async () => ({
    url: `/api/organizations/${ids.cell}/congress-preparations`,
    payload: { congressOn: nextCongressDay(), nextTermLabel: "2090–2092" },
  }),
  "GET /api/congress-preparations/:id": async () => ({ url: `/api/congress-preparations/${await cellPreparation()}` }),
  "PATCH /api/preparation-steps/:id": async () => {
    const step = await freshStep();
    return {
      url: `/api/preparation-steps/${step.id}`,
      payload: { ownerMemberId: null, dueOn: step.dueOn, version: 1 },
    };
  },
  "POST /api/preparation-steps/:id/complete": async () => ({
    url: `/api/preparation-steps/${(await freshStep()).id}/complete`,
    payload: { doneOn: todayIso(), version: 1 },
  }),
  "POST /api/congress-preparations/:id/drafts": async () => ({
    url: `/api/congress-preparations/${await newCellPreparation()}/drafts`,
    payload: {},
  }),
  // The minutes are written from the congress day on: before it the handler refuses with 422 once access is granted.
  "POST /api/congress-preparations/:id/minutes": async () => ({
    url: `/api/congress-preparations/${await cellPreparation()}/minutes`,
    payload: {},
    okStatus: 422,
  }),
  // A cell's congress has no quotas: the handler refuses with 422 once access is granted.
  "PUT /api/congress-preparations/:id/quotas": async () => ({
    url: `/api/congress-preparations/${await cellPreparation()}/quotas`,
    payload: { quotas: [{ cellId: ids.cell, quota: 1 }] },
    okStatus: 422,
  }),
  // The right is checked on the cell; without a quota from the đảng ủy the choice is refused with 422.
  "PUT /api/congress-preparations/:id/cells/:cellId/delegates": async () => ({
    url: `/api/congress-preparations/${await committeePreparation()}/cells/${ids.cell}/delegates`,
    payload: { delegates: [] },
    okStatus: 422,
  }),
  "GET /api/organizations/:id/congress-delegates": async () => ({
    url: `/api/organizations/${ids.cell}/congress-delegates`,
  }),
  "POST /api/congress-delegates/:id/credential": async () => {
    const d = await cellDelegate();
    return {
      url: `/api/congress-delegates/${d.id}/credential`,
      payload: { credential: "accepted", version: d.version },
    };
  },
  // Attendance is taken on the congress day only: 422 on any other day.
  "POST /api/congress-delegates/:id/attendance": async () => {
    const d = await cellDelegate();
    return {
      url: `/api/congress-delegates/${d.id}/attendance`,
      payload: { present: true, version: d.version },
      okStatus: 422,
    };
  },
  "PUT /api/congress-preparations/:id/day": async () => {
    const id = await cellPreparation();
    const prep = (
      await s.request(await officeSession(), { method: "GET", url: `/api/congress-preparations/${id}` })
    ).json();
    const [a, b] = prep.delegates.map((d: { memberId: string }) => d.memberId);
    return {
      url: `/api/congress-preparations/${id}/day`,
      payload: { presidium: [a], secretariat: [b], countingBoard: [a, b], agenda: ["Khai mạc"], version: prep.version },
    };
  },
  "POST /api/congress-preparations/:id/current-item": async () => {
    const id = await cellPreparation();
    return {
      url: `/api/congress-preparations/${id}/current-item`,
      payload: { index: null, version: await version(`/api/congress-preparations/${id}`) },
    };
  },
  "GET /api/congress-preparations/:id/hall": async () => ({
    url: `/api/congress-preparations/${await cellPreparation()}/hall`,
  }),
  // ── elections ──
  "GET /api/organizations/:id/elections": async () => ({ url: `/api/organizations/${ids.cell}/elections` }),
  "POST /api/organizations/:id/elections": async () => ({
    url: `/api/organizations/${ids.cell}/elections`,
    payload: await electionPayload(),
  }),
  "GET /api/elections/:id": async () => ({ url: `/api/elections/${(await countingRound()).election}` }),
  "POST /api/elections/:id/rounds": async () => ({
    url: `/api/elections/${await freshElection()}/rounds`,
    payload: { mode: "ballots", ballotsIssued: 500, version: 1 },
  }),
  "POST /api/election-rounds/:id/ballots": async () => ({
    url: `/api/election-rounds/${(await countingRound()).round}/ballots`,
    payload: { serial: nextCounter(), kept: [], invalid: null },
  }),
  "GET /api/election-rounds/:id/missing": async () => ({
    url: `/api/election-rounds/${(await countingRound()).round}/missing`,
  }),
  "POST /api/election-rounds/:id/tally": async () => {
    const round = await freshRound("tally");
    return {
      url: `/api/election-rounds/${round}/tally`,
      payload: { valid: 1, invalid: 0, votes: { [await s.memberId("Nguyễn Thị Thu Hà")]: 1 }, version: 1 },
    };
  },
  "POST /api/election-rounds/:id/release": async () => ({
    url: `/api/election-rounds/${await freshRound("ballots")}/release`,
    payload: { ballotsReturned: 0, version: 1 },
  }),
  "GET /api/election-rounds/:id/ballots/file": async () => ({
    url: `/api/election-rounds/${await (printed ??= freshRound("ballots", 4))}/ballots/file`,
  }),
  "GET /api/election-rounds/:id/minutes/file": async () => ({
    url: `/api/election-rounds/${await releasedRound()}/minutes/file`,
  }),
  // No election that day: the handler runs and refuses, and the demo cell's committee stays as it is.
  "POST /api/organizations/:id/elections/congress": async () => ({
    url: `/api/organizations/${ids.cell}/elections/congress`,
    payload: {
      heldOn: "2098-01-01",
      termLabel: "2098–2100",
      termEndsOn: "2100-01-01",
      delegatesTotal: 10,
      delegatesPresent: 9,
    },
    okStatus: 422,
  }),
  "GET /api/push/key": async () => ({ url: "/api/push/key" }),
  "PUT /api/push/subscription": async () => ({
    url: "/api/push/subscription",
    payload: {
      endpoint: `https://push.example.net/send/${randomUUID()}`,
      keys: {
        p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth: "tBHItJI5svbpez7KI4CCXg",
      },
    },
  }),
  "DELETE /api/push/subscription": async () => ({
    url: "/api/push/subscription",
    payload: { endpoint: "https://push.example.net/send/none" },
  }),
  // ── mass organisations and studies, on the demo's CB-LLCS (its trade union; NQ TW 5 studied by it) ──
  "GET /api/organizations/:id/mass-organizations": async () => ({
    url: `/api/organizations/${ids.cell}/mass-organizations`,
  }),
  "POST /api/organizations/:id/mass-organizations": async () => ({
    url: `/api/organizations/${ids.cell}/mass-organizations`,
    payload: { kind: "women_union", name: `Chi hội Phụ nữ ${nextCounter()}` },
  }),
  "GET /api/mass-organizations/:id": async () => ({ url: `/api/mass-organizations/${await cellUnion()}` }),
  "PUT /api/mass-organizations/:id": async () => ({
    url: `/api/mass-organizations/${await cellUnion()}`,
    payload: {
      name: "Công đoàn bộ phận Khoa Lý luận cơ sở",
      cadence: "quarterly",
      assignedMemberId: await s.memberId("Lê Thị Ngọc Ánh"),
      version: await version(`/api/mass-organizations/${await cellUnion()}`),
    },
  }),
  "POST /api/mass-organizations/:id/sessions": async () => ({
    url: `/api/mass-organizations/${await cellUnion()}/sessions`,
    payload: {
      heldOn: todayIso(),
      notes: "Làm việc với công đoàn bộ phận",
      version: await version(`/api/mass-organizations/${await cellUnion()}`),
    },
  }),
  // The candidate is followed by the cell, but the receipt date is in the future: refused once authorised.
  "POST /api/mass-organizations/:id/introductions": async () => ({
    url: `/api/mass-organizations/${await cellUnion()}/introductions`,
    payload: { candidateId: await candidate(), form: "5-KNĐ", receivedOn: "2099-01-01", version: 1 },
    okStatus: 422,
  }),
  "GET /api/organizations/:id/studies": async () => ({ url: `/api/organizations/${ids.cell}/studies` }),
  "POST /api/organizations/:id/study-sessions": async () => ({
    url: `/api/organizations/${ids.cell}/study-sessions`,
    payload: {
      resolutionId: (await studySession()).resolutionId,
      heldOn: todayIso(),
      place: "Phòng họp Khoa",
      makeupOfId: (await studySession()).id,
    },
  }),
  "GET /api/study-sessions/:id": async () => ({ url: `/api/study-sessions/${(await studySession()).id}` }),
  "POST /api/study-sessions/:id/attendance": async () => {
    const url = `/api/study-sessions/${(await studySession()).id}`;
    const current = (await s.request(await officeSession(), { method: "GET", url })).json();
    return {
      url: `${url}/attendance`,
      payload: {
        presentIds: current.roster.filter((m: { present: boolean }) => m.present).map((m: { id: string }) => m.id),
        version: current.version,
      },
    };
  },
  "POST /api/study-sessions/:id/reflection": async () => ({
    url: `/api/study-sessions/${(await studySession()).id}/reflection`,
    payload: { content: "Bài thu hoạch học tập Nghị quyết" },
  }),
  "POST /api/study-sessions/:id/paper-reflections": async () => ({
    url: `/api/study-sessions/${(await studySession()).id}/paper-reflections`,
    payload: { memberId: await s.memberId("Bùi Văn An"), receivedOn: todayIso() },
  }),
  "POST /api/study-sessions/:id/report": async () => ({
    url: `/api/study-sessions/${(await studySession()).id}/report`,
    payload: { issuedOn: todayIso(), version: await version(`/api/study-sessions/${(await studySession()).id}`) },
  }),
  "GET /api/organizations/:id/study-overview": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/study-overview`,
  }),
  // ── dues ──
  "GET /api/organizations/:id/dues": async () => ({ url: `/api/organizations/${ids.cell}/dues?month=2026-06` }),
  // A member of another cell: refused after the authorisation, so every actor's call leaves the ledger as it was.
  "POST /api/organizations/:id/dues/payments": async () => ({
    url: `/api/organizations/${ids.cell}/dues/payments`,
    payload: {
      memberId: await s.memberId("Trần Văn Hùng"),
      month: "2026-06",
      amount: 50_000,
      method: "cash",
      paidOn: "2026-06-10",
    },
    okStatus: 422,
  }),
  "POST /api/organizations/:id/dues/all-paid": async () => ({
    url: `/api/organizations/${ids.cell}/dues/all-paid`,
    payload: { month: "2099-01", paidOn: "2026-06-10" },
  }),
  "POST /api/organizations/:id/dues/handover": async () => ({
    url: `/api/organizations/${ids.cell}/dues/handover`,
    payload: { month: "2099-02", handedOn: "2026-06-10" },
    okStatus: 422,
  }),
  "POST /api/organizations/:id/dues/import": async () => ({
    url: `/api/organizations/${ids.cell}/dues/import?month=2099-03`,
    payload: Buffer.from("not a workbook"),
    headers: { "content-type": "application/octet-stream" },
    okStatus: 422,
  }),
  "POST /api/dues-payments/:id/cancel": async () => ({
    url: `/api/dues-payments/${await duesPayment()}/cancel`,
    payload: { version: 999 },
    okStatus: 409,
  }),
  "GET /api/dues-payments/:id/receipt": async () => ({ url: `/api/dues-payments/${await duesPayment()}/receipt` }),
  "GET /api/members/:id/dues-basis": async () => ({ url: `/api/members/${ids.member}/dues-basis` }),
  "POST /api/members/:id/dues-basis": async () => ({
    url: `/api/members/${ids.member}/dues-basis`,
    payload: {
      kind: "salary",
      amount: 5_000_000,
      fromMonth: "2099-01",
      reductionPercent: 40,
      reductionReason: "Khó khăn",
      reductionUntil: "2099-02",
    },
    okStatus: 422,
  }),
  "GET /api/organizations/:id/dues-collection": async () => ({
    url: `/api/organizations/${await s.orgId("DB-TCT")}/dues-collection?year=2026`,
  }),
  "GET /api/me/dues": async () => ({ url: "/api/me/dues?year=2026" }),
  "GET /api/meetings/:id/dues": async () => {
    const [row] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM meetings WHERE organization_id = ${ids.cell} AND kind = 'monthly' LIMIT 1`,
    );
    return { url: `/api/meetings/${row!.id}/dues` };
  },
  // ── home-batch ──
  "GET /api/home": async () => ({ url: "/api/home" }),
  "GET /api/home/first": async () => ({ url: "/api/home/first" }),
  "GET /api/home/rest": async () => ({ url: "/api/home/rest" }),
  // ── inspections-supervision ──
  "POST /api/organizations/:id/routine-supervisions": async (actor) => {
    // Each đảng ủy member records the cell they oversee (danguyvien2 follows CB-XDD); the others try CB-LLCS.
    const cell = actor === "committeeOther" ? await s.orgId("CB-XDD") : ids.cell;
    const [meeting] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM meetings WHERE organization_id = ${cell} AND date <= ${todayIso()} ORDER BY date LIMIT 1`,
    );
    return {
      url: `/api/organizations/${await s.orgId("DB-TCT")}/routine-supervisions`,
      payload: {
        body: "party_committee",
        subjectOrganizationId: cell,
        meetingId: meeting!.id,
        leadMemberId: await s.memberId("Lâm Văn Thành"),
        content: "Dự sinh hoạt chi bộ",
        notes: `Cuộc họp đúng giờ ${unique()}`,
      },
    };
  },
  // ── inspections-appeals ──
  // Decided 10/01/2026: today the window has closed, so the member's own appeal is refused once authorised.
  "POST /api/discipline/:id/own-appeal": async () => ({
    url: `/api/discipline/${await disciplineCase(true)}/own-appeal`,
    payload: { text: "Tôi khiếu nại", version: 2 },
    okStatus: 422,
  }),
  "POST /api/discipline/:id/appeal-resolution": async () => ({
    url: `/api/discipline/${await appealedDisciplineCase()}/appeal-resolution`,
    payload: { outcome: "upheld", resolvedOn: "2026-02-20", text: "Giữ nguyên quyết định", version: 3 },
  }),
  "GET /api/me/discipline": async () => ({ url: "/api/me/discipline" }),
  "GET /api/discipline/:id/appeal-resolution/file/:format": async () => ({
    url: `/api/discipline/${await resolvedDisciplineCase()}/appeal-resolution/file/pdf`,
  }),
  // ── admission dossier files (the demo's candidate of CB-LLCS) ──
  "POST /api/candidates/:id/form-files": async () => ({
    url: `/api/candidates/${await candidate()}/form-files?form=7-KN%C4%90&fileName=a.pdf&version=${await version(`/api/candidates/${await candidate()}`)}`,
    payload: minimalPdf(),
    headers: { "content-type": "application/octet-stream" },
  }),
  "GET /api/admission-form-files/:id": async () => ({ url: `/api/admission-form-files/${await dossierFile()}` }),
  // ── transfers: cancelling (a date not come yet: allowed roles are refused on the field, nothing changes) ──
  "POST /api/party-transfers/:id/cancel": async () => {
    const [row] = await s.database.rows<{ id: string; version: number }>(
      sql`SELECT id, version FROM party_transfers WHERE direction = 'out' LIMIT 1`,
    );
    return {
      url: `/api/party-transfers/${row!.id}/cancel`,
      payload: { cancelledOn: "2099-01-01", reason: "Ghi nhầm", version: row!.version },
      okStatus: 422,
    };
  },
  "POST /api/temporary-stays/:id/cancel": async () => ({
    url: `/api/temporary-stays/${await hostedStay()}/cancel`,
    payload: { cancelledOn: "2099-01-01", reason: "Ghi nhầm", version: 1 },
    okStatus: 422,
  }),
  // ── election corrections: each request on a ballot of its own, entered just before ──
  "GET /api/election-rounds/:id/count": async () => ({
    url: `/api/election-rounds/${(await countingRound()).round}/count`,
  }),
  "GET /api/election-rounds/:id/ballots/:serial": async () => {
    const { round, serial } = await enteredBallot();
    return { url: `/api/election-rounds/${round}/ballots/${serial}` };
  },
  "PUT /api/election-rounds/:id/ballots/:serial": async () => {
    const { round, serial } = await enteredBallot();
    return {
      url: `/api/election-rounds/${round}/ballots/${serial}`,
      payload: { kept: [await s.memberId("Nguyễn Thị Thu Hà")], invalid: null, reason: "Nhập nhầm", version: 1 },
    };
  },
};

/** A file of the demo candidate's dossier, uploaded by the office once. */
let dossierFileId: string | null = null;
async function dossierFile(): Promise<string> {
  if (!dossierFileId) {
    const id = await candidate();
    const res = await s.request(await officeSession(), {
      method: "POST",
      url: `/api/candidates/${id}/form-files?form=8-KN%C4%90&fileName=a.pdf&version=${await version(`/api/candidates/${id}`)}`,
      payload: minimalPdf(),
      headers: { "content-type": "application/octet-stream" },
    });
    dossierFileId = res.json().forms.find((f: { form: string }) => f.form === "8-KNĐ").file.id as string;
  }
  return dossierFileId;
}

// ── transfers ──
let hostedStayId: string | null = null;
/** A member of another đảng bộ staying with CB-LLCS since ten days ago, recorded by the office. */
async function hostedStay(): Promise<string> {
  if (hostedStayId) return hostedStayId;
  const startsOn = addDays(todayIso(), -10);
  const res = await s.request(await officeSession(), {
    method: "POST",
    url: `/api/organizations/${await s.orgId("DB-TCT")}/temporary-stays`,
    payload: {
      fullName: "Khách Sinh Hoạt Tạm",
      homeName: "Chi bộ nơi khác",
      hostOrganizationId: ids.cell,
      purpose: "work",
      startsOn,
      endsOn: addDays(startsOn, 180),
    },
  });
  hostedStayId = res.json().id as string;
  return hostedStayId;
}

async function cellUnion(): Promise<string> {
  const [row] = await s.database.rows<{ id: string }>(
    sql`SELECT id FROM mass_organizations WHERE organization_id = ${ids.cell} AND kind = 'trade_union'`,
  );
  return row!.id;
}
async function studySession(): Promise<{ id: string; resolutionId: string }> {
  const [row] = await s.database.rows<{ id: string; resolutionId: string }>(
    sql`SELECT id, resolution_id AS "resolutionId" FROM study_sessions
         WHERE organization_id = ${ids.cell} AND makeup_of_id IS NULL`,
  );
  return row!;
}

/** A payment of dangvien.llcs (Phạm Văn Đức) from the demo's year of dues. */
async function duesPayment(): Promise<string> {
  const [row] = await s.database.rows<{ id: string }>(
    sql`SELECT id FROM dues_payments WHERE member_id = ${await s.memberId("Phạm Văn Đức")} LIMIT 1`,
  );
  return row!.id;
}

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
      payload: { step, on: todayIso(), text: step, version: v },
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

/** A decided discipline case with an appeal the UBKT recorded (received on paper, 20/01/2026). */
async function appealedDisciplineCase(): Promise<string> {
  const id = await disciplineCase(true);
  await s.request(await s.signIn("ubkt"), {
    method: "POST",
    url: `/api/discipline/${id}/appeal`,
    payload: { appealedOn: "2026-01-20", text: "Khiếu nại", version: 2 },
  });
  return id;
}

/** The appealed case above, the appeal resolved by the UBKT on 20/02/2026 (the decision upheld). */
async function resolvedDisciplineCase(): Promise<string> {
  const id = await appealedDisciplineCase();
  await s.request(await s.signIn("ubkt"), {
    method: "POST",
    url: `/api/discipline/${id}/appeal-resolution`,
    payload: { outcome: "upheld", resolvedOn: "2026-02-20", text: "Giữ nguyên quyết định", version: 3 },
  });
  return id;
}

/** A draft of the UBKT's 2025 report, written by the UBKT. */
async function ubktReport(): Promise<string> {
  const res = await s.request(await s.signIn("ubkt"), {
    method: "POST",
    url: `/api/organizations/${await s.orgId("DB-TCT")}/inspection-reports`,
    payload: { kind: "year", year: 2025 },
  });
  return res.json().id;
}
// ── congress-preparation ──
let congressDays = 0;
const nextCongressDay = () => addDays("2090-01-02", congressDays++);
/** A new preparation of CB-LLCS's congress, by the office: its full members are seated as delegates. */
async function newCellPreparation(): Promise<string> {
  const res = await s.request(await officeSession(), {
    method: "POST",
    url: `/api/organizations/${ids.cell}/congress-preparations`,
    payload: { congressOn: nextCongressDay(), nextTermLabel: "2090–2092" },
  });
  return res.json().id;
}
let cellPrep: string | null = null;
const cellPreparation = async () => (cellPrep ??= await newCellPreparation());
let committeePrep: string | null = null;
async function committeePreparation(): Promise<string> {
  committeePrep ??= (
    await s.request(await officeSession(), {
      method: "POST",
      url: `/api/organizations/${await s.orgId("DB-TCT")}/congress-preparations`,
      payload: { congressOn: nextCongressDay(), nextTermLabel: "2090–2095" },
    })
  ).json().id as string;
  return committeePrep;
}
/** A step not done yet, of a new preparation. */
async function freshStep(): Promise<{ id: string; dueOn: string }> {
  const id = await newCellPreparation();
  const prep = (
    await s.request(await officeSession(), { method: "GET", url: `/api/congress-preparations/${id}` })
  ).json();
  return prep.steps[0];
}
async function cellDelegate(): Promise<{ id: string; version: number }> {
  const id = await cellPreparation();
  const prep = (
    await s.request(await officeSession(), { method: "GET", url: `/api/congress-preparations/${id}` })
  ).json();
  return prep.delegates[0];
}

let termYear = 2099;
const termPeriod = () => {
  const year = termYear--;
  return { kind: "term", year, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
};

// Rows that end sessions run with a throwaway session so the others keep theirs.
const NEEDS_OWN_SESSION = new Set(["POST /api/auth/logout", "POST /api/auth/logout-everywhere"]);

// ── elections ──
/** A secretary election of CB-LLCS today, counted by a board of dangvien.llcs (Phạm Văn Đức). */
async function electionPayload() {
  return {
    heldOn: todayIso(),
    title: `Bí thư ${unique()}`,
    body: "secretary",
    seats: 1,
    candidateIds: [await s.memberId("Nguyễn Thị Thu Hà")],
    boardMemberIds: [await s.memberId("Phạm Văn Đức")],
  };
}
async function freshElection(): Promise<string> {
  const res = await s.request(await officeSession(), {
    method: "POST",
    url: `/api/organizations/${ids.cell}/elections`,
    payload: await electionPayload(),
  });
  return res.json().id;
}
async function freshRound(mode: "ballots" | "tally", ballotsIssued = 500): Promise<string> {
  const election = await freshElection();
  const res = await s.request(await officeSession(), {
    method: "POST",
    url: `/api/elections/${election}/rounds`,
    payload: { mode, ballotsIssued, version: 1 },
  });
  return res.json().id;
}
let counting: { election: string; round: string } | null = null;
async function countingRound() {
  if (!counting) {
    const round = await freshRound("ballots");
    const [row] = await s.database.rows<{ election_id: string }>(
      sql`SELECT election_id FROM election_rounds WHERE id = ${round}`,
    );
    counting = { election: row!.election_id, round };
  }
  return counting;
}
let printed: Promise<string> | null = null;
let released: string | null = null;
async function releasedRound(): Promise<string> {
  if (!released) {
    released = await freshRound("ballots");
    await s.request(await officeSession(), {
      method: "POST",
      url: `/api/election-rounds/${released}/release`,
      payload: { ballotsReturned: 0, version: 1 },
    });
  }
  return released;
}

// ── election corrections ──
let correcting: Promise<string> | null = null;
let correctionSerial = 0;
/** A ballot entered (no name kept) by the office in a round of its own, for one request to read or correct. */
async function enteredBallot(): Promise<{ round: string; serial: number }> {
  const round = await (correcting ??= freshRound("ballots", 100));
  const serial = ++correctionSerial;
  await s.request(await officeSession(), {
    method: "POST",
    url: `/api/election-rounds/${round}/ballots`,
    payload: { serial, kept: [], invalid: null },
  });
  return { round, serial };
}

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
