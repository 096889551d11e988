import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { setClockForTests } from "../../core/time.js";
import { buildCandidate, buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { MemberRow } from "../members/store.js";

let s: TestServer;
let cell: OrganizationRow;
let partyCommittee: OrganizationRow;
let committeeMember: MemberRow;
let plainMember: MemberRow;
let secretary: Session;
let assignee: Session;
let member: Session;
let admin: Session;
const joinedOn = "2020-01-01";

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-12-03");
  const built = await buildOrganization(s);
  partyCommittee = built.partyCommittee;
  cell = built.cells[0]!;
  // Members of the cell long before the test's day (the transfer row otherwise takes the real day).
  const sec = await buildMember(s, { organization: cell, position: "secretary", fullName: "Lê Văn Bí", joinedOn });
  committeeMember = await buildMember(s, {
    organization: cell,
    position: "committee_member",
    fullName: "Đỗ Thị Ủy",
    joinedOn,
  });
  plainMember = await buildMember(s, { organization: cell, fullName: "Phạm Văn Viên", joinedOn });
  secretary = (await buildUser(s, { member: sec })).session;
  assignee = (await buildUser(s, { member: committeeMember })).session;
  member = (await buildUser(s, { member: plainMember })).session;
  admin = (await buildUser(s, { isAdmin: true })).session;
});
afterEach(() => setClockForTests("2026-12-03"));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const post = (who: Session, url: string, payload: object, method: "POST" | "PUT" = "POST") =>
  s.request(who, { method, url, payload });
const get = async (who: Session, url: string) => (await s.request(who, { method: "GET", url })).json();
const count = async (table: string) =>
  (await s.database.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

async function tradeUnion(): Promise<{ id: string; version: number }> {
  const res = await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, {
    kind: "trade_union",
    name: "Công đoàn bộ phận Khoa",
    leaderName: "Nguyễn Thị Hoa",
    leaderTitle: "Tổ trưởng công đoàn",
    memberCount: 18,
    assignedMemberId: committeeMember.id,
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe("a cell's mass organisations", () => {
  it("the committee records one with its leader, size and assigned member; its kind sets the cadence", async () => {
    const created = await tradeUnion();
    expect(created).toMatchObject({
      kindTitle: "Công đoàn",
      cadence: "quarterly",
      memberCount: 18,
      assignedMember: { id: committeeMember.id, fullName: "Đỗ Thị Ủy" },
      sessions: { current: { key: "2026-Q4" }, heldThisPeriod: false, missed: [] },
    });
    const list = await get(member, `/api/organizations/${cell.id}/mass-organizations`);
    expect(list.items.map((m: { id: string }) => m.id)).toContain(created.id);
    expect(list.canManage).toBe(false);
    expect(list.committee.map((p: { id: string }) => p.id)).toContain(committeeMember.id);
  });

  it("refuses a member without a committee post, an unknown kind, or a party group, and stores nothing", async () => {
    const before = await count("mass_organizations");
    const notCommittee = await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, {
      kind: "youth_union",
      name: "Chi đoàn",
      assignedMemberId: plainMember.id,
    });
    expect(notCommittee.statusCode).toBe(422);
    expect(notCommittee.json().fields.assignedMemberId).toBeDefined();
    const unknown = await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, {
      kind: "chess_club",
      name: "Câu lạc bộ",
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().fields.kind).toBeDefined();
    const negative = await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, {
      kind: "youth_union",
      name: "Chi đoàn",
      memberCount: -3,
    });
    expect([400, 422]).toContain(negative.statusCode);
    expect(negative.json().fields.memberCount).toBeDefined();
    expect(await count("mass_organizations")).toBe(before);
    // An ordinary member reads them but does not add one.
    expect(
      (await post(member, `/api/organizations/${cell.id}/mass-organizations`, { kind: "youth_union", name: "X" }))
        .statusCode,
    ).toBe(403);
  });

  it("never answers 5xx to garbage and stores nothing on refusal", async () => {
    const before = await count("mass_organizations");
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ kind: fc.anything(), name: fc.anything(), memberCount: fc.anything() }, { requiredKeys: [] }),
        async (payload) => {
          const res = await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, payload);
          if (res.statusCode === 201) created++;
          else expect([400, 422]).toContain(res.statusCode);
        },
      ),
      { numRuns: 25 },
    );
    expect(await count("mass_organizations")).toBe(before + created);
  });
});

