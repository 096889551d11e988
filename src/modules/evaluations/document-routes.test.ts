import { strFromU8, unzipSync } from "fflate";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";

/**
 * The review's files through the API. On the demo đảng bộ, a back-filled 2024 review in progress (nothing decided);
 * on a small đảng bộ of its own (one cell, two members), a 2024 review carried to the end so the decisions can be
 * issued. Each file downloads in its format; a member reads only their own form; the decisions and the notice are
 * issued numbered in the register once every subject is decided, and only then.
 */
let s: TestServer;
let office: Session;
let member: Session;
let otherMember: Session;
const ids = {} as Record<"root" | "cell" | "open" | "own" | "colleague" | "small" | "smallCell" | "done", string>;

const get = (as: Session, url: string) => s.request(as, { method: "GET", url });
const post = async (url: string, payload: Record<string, unknown>) => {
  const res = await s.request(office, { method: "POST", url, payload });
  expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(300);
  return res.json();
};
const documentXml = (docx: Buffer) => strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]!);
const year2024 = { kind: "year", year: 2024, startsOn: "2024-01-01", endsOn: "2024-12-31" };

/** A held meeting of a cell in December 2024: the review meeting the proposals are made at. */
async function reviewMeeting(cellId: string): Promise<string> {
  const { id } = await post(`/api/organizations/${cellId}/meetings`, {
    kind: "monthly",
    date: "2024-12-18",
    startTime: "14:00",
    place: "Hội trường",
  });
  await post(`/api/meetings/${id}/transition`, { to: "open", version: 1 });
  return id;
}

/** A đảng bộ of one cell and two members, its secretary one of them, with a term to number its documents in. */
async function smallPartyCommittee() {
  const small = await post("/api/organizations", {
    parentId: ids.root,
    kind: "party_committee",
    name: "Đảng bộ Phòng Đào tạo",
    code: "DB-PDT",
    abbreviation: "ĐU",
  });
  const cell = await post("/api/organizations", {
    parentId: small.id,
    kind: "cell",
    name: "Chi bộ Giáo vụ",
    code: "CB-GV",
    abbreviation: "CB",
  });
  await post(`/api/organizations/${small.id}/terms`, {
    label: "2020–2025",
    startsOn: "2020-10-01",
    endsOn: "2025-09-30",
  });
  await post(`/api/organizations/${small.id}/terms`, {
    label: "2025–2030",
    startsOn: "2025-10-01",
    endsOn: "2030-09-30",
  });
  const memberIds: string[] = [];
  for (const fullName of ["Lê Thị Lan", "Võ Minh Tuấn"]) {
    const m = await post("/api/members", {
      organizationId: cell.id,
      fullName,
      status: "full",
      admissionDate: "2010-05-19",
    });
    memberIds.push(m.id);
  }
  await post(`/api/organizations/${small.id}/positions`, {
    memberId: memberIds[0],
    role: "secretary",
    startsOn: "2020-10-01",
  });
  return { small: small.id as string, cell: cell.id as string };
}

/** The small đảng bộ's 2024 review, carried to the end: every subject proposed at the meeting and decided. */
async function decidedPeriod(): Promise<string> {
  const period = await post(`/api/organizations/${ids.small}/evaluation-periods`, year2024);
  const meeting = await reviewMeeting(ids.smallCell);
  const { subjects } = (await get(office, `/api/evaluation-periods/${period.id}/cells/${ids.smallCell}`)).json();
  for (const subject of subjects as { id: string }[]) {
    await post(`/api/evaluation-subjects/${subject.id}/proposal`, {
      level: "completed",
      meetingId: meeting,
      votes: { inFavour: 2, against: 0, other: 0 },
    });
    await post(`/api/evaluation-subjects/${subject.id}/decision`, {
      level: "completed",
      score: 60,
      decidedOn: "2024-12-28",
    });
  }
  return period.id;
}

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  member = await s.signIn("dangvien.llcs");
  otherMember = await s.signIn("dangvien.xdd");
  ids.root = await s.orgId("DB-TCT");
  ids.cell = await s.orgId("CB-LLCS");
  ({ small: ids.small, cell: ids.smallCell } = await smallPartyCommittee());
  ids.open = (await post(`/api/organizations/${ids.root}/evaluation-periods`, year2024)).id;
  const subjects = (await get(office, `/api/evaluation-periods/${ids.open}/cells/${ids.cell}`)).json().subjects as {
    id: string;
    memberId: string | null;
    name: string;
  }[];
  const duc = await s.memberId("Phạm Văn Đức");
  ids.own = subjects.find((x) => x.memberId === duc)!.id;
  ids.colleague = subjects.find((x) => x.name === "Nguyễn Thị Thu Hà")!.id;
  ids.done = await decidedPeriod();
}, 240_000);
afterAll(() => s.close());

