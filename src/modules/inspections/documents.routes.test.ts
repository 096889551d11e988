import { strFromU8, unzipSync } from "fflate";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grants } from "../../core/access/schema.js";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { sendInspectionReminders } from "./reminders.js";

/**
 * The module's documents, the UBKT's report and the reminders through the API, on a đảng bộ built for the test; and
 * the confidentiality suite's part for them: no file, list, count, search, notice, mail, calendar or office export
 * reveals a confidential case to who may not read it.
 */
let s: TestServer;
let party: OrganizationRow;
let cell1: OrganizationRow;
const m = {} as Record<"chair" | "partySecretary" | "secretary" | "member" | "subject", MemberRow>;
const as = {} as Record<keyof typeof m | "office", Session>;
const uid = {} as Record<keyof typeof m | "office", string>;

const call = (who: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });

const SECRET = "Dấu hiệu vi phạm khi mua sắm thiết bị — mật";
const DENOUNCED = "Đơn tố cáo về việc kê khai tài sản — mật";
let programmeId = "";
let inspectionId = "";
let caseId = "";
let denunciationId = "";
let disciplineId = "";
let reportId = "";

async function steps(id: string, list: [string, string][], who = as.chair) {
  let version = (await call(who, "GET", `/api/inspections/${id}`)).json().version;
  for (const [step, on] of list) {
    const res = await call(who, "POST", `/api/inspections/${id}/steps`, {
      step,
      on,
      text: `${step}: nội dung`,
      version,
    });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().version;
  }
}
const ALL_STEPS: [string, string][] = [
  ["decision", "2026-03-15"],
  ["notice", "2026-03-16"],
  ["self_report", "2026-03-20"],
  ["verification", "2026-03-25"],
  ["conclusion_meeting", "2026-03-28"],
  ["conclusion", "2026-03-30"],
];

beforeAll(async () => {
  setClockForTests("2026-03-10");
  s = await createTestServer();
  const built = await buildOrganization(s, { cells: 2 });
  party = built.partyCommittee;
  const [c1, c2] = built.cells as [OrganizationRow, OrganizationRow];
  cell1 = c1;
  m.chair = await buildMember(s, { organization: c2 });
  m.partySecretary = await buildMember(s, { organization: c2 });
  m.secretary = await buildMember(s, { organization: cell1, position: "secretary" });
  m.member = await buildMember(s, { organization: cell1 });
  m.subject = await buildMember(s, { organization: cell1 });
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
  const office = await buildUser(s);
  uid.office = office.user.id;
  await s.database.db.insert(grants).values({ userId: office.user.id, organizationId: party.id, role: "office" });
  as.office = office.session;

  // The UBKT's programme with one line, adopted; one ordinary inspection from it, concluded, with a finding.
  programmeId = (
    await call(as.chair, "POST", `/api/organizations/${party.id}/inspection-programmes`, {
      body: "inspection_committee",
      year: 2026,
      title: "Chương trình kiểm tra, giám sát năm 2026",
    })
  ).json().id;
  const item = await call(as.chair, "POST", `/api/inspection-programmes/${programmeId}/items`, {
    subjectOrganizationId: cell1.id,
    type: "compliance",
    content: "Việc chấp hành quy chế làm việc",
    leadMemberId: m.chair.id,
    startsOn: "2026-03-15",
    endsOn: "2026-06-30",
  });
  await call(as.chair, "POST", `/api/inspection-programmes/${programmeId}/adopt`, {
    adoptedOn: "2026-01-15",
    version: 1,
  });
  inspectionId = (
    await call(as.chair, "POST", `/api/organizations/${party.id}/inspections`, {
      body: "inspection_committee",
      programmeItemId: item.json().items[0].id,
      type: "compliance",
      subjectOrganizationId: cell1.id,
      content: "Việc chấp hành quy chế làm việc",
      leadMemberId: m.chair.id,
    })
  ).json().id;
}, 120_000);