describe("work sessions", () => {
  it("the assigned member records a session with a task of the tasks module; an ordinary member may not", async () => {
    const mo = await tradeUnion();
    const res = await post(assignee, `/api/mass-organizations/${mo.id}/sessions`, {
      heldOn: "2026-12-01",
      notes: "Công đoàn báo cáo phong trào thi đua quý IV; chi ủy góp ý công tác phát triển đoàn viên.",
      tasks: [{ title: "Giới thiệu đoàn viên ưu tú cho chi bộ", responsibleMemberId: committeeMember.id }],
      version: mo.version,
    });
    expect(res.statusCode).toBe(201);
    const detail = res.json();
    expect(detail.sessions).toMatchObject({ heldThisPeriod: true, lastHeldOn: "2026-12-01" });
    expect(detail.workSessions).toHaveLength(1);
    expect(detail.workSessions[0].tasks).toEqual([
      expect.objectContaining({
        title: "Giới thiệu đoàn viên ưu tú cho chi bộ",
        responsibleName: "Đỗ Thị Ủy",
        dueOn: "2027-03-31",
        progress: 0,
        status: "on_track",
      }),
    ]);
    const [task] = await s.database.rows<{ organization_id: string; source_kind: string }>(
      sql`SELECT organization_id, source_kind FROM tasks WHERE id = ${detail.workSessions[0].tasks[0].id}`,
    );
    expect(task).toEqual({ organization_id: cell.id, source_kind: "direct" });
    const refused = await post(member, `/api/mass-organizations/${mo.id}/sessions`, {
      heldOn: "2026-12-01",
      notes: "x",
      version: detail.version,
    });
    expect(refused.statusCode).toBe(403);
  });

  it("refuses a session in the future and a task due before the session, naming the field, storing nothing", async () => {
    const mo = await tradeUnion();
    const sessions = await count("mass_organization_sessions");
    const tasks = await count("tasks");
    const future = await post(secretary, `/api/mass-organizations/${mo.id}/sessions`, {
      heldOn: "2026-12-04",
      notes: "Làm việc",
      version: mo.version,
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().fields.heldOn).toBeDefined();
    const late = await post(secretary, `/api/mass-organizations/${mo.id}/sessions`, {
      heldOn: "2026-12-01",
      notes: "Làm việc",
      tasks: [
        { title: "Một", responsibleMemberId: committeeMember.id },
        { title: "Hai", responsibleMemberId: committeeMember.id, dueOn: "2026-11-30" },
      ],
      version: mo.version,
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().fields["tasks.1.dueOn"]).toBeDefined();
    expect(await count("mass_organization_sessions")).toBe(sessions);
    expect(await count("tasks")).toBe(tasks);
  });

  it("the committee changes the assigned member and the cadence with the version it read", async () => {
    const mo = await tradeUnion();
    const body = { name: "Công đoàn Khoa", cadence: "monthly", assignedMemberId: null, version: mo.version };
    const res = await post(secretary, `/api/mass-organizations/${mo.id}`, body, "PUT");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      cadence: "monthly",
      assignedMember: null,
      sessions: { current: { key: "2026-12" } },
    });
    expect((await post(secretary, `/api/mass-organizations/${mo.id}`, body, "PUT")).statusCode).toBe(409);
  });
});

