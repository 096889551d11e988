import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { addDays, hanoiAt, setClockForTests } from "../../core/time.js";
import {
  buildCandidate,
  buildMember,
  buildOrganization,
  buildTerm,
  buildUser,
} from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { countTransactions } from "../../../test/support/database.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { MemberRow } from "../members/store.js";
import { sendAdmissionWarnings } from "./warnings.js";

let s: TestServer;
let cell: OrganizationRow;
let partyCommittee: OrganizationRow;
let helper: MemberRow;
let secretary: Session;
let secretaryUserId: string;
let admin: Session;

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-03-02");
  const built = await buildOrganization(s);
  partyCommittee = built.partyCommittee;
  cell = built.cells[0]!;
  for (const organization of [partyCommittee, cell]) await buildTerm(s, { organization });
  const joinedOn = "2020-01-01";
  const sec = await buildMember(s, { organization: cell, position: "secretary", fullName: "Lê Văn Bí", joinedOn });
  helper = await buildMember(s, { organization: cell, fullName: "Phạm Thị Giúp", joinedOn });
  const third = await buildMember(s, { organization: cell, joinedOn, fullName: "Hoàng Văn Thư" });
  await buildMember(s, { organization: cell, status: "probationary", admissionDate: "2025-12-01", joinedOn });
  const u = await buildUser(s, { member: sec });
  secretary = u.session;
  secretaryUserId = u.user.id;
  admin = (await buildUser(s, { isAdmin: true })).session;
  // The đảng ủy's secretary signs its decisions.
  await post(admin, `/api/organizations/${partyCommittee.id}/positions`, {
    memberId: third.id,
    role: "secretary",
    startsOn: "2020-01-01",
  });
});
afterEach(() => setClockForTests("2026-03-02"));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const post = (who: Session, url: string, payload: object) => s.request(who, { method: "POST", url, payload });
const get = async (who: Session, url: string) => (await s.request(who, { method: "GET", url })).json();
const dossier = async (id: string, forms: string[], receivedOn = "2026-02-20") => {
  for (const form of forms) {
    const { version } = await get(secretary, `/api/candidates/${id}`);
    expect((await post(secretary, `/api/candidates/${id}/forms`, { form, receivedOn, version })).statusCode).toBe(200);
  }
};
const countRows = async (query: ReturnType<typeof sql>) => (await s.database.rows<{ n: number }>(query))[0]!.n;
/** The due day kept on the row for the board (ADR 0176). */
const keptDue = async (id: string) =>
  (
    await s.database.rows<{ due: string | null }>(
      sql`SELECT open_deadline_on::text AS due FROM admission_candidates WHERE id = ${id}`,
    )
  )[0]!.due;

