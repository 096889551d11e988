import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { addDays, todayIso } from "../../core/time.js";

/**
 * "Nghị quyết tháng trước có kết quả" is computed from the previous resolution's work: the tasks it handed out
 * that fell due by the meeting, done by then. A sheet's `whenUnknown` no longer gives the points for free.
 */

let s: TestServer;
let secretary: Session;
let deputy: Session;
let cell: string;
const today = todayIso();
const inDays = (n: number) => addDays(today, n);
const yesterday = inDays(-1);

const get = async (url: string, as = secretary) => s.request(as, { method: "GET", url });
const post = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "POST", url, payload: payload as object });
const put = (url: string, payload: unknown, as = secretary) =>
  s.request(as, { method: "PUT", url, payload: payload as object });
const meeting = async (id: string) => (await get(`/api/meetings/${id}`)).json();

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  deputy = await s.signIn("phobithu.llcs");
  cell = await s.orgId("CB-LLCS");
});
afterAll(() => s.close());

/** A monthly meeting held today with the given tasks handed out and its resolution voted; closed. */
async function heldMeeting(taskTitles: string[]) {
  const res = await post(`/api/organizations/${cell}/meetings`, {
    kind: "monthly",
    date: today,
    startTime: "14:00",
    place: "Phòng họp Khoa",
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const taker = await s.memberId("Trần Quốc Bảo");
  expect(
    (await post(`/api/meetings/${id}/transition`, { to: "open", version: (await meeting(id)).version })).statusCode,
  ).toBe(200);
  const fields = {
    minuteTakerMemberId: taker,
    agenda: ["Nhiệm vụ tháng tới"],
    content: "Nội dung.",
    conclusion: "Kết luận.",
    dues: "Đã thu đủ",
    draftResolution: "Dự thảo.",
  };
  expect((await put(`/api/meetings/${id}`, { version: (await meeting(id)).version, ...fields })).statusCode).toBe(200);
  for (const r of (await meeting(id)).roster as { id: string }[]) {
    expect((await put(`/api/meetings/${id}/attendance/${r.id}`, { status: "present", reason: null })).statusCode).toBe(
      200,
    );
  }
  for (const what of taskTitles) {
    expect(
      (await post(`/api/meetings/${id}/tasks`, { what, responsibleMemberId: taker, deadline: inDays(20) })).statusCode,
    ).toBe(201);
  }
  const vote = await post(`/api/meetings/${id}/votes`, {
    subject: "Nghị quyết tháng",
    rule: "ordinary",
    mode: "counted",
    inFavour: 11,
    against: 0,
    other: 0,
  });
  expect(vote.statusCode, vote.body).toBe(201);
  expect(
    (await post(`/api/meetings/${id}/transition`, { to: "closed", version: (await meeting(id)).version })).statusCode,
  ).toBe(200);
  return id;
}

const previousCriterion = async (id: string) => {
  const res = await put(`/api/meetings/${id}/score`, { judgements: [] });
  expect(res.statusCode, res.body).toBe(200);
  const score = res.json() as {
    facts: { previousResolutionDone: boolean | null };
    criteria: { id: string; points: number; max: number; reason: { key: string } }[];
  };
  return {
    fact: score.facts.previousResolutionDone,
    criterion: score.criteria.find((c) => c.id === "previous-resolution")!,
  };
};

describe("the previous resolution carried out", () => {
  it("gives no points while a task due by the meeting is undone, and full points once all are done", async () => {
    // Last month's meeting (moved to yesterday): two tasks handed out, both due yesterday.
    const previous = await heldMeeting(["Hoàn thiện đề cương bài giảng", "Nộp báo cáo tổng kết"]);
    expect(
      (await post(`/api/meetings/${previous}/approve`, { version: (await meeting(previous)).version })).statusCode,
    ).toBe(200);
    const approved = await post(
      `/api/meetings/${previous}/approve`,
      { version: (await meeting(previous)).version },
      deputy,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const resolutionId = approved.json().handedOver.resolutionId as string;
    expect(resolutionId).toBeTruthy();
    await s.database.rows(sql`UPDATE meetings SET date = ${yesterday} WHERE id = ${previous}`);
    await s.database.rows(sql`UPDATE resolutions SET adopted_on = ${yesterday} WHERE id = ${resolutionId}`);
    const taskIds = (
      await s.database.rows<{ id: string }>(
        sql`SELECT t.id FROM tasks t JOIN meeting_tasks mt ON mt.id = t.source_id WHERE t.source_kind = 'meeting' AND mt.meeting_id = ${previous} ORDER BY t.title`,
      )
    ).map((r) => r.id);
    expect(taskIds).toHaveLength(2);
    await s.database.rows(
      sql`UPDATE tasks SET starts_on = ${inDays(-30)}, due_on = ${yesterday} WHERE id IN (${sql.join(
        taskIds.map((x) => sql`${x}`),
        sql`, `,
      )})`,
    );

    const current = await heldMeeting([]);
    // Nothing done: not carried out, no points (the sheets give a "check" all or nothing).
    let got = await previousCriterion(current);
    expect(got.fact).toBe(false);
    expect(got.criterion.points).toBe(0);
    expect(got.criterion.reason.key).toBe("scoring.reason.check.no");

    // One of two done: partly carried out is not carried out.
    const report = async (taskId: string, percent: number) => {
      const task = (await get(`/api/tasks/${taskId}`, deputy)).json();
      const res = await post(`/api/tasks/${taskId}/progress`, { percent, note: "Xong", version: task.version }, deputy);
      expect(res.statusCode, res.body).toBe(200);
    };
    await report(taskIds[0]!, 100);
    await report(taskIds[1]!, 60);
    got = await previousCriterion(current);
    expect(got.fact).toBe(false);
    expect(got.criterion.points).toBe(0);

    // Both done by the meeting's date: full points.
    await report(taskIds[1]!, 100);
    got = await previousCriterion(current);
    expect(got.fact).toBe(true);
    expect(got.criterion.points).toBe(got.criterion.max);
    expect(got.criterion.points).toBeGreaterThan(0);
    expect(got.criterion.reason.key).toBe("scoring.reason.check.yes");
  });
});
