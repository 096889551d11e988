import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildTerm, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { MemberRow } from "../members/store.js";

let s: TestServer;
let cell: OrganizationRow;
let partyCommittee: OrganizationRow;
let sec: MemberRow;
let m1: MemberRow;
let m2: MemberRow;
let m3: MemberRow;
let secretary: Session;
let member1: Session;
let admin: Session;
let resolutionId: string;

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-11-05");
  const built = await buildOrganization(s, { cells: 2 });
  partyCommittee = built.partyCommittee;
  cell = built.cells[0]!;
  for (const organization of [partyCommittee, cell]) await buildTerm(s, { organization });
  const joinedOn = "2020-01-01";
  sec = await buildMember(s, { organization: cell, position: "secretary", fullName: "Lê Văn Bí", joinedOn });
  m1 = await buildMember(s, { organization: cell, fullName: "An Văn Một", joinedOn });
  m2 = await buildMember(s, { organization: cell, fullName: "Bùi Thị Hai", joinedOn });
  m3 = await buildMember(s, { organization: cell, fullName: "Cao Văn Ba", joinedOn });
  secretary = (await buildUser(s, { member: sec })).session;
  member1 = (await buildUser(s, { member: m1 })).session;
  admin = (await buildUser(s, { isAdmin: true })).session;
  const res = await post(admin, `/api/organizations/${partyCommittee.id}/resolutions`, {
    kind: "higher",
    number: "NQ TW 5",
    title: "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa XIV",
  });
  expect(res.statusCode).toBe(201);
  resolutionId = res.json().id;
});
afterEach(() => setClockForTests("2026-11-05"));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const post = (who: Session, url: string, payload: object) => s.request(who, { method: "POST", url, payload });
const get = async (who: Session, url: string) => (await s.request(who, { method: "GET", url })).json();
const count = async (table: string) =>
  (await s.database.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe("studying a resolution of the level above", () => {
  let sessionId: string;
  let makeupId: string;

  it("the cell's committee holds a study session on a higher resolution; not on its own, not twice", async () => {
    const own = (
      await post(secretary, `/api/organizations/${cell.id}/resolutions`, {
        kind: "thematic",
        title: "Nghị quyết chuyên đề",
      })
    ).json();
    const before = await count("study_sessions");
    const notHigher = await post(secretary, `/api/organizations/${cell.id}/study-sessions`, {
      resolutionId: own.id,
      heldOn: "2026-11-05",
      place: "Hội trường A",
    });
    expect(notHigher.statusCode).toBe(422);
    expect(notHigher.json().fields.resolutionId).toBeDefined();
    expect(
      (
        await post(member1, `/api/organizations/${cell.id}/study-sessions`, {
          resolutionId,
          heldOn: "2026-11-05",
          place: "Hội trường A",
        })
      ).statusCode,
    ).toBe(403);
    expect(await count("study_sessions")).toBe(before);

    const created = await post(secretary, `/api/organizations/${cell.id}/study-sessions`, {
      resolutionId,
      heldOn: "2026-11-05",
      place: "Hội trường A",
      presenter: "Đồng chí Bí thư Đảng ủy",
    });
    expect(created.statusCode).toBe(201);
    sessionId = created.json().id;
    expect(created.json()).toMatchObject({
      resolution: { number: "NQ TW 5" },
      reflectionDueOn: "2026-11-20",
      tally: { total: 4, studied: 0, reflected: 0 },
    });
    const twice = await post(secretary, `/api/organizations/${cell.id}/study-sessions`, {
      resolutionId,
      heldOn: "2026-11-05",
      place: "Hội trường B",
    });
    expect(twice.statusCode).toBe(409);
  });

  it("records attendance; members see the session, their own reflection, and no one else's", async () => {
    const v = (await get(secretary, `/api/study-sessions/${sessionId}`)).version;
    const res = await post(secretary, `/api/study-sessions/${sessionId}/attendance`, {
      presentIds: [sec.id, m1.id, m2.id],
      version: v,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tally).toEqual({ total: 4, studied: 3, reflected: 0 });

    setClockForTests("2026-11-06");
    const mine = await post(member1, `/api/study-sessions/${sessionId}/reflection`, {
      content: "Qua học tập, bản thân nhận thức rõ hơn yêu cầu đổi mới phương thức lãnh đạo của Đảng.",
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().myReflection).toMatchObject({ via: "online", receivedOn: "2026-11-06" });
    expect(mine.json().roster.every((m: { reflection: unknown }) => m.reflection === null)).toBe(true);
    expect(mine.json().canManage).toBe(false);

    const paper = await post(secretary, `/api/study-sessions/${sessionId}/paper-reflections`, {
      memberId: m2.id,
      receivedOn: "2026-11-06",
    });
    expect(paper.statusCode).toBe(200);
    const m2Row = paper.json().roster.find((m: { id: string }) => m.id === m2.id);
    expect(m2Row.reflection).toEqual({ via: "paper", receivedOn: "2026-11-06", content: null });
    expect(paper.json().roster.find((m: { id: string }) => m.id === m1.id).reflection.content).toContain("đổi mới");
    expect(paper.json().tally).toEqual({ total: 4, studied: 3, reflected: 2 });
  });

  it("refuses bad reflections and attendance, naming the field, storing nothing", async () => {
    setClockForTests("2026-11-06");
    const reflections = await count("study_reflections");
    // A paper copy for one who typed it in the app, one from the future, one from outside the cell.
    expect(
      (
        await post(secretary, `/api/study-sessions/${sessionId}/paper-reflections`, {
          memberId: m1.id,
          receivedOn: "2026-11-06",
        })
      ).statusCode,
    ).toBe(409);
    const future = await post(secretary, `/api/study-sessions/${sessionId}/paper-reflections`, {
      memberId: m3.id,
      receivedOn: "2026-11-07",
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().fields.receivedOn).toBeDefined();
    const stranger = await buildMember(s, {
      organization: (await buildOrganization(s)).cells[0]!,
      joinedOn: "2020-01-01",
    });
    const outside = await post(secretary, `/api/study-sessions/${sessionId}/paper-reflections`, {
      memberId: stranger.id,
      receivedOn: "2026-11-06",
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().fields.memberId).toBeDefined();
    // An account without a member record has no reflection to hand in.
    expect((await post(admin, `/api/study-sessions/${sessionId}/reflection`, { content: "x" })).statusCode).toBe(403);
    const blank = await post(member1, `/api/study-sessions/${sessionId}/reflection`, { content: "   " });
    expect([400, 422]).toContain(blank.statusCode);
    expect(blank.json().fields.content).toBeDefined();
    expect(await count("study_reflections")).toBe(reflections);
  });

  it("holds a make-up session for the absent only, then counts everyone", async () => {
    setClockForTests("2026-11-09");
    const early = await post(secretary, `/api/organizations/${cell.id}/study-sessions`, {
      resolutionId,
      heldOn: "2026-11-05",
      place: "Phòng họp",
      makeupOfId: sessionId,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().fields.heldOn).toBeDefined();
    const made = await post(secretary, `/api/organizations/${cell.id}/study-sessions`, {
      resolutionId,
      heldOn: "2026-11-09",
      place: "Phòng họp",
      makeupOfId: sessionId,
    });
    expect(made.statusCode).toBe(201);
    makeupId = made.json().id;
    expect(made.json().makeupOf).toEqual({ id: sessionId, heldOn: "2026-11-05" });
    const twice = await post(secretary, `/api/study-sessions/${makeupId}/attendance`, {
      presentIds: [m1.id, m3.id],
      version: made.json().version,
    });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().fields.presentIds).toBeDefined();
    expect(twice.json().detail).toContain("An Văn Một");
    const ok = await post(secretary, `/api/study-sessions/${makeupId}/attendance`, {
      presentIds: [m3.id],
      version: made.json().version,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().tally).toEqual({ total: 4, studied: 4, reflected: 2 });
  });

  it("reports upward as a numbered BC in the official layout, and the đảng ủy sees which cells studied", async () => {
    setClockForTests("2026-11-10");
    const v = (await get(secretary, `/api/study-sessions/${sessionId}`)).version;
    const before = await post(secretary, `/api/study-sessions/${sessionId}/report`, {
      issuedOn: "2026-11-08",
      version: v,
    });
    expect(before.statusCode).toBe(422);
    expect(before.json().fields.issuedOn).toBeDefined();
    const res = await post(secretary, `/api/study-sessions/${sessionId}/report`, {
      issuedOn: "2026-11-10",
      version: v,
    });
    expect(res.statusCode).toBe(201);
    const report = res.json().report;
    expect(report.numberText).toMatch(/^Số 01-BC\/CB$/);
    const [doc] = await s.database.rows<{ summary: string; sections: { text: string }[]; status: string }>(
      sql`SELECT summary, sections, status FROM documents WHERE id = ${report.documentId}`,
    );
    expect(doc!.status).toBe("issued");
    expect(doc!.summary).toBe("Kết quả học tập, quán triệt NQ TW 5");
    expect(JSON.stringify(doc!.sections)).toContain(
      "4/4 đảng viên đã học tập (đạt 100%), 2/4 đảng viên nộp bài thu hoạch (đạt 50%)",
    );

    const overview = await get(admin, `/api/organizations/${partyCommittee.id}/study-overview`);
    const row = overview.resolutions.find((r: { id: string }) => r.id === resolutionId);
    expect(row.cells).toHaveLength(2);
    expect(row.cells.find((c: { id: string }) => c.id === cell.id)).toMatchObject({
      heldOn: "2026-11-05",
      tally: { total: 4, studied: 4, reflected: 2 },
      report: { numberText: "Số 01-BC/CB", issuedOn: "2026-11-10" },
    });
    expect(row.cells.find((c: { id: string }) => c.id !== cell.id)).toMatchObject({ heldOn: null, tally: null });

    const list = await get(member1, `/api/organizations/${cell.id}/studies`);
    expect(list.resolutions[0]).toMatchObject({
      id: resolutionId,
      makeups: [{ id: makeupId }],
      mine: { studied: true, reflectedOn: "2026-11-06" },
    });
  });
});