describe("admission, from candidate to full member", () => {
  it("runs the whole path with its deadlines in working days, and moves the resolution's target", async () => {
    // The đảng bộ's resolution with an admission target, adopted.
    const resolution = (
      await post(admin, `/api/organizations/${partyCommittee.id}/resolutions`, {
        kind: "thematic",
        title: "Nghị quyết về công tác phát triển đảng viên",
        targets: [{ name: "Kết nạp đảng viên mới", measureUnit: "người", baseline: 0, goal: 4 }],
      })
    ).json();
    await post(admin, `/api/resolutions/${resolution.id}/transition`, { to: "adopted", on: "2026-03-02", version: 1 });

    const created = await post(secretary, `/api/organizations/${cell.id}/candidates`, {
      fullName: "Trần Thị Ưu Tú",
      dateOfBirth: "2000-05-10",
      helperIds: [helper.id],
      courseCertificateOn: "2025-10-01",
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      stage: "following",
      certificateValidUntil: "2030-10-01",
      openDeadline: null,
    });

    // Without the dossier the cell cannot vote.
    const early = await post(secretary, `/api/candidates/${id}/resolution`, {
      votedOn: "2026-03-02",
      votesFor: 3,
      version: 1,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().fields.form).toBeDefined();
    await dossier(id, ["1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"]);

    // Three full members on the day (the probationary one does not vote): 1 of 3 is short of two thirds.
    let v = (await get(secretary, `/api/candidates/${id}`)).version;
    const short = await post(secretary, `/api/candidates/${id}/resolution`, {
      votedOn: "2026-03-02",
      votesFor: 1,
      version: v,
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().fields.votesFor).toBeDefined();
    const voted = await post(secretary, `/api/candidates/${id}/resolution`, {
      votedOn: "2026-03-02",
      votesFor: 2,
      version: v,
    });
    expect(voted.statusCode).toBe(200);
    // 60 working days after 02/3/2026, skipping 27/4 (Hùng Kings, in lieu), 30/4 and 1/5: Thursday 28/5/2026.
    expect(voted.json()).toMatchObject({
      stage: "resolved",
      resolutionFullMembers: 3,
      openDeadline: { kind: "decision", dueOn: "2026-05-28", state: "near", daysLeft: 87 },
    });
    expect(await keptDue(id)).toBe("2026-05-28");
    expect(voted.json().forms.find((f: { form: string }) => f.form === "6-KNĐ").documentId).toBe(
      voted.json().resolutionDocumentId,
    );

    // The warning 90 days before goes to the secretary once, however often the job runs.
    expect(await sendAdmissionWarnings(s.database, hanoiAt("2026-03-02", "09:00"))).toBeGreaterThan(0);
    // A run with nothing new writes nothing: no transaction per due warning (ADR 0184).
    const transactions = await countTransactions(s.database, async () => {
      expect(await sendAdmissionWarnings(s.database, hanoiAt("2026-03-02", "10:00"))).toBe(0);
    });
    expect(transactions).toBe(0);
    const notices = await s.database.rows<{ subject: string }>(
      sql`SELECT subject FROM notices WHERE user_id = ${secretaryUserId} AND dedupe_key LIKE ${`admission:${id}:%`}`,
    );
    expect(notices.map((n) => n.subject)).toEqual([
      "Kết nạp đảng viên: còn 87 ngày đến hạn ra quyết định kết nạp của Trần Thị Ưu Tú",
    ]);

    // The cell's secretary cannot decide for the đảng ủy.
    v = voted.json().version;
    setClockForTests("2026-03-20");
    expect(
      [403, 404].includes(
        (await post(secretary, `/api/candidates/${id}/decision`, { decidedOn: "2026-03-20", version: v })).statusCode,
      ),
    ).toBe(true);
    const decided = await post(admin, `/api/candidates/${id}/decision`, { decidedOn: "2026-03-20", version: v });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ stage: "decided", openDeadline: { kind: "ceremony", dueOn: "2026-05-06" } });
    expect(await keptDue(id)).toBe("2026-05-06");
    const decision = await get(admin, `/api/documents/${decided.json().decisionDocumentId}`);
    expect(decision).toMatchObject({ organizationId: partyCommittee.id, type: "QĐ", status: "issued" });
    expect(decision.numberText).toMatch(/^Số 01-QĐ\//u);

    // A ceremony before the decision is refused and nothing is stored.
    setClockForTests("2026-03-25");
    v = decided.json().version;
    const members = sql`SELECT count(*)::int AS n FROM members WHERE organization_id = ${cell.id}`;
    const before = await countRows(members);
    const tooSoon = await post(secretary, `/api/candidates/${id}/ceremony`, { ceremonyOn: "2026-03-19", version: v });
    expect(tooSoon.statusCode).toBe(422);
    expect(tooSoon.json().fields.ceremonyOn).toBeDefined();
    expect(await countRows(members)).toBe(before);
    expect((await get(secretary, `/api/candidates/${id}`)).stage).toBe("decided");

    const held = await post(secretary, `/api/candidates/${id}/ceremony`, { ceremonyOn: "2026-03-25", version: v });
    expect(held.statusCode).toBe(200);
    expect(held.json()).toMatchObject({ stage: "probation", probationEndsOn: "2027-03-25" });
    const memberId = held.json().memberId;
    expect(await get(secretary, `/api/members/${memberId}`)).toMatchObject({
      status: "probationary",
      admissionDate: "2026-03-20",
      ceremonyDate: "2026-03-25",
    });
    const board = await get(admin, `/api/organizations/${partyCommittee.id}/admission-pipeline`);
    expect(board.targets).toMatchObject([{ name: "Kết nạp đảng viên mới", goal: 4, latest: 1 }]);
    expect(board.stages.find((x: { stage: string }) => x.stage === "probation").count).toBe(1);

    // Recognition: not before the 12 months; late is allowed and still dates from their end.
    setClockForTests("2027-04-20");
    await dossier(id, ["10-KNĐ", "11-KNĐ"], "2027-03-20");
    v = (await get(secretary, `/api/candidates/${id}`)).version;
    const beforeEnd = await post(secretary, `/api/candidates/${id}/recognition-vote`, {
      votedOn: "2027-03-24",
      votesFor: 3,
      version: v,
    });
    expect(beforeEnd.statusCode).toBe(422);
    expect(beforeEnd.json().fields.votedOn).toBeDefined();
    const recognised = await post(secretary, `/api/candidates/${id}/recognition-vote`, {
      votedOn: "2027-04-15",
      votesFor: 3,
      version: v,
    });
    expect(recognised.statusCode).toBe(200);
    expect(recognised.json()).toMatchObject({ stage: "recognition_voted", recognitionFullMembers: 3 });
    // The cell's resolution proposing recognition (13-KNĐ) is issued through its register.
    const proposal = recognised.json().forms.find((f: { form: string }) => f.form === "13-KNĐ");
    const resolution13 = await get(secretary, `/api/documents/${proposal.documentId}`);
    expect(resolution13).toMatchObject({ organizationId: cell.id, type: "NQ", status: "issued" });
    expect(JSON.stringify(resolution13.sections)).toContain("là đảng viên chính thức kể từ ngày 25/03/2027");
    // 30 working days after 25/3/2027 end on 11/5/2027 (16/4, 30/4 and 03/5 off): the vote of 15/4 is in time.
    expect(recognised.json().deadlines.find((d: { kind: string }) => d.kind === "recognitionVote")).toMatchObject({
      dueOn: "2027-05-11",
      met: true,
    });
    const official = await post(admin, `/api/candidates/${id}/recognition-decision`, {
      decidedOn: "2027-04-20",
      version: recognised.json().version,
    });
    expect(official.statusCode).toBe(200);
    expect(official.json()).toMatchObject({ stage: "full", officialOn: "2027-03-25", openDeadline: null });
    expect(await keptDue(id)).toBeNull();
    // The đảng ủy's decision (16-KNĐ), in its QĐ sequence after the admission decision, cites the cell's resolution.
    const decided16 = official.json().forms.find((f: { form: string }) => f.form === "16-KNĐ");
    const decision16 = await get(admin, `/api/documents/${decided16.documentId}`);
    expect(decision16).toMatchObject({ organizationId: partyCommittee.id, type: "QĐ", status: "issued" });
    expect(decision16.numberText).toMatch(/^Số 02-QĐ\//u);
    const text16 = JSON.stringify(decision16.sections);
    expect(text16).toContain(`Xét Nghị quyết ${resolution13.numberText.replace(/^Số/u, "số")} ngày 15/04/2027`);
    expect(text16).toContain("là đảng viên chính thức kể từ ngày 25/03/2027");
    const pdf16 = await s.request(admin, { method: "GET", url: `/api/documents/${decided16.documentId}/file/pdf` });
    expect(pdf16.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    mkdirSync("test-results/admissions", { recursive: true });
    writeFileSync("test-results/admissions/16-KND.pdf", pdf16.rawPayload);
    expect(await get(secretary, `/api/members/${memberId}`)).toMatchObject({
      status: "full",
      officialDate: "2027-03-25",
    });
  }, 120_000); // the longest path of the module: a dozen steps and two rendered documents

  it("refuses a candidate aged 17 years 11 months on the vote day, naming the field, and stores nothing", async () => {
    const c = await buildCandidate(s, { organization: cell, helpers: [helper], dateOfBirth: "2008-03-20" });
    await dossier(c.id, ["1-KNĐ", "2-KNĐ", "3-KNĐ", "5-KNĐ"]);
    const { version } = await get(secretary, `/api/candidates/${c.id}`);
    const res = await post(secretary, `/api/candidates/${c.id}/resolution`, {
      votedOn: "2026-03-02",
      votesFor: 3,
      version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.votedOn).toBe(
      "Ngày biểu quyết quần chúng mới 17 tuổi 11 tháng: phải đủ 18 tuổi (tính theo tháng).",
    );
    expect((await get(secretary, `/api/candidates/${c.id}`)).stage).toBe("following");
    expect(await countRows(sql`SELECT count(*)::int AS n FROM documents WHERE origin_ref = ${c.id}`)).toBe(0);
  });

  it("a cell's refusal of recognition becomes a proposal to remove from the list", async () => {
    const c = await buildCandidate(s, { organization: cell, helpers: [helper] });
    await s.database.db.execute(
      sql`UPDATE admission_candidates SET stage = 'probation', resolution_on = '2025-01-06', decision_on = '2025-02-03',
            ceremony_on = '2025-02-10' WHERE id = ${c.id}`,
    );
    await dossier(c.id, ["10-KNĐ", "11-KNĐ"]);
    const { version } = await get(secretary, `/api/candidates/${c.id}`);
    const res = await post(secretary, `/api/candidates/${c.id}/recognition-vote`, {
      votedOn: "2026-03-02",
      votesFor: 1,
      version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stage: "removal_proposed", recognitionOutcome: "refused", openDeadline: null });
    // A refusal issues no resolution proposing recognition.
    expect(await countRows(sql`SELECT count(*)::int AS n FROM documents WHERE origin_ref = ${c.id}`)).toBe(0);
  });

  it("keeps the dossier from an ordinary member of the cell", async () => {
    const member = await buildMember(s, { organization: cell });
    const { session } = await buildUser(s, { member });
    const res = await s.request(session, { method: "GET", url: `/api/organizations/${cell.id}/candidates` });
    expect(res.statusCode).toBe(403);
  });
});

describe("the đảng ủy's board, a page at a time", () => {
  it("lists those still on the path 50 a page, and counts every stage", async () => {
    const other = await buildOrganization(s);
    const otherCell = other.cells[0]!;
    const mentor = await buildMember(s, { organization: otherCell, joinedOn: "2020-01-01" });
    const made = [];
    for (let i = 0; i < 52; i++) made.push(await buildCandidate(s, { organization: otherCell, helpers: [mentor] }));
    // One has finished the path: counted in its stage, no longer listed.
    await s.database.db.execute(sql`UPDATE admission_candidates SET stage = 'full' WHERE id = ${made[0]!.id}`);
    const url = `/api/organizations/${other.partyCommittee.id}/admission-pipeline`;
    const first = await get(admin, url);
    expect(first).toMatchObject({ page: 1, pageSize: 50, totalCandidates: 51 });
    expect(first.candidates).toHaveLength(50);
    expect(first.stages.find((x: { stage: string }) => x.stage === "full").count).toBe(1);
    expect(first.stages.find((x: { stage: string }) => x.stage === "following").count).toBe(51);
    const second = await get(admin, `${url}?page=2`);
    expect(second.candidates).toHaveLength(1);
    const listed = new Set([...first.candidates, ...second.candidates].map((c: { id: string }) => c.id));
    expect(listed.size).toBe(51);
    expect(listed.has(made[0]!.id)).toBe(false);
    const bad = await s.request(admin, { method: "GET", url: `${url}?page=0` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.page).toBeDefined();
  });
});

describe("the board pages by the kept due days (ADR 0176)", () => {
  type Listed = { id: string; openDeadline: { dueOn: string } | null };
  const board = async (orgId: string) => {
    const url = `/api/organizations/${orgId}/admission-pipeline`;
    const first = await get(admin, url);
    const second = await get(admin, `${url}?page=2`);
    return { total: first.totalCandidates, listed: [...first.candidates, ...second.candidates] as Listed[] };
  };

  it("gives the order the rules give, the same whether the days are kept or not, and follows a holiday added", async () => {
    const other = await buildOrganization(s, { cells: 3 });
    const made: string[] = [];
    for (const organization of other.cells) {
      const mentor = await buildMember(s, { organization, joinedOn: "2020-01-01" });
      for (let j = 0; j < 19; j++) made.push((await buildCandidate(s, { organization, helpers: [mentor] })).id);
    }
    // Every stage, each waiting kind of deadline, and several on one due day (ordered oldest first among them).
    for (const [n, id] of made.entries()) {
      const day = (offset: number) => addDays("2026-03-01", -offset);
      const step = n % 6;
      if (step === 1)
        await s.database.db.execute(
          sql`UPDATE admission_candidates SET stage = 'resolved', resolution_on = ${day((n * 7) % 80)} WHERE id = ${id}`,
        );
      if (step === 2)
        await s.database.db.execute(sql`UPDATE admission_candidates SET stage = 'decided', resolution_on = ${day(90)},
            decision_on = ${day((n * 5) % 40)} WHERE id = ${id}`);
      if (step === 3)
        await s.database.db.execute(sql`UPDATE admission_candidates SET stage = 'probation', resolution_on = ${day(500)},
            decision_on = ${day(450)}, ceremony_on = ${day(330 + (n % 40))} WHERE id = ${id}`);
      if (step === 4)
        await s.database.db.execute(sql`UPDATE admission_candidates SET stage = 'resolved', resolution_on = ${day(10)}
            WHERE id = ${id}`);
      if (n % 12 === 5)
        await s.database.db.execute(sql`UPDATE admission_candidates SET stage = 'full' WHERE id = ${id}`);
    }
    const open = made.filter((_, n) => n % 12 !== 5).length;
    const isSorted = (listed: Listed[]) =>
      listed.every((c, i) => {
        const prev = listed[i - 1]?.openDeadline?.dueOn;
        const due = c.openDeadline?.dueOn;
        return i === 0 || (prev === undefined ? due === undefined : due === undefined || prev <= due);
      });

    // Nothing kept yet (as right after the migration): every open candidate is dated on the request.
    const dated = await board(other.partyCommittee.id);
    expect(dated.total).toBe(open);
    expect(dated.listed).toHaveLength(open);
    expect(isSorted(dated.listed)).toBe(true);

    // The deadline job keeps the days; the store pages by them and gives exactly the same board.
    await sendAdmissionWarnings(s.database, hanoiAt("2026-03-02", "09:00"));
    const kept = await board(other.partyCommittee.id);
    expect(kept).toEqual(dated);
    for (const c of kept.listed) expect(await keptDue(c.id)).toBe(c.openDeadline?.dueOn ?? null);

    // A holiday the đảng bộ adds (Wednesday 15/4/2026) moves the deadlines across it at once, before the job runs.
    const holidays = await get(admin, `/api/organizations/${other.partyCommittee.id}/rulebooks/holidays`);
    const adopted = await post(admin, `/api/organizations/${other.partyCommittee.id}/rulebooks`, {
      kind: "holidays",
      key: "holidays-with-a-local-day",
      title: "Lịch nghỉ có thêm một ngày của địa phương",
      source: "Thông báo của Đảng ủy",
      effectiveFrom: "2026-01-01",
      data: {
        ...holidays.data,
        daysOff: [...holidays.data.daysOff, { date: "2026-04-15", name: "Nghỉ", basis: "announced" }],
      },
    });
    expect(adopted.statusCode, adopted.body).toBe(201);
    const moved = await board(other.partyCommittee.id);
    const resolvedOn19 = made.filter((_, n) => n % 6 === 4);
    for (const id of resolvedOn19) {
      // Resolved on 19/2/2026 (Tết, off until 20/2): 60 working days from 23/2 — 5 in February, 22 in March, 20 in
      // April (27/4 and 30/4 off), 1/5 off, then 13 in May — end on Wednesday 20/5; one more day off → 21/5.
      expect(moved.listed.find((c) => c.id === id)?.openDeadline?.dueOn).toBe("2026-05-21");
      expect(await keptDue(id)).toBe("2026-05-20");
    }
    expect(isSorted(moved.listed)).toBe(true);
    await sendAdmissionWarnings(s.database, hanoiAt("2026-03-02", "09:15"));
    for (const id of resolvedOn19) expect(await keptDue(id)).toBe("2026-05-21");
    expect(await board(other.partyCommittee.id)).toEqual(moved);
  });
});