afterAll(async () => {
  setClockForTests();
  await s?.close();
});

const isPdf = (body: Buffer) => body.subarray(0, 5).toString() === "%PDF-";
const isDocx = (body: Buffer) => body.subarray(0, 2).toString() === "PK";

describe("the programme's file", () => {
  it("is a PDF and a DOCX for the UBKT and the office; not for a cell's member", async () => {
    for (const [format, check] of [
      ["pdf", isPdf],
      ["docx", isDocx],
    ] as const) {
      const res = await call(as.chair, "GET", `/api/inspection-programmes/${programmeId}/file/${format}`);
      expect(res.statusCode).toBe(200);
      expect(check(res.rawPayload)).toBe(true);
      expect(res.headers["content-disposition"]).toContain("CTr");
    }
    expect((await call(as.office, "GET", `/api/inspection-programmes/${programmeId}/file/pdf`)).statusCode).toBe(200);
    expect([403, 404]).toContain(
      (await call(as.member, "GET", `/api/inspection-programmes/${programmeId}/file/pdf`)).statusCode,
    );
  });

  it("refuses a format it does not make, naming the parameter", async () => {
    const res = await call(as.chair, "GET", `/api/inspection-programmes/${programmeId}/file/odt`);
    expect(res.statusCode).toBe(400);
  });
});

describe("an inspection's decision and conclusion notice", () => {
  it("no conclusion file before the step; afterwards the subject downloads both", async () => {
    await steps(inspectionId, ALL_STEPS.slice(0, 1));
    expect((await call(as.chair, "GET", `/api/inspections/${inspectionId}/file/decision/pdf`)).statusCode).toBe(200);
    expect((await call(as.chair, "GET", `/api/inspections/${inspectionId}/file/conclusion/pdf`)).statusCode).toBe(404);
    // The subject cell writes its own self-report.
    let version = (await call(as.chair, "GET", `/api/inspections/${inspectionId}`)).json().version;
    version = (
      await call(as.chair, "POST", `/api/inspections/${inspectionId}/steps`, {
        step: "notice",
        on: "2026-03-16",
        text: "x",
        version,
      })
    ).json().version;
    await call(as.secretary, "POST", `/api/inspections/${inspectionId}/steps`, {
      step: "self_report",
      on: "2026-03-20",
      text: "Báo cáo",
      version,
    });
    await steps(inspectionId, ALL_STEPS.slice(3));
    const finding = await call(as.chair, "POST", `/api/inspections/${inspectionId}/findings`, {
      text: "Sổ biên bản ghi chưa đầy đủ",
      remedy: "Bổ sung sổ biên bản",
      ownerMemberId: m.secretary.id,
      dueOn: "2026-04-20",
    });
    expect(finding.statusCode, finding.body).toBe(201);
    for (const doc of ["decision", "conclusion"]) {
      const res = await call(as.secretary, "GET", `/api/inspections/${inspectionId}/file/${doc}/pdf`);
      expect(res.statusCode, doc).toBe(200);
      expect(isPdf(res.rawPayload)).toBe(true);
    }
    const tb = await call(as.chair, "GET", `/api/inspections/${inspectionId}/file/conclusion/docx`);
    expect(tb.headers["content-disposition"]).toContain("01-TB");
    expect(isDocx(tb.rawPayload)).toBe(true);
  });
});

