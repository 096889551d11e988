import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { todayIso } from "../../core/time.js";

/**
 * The rest of the year-end review on the demo đảng bộ: the cell's review meeting held as a meeting with its own
 * agenda (item 4), and a member's levels across years with the awards they lead to (item 8).
 */
let s: TestServer;
let office: Session;
let secretary: Session;
let member: Session;
let periodId = "";
let lastYearId = "";
let cellId = "";

const call = (as: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  s.request(as, { method, url, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  secretary = await s.signIn("bithu.llcs");
  member = await s.signIn("dangvien.llcs");
  cellId = await s.orgId("CB-LLCS");
  const year = Number(todayIso().slice(0, 4));
  const periods = (await call(office, "GET", `/api/organizations/${await s.orgId("DB-TCT")}/evaluation-periods`)).json()
    .items as { id: string; year: number; kind: string }[];
  periodId = periods.find((p) => p.year === year && p.kind === "year")!.id;
  lastYearId = periods.find((p) => p.year === year - 1 && p.kind === "year")!.id;
}, 120_000);
afterAll(() => s.close());

describe("the cell's review meeting", () => {
  const url = () => `/api/evaluation-periods/${periodId}/cells/${cellId}/review-meeting`;
  const body = { date: `${todayIso().slice(0, 4)}-12-22`, startTime: "14:00", place: "Hội trường cơ quan" };

  it("refuses bad input naming the field, and stores nothing", async () => {
    for (const [field, bad] of [
      ["place", { ...body, place: "" }],
      ["startTime", { ...body, startTime: "25:00" }],
      ["date", { ...body, date: "22/12/2026" }],
    ] as const) {
      const res = await call(secretary, "POST", url(), bad);
      expect(res.statusCode, field).toBe(422);
      expect(Object.keys(res.json().fields), field).toEqual([field]);
    }
    const view = await call(secretary, "GET", `/api/evaluation-periods/${periodId}/cells/${cellId}`);
    expect(view.json().reviewMeeting).toBeNull();
  });

  it("a member may not create it", async () => {
    expect((await call(member, "POST", url(), body)).statusCode).toBe(403);
  });

  it("the secretary creates it with the year-end review agenda; the review and the meeting lead to each other", async () => {
    const created = await call(secretary, "POST", url(), body);
    expect(created.statusCode).toBe(201);
    const meetingId = created.json().id as string;
    expect(created.json()).toMatchObject({ date: body.date, status: "planned" });

    const meeting = (await call(secretary, "GET", `/api/meetings/${meetingId}`)).json();
    expect(meeting).toMatchObject({ kind: "monthly", organizationId: cellId, place: body.place });
    expect(meeting.title).toBe(`Kiểm điểm, đánh giá, xếp loại chất lượng năm ${body.date.slice(0, 4)}`);
    expect(meeting.agenda).toHaveLength(7);
    expect(meeting.agenda).toContain("Từng đảng viên trình bày bản tự kiểm điểm và tự nhận mức xếp loại");
    expect(meeting.agenda).toContain("Chi bộ biểu quyết đề xuất mức xếp loại từng đảng viên");

    const view = (await call(secretary, "GET", `/api/evaluation-periods/${periodId}/cells/${cellId}`)).json();
    expect(view.reviewMeeting).toEqual({ id: meetingId, date: body.date, status: "planned" });
    const review = await call(secretary, "GET", `/api/meetings/${meetingId}/evaluation-review`);
    expect(review.json().review).toEqual({ periodId, cellId, year: Number(body.date.slice(0, 4)) });
    // A member attends the meeting but does not read the review: the meeting is an ordinary one to them.
    const forMember = await call(member, "GET", `/api/meetings/${meetingId}/evaluation-review`);
    expect(forMember.statusCode).toBe(200);
    expect(forMember.json().review).toBeNull();

    const [event] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'evaluation_review_meeting' AND action = 'create'`,
    );
    expect(event!.n).toBe(1);
  });

  it("refuses a second review meeting for the cell", async () => {
    const again = await call(office, "POST", url(), body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("review_meeting_exists");
  });
});

describe("a member's history across years", () => {
  it("lists each decided year with its level and the awards the rulebook proposes", async () => {
    const decided = (await call(office, "GET", `/api/evaluation-periods/${lastYearId}/decisions`)).json().entries as {
      memberId: string | null;
      level: string;
    }[];
    const best = decided.find((e) => e.memberId && e.level === "excellent")!;
    expect(best).toBeDefined();
    const res = await call(office, "GET", `/api/members/${best.memberId}/evaluations`);
    expect(res.statusCode).toBe(200);
    const year = Number(todayIso().slice(0, 4)) - 1;
    expect(res.json().years.find((y: { year: number }) => y.year === year)).toMatchObject({ level: "excellent" });
    expect(res.json().awards).toContainEqual({ year, kind: "certificate", fromYear: year });
  });

  it("a member reads their own history; another member's is refused", async () => {
    const own = await s.memberId("Phạm Văn Đức");
    const mine = await call(member, "GET", `/api/members/${own}/evaluations`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().memberId).toBe(own);
    // Another member of the same cell: nobody else sees a member's levels before the cell's results, and never here.
    const other = await s.memberId("Đỗ Văn Hải");
    expect((await call(member, "GET", `/api/members/${other}/evaluations`)).statusCode).toBe(403);
  });
});
