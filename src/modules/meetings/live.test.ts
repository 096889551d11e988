// The live meeting's server rules (issue 14): a tap saves at once and its reason follows, "Tất cả có mặt", a member
// recorded absent does not speak, "Lý do, mục đích" reaches the minutes, the minutes' next number read without
// taking it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../core/db/index.js";
import { setClockForTests } from "../../core/time.js";
import { buildMeeting, buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { nextMinutesNumber } from "../documents/public-meetings.js";
import { reserveNumber } from "../documents/store.js";
import { termBody } from "../organizations/model.js";
import { addTerm } from "../organizations/operations.js";
import { listTerms } from "../organizations/store.js";
import type { MemberRow } from "../members/store.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterEach(() => setClockForTests());
afterAll(() => s.close());

const DAY = "2026-03-03";

/** A cell with a secretary and three members, and its meeting of the day, opened. */
async function openMeeting() {
  setClockForTests(DAY);
  const { cells } = await buildOrganization(s);
  const cell = cells[0]!;
  const joinedOn = "2025-01-01";
  const secretary = await buildMember(s, {
    organization: cell,
    position: "secretary",
    fullName: "Lê Thị Bí Thư",
    joinedOn,
  });
  const members: MemberRow[] = [];
  for (const fullName of ["Trần Văn An", "Phạm Thị Bình", "Hoàng Văn Cường"])
    members.push(await buildMember(s, { organization: cell, fullName, joinedOn }));
  const { session } = await buildUser(s, { member: secretary });
  const meeting = await buildMeeting(s, { organization: cell, date: DAY });
  const opened = await s.request(session, {
    method: "POST",
    url: `/api/meetings/${meeting.id}/transition`,
    payload: { to: "open", version: meeting.version },
  });
  expect(opened.statusCode, opened.body).toBe(200);
  return { cell, session, meeting, secretary, members };
}

const mark = (session: Session, meetingId: string, memberId: string, payload: object) =>
  s.request(session, { method: "PUT", url: `/api/meetings/${meetingId}/attendance/${memberId}`, payload });

describe("attendance saved at the tap", () => {
  it("records an absence with reason before its reason, counts it at once, and keeps the reason that follows", async () => {
    const { session, meeting, members } = await openMeeting();
    const tap = await mark(session, meeting.id, members[0]!.id, { status: "absent_with_reason" });
    expect(tap.statusCode, tap.body).toBe(200);
    expect(tap.json()).toMatchObject({ status: "absent_with_reason", reason: null });
    expect(tap.json().counts).toMatchObject({ absentWithReason: 1, unmarked: 3 });
    // A reload reads the same counts: nothing waited in the browser.
    const page = (await s.request(session, { method: "GET", url: `/api/meetings/${meeting.id}` })).json();
    expect(page.counts).toMatchObject({ absentWithReason: 1, unmarked: 3 });
    const later = await mark(session, meeting.id, members[0]!.id, {
      status: "absent_with_reason",
      reason: "Đi công tác",
    });
    expect(later.json()).toMatchObject({ status: "absent_with_reason", reason: "Đi công tác" });
    // A reason given with another status is not kept.
    const present = await mark(session, meeting.id, members[0]!.id, { status: "present", reason: "x" });
    expect(present.json().reason).toBeNull();
  });

  it("'Tất cả có mặt' marks whoever is not marked yet and leaves the exceptions already marked", async () => {
    const { session, meeting, members, secretary } = await openMeeting();
    await mark(session, meeting.id, members[1]!.id, { status: "absent_without_reason" });
    const all = await s.request(session, { method: "POST", url: `/api/meetings/${meeting.id}/attendance/all-present` });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toMatchObject({ marked: 3, counts: { present: 3, absentWithoutReason: 1, unmarked: 0 } });
    const page = (await s.request(session, { method: "GET", url: `/api/meetings/${meeting.id}` })).json();
    const status = (id: string) => page.roster.find((r: { id: string }) => r.id === id).attendance;
    expect(status(members[1]!.id)).toBe("absent_without_reason");
    expect(status(secretary.id)).toBe("present");
    // Again: nobody is left to mark.
    const again = await s.request(session, {
      method: "POST",
      url: `/api/meetings/${meeting.id}/attendance/all-present`,
    });
    expect(again.json().marked).toBe(0);
  });

  it("is refused before the meeting opens", async () => {
    setClockForTests(DAY);
    const { cells } = await buildOrganization(s);
    const secretary = await buildMember(s, { organization: cells[0]!, position: "secretary" });
    const { session } = await buildUser(s, { member: secretary });
    const meeting = await buildMeeting(s, { organization: cells[0]!, date: "2026-03-20" });
    const all = await s.request(session, { method: "POST", url: `/api/meetings/${meeting.id}/attendance/all-present` });
    expect(all.statusCode).toBe(409);
    expect(all.json().code).toBe("meeting_not_open");
    const bad = await s.request(session, { method: "POST", url: "/api/meetings/not-an-id/attendance/all-present" });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(Object.keys(bad.json().fields ?? {})).toEqual(["id"]);
  });
});

describe("a member recorded absent does not speak", () => {
  it("refuses the absent member as a speaker, naming them at the field; and a speaker cannot be marked absent", async () => {
    const { session, meeting, members } = await openMeeting();
    await mark(session, meeting.id, members[0]!.id, { status: "absent_with_reason", reason: "Ốm" });
    const said = await s.request(session, {
      method: "POST",
      url: `/api/meetings/${meeting.id}/contributions`,
      payload: { memberId: members[0]!.id, part: "discussion", text: "Ý kiến" },
    });
    expect(said.statusCode).toBe(422);
    expect(said.json().code).toBe("speaker_absent");
    expect(said.json().fields.memberId).toContain("Trần Văn An");

    await mark(session, meeting.id, members[1]!.id, { status: "present" });
    const spoke = await s.request(session, {
      method: "POST",
      url: `/api/meetings/${meeting.id}/contributions`,
      payload: { memberId: members[1]!.id, part: "discussion", text: "Đề nghị bổ sung chỉ tiêu." },
    });
    expect(spoke.statusCode, spoke.body).toBe(201);
    const away = await mark(session, meeting.id, members[1]!.id, { status: "absent_without_reason" });
    expect(away.statusCode).toBe(422);
    expect(away.json().fields.status).toBeTruthy();
    // Late is still there: a late member may speak.
    expect((await mark(session, meeting.id, members[1]!.id, { status: "late" })).statusCode).toBe(200);
  });
});

describe("the minutes carry what was written once", () => {
  it("'Lý do, mục đích' appears in the minutes", async () => {
    const { session, meeting } = await openMeeting();
    const current = (await s.request(session, { method: "GET", url: `/api/meetings/${meeting.id}` })).json();
    const saved = await s.request(session, {
      method: "PUT",
      url: `/api/meetings/${meeting.id}`,
      payload: { purpose: "Đánh giá kết quả tháng 2.\nTriển khai nhiệm vụ tháng 3.", version: current.version },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const minutes = (await s.request(session, { method: "GET", url: `/api/meetings/${meeting.id}/minutes` })).json();
    expect(minutes.purpose).toEqual(["Đánh giá kết quả tháng 2.", "Triển khai nhiệm vụ tháng 3."]);
  });
});

describe("the minutes' next number", () => {
  it("is read from the register without taking it, follows each issue, and is null without a term", async () => {
    setClockForTests(DAY);
    const { cells } = await buildOrganization(s);
    const cell = cells[0]!;
    const { actor } = await buildUser(s);
    const next = () => inTransaction(s.database, (tx) => nextMinutesNumber(tx, cell, DAY));
    expect(await next()).toBeNull();
    const term = termBody.parse({ label: "2025–2030", startsOn: "2025-06-01", endsOn: "2030-06-01" });
    await inTransaction(s.database, (tx) => addTerm(tx, actor, cell, term));
    expect(await next()).toBe("Số 01-BB/CB");
    expect(await next()).toBe("Số 01-BB/CB");
    const [row] = await inTransaction(s.database, (tx) => listTerms(tx, cell.id));
    await inTransaction(s.database, (tx) => reserveNumber(tx, cell.id, `term:${row!.id}`, "BB"));
    expect(await next()).toBe("Số 02-BB/CB");
    // Another type's sequence does not move it.
    await inTransaction(s.database, (tx) => reserveNumber(tx, cell.id, `term:${row!.id}`, "NQ"));
    expect(await next()).toBe("Số 02-BB/CB");
  });
});
