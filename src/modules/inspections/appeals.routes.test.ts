import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { grants } from "../../core/access/schema.js";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { sendInspectionReminders } from "./reminders.js";

/**
 * Discipline appeals: the disciplined member reads their own decision and lodges the appeal from their page, within
 * the window and once; nobody else lodges it for them or reads it; the UBKT is told, reminded of the resolution
 * deadline, and records the outcome.
 */
let s: TestServer;
let party: OrganizationRow;
let cell: OrganizationRow;
const m = {} as Record<"chair" | "partySecretary" | "secretary" | "member" | "subject", MemberRow>;
const as = {} as Record<keyof typeof m | "office", Session>;
const uid = {} as Record<keyof typeof m | "office", string>;

const call = (who: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });

const REASON = "Tôi không đồng ý: việc kê khai đã được bổ sung đúng hạn";
const CASE_TEXT = "Dấu hiệu vi phạm trong kê khai tài sản — hồ sơ mật";
let caseId = "";

/** A decision about the subject by the UBKT (received the day after), as the UBKT records it. */
async function decided(decidedOn: string, number: string): Promise<string> {
  setClockForTests(decidedOn);
  const proposal = await call(as.chair, "POST", `/api/organizations/${party.id}/discipline`, {
    memberId: m.subject.id,
    inspectionId: caseId,
    form: "reprimand",
    reason: "Kê khai tài sản không đầy đủ",
    proposedOn: decidedOn,
  });
  expect(proposal.statusCode, proposal.body).toBe(201);
  const id = proposal.json().id;
  const ok = await call(as.chair, "POST", `/api/discipline/${id}/decide`, {
    body: "inspection_committee",
    form: "reprimand",
    decidedOn,
    receivedOn: null,
    number,
    version: 1,
  });
  expect(ok.statusCode, ok.body).toBe(200);
  return id;
}

const appealRow = async (id: string) =>
  (
    await s.database.rows<{ appealed_on: string | null; appeal_text: string | null; version: number }>(
      sql`SELECT appealed_on::text, appeal_text, version FROM discipline_cases WHERE id = ${id}`,
    )
  )[0]!;

beforeAll(async () => {
  setClockForTests("2026-03-02");
  s = await createTestServer();
  const built = await buildOrganization(s, { cells: 2 });
  party = built.partyCommittee;
  cell = built.cells[0]!;
  m.chair = await buildMember(s, { organization: built.cells[1]! });
  m.partySecretary = await buildMember(s, { organization: built.cells[1]! });
  m.secretary = await buildMember(s, { organization: cell, position: "secretary" });
  m.member = await buildMember(s, { organization: cell });
  m.subject = await buildMember(s, { organization: cell });
  const { addPosition } = await import("../organizations/operations.js");
  const { inTransaction } = await import("../../core/db/index.js");
  const admin = (await buildUser(s, { isAdmin: true })).actor;
  await inTransaction(s.database, async (tx) => {
    for (const [member, role] of [
      [m.chair, "inspection_chair"],
      [m.partySecretary, "secretary"],
    ] as const)
      await addPosition(tx, admin, party, {
        memberId: member.id,
        role,
        termId: null,
        startsOn: "2025-01-01",
        endsOn: null,
      });
  });
  for (const k of Object.keys(m) as (keyof typeof m)[]) {
    const u = await buildUser(s, { member: m[k] });
    as[k] = u.session;
    uid[k] = u.user.id;
  }
  await s.database.db.execute(sql`UPDATE members SET email = 'ubkt.chair@example.vn' WHERE id = ${m.chair.id}`);
  const office = await buildUser(s);
  await s.database.db.insert(grants).values({ userId: office.user.id, organizationId: party.id, role: "office" });
  as.office = office.session;
  uid.office = office.user.id;
  // The decision follows a confidential case (signs of violation) about the subject, still open.
  const c = await call(as.chair, "POST", `/api/organizations/${party.id}/inspections`, {
    body: "inspection_committee",
    type: "violation",
    subjectMemberId: m.subject.id,
    content: CASE_TEXT,
    leadMemberId: m.chair.id,
  });
  expect(c.statusCode, c.body).toBe(201);
  caseId = c.json().id;
}, 120_000);

