import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { todayIso } from "../../core/time.js";

/**
 * The minutes carry two signatures, the chair's and the minute-taker's, and the meeting rulebook wants them from
 * two members. Nobody can approve minutes alone: not by holding both roles, not by moving between the roles after
 * approving in one of them, not through a meeting recorded with one person in both roles before the rule existed.
 */
let s: TestServer;
let secretary: Session;
let cell: string;
const people: Record<"ha" | "bao" | "duc", string> = { ha: "", bao: "", duc: "" };
const as: Partial<Record<keyof typeof people, Session>> = {};

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  cell = await s.orgId("CB-LLCS");
  people.ha = await s.memberId("Nguyễn Thị Thu Hà");
  people.bao = await s.memberId("Trần Quốc Bảo");
  people.duc = await s.memberId("Phạm Văn Đức");
  as.ha = secretary;
  as.bao = await s.signIn("phobithu.llcs");
  as.duc = await s.signIn("dangvien.llcs");
});
afterAll(() => s.close());

const get = async (id: string) => (await s.request(secretary, { method: "GET", url: `/api/meetings/${id}` })).json();
const post = (url: string, payload: unknown, who = secretary) =>
  s.request(who, { method: "POST", url, payload: payload as object });
const put = (url: string, payload: unknown, who = secretary) =>
  s.request(who, { method: "PUT", url, payload: payload as object });
const approve = async (id: string, who: Session) =>
  post(`/api/meetings/${id}/approve`, { version: (await get(id)).version }, who);

async function planned(date: string): Promise<string> {
  const body = { kind: "monthly", date, startTime: "14:00", place: "Phòng họp" };
  const res = await post(`/api/organizations/${cell}/meetings`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
/** Opened (chaired by the secretary, Thu Hà), minuted by `taker`, ended. */
async function closed(date: string, taker: string): Promise<string> {
  const id = await planned(date);
  expect((await post(`/api/meetings/${id}/transition`, { to: "open", version: 1 })).statusCode).toBe(200);
  expect((await put(`/api/meetings/${id}`, { version: 2, minuteTakerMemberId: taker })).statusCode).toBe(200);
  expect((await post(`/api/meetings/${id}/transition`, { to: "closed", version: 3 })).statusCode).toBe(200);
  return id;
}

describe("chair and minute-taker are two people", () => {
  it("refuses one member in both roles, under both rulebooks, storing nothing", async () => {
    // Today: 42-HD/BTCTW (2025); 2024: 12-HD/BTCTW (2018), entered late from paper.
    for (const date of [todayIso(), "2024-05-10"]) {
      const id = await closed(date, people.bao);
      const before = await get(id);
      expect(before.rulebookKey).toBe(date === todayIso() ? "meeting-42-hd-2025" : "meeting-12-hd-2018");
      const res = await put(`/api/meetings/${id}`, { version: before.version, minuteTakerMemberId: people.ha });
      expect(res.statusCode, date).toBe(422);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("chair_is_minute_taker");
      expect(Object.keys(res.json().fields)).toEqual(["minuteTakerMemberId"]);
      expect(res.json().detail).toContain("Chủ trì và thư ký");
      const asChair = await put(`/api/meetings/${id}`, { version: before.version, chairMemberId: people.bao });
      expect(asChair.statusCode).toBe(422);
      expect(Object.keys(asChair.json().fields)).toEqual(["chairMemberId"]);
      const after = await get(id);
      expect([after.version, after.chairMemberId, after.minuteTakerMemberId]).toEqual([
        before.version,
        people.ha,
        people.bao,
      ]);
    }
  });

  it("refuses to start a meeting whose minute-taker would become its chair", async () => {
    const id = await planned(todayIso());
    // Planned without a chair, the secretary as minute-taker: opening makes the secretary chair.
    const body = { version: 1, chairMemberId: null, minuteTakerMemberId: people.ha };
    const noChair = await put(`/api/meetings/${id}`, body);
    expect(noChair.statusCode).toBe(200);
    const res = await post(`/api/meetings/${id}/transition`, { to: "open", version: 2 });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["chairMemberId"]);
    expect((await get(id)).status).toBe("planned");
  });

  it("a meeting recorded with one person in both roles cannot be approved by that person", async () => {
    const id = await closed(todayIso(), people.bao);
    // As the attack left it, before the rule was enforced.
    await s.database.rows(sql`UPDATE meetings SET minute_taker_member_id = chair_member_id WHERE id = ${id}`);
    const res = await approve(id, secretary);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("chair_is_minute_taker");
    const after = await get(id);
    expect([after.status, after.chairApprovedAt, after.takerApprovedAt]).toEqual(["closed", null, null]);
  });
});

describe("an approval is the approver's own, in the role they held", () => {
  it("moving to the other role after approving does not give a second approval", async () => {
    const id = await closed(todayIso(), people.bao);
    expect((await approve(id, as.ha!)).json().status).toBe("closed");
    // Thu Hà hands the chair to Đức and takes the minutes herself: her approval as chair goes with the role.
    const swap = { version: (await get(id)).version, chairMemberId: people.duc, minuteTakerMemberId: people.ha };
    const moved = await put(`/api/meetings/${id}`, swap);
    expect(moved.statusCode, moved.body).toBe(200);
    const again = (await approve(id, as.ha!)).json();
    expect(again.status).toBe("closed");
    expect(again).toMatchObject({ chairApprovedAt: null, takerApprovedBy: people.ha });
    // The new chair's approval completes it: two people.
    const done = (await approve(id, as.duc!)).json();
    expect(done).toMatchObject({ status: "approved", chairApprovedBy: people.duc, takerApprovedBy: people.ha });
  });

  it("an approval recorded for someone no longer in the role does not count, however the roles changed", async () => {
    const id = await closed(todayIso(), people.bao);
    expect((await approve(id, as.ha!)).json().status).toBe("closed");
    // The roles change behind the routes' back (an older version, an import): Thu Hà's approval stays recorded.
    await s.database.rows(
      sql`UPDATE meetings SET chair_member_id = ${people.duc}, minute_taker_member_id = ${people.ha} WHERE id = ${id}`,
    );
    expect((await approve(id, as.ha!)).json().status).toBe("closed");
    expect((await approve(id, as.duc!)).json()).toMatchObject({
      status: "approved",
      chairApprovedBy: people.duc,
      takerApprovedBy: people.ha,
    });
  });
});

describe("approved minutes keep their score", () => {
  it("PUT score after approval is refused and the judgements stay", async () => {
    const id = await closed(todayIso(), people.bao);
    const judgements = [{ criterionId: "criticism", points: 8, note: "Thẳng thắn" }];
    expect((await put(`/api/meetings/${id}/score`, { judgements })).statusCode).toBe(200);
    await approve(id, as.ha!);
    expect((await approve(id, as.bao!)).json().status).toBe("approved");
    const before = (await get(id)).score;
    for (const body of [{ judgements: [] }, { judgements: [{ criterionId: "criticism", points: 0, note: "Sửa" }] }]) {
      const res = await put(`/api/meetings/${id}/score`, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe("minutes_approved");
    }
    const after = (await get(id)).score;
    expect(after).toEqual(before);
    expect(after.judgements).toEqual(judgements);
  });
});