describe("evaluation files", () => {
  it("a member downloads their own bản kiểm điểm as PDF and DOCX, pre-filled with their name", async () => {
    const pdf = await get(member, `/api/evaluation-subjects/${ids.own}/file?format=pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
    expect(pdf.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("Bản kiểm điểm cá nhân Phạm Văn Đức năm 2024.pdf")}`,
    );
    const docx = await get(member, `/api/evaluation-subjects/${ids.own}/file?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const xml = documentXml(docx.rawPayload);
    expect(xml).toContain("Phạm Văn Đức");
    expect(xml).toContain("NGƯỜI TỰ KIỂM ĐIỂM");
  });

  it("refuses another member's form as the JSON route does: 403 in the same cell, 404 from another cell", async () => {
    const cases = [
      [member, ids.colleague, 403],
      [otherMember, ids.own, 404],
    ] as const;
    for (const [as, subject, status] of cases) {
      expect((await get(as, `/api/evaluation-subjects/${subject}`)).statusCode).toBe(status);
      expect((await get(as, `/api/evaluation-subjects/${subject}/file?format=pdf`)).statusCode).toBe(status);
    }
    // The office reads every form.
    expect((await get(office, `/api/evaluation-subjects/${ids.colleague}/file`)).statusCode).toBe(200);
  });

  it("the cell's Mẫu 01 is a draft before the cell proposes its own level, final after", async () => {
    const draft = await get(office, `/api/evaluation-periods/${ids.open}/cells/${ids.cell}/report/file?format=docx`);
    expect(draft.statusCode, draft.body).toBe(200);
    expect(documentXml(draft.rawPayload)).toContain("DỰ THẢO");
    const final = await get(
      office,
      `/api/evaluation-periods/${ids.done}/cells/${ids.smallCell}/report/file?format=docx`,
    );
    expect(final.statusCode).toBe(200);
    const xml = documentXml(final.rawPayload);
    expect(xml).not.toContain("DỰ THẢO");
    expect(xml).toContain("CHI BỘ GIÁO VỤ");
    // A member of the cell does not read the committee's report before it is sent; another cell's secretary neither.
    expect((await get(member, `/api/evaluation-periods/${ids.open}/cells/${ids.cell}/report/file`)).statusCode).toBe(
      403,
    );
  });

  it("the review meeting's minutes list each member heard, with the level proposed", async () => {
    const res = await get(
      office,
      `/api/evaluation-periods/${ids.done}/cells/${ids.smallCell}/minutes/file?format=docx`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const xml = documentXml(res.rawPayload);
    expect(xml).toContain("BIÊN BẢN");
    expect(xml).toContain("Võ Minh Tuấn");
    expect(xml).toContain("Hoàn thành nhiệm vụ");
    // Attendance was not taken at the meeting: the two who voted count as present, not "2/0".
    expect(xml).toContain("2/2");
    expect(xml).not.toContain("2/0");
    const pdf = await get(office, `/api/evaluation-periods/${ids.done}/cells/${ids.smallCell}/minutes/file`);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
  });

  it("the period's Mẫu 04 and the XLSX summary for the level above", async () => {
    const pdf = await get(office, `/api/evaluation-periods/${ids.done}/summary/file?format=pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
    const xlsx = await get(office, `/api/evaluation-periods/${ids.done}/summary.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tổng hợp", "Chi bộ", "Đảng viên"]);
    const names: unknown[] = [];
    wb.getWorksheet("Đảng viên")!.eachRow((row) => names.push(...(row.values as unknown[])));
    expect(names).toContain("Lê Thị Lan");
    // Readers of the đảng bộ only: for a cell's secretary elsewhere it does not exist.
    expect(
      (await get(await s.signIn("bithu.llcs"), `/api/evaluation-periods/${ids.done}/summary.xlsx`)).statusCode,
    ).toBe(404);
  });

  it("refuses to issue the decision while a subject is undecided; nothing is numbered", async () => {
    const period = (await get(office, `/api/evaluation-periods/${ids.open}`)).json();
    const res = await s.request(office, {
      method: "POST",
      url: `/api/evaluation-periods/${ids.open}/issue-decision`,
      payload: { issuedOn: "2026-12-02", version: period.version },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("undecided_subjects");
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM documents WHERE origin_ref = ${ids.open}`,
    );
    expect(row!.n).toBe(0);
  });

  it("issues the decisions on members and on cells and the notice, numbered in the register, once", async () => {
    const draft = await get(office, `/api/evaluation-periods/${ids.done}/decision/file?format=docx`);
    expect(draft.statusCode, draft.body).toBe(200);
    expect(documentXml(draft.rawPayload)).toContain("DỰ THẢO");
    const period = (await get(office, `/api/evaluation-periods/${ids.done}`)).json();
    const url = `/api/evaluation-periods/${ids.done}/issue-decision`;
    // A date to come is refused by the register.
    const future = await s.request(office, {
      method: "POST",
      url,
      payload: { issuedOn: "2030-01-02", version: period.version },
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe("document_issued_future");
    const res = await s.request(office, {
      method: "POST",
      url,
      payload: { issuedOn: "2026-12-02", version: period.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { documents, version } = res.json() as {
      documents: { type: string; numberText: string; issuedOn: string }[];
      version: number;
    };
    expect(version).toBe(period.version + 1);
    expect(documents.map((d) => d.type)).toEqual(["QĐ", "QĐ", "TB"]);
    expect(documents.every((d) => /^Số \d+-(QĐ|TB)\/ĐU$/.test(d.numberText))).toBe(true);
    expect(documents[0]!.numberText).not.toBe(documents[1]!.numberText);
    // The files are the register's, numbered; the list attached cites the decision's number.
    const issued = await get(office, `/api/evaluation-periods/${ids.done}/decision/file?format=docx`);
    const xml = documentXml(issued.rawPayload);
    expect(xml).not.toContain("DỰ THẢO");
    expect(xml).toContain(documents[0]!.numberText);
    const list = await get(office, `/api/evaluation-periods/${ids.done}/decision-list/file?format=docx`);
    expect(documentXml(list.rawPayload)).toContain(documents[0]!.numberText.replace(/^Số\s*/u, ""));
    const notice = await get(office, `/api/evaluation-periods/${ids.done}/notice/file?format=pdf`);
    expect(notice.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
    // Audited on the period; issued once.
    const [event] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${ids.done} AND action = 'decision.issue'`,
    );
    expect(event!.n).toBe(1);
    const again = await s.request(office, { method: "POST", url, payload: { issuedOn: "2026-12-02", version } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("decision_issued");
  });

  it("only the đảng ủy issues: a cell's secretary is refused", async () => {
    const period = (await get(office, `/api/evaluation-periods/${ids.open}`)).json();
    const res = await s.request(await s.signIn("bithu.llcs"), {
      method: "POST",
      url: `/api/evaluation-periods/${ids.open}/issue-decision`,
      payload: { issuedOn: "2026-12-02", version: period.version },
    });
    expect([403, 404]).toContain(res.statusCode);
  });
});
