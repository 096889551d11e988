import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants } from "../../core/access/schema.js";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";

/**
 * The UBKT's work through the API on a đảng bộ built for the test: a programme adopted and numbered, one
 * inspection through its steps, findings followed to closure, a confidential case no one else reaches, discipline.
 */
let s: TestServer;
let party: OrganizationRow;
let cell1: OrganizationRow;
let cell2: OrganizationRow;
const m = {} as Record<
  "chair" | "inspector" | "partySecretary" | "secretary" | "member" | "subject" | "named",
  MemberRow
>;
const as = {} as Record<keyof typeof m | "office", Session>;

const call = (who: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });

const CASE_TEXT = "Dấu hiệu vi phạm trong quản lý tài sản — bí mật";

beforeAll(async () => {
  setClockForTests("2026-03-10");
  s = await createTestServer();
  const built = await buildOrganization(s, { cells: 2 });
  party = built.partyCommittee;
  [cell1, cell2] = built.cells as [OrganizationRow, OrganizationRow];
  m.chair = await buildMember(s, { organization: cell2 });
  m.inspector = await buildMember(s, { organization: cell2 });
  m.partySecretary = await buildMember(s, { organization: cell2 });
  m.secretary = await buildMember(s, { organization: cell1, position: "secretary" });
  m.member = await buildMember(s, { organization: cell1 });
  m.subject = await buildMember(s, {
    organization: cell1,
    status: "probationary",
    admissionDate: "2025-09-01",
    officialDate: null,
  });
  m.named = await buildMember(s, { organization: cell2 });
  // Positions on the đảng bộ: the UBKT's chair and a member, the đảng ủy's secretary.
  const { addPosition } = await import("../organizations/operations.js");
  const { inTransaction } = await import("../../core/db/index.js");
  const admin = (await buildUser(s, { isAdmin: true })).actor;
  await inTransaction(s.database, async (tx) => {
    for (const [member, role] of [
      [m.chair, "inspection_chair"],
      [m.inspector, "inspection_member"],
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
  for (const k of Object.keys(m) as (keyof typeof m)[]) as[k] = (await buildUser(s, { member: m[k] })).session;
  // An office account of the đảng bộ (scopes are derived on each request, so the grant counts at once).
  const office = await buildUser(s);
  await s.database.db.insert(grants).values({ userId: office.user.id, organizationId: party.id, role: "office" });
  as.office = office.session;
}, 120_000);

afterAll(async () => {
  setClockForTests();
  await s?.close();
});

let programmeId = "";
let itemId = "";
let inspectionId = "";
let caseId = "";

describe("the yearly programme", () => {
  it("the UBKT creates, fills and adopts it; it is numbered in the UBKTĐU's sequence", async () => {
    const created = await call(as.chair, "POST", `/api/organizations/${party.id}/inspection-programmes`, {
      body: "inspection_committee",
      year: 2026,
      title: "Chương trình kiểm tra, giám sát năm 2026 của Ủy ban Kiểm tra Đảng ủy",
    });
    expect(created.statusCode).toBe(201);
    programmeId = created.json().id;
    const item = await call(as.chair, "POST", `/api/inspection-programmes/${programmeId}/items`, {
      subjectOrganizationId: cell1.id,
      type: "compliance",
      content: "Việc chấp hành nghị quyết và quy chế làm việc",
      leadMemberId: m.chair.id,
      startsOn: "2026-03-15",
      endsOn: "2026-09-30",
    });
    expect(item.statusCode).toBe(201);
    itemId = item.json().items[0].id;
    expect(item.json().items[0].subjectName).toBe(cell1.name);
    const adopted = await call(as.chair, "POST", `/api/inspection-programmes/${programmeId}/adopt`, {
      adoptedOn: "2026-01-15",
      version: 1,
    });
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json().numberText).toBe("01-CTr/UBKTĐU");
  });

  it("an adopted programme no longer changes; a violation is never a programme line", async () => {
    const late = await call(as.chair, "POST", `/api/inspection-programmes/${programmeId}/items`, {
      subjectOrganizationId: cell2.id,
      type: "compliance",
      content: "x",
      leadMemberId: m.chair.id,
      startsOn: "2026-04-01",
      endsOn: "2026-04-30",
    });
    expect(late.statusCode).toBe(409);
    const other = await call(as.partySecretary, "POST", `/api/organizations/${party.id}/inspection-programmes`, {
      body: "party_committee",
      year: 2026,
      title: "Chương trình kiểm tra, giám sát năm 2026 của Đảng ủy",
    });
    expect(other.statusCode).toBe(201);
    const bad = await call(as.partySecretary, "POST", `/api/inspection-programmes/${other.json().id}/items`, {
      subjectMemberId: m.member.id,
      type: "violation",
      content: "x",
      leadMemberId: m.partySecretary.id,
      startsOn: "2026-04-01",
      endsOn: "2026-04-30",
    });
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().fields)).toEqual(["type"]);
  });

  it("a cell's secretary may not write the UBKT's programme", async () => {
    const res = await call(as.secretary, "POST", `/api/organizations/${party.id}/inspection-programmes`, {
      body: "inspection_committee",
      year: 2026,
      title: "x",
    });
    expect([403, 404]).toContain(res.statusCode);
  });
});

describe("an inspection through its steps", () => {
  it("opens from the programme line and refuses a conclusion before verification", async () => {
    const created = await call(as.chair, "POST", `/api/organizations/${party.id}/inspections`, {
      body: "inspection_committee",
      programmeItemId: itemId,
      type: "compliance",
      subjectOrganizationId: cell1.id,
      content: "Kiểm tra việc chấp hành nghị quyết",
      leadMemberId: m.chair.id,
    });
    expect(created.statusCode).toBe(201);
    inspectionId = created.json().id;
    const early = await call(as.chair, "POST", `/api/inspections/${inspectionId}/steps`, {
      step: "conclusion",
      on: "2026-03-20",
      text: "x",
      version: 1,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().fields.step).toBeDefined();
  });

  it("numbers the decision and the conclusion; the subject writes its own self-report", async () => {
    let version = 1;
    const step = async (who: Session, name: string, on: string, text = `${name} text`) => {
      const res = await call(who, "POST", `/api/inspections/${inspectionId}/steps`, { step: name, on, text, version });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().version;
      return res;
    };
    await step(as.chair, "decision", "2026-03-15");
    await step(as.chair, "notice", "2026-03-16");
    // The team may not write the subject's self-report for an ordinary inspection, but the subject's secretary does.
    const member = await call(as.member, "POST", `/api/inspections/${inspectionId}/steps`, {
      step: "self_report",
      on: "2026-03-25",
      text: "x",
      version,
    });
    expect(member.statusCode).toBe(403);
    await step(as.secretary, "self_report", "2026-03-25", "Báo cáo tự kiểm tra của chi bộ");
    await step(as.chair, "verification", "2026-04-05", "Ghi chép thẩm tra của đoàn");
    await step(as.chair, "conclusion_meeting", "2026-04-10");
    const done = await step(as.chair, "conclusion", "2026-04-12", "Kết luận: chi bộ cơ bản chấp hành tốt.");
    expect(done.json().concludedOn).toBe("2026-04-12");
    const detail = await call(as.chair, "GET", `/api/inspections/${inspectionId}`);
    const numbers = detail
      .json()
      .steps.map((x: { numberText: string | null }) => x.numberText)
      .filter(Boolean);
    expect(numbers).toEqual(["01-QĐ/UBKTĐU", "01-TB/UBKTĐU"]);
  });

  it("the subject cell's secretary reads the conclusion, not the team's verification notes", async () => {
    const res = await call(as.secretary, "GET", `/api/inspections/${inspectionId}`);
    expect(res.statusCode).toBe(200);
    const steps = res.json().steps.map((x: { step: string }) => x.step);
    expect(steps).toContain("conclusion");
    expect(steps).not.toContain("verification");
    expect(steps).not.toContain("conclusion_meeting");
    expect(res.json().mayRun).toBe(false);
  });
});

describe("findings followed to closure", () => {
  let open = "";
  let closed = "";
  it("each shortcoming becomes a task of the subject cell", async () => {
    for (const [text, owner] of [
      ["Sổ biên bản ghi chưa đầy đủ", m.secretary.id],
      ["Chưa đôn đốc đảng viên đăng ký kế hoạch cá nhân", m.member.id],
    ] as const) {
      const res = await call(as.chair, "POST", `/api/inspections/${inspectionId}/findings`, {
        text,
        remedy: `Khắc phục: ${text}`,
        ownerMemberId: owner,
        dueOn: "2026-06-30",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().taskId).toBeTruthy();
      if (!closed) closed = res.json().id;
      else open = res.json().id;
    }
    const tasks = await call(as.secretary, "GET", `/api/organizations/${cell1.id}/tasks`);
    if (tasks.statusCode === 200) expect(JSON.stringify(tasks.json())).toContain("Sổ biên bản ghi chưa đầy đủ");
  });

  it("closing without a remedy report is refused; after the report the team accepts", async () => {
    const early = await call(as.chair, "POST", `/api/findings/${closed}/close`, { closedOn: "2026-05-01", version: 1 });
    expect(early.statusCode).toBe(422);
    expect(Object.keys(early.json().fields)).toEqual(["report"]);
    const outsider = await call(as.member, "POST", `/api/findings/${closed}/report`, {
      report: "x",
      reportedOn: "2026-05-01",
      version: 1,
    });
    expect(outsider.statusCode).toBe(403);
    const report = await call(as.secretary, "POST", `/api/findings/${closed}/report`, {
      report: "Đã bổ sung sổ biên bản các tháng 1–4.",
      reportedOn: "2026-05-02",
      version: 1,
    });
    expect(report.statusCode).toBe(200);
    const bySubject = await call(as.secretary, "POST", `/api/findings/${closed}/close`, {
      closedOn: "2026-05-05",
      version: 2,
    });
    expect(bySubject.statusCode).toBe(403);
    const ok = await call(as.chair, "POST", `/api/findings/${closed}/close`, { closedOn: "2026-05-05", version: 2 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().closedOn).toBe("2026-05-05");
    const dash = await call(as.chair, "GET", `/api/organizations/${party.id}/inspection-dashboard`);
    expect(dash.json().openFindings).toBe(1);
    expect(open).not.toBe("");
  });
});

describe("confidentiality", () => {
  it("only the UBKT opens a case on signs of violation", async () => {
    const body = {
      body: "inspection_committee",
      type: "violation",
      subjectMemberId: m.subject.id,
      content: CASE_TEXT,
      leadMemberId: m.chair.id,
      namedMemberIds: [m.named.id],
    };
    const byOffice = await call(as.office, "POST", `/api/organizations/${party.id}/inspections`, body);
    expect(byOffice.statusCode).toBe(403);
    const res = await call(as.chair, "POST", `/api/organizations/${party.id}/inspections`, body);
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
    expect(res.json().confidential).toBe(true);
  });

  it("the UBKT, the deciding committee and the named person read it; nobody else learns it exists", async () => {
    for (const who of [as.chair, as.inspector, as.partySecretary, as.named])
      expect((await call(who, "GET", `/api/inspections/${caseId}`)).statusCode).toBe(200);
    for (const who of [as.office, as.secretary, as.member, as.subject]) {
      const res = await call(who, "GET", `/api/inspections/${caseId}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(CASE_TEXT);
      for (const url of [
        `/api/organizations/${party.id}/inspections`,
        `/api/organizations/${cell1.id}/inspections`,
        `/api/organizations/${party.id}/inspection-dashboard`,
        `/api/organizations/${party.id}/audit`,
      ]) {
        const list = await call(who, "GET", url);
        expect(list.body).not.toContain(caseId);
        expect(list.body).not.toContain(CASE_TEXT);
      }
      const step = await call(who, "POST", `/api/inspections/${caseId}/steps`, {
        step: "decision",
        on: "2026-03-11",
        text: "x",
        version: 1,
      });
      expect(step.statusCode).toBe(404);
    }
  });

  it("each opening is recorded and read by the UBKT chair alone", async () => {
    const log = await call(as.chair, "GET", `/api/inspections/${caseId}/openings`);
    expect(log.statusCode).toBe(200);
    const names = log.json().items.map((o: { displayName: string }) => o.displayName);
    expect(names).toContain(m.named.fullName);
    expect(names).toContain(m.partySecretary.fullName);
    expect((await call(as.inspector, "GET", `/api/inspections/${caseId}/openings`)).statusCode).toBe(404);
    expect((await call(as.partySecretary, "GET", `/api/inspections/${caseId}/openings`)).statusCode).toBe(404);
  });

  it("the denouncer is named to the UBKT alone", async () => {
    const res = await call(as.chair, "POST", `/api/organizations/${party.id}/denunciations`, {
      subjectMemberId: m.member.id,
      content: "Đơn tố cáo về việc kê khai",
      leadMemberId: m.inspector.id,
      receivedOn: "2026-03-10",
      receiverName: "Ủy viên UBKT",
      denouncer: "Người tố cáo A",
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const ubkt = await call(as.inspector, "GET", `/api/inspections/${id}`);
    expect(ubkt.json().denouncer).toBe("Người tố cáo A");
    expect(ubkt.json().resolveBy).toBe("2026-05-09");
    const committee = await call(as.partySecretary, "GET", `/api/inspections/${id}`);
    expect(committee.statusCode).toBe(200);
    expect(committee.json().denouncer).toBeNull();
    expect(committee.body).not.toContain("Người tố cáo A");
    const dash = await call(as.chair, "GET", `/api/organizations/${party.id}/inspection-dashboard`);
    expect(dash.json().casesNearDeadline).toEqual([]);
  });

  it("the office's export of its subtree leaves every confidential table out", async () => {
    const res = await call(as.office, "GET", `/api/organizations/${party.id}/export`);
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const names = Object.keys(files);
    expect(names).toContain("tables/inspections.jsonl");
    for (const t of ["confidential_cases", "confidential_case_steps", "confidential_case_people", "discipline_cases"])
      expect(names).not.toContain(`tables/${t}.jsonl`);
    const all = names.map((n) => strFromU8(files[n]!)).join("\n");
    expect(all).not.toContain(CASE_TEXT);
    expect(all).not.toContain("Người tố cáo A");
    expect(all).not.toContain(caseId);
  });

  it("the subject reads the conclusion once concluded, and only the conclusion", async () => {
    let version = 1;
    for (const [step, on] of [
      ["decision", "2026-03-11"],
      ["notice", "2026-03-12"],
      ["self_report", "2026-03-14"],
      ["verification", "2026-03-20"],
      ["conclusion_meeting", "2026-03-25"],
      ["conclusion", "2026-03-26"],
    ] as const) {
      const res = await call(as.chair, "POST", `/api/inspections/${caseId}/steps`, {
        step,
        on,
        text: `${step}!`,
        version,
      });
      expect(res.statusCode, res.body).toBe(200);
      version = res.json().version;
    }
    const subject = await call(as.subject, "GET", `/api/inspections/${caseId}`);
    expect(subject.statusCode).toBe(200);
    expect(subject.json().steps.map((x: { step: string }) => x.step)).toEqual(["conclusion"]);
    expect((await call(as.secretary, "GET", `/api/inspections/${caseId}`)).statusCode).toBe(404);
    expect((await call(as.office, "GET", `/api/inspections/${caseId}`)).statusCode).toBe(404);
  });
});

describe("discipline", () => {
  let id = "";
  it("a chi ủy cannot decide; a probationary member is not expelled; the field is named", async () => {
    const proposal = await call(as.chair, "POST", `/api/organizations/${party.id}/discipline`, {
      memberId: m.subject.id,
      inspectionId: caseId,
      form: "warning",
      reason: "Vi phạm quy định kê khai",
      proposedOn: "2026-03-27",
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    id = proposal.json().id;
    const byChiUy = await call(as.chair, "POST", `/api/discipline/${id}/decide`, {
      body: "cell_committee",
      form: "reprimand",
      decidedOn: "2026-04-01",
      version: 1,
    });
    expect(byChiUy.statusCode).toBe(422);
    expect(Object.keys(byChiUy.json().fields)).toEqual(["body"]);
    const expel = await call(as.chair, "POST", `/api/discipline/${id}/decide`, {
      body: "level_above",
      form: "expulsion",
      decidedOn: "2026-04-01",
      version: 1,
    });
    expect(expel.statusCode).toBe(422);
    expect(Object.keys(expel.json().fields)).toEqual(["form"]);
    const ok = await call(as.chair, "POST", `/api/discipline/${id}/decide`, {
      body: "inspection_committee",
      form: "warning",
      decidedOn: "2026-04-01",
      receivedOn: "2026-04-02",
      number: "05-QĐ/UBKTĐU",
      version: 1,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().appealBy).toBe("2026-05-02");
  });

  it("an appeal (received on paper, recorded by the UBKT) after 30 days is refused, on the 30th day accepted", async () => {
    // The member lodges their own through /own-appeal, dated today; this route is the UBKT's.
    const bySubject = await call(as.subject, "POST", `/api/discipline/${id}/appeal`, {
      appealedOn: "2026-05-02",
      text: "Tôi khiếu nại",
      version: 2,
    });
    expect(bySubject.statusCode).toBe(403);
    const late = await call(as.chair, "POST", `/api/discipline/${id}/appeal`, {
      appealedOn: "2026-05-03",
      text: "Tôi khiếu nại",
      version: 2,
    });
    expect(late.statusCode).toBe(422);
    expect(Object.keys(late.json().fields)).toEqual(["appealedOn"]);
    const ok = await call(as.chair, "POST", `/api/discipline/${id}/appeal`, {
      appealedOn: "2026-05-02",
      text: "Tôi khiếu nại",
      version: 2,
    });
    expect(ok.statusCode).toBe(200);
  });

  it("evaluations read the decided discipline and the findings; transfers wait on an open file", async () => {
    const { disciplineOf, findingsOf } = await import("./public-evaluations.js");
    const { transferBlocked } = await import("./public-members.js");
    const db = s.database.db;
    expect(await disciplineOf(db, m.subject.id, "2026-01-01", "2026-12-31")).toEqual([
      { form: "warning", decidedOn: "2026-04-01", numberText: "05-QĐ/UBKTĐU", appealedOn: "2026-05-02" },
    ]);
    expect(await disciplineOf(db, m.subject.id, "2027-01-01", "2027-12-31")).toEqual([]);
    const found = await findingsOf(db, [cell1.id], "2026-01-01", "2026-12-31");
    expect(found.map((f) => f.closedOn !== null).sort()).toEqual([false, true]);
    // The appeal is pending: the subject's transfer waits; a member with no file does not.
    expect(await transferBlocked(db, m.subject.id)).toBe(true);
    expect(await transferBlocked(db, m.secretary.id)).toBe(false);
  });

  it("the discipline file is the UBKT's and the committee's", async () => {
    for (const who of [as.office, as.secretary, as.member]) {
      const res = await call(who, "GET", `/api/organizations/${party.id}/discipline`);
      expect([403, 404]).toContain(res.statusCode);
    }
    expect((await call(as.partySecretary, "GET", `/api/organizations/${party.id}/discipline`)).statusCode).toBe(200);
  });
});

describe("the demo's confidential case", () => {
  it("no demo cell secretary, member or office sees it; the UBKT and the đảng ủy do", async () => {
    const { sql } = await import("drizzle-orm");
    const [row] = await s.database.rows<{ id: string; content: string }>(
      sql`SELECT c.id, c.content FROM confidential_cases c JOIN organizations o ON o.id = c.organization_id
           WHERE o.code = 'DB-TCT' AND c.type = 'violation'`,
    );
    expect(row).toBeDefined();
    const root = await s.orgId("DB-TCT");
    for (const username of ["bithu.llcs", "bithu.xdd", "dangvien.llcs", "dangvien.xdd", "vanphong"]) {
      const who = await s.signIn(username);
      expect((await call(who, "GET", `/api/inspections/${row!.id}`)).statusCode, username).toBe(404);
      for (const code of ["DB-TCT", "CB-XDD", "CB-LLCS"]) {
        const list = await call(who, "GET", `/api/organizations/${await s.orgId(code)}/inspections`);
        expect(list.body).not.toContain(row!.id);
        expect(list.body).not.toContain(row!.content);
      }
    }
    for (const username of ["ubkt", "bithu.danguy"])
      expect((await call(await s.signIn(username), "GET", `/api/inspections/${row!.id}`)).statusCode).toBe(200);
    const list = await call(await s.signIn("ubkt"), "GET", `/api/organizations/${root}/inspections`);
    expect(list.body).toContain(row!.id);
  });
});

describe("lists of the đảng bộ's programmes and inspections", () => {
  it("a đảng ủy member reads only the cells they oversee; the UBKT and the office read all; the case stays theirs", async () => {
    const root = await s.orgId("DB-TCT");
    const [llcs, xdd] = [await s.orgId("CB-LLCS"), await s.orgId("CB-XDD")];
    const read = async (username: string) => {
      const who = await s.signIn(username);
      const programmes = (await call(who, "GET", `/api/organizations/${root}/inspection-programmes`)).json();
      const inspections = (await call(who, "GET", `/api/organizations/${root}/inspections`)).json();
      const ordinary = inspections.items.filter((i: { confidential: boolean }) => !i.confidential);
      return {
        lines: new Set(
          programmes.items.flatMap((p: { items: { subjectOrganizationId: string }[] }) =>
            p.items.map((i) => i.subjectOrganizationId),
          ),
        ),
        subjects: new Set(ordinary.map((i: { subjectOrganizationId: string }) => i.subjectOrganizationId)),
        cases: inspections.items.length - ordinary.length,
      };
    };
    // danguyvien follows CB-LLCS, danguyvien2 follows CB-XDD; the demo's inspections concern CB-LLCS.
    const follower = await read("danguyvien");
    expect(follower.lines).toEqual(new Set([llcs]));
    expect(follower.subjects).toEqual(new Set([llcs]));
    const other = await read("danguyvien2");
    expect(other.lines).toEqual(new Set([xdd]));
    expect(other.subjects).toEqual(new Set());
    // A seat on the đảng ủy still reads the confidential case whole (ADR 0126).
    expect(other.cases).toBe(1);
    for (const username of ["ubkt", "vanphong"]) {
      const all = await read(username);
      expect(all.lines, username).toEqual(new Set([llcs, xdd]));
      expect(all.subjects, username).toEqual(new Set([llcs]));
    }
    expect((await read("vanphong")).cases).toBe(0);
    const cellList = await call(await s.signIn("bithu.xdd"), "GET", `/api/organizations/${xdd}/inspections`);
    expect(cellList.json().items).toEqual([]);
  });
});