describe("introductions and comments for admission", () => {
  it("goes into the candidate's dossier as provided by the organisation", async () => {
    const mo = await tradeUnion();
    const candidate = await buildCandidate(s, { organization: cell, helpers: [committeeMember] });
    const res = await post(secretary, `/api/mass-organizations/${mo.id}/introductions`, {
      candidateId: candidate.id,
      form: "4-KNĐ",
      receivedOn: "2026-12-02",
      content: "Đoàn viên công đoàn tích cực, đề nghị chi bộ xem xét.",
      version: candidate.version,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().introductions).toEqual([
      expect.objectContaining({ candidateId: candidate.id, candidateName: candidate.fullName, form: "4-KNĐ" }),
    ]);
    const dossier = await get(secretary, `/api/candidates/${candidate.id}`);
    expect(dossier.forms.find((f: { form: string }) => f.form === "4-KNĐ")).toMatchObject({
      receivedOn: "2026-12-02",
      providedBy: "Công đoàn bộ phận Khoa",
    });
    expect(dossier.forms.find((f: { form: string }) => f.form === "5-KNĐ").providedBy).toBeNull();
    expect(dossier.history[0].action).toBe("form");
    // An ordinary member of the cell reads the organisation, not the candidates.
    const seen = await get(member, `/api/mass-organizations/${mo.id}`);
    expect(seen.introductions).toEqual([]);
    expect(seen.candidates).toEqual([]);
  });

  it("refuses 4-KNĐ from a women's union and a candidate of another đảng bộ, storing nothing", async () => {
    const women = (
      await post(secretary, `/api/organizations/${cell.id}/mass-organizations`, {
        kind: "women_union",
        name: "Chi hội Phụ nữ",
      })
    ).json();
    const candidate = await buildCandidate(s, { organization: cell, helpers: [committeeMember] });
    const before = await count("mass_organization_introductions");
    const forms = await count("admission_forms");
    const introduce = await post(secretary, `/api/mass-organizations/${women.id}/introductions`, {
      candidateId: candidate.id,
      form: "4-KNĐ",
      receivedOn: "2026-12-02",
      version: candidate.version,
    });
    expect(introduce.statusCode).toBe(422);
    expect(introduce.json().fields.form).toBeDefined();

    const other = await buildOrganization(s);
    const helper = await buildMember(s, { organization: other.cells[0]!, joinedOn });
    const foreign = await buildCandidate(s, { organization: other.cells[0]!, helpers: [helper] });
    const outside = await post(secretary, `/api/mass-organizations/${women.id}/introductions`, {
      candidateId: foreign.id,
      form: "5-KNĐ",
      receivedOn: "2026-12-02",
      version: foreign.version,
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().fields.candidateId).toBeDefined();
    expect(await count("mass_organization_introductions")).toBe(before);
    expect(await count("admission_forms")).toBe(forms);
  });

  it("a đảng bộ's organisation introduces a candidate of a cell under it", async () => {
    const secretaryOfPc = await buildMember(s, { organization: cell, fullName: "Quách Văn Đoàn", joinedOn });
    await post(admin, `/api/organizations/${partyCommittee.id}/positions`, {
      memberId: secretaryOfPc.id,
      role: "committee_member",
      startsOn: "2020-01-01",
    });
    const youth = await post(admin, `/api/organizations/${partyCommittee.id}/mass-organizations`, {
      kind: "youth_union",
      name: "Đoàn Thanh niên Trường",
      assignedMemberId: secretaryOfPc.id,
    });
    expect(youth.statusCode).toBe(201);
    expect(youth.json().cadence).toBe("monthly");
    const candidate = await buildCandidate(s, { organization: cell, helpers: [committeeMember] });
    const res = await post(admin, `/api/mass-organizations/${youth.json().id}/introductions`, {
      candidateId: candidate.id,
      form: "4-KNĐ",
      receivedOn: "2026-12-03",
      version: candidate.version,
    });
    expect(res.statusCode).toBe(201);
    // The cell's secretary does not manage the đảng bộ's organisations.
    expect(
      (await s.request(secretary, { method: "GET", url: `/api/mass-organizations/${youth.json().id}` })).statusCode,
    ).toBe(404);
  });
});
