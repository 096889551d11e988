import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { setClockForTests } from "../../core/time.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { startedOnTime } from "./model.js";

/**
 * A meeting's schedule: held on its day (the actual start recorded, on time against the notice), rescheduled or
 * cancelled with updated and cancelled invitations, the cell's usual place and time, and the statuses of its date.
 */

describe("started on time (pure)", () => {
  it("compares the actual start with the noticed time, either way, and never assumes it", () => {
    expect(startedOnTime("2026-12-03", "14:00", "2026-12-03T07:10:00Z")).toBe(true); // 14:10 Hanoi
    expect(startedOnTime("2026-12-03", "14:00", "2026-12-03T06:45:00Z")).toBe(true); // 13:45
    expect(startedOnTime("2026-12-03", "14:00", "2026-12-03T07:16:00Z")).toBe(false); // 16 minutes late
    expect(startedOnTime("2026-12-03", "14:00", "2026-12-03T06:44:00Z")).toBe(false); // 16 minutes early
    // The meeting of the issue: started at 06:22 the day before its date.
    expect(startedOnTime("2026-12-03", "14:00", "2026-12-01T23:22:00Z")).toBe(false);
    expect(startedOnTime("2026-12-03", "14:00", null)).toBeNull();
  });
});

let s: TestServer;
let admin: Session;
let cell: OrganizationRow;
const members: Record<"secretary" | "recognised" | "exempted" | "b" | "c", MemberRow> = {} as never;

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-03-10");
  admin = (await buildUser(s, { isAdmin: true })).session;
  cell = (await buildOrganization(s)).cells[0]!;
  const since = { organization: cell, joinedOn: "2023-06-01" };
  members.secretary = await buildMember(s, { ...since, position: "secretary", fullName: "Lê Văn Bí" });
  // Probationary from 2023-06-01, full from 2025-01-01: probationary in 2024, full today.
  members.recognised = await buildMember(s, {
    ...since,
    fullName: "Mai Thị Dự",
    admissionDate: "2023-06-01",
    officialDate: "2025-01-01",
  });
  members.exempted = await buildMember(s, { ...since, fullName: "Đỗ Văn Miễn" });
  members.b = await buildMember(s, { ...since, fullName: "Hồ Thị Ba" });
  members.c = await buildMember(s, { ...since, fullName: "Vũ Văn Cư" });
  // Exempt from activities through 2024 only.
  for (const [change, on] of [
    ["exemption_start", "2024-01-01"],
    ["exemption_end", "2025-01-01"],
  ] as const) {
    const [row] = await s.database.rows<{ version: number }>(
      sql`SELECT version FROM members WHERE id = ${members.exempted.id}`,
    );
    const res = await post(`/api/members/${members.exempted.id}/status`, {
      change,
      on,
      reason: "Sức khỏe",
      version: row!.version,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  for (const [key, m] of Object.entries(members))
    await s.database.rows(sql`UPDATE members SET email = ${`${key}@example.vn`} WHERE id = ${m.id}`);
});
afterEach(() => setClockForTests("2026-03-10"));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const post = (url: string, payload: object) => s.request(admin, { method: "POST", url, payload });
const put = (url: string, payload: object) => s.request(admin, { method: "PUT", url, payload });
const get = async (url: string) => (await s.request(admin, { method: "GET", url })).json();
async function create(date: string, startTime = "14:00"): Promise<{ id: string; version: number }> {
  const res = await post(`/api/organizations/${cell.id}/meetings`, { kind: "monthly", date, startTime, place: "P.1" });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const version = async (id: string) => (await get(`/api/meetings/${id}`)).version as number;
const transition = async (id: string, to: string, reason?: string) =>
  post(`/api/meetings/${id}/transition`, { to, version: await version(id), ...(reason ? { reason } : {}) });
const mail = (id: string) =>
  s.database.rows<{
    recipient: string;
    subject: string;
    attachments: { content: string; contentType: string }[];
    send_after: string;
    abandoned_at: string | null;
    dedupe_key: string;
  }>(sql`SELECT recipient, subject, attachments, send_after::text, abandoned_at::text, dedupe_key FROM outbox
          WHERE dedupe_key LIKE ${`%:${id}%`} AND recipient = 'b@example.vn' ORDER BY id`);

describe("the statuses on the meeting's date", () => {
  it("judges a 2024 meeting with 2024's statuses: the probationary member cannot vote, the exempt is out of the base", async () => {
    const m = await create("2024-05-03");
    expect((await transition(m.id, "open")).statusCode).toBe(200);
    const page = await get(`/api/meetings/${m.id}`);
    const status = (id: string) => page.roster.find((r: { id: string }) => r.id === id);
    expect(status(members.recognised.id)).toMatchObject({ status: "probationary", exempt: false });
    expect(status(members.exempted.id)).toMatchObject({ exempt: true, attendance: "exempt" });
    expect(page.counts).toMatchObject({ total: 5, exempt: 1 });
    for (const key of ["secretary", "recognised", "b", "c"] as const) {
      const res = await put(`/api/meetings/${m.id}/attendance/${members[key].id}`, { status: "present" });
      expect(res.statusCode, res.body).toBe(200);
    }
    // 4 present of the 4 expected: the exempt member is not in the base.
    expect((await get(`/api/meetings/${m.id}`)).counts.ratePercent).toBe(100);
    const named = await post(`/api/meetings/${m.id}/votes`, {
      subject: "Đề nghị kết nạp",
      rule: "admission",
      mode: "named",
      ballots: [{ memberId: members.recognised.id, choice: "for" }],
    });
    expect(named.statusCode).toBe(422);
    expect(named.json().code).toBe("voter_not_eligible");
    const counted = await post(`/api/meetings/${m.id}/votes`, {
      subject: "Đề nghị kết nạp",
      rule: "admission",
      mode: "counted",
      inFavour: 3,
      against: 0,
      other: 0,
    });
    expect(counted.statusCode, counted.body).toBe(201);
    // With today's statuses Mai Thị Dự would be one more voter and one more full member (4 and 5).
    expect(counted.json()).toMatchObject({ eligible: 3, fullMembers: 4 });
  });

  it("judges today's meeting with today's statuses: the same members are full and expected", async () => {
    const m = await create("2026-03-10");
    expect((await transition(m.id, "open")).statusCode).toBe(200);
    const page = await get(`/api/meetings/${m.id}`);
    expect(page.roster.find((r: { id: string }) => r.id === members.recognised.id).status).toBe("full");
    expect(page.counts).toMatchObject({ total: 5, exempt: 0 });
  });
});

describe("a meeting is held on its day", () => {
  it("refuses to start a day early, starts once rescheduled, and records the actual start", async () => {
    const m = await create("2026-03-11");
    const early = await transition(m.id, "open");
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: "meeting_other_day" });
    expect(early.json().fields.date).toContain("Đổi lịch");
    const moved = await put(`/api/meetings/${m.id}`, { version: await version(m.id), date: "2026-03-10" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().sequence).toBe(1);
    setClockForTests("2026-03-10T07:05:00Z"); // 14:05 Hanoi
    const open = await transition(m.id, "open");
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().startedAt).toBe("2026-03-10T07:05:00.000Z");
    // A start typed on another day than the meeting's is refused too.
    const typed = await put(`/api/meetings/${m.id}`, {
      version: await version(m.id),
      startedAt: "2026-03-09T14:00:00+07:00",
    });
    expect(typed.statusCode).toBe(422);
    expect(typed.json().fields).toHaveProperty("startedAt");
  });

  it("a meeting entered from paper keeps no assumed start: on time stays unknown until the start is typed", async () => {
    const m = await create("2025-11-03");
    expect((await transition(m.id, "open")).statusCode).toBe(200);
    expect((await get(`/api/meetings/${m.id}`)).startedAt).toBeNull();
    expect((await transition(m.id, "closed")).statusCode).toBe(200);
    expect((await get(`/api/meetings/${m.id}`)).facts.startedOnTime).toBeNull();
    const typed = await put(`/api/meetings/${m.id}`, {
      version: await version(m.id),
      startedAt: "2025-11-03T14:40:00+07:00",
      endedAt: "2025-11-03T16:20:00+07:00",
    });
    expect(typed.statusCode, typed.body).toBe(200);
    expect((await get(`/api/meetings/${m.id}`)).facts.startedOnTime).toBe(false);
  });
});