describe("confidential files", () => {
  it("a case on signs of violation: its files exist for the UBKT alone until the conclusion", async () => {
    caseId = (
      await call(as.chair, "POST", `/api/organizations/${party.id}/inspections`, {
        body: "inspection_committee",
        type: "violation",
        subjectMemberId: m.subject.id,
        content: SECRET,
        leadMemberId: m.chair.id,
      })
    ).json().id;
    await steps(caseId, ALL_STEPS.slice(0, 1));
    expect((await call(as.chair, "GET", `/api/inspections/${caseId}/file/decision/pdf`)).statusCode).toBe(200);
    for (const who of [as.office, as.secretary, as.member, as.subject])
      for (const doc of ["decision", "conclusion"]) {
        const res = await call(who, "GET", `/api/inspections/${caseId}/file/${doc}/pdf`);
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain(SECRET);
      }
    // Each download is an opening of the file, read by the chair.
    const openings = (await call(as.chair, "GET", `/api/inspections/${caseId}/openings`)).json().items;
    expect(openings.length).toBeGreaterThan(0);
  });

  it("after the conclusion the subject has the notice and nothing else", async () => {
    await steps(caseId, ALL_STEPS.slice(1));
    expect((await call(as.subject, "GET", `/api/inspections/${caseId}/file/conclusion/pdf`)).statusCode).toBe(200);
    expect((await call(as.subject, "GET", `/api/inspections/${caseId}/file/decision/pdf`)).statusCode).toBe(404);
    expect((await call(as.secretary, "GET", `/api/inspections/${caseId}/file/conclusion/pdf`)).statusCode).toBe(404);
  });

  it("a discipline decision: the member once decided, the UBKT and the đảng ủy; nobody else", async () => {
    disciplineId = (
      await call(as.chair, "POST", `/api/organizations/${party.id}/discipline`, {
        memberId: m.subject.id,
        inspectionId: caseId,
        form: "reprimand",
        reason: SECRET,
        proposedOn: "2026-03-31",
      })
    ).json().id;
    // A proposal prints as the UBKT's draft; the member does not know of it yet.
    expect((await call(as.chair, "GET", `/api/discipline/${disciplineId}/file/pdf`)).statusCode).toBe(200);
    expect((await call(as.subject, "GET", `/api/discipline/${disciplineId}/file/pdf`)).statusCode).toBe(404);
    const decided = await call(as.chair, "POST", `/api/discipline/${disciplineId}/decide`, {
      body: "inspection_committee",
      form: "reprimand",
      decidedOn: "2026-04-01",
      receivedOn: "2026-04-02",
      number: "02-QĐ/UBKTĐU",
      version: 1,
    });
    expect(decided.statusCode, decided.body).toBe(200);
    for (const who of [as.subject, as.chair, as.partySecretary])
      expect((await call(who, "GET", `/api/discipline/${disciplineId}/file/docx`)).statusCode).toBe(200);
    for (const who of [as.office, as.secretary, as.member])
      expect((await call(who, "GET", `/api/discipline/${disciplineId}/file/pdf`)).statusCode).toBe(404);
  });

  it("a decision of the level above is recorded, not printed here", async () => {
    const other = await call(as.chair, "POST", `/api/organizations/${party.id}/discipline`, {
      memberId: m.member.id,
      form: "warning",
      reason: "Vi phạm",
      proposedOn: "2026-03-31",
    });
    await call(as.chair, "POST", `/api/discipline/${other.json().id}/decide`, {
      body: "level_above",
      form: "warning",
      decidedOn: "2026-04-01",
      version: 1,
    });
    expect((await call(as.chair, "GET", `/api/discipline/${other.json().id}/file/pdf`)).statusCode).toBe(409);
  });
});