afterEach(() => setClockForTests("2026-03-02"));
afterAll(async () => {
  setClockForTests();
  await s?.close();
});

let id = "";

describe("the member's own discipline", () => {
  it("the subject reads their decision and its appeal deadline; nobody else's list has it", async () => {
    id = await decided("2026-03-02", "07-QĐ/UBKTĐU");
    setClockForTests("2026-03-20");
    const mine = await call(as.subject, "GET", "/api/me/discipline");
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toHaveLength(1);
    expect(mine.json().items[0]).toMatchObject({
      id,
      form: "reprimand",
      numberText: "07-QĐ/UBKTĐU",
      appealBy: "2026-04-01",
      mayAppeal: true,
      appealedOn: null,
    });
    // The confidential case it came from is not named to the subject.
    expect(mine.body).not.toContain(caseId);
    expect(mine.body).not.toContain(CASE_TEXT);
    for (const who of ["member", "secretary", "office", "chair", "partySecretary"] as const) {
      const res = await call(as[who], "GET", "/api/me/discipline");
      expect(res.statusCode).toBe(200);
      expect(res.json().items, who).toEqual([]);
    }
  });

  it("another member, the cell's secretary and the office cannot lodge it (404); the UBKT not for them (403)", async () => {
    setClockForTests("2026-03-20");
    for (const who of ["member", "secretary", "office"] as const) {
      const res = await call(as[who], "POST", `/api/discipline/${id}/own-appeal`, { text: REASON, version: 2 });
      expect(res.statusCode, who).toBe(404);
      expect(res.body).not.toContain("07-QĐ");
    }
    for (const who of ["chair", "partySecretary"] as const) {
      const res = await call(as[who], "POST", `/api/discipline/${id}/own-appeal`, { text: REASON, version: 2 });
      expect(res.statusCode, who).toBe(403);
    }
    const row = await appealRow(id);
    expect(row.appealed_on).toBeNull();
    expect(row.appeal_text).toBeNull();
  });

  it("an empty reason is refused with the field named, nothing stored", async () => {
    setClockForTests("2026-03-20");
    const res = await call(as.subject, "POST", `/api/discipline/${id}/own-appeal`, { text: "  ", version: 2 });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().fields)).toEqual(["text"]);
    expect((await appealRow(id)).appealed_on).toBeNull();
  });

  it("the subject lodges it on the last day, dated today; the UBKT is told once, in the app and by email", async () => {
    setClockForTests("2026-04-01");
    const res = await call(as.subject, "POST", `/api/discipline/${id}/own-appeal`, { text: REASON, version: 2 });
    expect(res.statusCode, res.body).toBe(200);
    // 90 working days after 01/04/2026: weekends, 27/04 (compensatory), 30/04 and 01/05 excluded.
    expect(res.json()).toMatchObject({ appealedOn: "2026-04-01", appealText: REASON, mayAppeal: false });
    expect(res.json().appealResolveBy).toBe("2026-08-10");
    const notices = await s.database.rows<{ user_id: string; organization_id: string | null; text: string }>(
      sql`SELECT user_id, organization_id, text FROM notices WHERE dedupe_key = ${`discipline:${id}:appeal-lodged`}`,
    );
    expect(notices.map((n) => n.user_id)).toEqual([uid.chair]);
    expect(notices[0]!.organization_id).toBeNull();
    expect(notices[0]!.text).toContain("07-QĐ/UBKTĐU");
    // Neither the member's name nor their reasons travel in a notice or an email.
    expect(notices[0]!.text).not.toContain(m.subject.fullName);
    expect(notices[0]!.text).not.toContain(REASON);
    const mail = await s.database.rows<{ recipient: string; text: string }>(
      sql`SELECT recipient, text FROM outbox WHERE dedupe_key = ${`discipline:${id}:appeal-lodged`}`,
    );
    expect(mail.map((r) => r.recipient)).toEqual(["ubkt.chair@example.vn"]);
    expect(mail[0]!.text).not.toContain(REASON);
  });

  it("a second appeal is refused and changes nothing", async () => {
    setClockForTests("2026-04-01");
    const again = await call(as.subject, "POST", `/api/discipline/${id}/own-appeal`, { text: "Lần hai", version: 3 });
    expect(again.statusCode).toBe(409);
    expect((await appealRow(id)).appeal_text).toBe(REASON);
  });

  it("after the window the appeal is refused with the field named, in Vietnamese, nothing stored", async () => {
    const late = await decided("2026-03-02", "08-QĐ/UBKTĐU");
    setClockForTests("2026-04-02");
    const mine = (await call(as.subject, "GET", "/api/me/discipline")).json().items;
    expect(mine.find((d: { id: string }) => d.id === late)).toMatchObject({ appealBy: "2026-04-01", mayAppeal: false });
    const res = await call(as.subject, "POST", `/api/discipline/${late}/own-appeal`, { text: REASON, version: 2 });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.appealedOn).toContain("Đã quá thời hạn khiếu nại");
    expect(res.json().fields.appealedOn).toContain("01/04/2026");
    const row = await appealRow(late);
    expect(row.appealed_on).toBeNull();
    expect(row.version).toBe(2);
  });

  it("a proposal not yet decided does not exist for its subject", async () => {
    const proposal = await call(as.chair, "POST", `/api/organizations/${party.id}/discipline`, {
      memberId: m.subject.id,
      form: "warning",
      reason: "Đề nghị chưa quyết định",
      proposedOn: "2026-03-02",
    });
    const pending = proposal.json().id;
    expect((await call(as.subject, "GET", "/api/me/discipline")).body).not.toContain(pending);
    const res = await call(as.subject, "POST", `/api/discipline/${pending}/own-appeal`, { text: REASON, version: 1 });
    expect(res.statusCode).toBe(404);
  });
});