describe("rescheduling and cancelling", () => {
  it("sends the updated invitation (same UID, next SEQUENCE) and a cancelled one, withdrawing the old reminders", async () => {
    const m = await create("2026-03-20");
    expect((await post(`/api/meetings/${m.id}/steps/prep/notice`, {})).statusCode).toBe(200);
    let sent = await mail(m.id);
    expect(sent.map((x) => x.dedupe_key)).toEqual([`meeting-invite:${m.id}:0`, `meeting-reminder:${m.id}:0`]);
    const first = sent[0]!.attachments[0]!.content;
    expect(first).toContain("METHOD:REQUEST");
    expect(first).toContain("SEQUENCE:0");
    expect(first).toContain(`UID:meeting-${m.id}@chibo`);

    const moved = await put(`/api/meetings/${m.id}`, {
      version: await version(m.id),
      date: "2026-03-24",
      startTime: "08:00",
      reason: "Trùng lịch giảng dạy",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    sent = await mail(m.id);
    expect(sent[1]!.abandoned_at).not.toBeNull(); // the reminder for the 19th
    const update = sent.find((x) => x.dedupe_key === `meeting-invite:${m.id}:1`)!;
    expect(update.subject).toContain("Thay đổi lịch họp");
    expect(update.attachments[0]!.content).toContain("SEQUENCE:1");
    expect(update.attachments[0]!.content).toContain(`UID:meeting-${m.id}@chibo`);
    expect(update.attachments[0]!.content).toContain("METHOD:REQUEST");
    const reminder = sent.find((x) => x.dedupe_key === `meeting-reminder:${m.id}:1`)!;
    expect(reminder.send_after.slice(0, 10)).toBe("2026-03-23");
    const [event] = await s.database.rows<{ before: { date: string }; after: { date: string; reason: string } }>(
      sql`SELECT before, after FROM audit_events WHERE entity_id = ${m.id} AND action = 'reschedule'`,
    );
    expect(event).toMatchObject({
      before: { date: "2026-03-20" },
      after: { date: "2026-03-24", reason: "Trùng lịch giảng dạy" },
    });

    const noReason = await transition(m.id, "cancelled");
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().fields).toHaveProperty("reason");
    const cancelled = await transition(m.id, "cancelled", "Chi bộ hợp nhất lịch với đảng bộ");
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", sequence: 2 });
    sent = await mail(m.id);
    expect(sent.find((x) => x.dedupe_key === `meeting-reminder:${m.id}:1`)!.abandoned_at).not.toBeNull();
    const cancel = sent.find((x) => x.dedupe_key === `meeting-cancel:${m.id}`)!;
    expect(cancel.subject).toContain("Hủy cuộc họp");
    expect(cancel.attachments[0]!.contentType).toContain("method=CANCEL");
    expect(cancel.attachments[0]!.content).toContain("METHOD:CANCEL");
    expect(cancel.attachments[0]!.content).toContain("SEQUENCE:2");
    expect(cancel.attachments[0]!.content).toContain("STATUS:CANCELLED");
    expect(cancel.attachments[0]!.content).toContain(`UID:meeting-${m.id}@chibo`);
    // A cancelled meeting takes no more changes.
    expect((await put(`/api/meetings/${m.id}`, { version: await version(m.id), place: "P.2" })).statusCode).toBe(409);
  });

  it("a meeting not yet noticed is moved without mail; the home's next meeting is the next one still planned", async () => {
    const held = await create("2026-03-10");
    expect((await transition(held.id, "open")).statusCode).toBe(200);
    const later = await create("2026-03-30");
    const moved = await put(`/api/meetings/${later.id}`, { version: 1, place: "Hội trường" });
    expect(moved.json().sequence).toBe(1);
    expect(await mail(later.id)).toEqual([]);
    const next = await get(`/api/organizations/${cell.id}/meetings?from=2026-03-10&status=planned&limit=1`);
    expect(next.items.map((x: { id: string }) => x.id)).not.toContain(held.id);
    expect(next.items[0].status).toBe("planned");
  });
});

describe("the cell's usual meeting place and time", () => {
  it("is kept on the organisation and prefills the proposal; a bad time is refused at its field", async () => {
    const org = await get(`/api/organizations/${cell.id}`);
    const body = { name: org.name, code: org.code, abbreviation: org.abbreviation, version: org.version };
    const bad = await put(`/api/organizations/${cell.id}`, { ...body, usualMeetingTime: "25:00" });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields).toHaveProperty("usualMeetingTime");
    const ok = await put(`/api/organizations/${cell.id}`, {
      ...body,
      usualMeetingPlace: "Phòng họp tầng 2",
      usualMeetingTime: "15:30",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ usualMeetingPlace: "Phòng họp tầng 2", usualMeetingTime: "15:30" });
    const list = await get(`/api/organizations/${cell.id}/meetings`);
    expect(list.proposal).toMatchObject({ startTime: "15:30", place: "Phòng họp tầng 2" });
    const [event] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${cell.id} AND action = 'update'`,
    );
    expect(event!.n).toBeGreaterThan(0);
  });
});