describe("the UBKT's report", () => {
  it("a quarter not begun, or a quarter without its number, is refused with the field named", async () => {
    setClockForTests("2026-04-10");
    const missing = await call(as.chair, "POST", `/api/organizations/${party.id}/inspection-reports`, {
      kind: "quarter",
      year: 2026,
    });
    expect(missing.statusCode).toBe(422);
    expect(Object.keys(missing.json().fields)).toEqual(["quarter"]);
    const future = await call(as.chair, "POST", `/api/organizations/${party.id}/inspection-reports`, {
      kind: "quarter",
      year: 2026,
      quarter: 3,
    });
    expect(future.statusCode).toBe(422);
    expect(Object.keys(future.json().fields)).toEqual(["year"]);
  });

  it("is drafted from the quarter's records, edited, then issued after the quarter with the BC number", async () => {
    denunciationId = (
      await call(as.chair, "POST", `/api/organizations/${party.id}/denunciations`, {
        subjectMemberId: m.member.id,
        content: DENOUNCED,
        leadMemberId: m.chair.id,
        receivedOn: "2026-03-20",
        receiverName: "Ủy viên UBKT",
        denouncer: "Người tố cáo B",
      })
    ).json().id;
    const res = await call(as.chair, "POST", `/api/organizations/${party.id}/inspection-reports`, {
      kind: "quarter",
      year: 2026,
      quarter: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
    const text = res
      .json()
      .sections.map((x: { text: string }) => x.text)
      .join("\n");
    expect(text).toContain("| Kiểm tra chấp hành | 1 | 1 |");
    expect(text).toContain("| Kiểm tra khi có dấu hiệu vi phạm | 1 | 1 |");
    expect(text).toContain("Số đơn tố cáo nhận được: 1; đã giải quyết xong: 0; đang giải quyết đến cuối kỳ: 1.");
    // The report counts, it never names: not the case's content, nor the denouncer.
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain("Người tố cáo B");
    const sections = res
      .json()
      .sections.map((x: { key: string; heading: string; text: string }) =>
        x.key === "next" ? { ...x, text: "- Hoàn thành chương trình kiểm tra quý II." } : x,
      );
    const edited = await call(as.chair, "PUT", `/api/inspection-reports/${reportId}`, { sections, version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    const early = await call(as.chair, "POST", `/api/inspection-reports/${reportId}/issue`, {
      issuedOn: "2026-03-31",
      version: 2,
    });
    expect(early.statusCode).toBe(422);
    expect(Object.keys(early.json().fields)).toEqual(["issuedOn"]);
    const issued = await call(as.chair, "POST", `/api/inspection-reports/${reportId}/issue`, {
      issuedOn: "2026-04-05",
      version: 2,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().numberText).toBe("01-BC/UBKTĐU");
    const again = await call(as.chair, "PUT", `/api/inspection-reports/${reportId}`, { sections, version: 3 });
    expect(again.statusCode).toBe(409);
    const file = await call(as.partySecretary, "GET", `/api/inspection-reports/${reportId}/file/pdf`);
    expect(file.statusCode).toBe(200);
    expect(isPdf(file.rawPayload)).toBe(true);
  });

  it("is the UBKT's and the đảng ủy's: for anyone else it does not exist", async () => {
    expect((await call(as.partySecretary, "GET", `/api/organizations/${party.id}/inspection-reports`)).statusCode).toBe(
      200,
    );
    for (const who of [as.office, as.secretary, as.member]) {
      for (const url of [`/api/inspection-reports/${reportId}`, `/api/inspection-reports/${reportId}/file/pdf`])
        expect((await call(who, "GET", url)).statusCode).toBe(404);
      const list = await call(who, "GET", `/api/organizations/${party.id}/inspection-reports`);
      expect([403, 404]).toContain(list.statusCode);
      expect(list.body).not.toContain(reportId);
    }
    const bySecretary = await call(as.partySecretary, "PUT", `/api/inspection-reports/${reportId}`, {
      sections: [{ key: "a", heading: "", text: "x" }],
      version: 3,
    });
    expect(bySecretary.statusCode).toBe(403);
  });
});

describe("reminders, each once, only to who may see the case", () => {
  it("a denunciation's deadline reaches the UBKT alone, tied to no organisation; a remedy its owner", async () => {
    // Accept by 30/03 (received 20/03 + 10 days) has passed on 17/04; the remedy is due 20/04 (3 days: the 7-day mark).
    const now = new Date("2026-04-17T02:00:00Z");
    const first = await sendInspectionReminders(s.database, now);
    expect(first).toBeGreaterThan(0);
    expect(await sendInspectionReminders(s.database, now)).toBe(0);
    const rows = await s.database.rows<{
      user_id: string;
      organization_id: string | null;
      subject: string;
      text: string;
      dedupe_key: string;
    }>(
      sql`SELECT user_id, organization_id, subject, text, dedupe_key FROM notices WHERE dedupe_key LIKE 'inspection:%'
            OR dedupe_key LIKE 'finding:%' OR dedupe_key LIKE 'discipline:%'`,
    );
    const chair = uid.chair;
    const denunciation = rows.filter((r) => r.dedupe_key.startsWith(`inspection:${denunciationId}`));
    expect(denunciation.map((r) => r.user_id)).toEqual([chair]);
    expect(denunciation[0]!.organization_id).toBeNull();
    expect(denunciation[0]!.text).not.toContain(DENOUNCED);
    expect(denunciation[0]!.text).not.toContain("Người tố cáo B");
    const remedy = rows.filter((r) => r.dedupe_key.startsWith("finding:"));
    expect(remedy.map((r) => r.user_id)).toContain(uid.secretary);
    expect(remedy[0]!.organization_id).toBe(cell1.id);
    for (const who of ["office", "secretary", "member", "subject"] as const)
      for (const r of rows.filter((x) => x.user_id === uid[who])) expect(r.dedupe_key).toMatch(/^finding:/);
    const mail = await s.database.rows<{ text: string; subject: string }>(sql`SELECT subject, text FROM outbox`);
    for (const r of mail) {
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain(DENOUNCED);
      expect(r.text).not.toContain("Người tố cáo B");
    }
  });
});

describe("nothing made for an office reveals a confidential case", () => {
  it("no notice, calendar, document list, count, search or export of the office, a secretary or a member", async () => {
    for (const who of [as.office, as.secretary, as.member]) {
      for (const url of [
        "/api/notices",
        `/api/organizations/${party.id}/documents`,
        `/api/organizations/${party.id}/documents?q=${encodeURIComponent("vi phạm")}`,
        `/api/organizations/${party.id}/documents?type=TB`,
        `/api/organizations/${cell1.id}/documents`,
        `/api/organizations/${party.id}/inspection-dashboard`,
        `/api/organizations/${party.id}/inspections`,
        "/api/calendar-feed",
      ]) {
        const res = await call(who, "GET", url);
        for (const secret of [SECRET, DENOUNCED, "Người tố cáo B", caseId, denunciationId, reportId])
          expect(res.body, url).not.toContain(secret);
      }
    }
    // The calendar feeds of the subject's cell carry no entry of the case (reminders make none).
    for (const who of [as.secretary, as.member, as.subject]) {
      const feed = await call(who, "POST", "/api/calendar-feed");
      expect(feed.statusCode, feed.body).toBe(200);
      const ics = await s.request(null, { method: "GET", url: feed.json().path });
      expect(ics.statusCode).toBe(200);
      for (const secret of [SECRET, DENOUNCED, caseId, denunciationId]) expect(ics.body).not.toContain(secret);
    }
    // Only the đảng ủy's own documents go into the register (ADR 0153): none of the UBKT's sequences, shared with
    // the confidential cases, so no register count or number reveals one.
    const register = await s.database.rows<{ number_text: string | null }>(
      sql`SELECT number_text FROM documents WHERE origin LIKE 'inspection%'`,
    );
    for (const r of register) expect(r.number_text).toMatch(/^Số \d+-\p{L}+\/ĐU$/u);
    const res = await call(as.office, "GET", `/api/organizations/${party.id}/export`);
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files)).not.toContain("tables/inspection_reports.jsonl");
    const all = Object.values(files)
      .map((f) => strFromU8(f))
      .join("\n");
    for (const secret of [SECRET, DENOUNCED, "Người tố cáo B", caseId, denunciationId, reportId, disciplineId])
      expect(all).not.toContain(secret);
  });
});