describe("the UBKT's side", () => {
  it("the discipline list and the dashboard show the appeal and its resolution deadline, to the UBKT only", async () => {
    setClockForTests("2026-04-02");
    const list = await call(as.chair, "GET", `/api/organizations/${party.id}/discipline`);
    expect(list.json().items.find((d: { id: string }) => d.id === id)).toMatchObject({
      appealText: REASON,
      appealLodgedBy: "subject",
      appealResolveBy: "2026-08-10",
      appealOutcome: null,
    });
    const dash = await call(as.chair, "GET", `/api/organizations/${party.id}/inspection-dashboard`);
    expect(dash.json().openAppeals).toEqual([
      { id, numberText: "07-QĐ/UBKTĐU", appealedOn: "2026-04-01", resolveBy: "2026-08-10" },
    ]);
    for (const who of ["office", "secretary", "member"] as const) {
      const res = await call(as[who], "GET", `/api/organizations/${party.id}/inspection-dashboard`);
      if (res.statusCode === 200) expect(res.json().openAppeals, who).toEqual([]);
      expect(res.body).not.toContain(REASON);
      expect(res.body).not.toContain(id);
    }
  });

  it("reminders of the resolution deadline reach the UBKT before and once passed, each once", async () => {
    const before = new Date("2026-08-01T02:00:00Z"); // 9 days left: the 14-day mark
    await sendInspectionReminders(s.database, before);
    await sendInspectionReminders(s.database, before);
    const passed = new Date("2026-08-20T02:00:00Z");
    await sendInspectionReminders(s.database, passed);
    await sendInspectionReminders(s.database, passed);
    const rows = await s.database.rows<{ user_id: string; dedupe_key: string; organization_id: string | null }>(
      sql`SELECT user_id, dedupe_key, organization_id FROM notices
           WHERE dedupe_key LIKE ${`discipline:${id}:appeal-resolution:%`} ORDER BY dedupe_key`,
    );
    expect(rows.map((r) => r.dedupe_key)).toEqual([
      `discipline:${id}:appeal-resolution:2026-08-10:before:14`,
      `discipline:${id}:appeal-resolution:2026-08-10:passed`,
    ]);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([uid.chair]));
    expect(rows.every((r) => r.organization_id === null)).toBe(true);
    const mail = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key LIKE ${`discipline:${id}:appeal-resolution:%`}`,
    );
    expect(mail[0]!.n).toBe(2);
  });

  it("the UBKT records the resolution; a changed form must differ; the committee may not; the member is told", async () => {
    setClockForTests("2026-05-10");
    const bySecretary = await call(as.partySecretary, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "upheld",
      resolvedOn: "2026-05-10",
      text: "Giữ nguyên",
      version: 3,
    });
    expect(bySecretary.statusCode).toBe(403);
    const bySubject = await call(as.subject, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "annulled",
      resolvedOn: "2026-05-10",
      text: "Tự xóa",
      version: 3,
    });
    expect(bySubject.statusCode).toBe(403);
    const sameForm = await call(as.chair, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "changed",
      resolvedOn: "2026-05-10",
      form: "reprimand",
      text: "Thay đổi",
      version: 3,
    });
    expect(sameForm.statusCode).toBe(422);
    expect(Object.keys(sameForm.json().fields)).toEqual(["form"]);
    const early = await call(as.chair, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "annulled",
      resolvedOn: "2026-03-31",
      text: "Xóa",
      version: 3,
    });
    expect(early.statusCode).toBe(422);
    expect(Object.keys(early.json().fields)).toEqual(["resolvedOn"]);
    const ok = await call(as.chair, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "annulled",
      resolvedOn: "2026-05-10",
      text: "Kê khai đã bổ sung đúng hạn; xóa quyết định kỷ luật.",
      version: 3,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ appealOutcome: "annulled", appealResolvedOn: "2026-05-10" });
    const twice = await call(as.chair, "POST", `/api/discipline/${id}/appeal-resolution`, {
      outcome: "upheld",
      resolvedOn: "2026-05-11",
      text: "x",
      version: 4,
    });
    expect(twice.statusCode).toBe(409);
    const mine = (await call(as.subject, "GET", "/api/me/discipline")).json().items;
    expect(mine.find((d: { id: string }) => d.id === id)).toMatchObject({ appealOutcome: "annulled" });
    const told = await s.database.rows<{ user_id: string }>(
      sql`SELECT user_id FROM notices WHERE dedupe_key = ${`discipline:${id}:appeal-resolved`}`,
    );
    expect(told.map((r) => r.user_id)).toEqual([uid.subject]);
    // An annulled decision no longer counts for the evaluation's veto; the resolved appeal no longer holds a transfer.
    const { disciplineOf } = await import("./public-evaluations.js");
    const counted = await disciplineOf(s.database.db, m.subject.id, "2026-01-01", "2026-12-31");
    expect(counted.map((d) => d.numberText)).toEqual(["08-QĐ/UBKTĐU"]);
    // The dashboard no longer lists it.
    const dash = await call(as.chair, "GET", `/api/organizations/${party.id}/inspection-dashboard`);
    expect(dash.json().openAppeals).toEqual([]);
  });

  it("the UBKT's notice of the resolution: the next TB, read by the member and the UBKT, by no one else", async () => {
    const url = `/api/discipline/${id}/appeal-resolution/file`;
    const docx = await call(as.subject, "GET", `${url}/docx`);
    expect(docx.statusCode, docx.body).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))["word/document.xml"]!);
    expect(xml).toContain("01-TB/UBKTĐU");
    expect(xml).toContain("Quyết định số 07-QĐ/UBKTĐU ngày 02/03/2026");
    expect(xml).toContain("Ngày 10/05/2026");
    expect(xml).toContain("xóa bỏ quyết định kỷ luật");
    const pdf = await call(as.chair, "GET", `${url}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    for (const who of ["secretary", "member", "office"] as const)
      expect((await call(as[who], "GET", `${url}/pdf`)).statusCode, who).toBe(404);
    // A decision whose appeal is not resolved has no notice.
    const open = await decided("2026-05-12", "11-QĐ/UBKTĐU");
    expect((await call(as.chair, "GET", `/api/discipline/${open}/appeal-resolution/file/pdf`)).statusCode).toBe(404);
  });

  it("the confidential case behind the decision stays hidden from its subject and the cell", async () => {
    for (const who of ["subject", "secretary", "member", "office"] as const) {
      expect((await call(as[who], "GET", `/api/inspections/${caseId}`)).statusCode, who).toBe(404);
      const notices = await call(as[who], "GET", "/api/notices");
      expect(notices.body).not.toContain(CASE_TEXT);
      expect(notices.body).not.toContain(REASON);
    }
  });
});
