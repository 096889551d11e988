import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { Actor } from "../../core/access/index.js";
import { inTransaction, type Tx } from "../../core/db/index.js";
import { addDays, todayIso } from "../../core/time.js";
import { getOrganization } from "../organizations/store.js";
import { renderPendingIssuedFiles, settleIssuedFiles } from "./issued-files.js";
import { createDocument, issueDocument, issueNewDocument } from "./operations.js";
import type { DocumentSummary } from "./store.js";
import { NOVEMBER_MINUTES, SAMPLES } from "./samples.js";
import { renderDocx } from "./render-docx.js";
import { modelOfSample } from "../../../test/support/document-models.js";

let s: TestServer;
let secretary: Session;
let member: Session;
let cell: string;
let committee: string;

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-doc-"));
  writeFileSync(path.join(dir, "d.pdf"), pdf);
  return execFileSync("pdftotext", [path.join(dir, "d.pdf"), "-"]).toString("utf8");
}

async function actorOf(username: string): Promise<Actor> {
  const [u] = await s.database.rows<{ id: string; display_name: string }>(
    sql`SELECT id, display_name FROM users WHERE username = ${username}`,
  );
  return {
    userId: u!.id,
    username,
    displayName: u!.display_name,
    memberId: null,
    isAdmin: false,
    locale: "vi",
    mustChangePassword: false,
    scopes: [],
    sessionId: "",
    csrfToken: "",
  };
}

async function draft(as: Session, payload: Record<string, unknown>, org = cell) {
  const res = await s.request(as, { method: "POST", url: `/api/organizations/${org}/documents`, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function adopt(as: Session, doc: { id: string; version: number }) {
  const res = await s.request(as, {
    method: "POST",
    url: `/api/documents/${doc.id}/status`,
    payload: { to: "adopted", version: doc.version },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Issues a document; a resolution (NQ) is first marked adopted, as the rulebook requires a vote for it. */
async function issue(
  as: Session,
  doc: { id: string; version: number; type?: string; status?: string },
  issuedOn: string,
) {
  if (doc.type === "NQ" && doc.status !== "adopted" && doc.status !== "issued") doc = await adopt(as, doc);
  return s.request(as, {
    method: "POST",
    url: `/api/documents/${doc.id}/issue`,
    payload: { issuedOn, version: doc.version },
  });
}

const body = (text = "- Hoàn thành bài giảng điện tử trước ngày 25/11/2026.") => [
  { key: "tasks", heading: "II. NHIỆM VỤ", text },
];

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  member = await s.signIn("dangvien.llcs");
  cell = await s.orgId("CB-LLCS");
  committee = await s.orgId("DB-TCT");
});
afterAll(() => s.close());

describe("drafting and issuing", () => {
  it("a new draft starts from the template, signed by the cell's secretary", async () => {
    const doc = await draft(secretary, { type: "NQ" });
    expect(doc.status).toBe("draft");
    expect(doc.sections.map((x: { key: string }) => x.key)).toEqual(["assessment", "tasks", "implementation"]);
    expect(doc.summary).toMatch(/^lãnh đạo thực hiện nhiệm vụ tháng \d+ năm \d{4}$/);
    expect(doc.signerName).toBe("Nguyễn Thị Thu Hà");
    expect(doc.number).toBeNull();
  });

  it("issues with the next number of the type in the term, stores both files with their hashes after the commit, and audits", async () => {
    const doc = await draft(secretary, {
      type: "NQ",
      summary: "lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026",
      sections: body(),
    });
    const res = await issue(secretary, doc, "2026-11-05");
    expect(res.statusCode, res.body).toBe(200);
    const issued = res.json();
    expect(issued.status).toBe("issued");
    expect(issued.numberText).toBe("Số 01-NQ/CB");
    // The issue answers from its transaction, before the files are made: they are rendered once it has committed.
    expect(issued.docxSha256).toBeNull();
    await settleIssuedFiles();
    const rendered = (await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}` })).json();
    expect(rendered.docxSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rendered.version).toBe(issued.version);
    const pdf = await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}/file/pdf` });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toContain("filename*=UTF-8''01-NQ%2FCB".replace("%2F", "-"));
    expect(pdf.headers["content-disposition"]).toContain(encodeURIComponent("lãnh đạo"));
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(pdf.rawPayload).digest("hex")).toBe(rendered.pdfSha256);
    const text = pdftotext(pdf.rawPayload);
    expect(text).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(text).toContain("Số 01-NQ/CB");
    expect(text).toContain("Lâm Đồng, ngày 05 tháng 11 năm 2026");
    const docx = await s.request(member, { method: "GET", url: `/api/documents/${doc.id}/file/docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const events = await s.database.rows<{ action: string; pdf: string | null }>(
      sql`SELECT action, after->>'pdfSha256' AS pdf FROM audit_events WHERE entity_id = ${doc.id} ORDER BY id`,
    );
    expect(events.slice(-2)).toEqual([
      { action: "issue", pdf: null },
      { action: "files", pdf: rendered.pdfSha256 },
    ]);
  });

  it("numbers restart per type and per term", async () => {
    const nq2 = await draft(secretary, { type: "NQ", summary: "tháng 12", sections: body() });
    expect((await issue(secretary, nq2, "2026-11-21")).json().numberText).toBe("Số 02-NQ/CB");
    const kh = await draft(secretary, { type: "KH", summary: "kế hoạch năm 2027", sections: body() });
    expect((await issue(secretary, kh, "2026-11-21")).json().numberText).toBe("Số 02-KH/CB");
    // The previous term (2022–2025) has its own sequence.
    const old = await draft(secretary, { type: "NQ", summary: "tháng 6 năm 2024", sections: body() });
    expect((await issue(secretary, old, "2024-06-05")).json().numberText).toBe("Số 01-NQ/CB");
    const next = await draft(secretary, { type: "NQ", summary: "tháng 1 năm 2027", sections: body() });
    expect((await issue(secretary, next, "2026-11-22")).json().numberText).toBe("Số 03-NQ/CB");
  });

  it("a congress's documents share one sequence whatever their type, with the congress as issuer", async () => {
    const nq = await draft(secretary, {
      type: "NQ",
      summary: "Đại hội Chi bộ nhiệm kỳ 2027–2030",
      congress: "Đại hội 2027",
      sections: body(),
    });
    const bb = await draft(secretary, {
      type: "BB",
      summary: "Đại hội Chi bộ nhiệm kỳ 2027–2030",
      congress: "Đại hội 2027",
      sections: body(),
    });
    expect((await issue(secretary, nq, "2026-11-28")).json().numberText).toBe("Số 01-NQ/ĐH");
    expect((await issue(secretary, bb, "2026-11-28")).json().numberText).toBe("Số 02-BB/ĐH");
  });

  it("refuses to issue without a signer, a summary or a body, naming the field", async () => {
    const noSigner = await draft(secretary, { type: "TB", summary: "triệu tập", sections: body() });
    const put = await s.request(secretary, {
      method: "PUT",
      url: `/api/documents/${noSigner.id}`,
      payload: { summary: "triệu tập", sections: body(), recipients: [], signerName: null, version: noSigner.version },
    });
    const r1 = await issue(secretary, put.json(), "2026-11-20");
    expect(r1.statusCode).toBe(422);
    expect(Object.keys(r1.json().errors ?? r1.json().fields ?? {})).toContain("signerName");
    const noSummary = await draft(secretary, { type: "TB", summary: "", sections: body() });
    const r2 = await issue(secretary, noSummary, "2026-11-20");
    expect(r2.statusCode).toBe(422);
    expect(JSON.stringify(r2.json())).toContain("summary");
    const noBody = await draft(secretary, { type: "TB", summary: "triệu tập", sections: body("   ") });
    const r3 = await issue(secretary, noBody, "2026-11-20");
    expect(r3.statusCode).toBe(422);
    expect(JSON.stringify(r3.json())).toContain("sections");
    // Nothing was numbered.
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM documents WHERE type = 'TB' AND number IS NOT NULL`,
    );
    expect(row!.n).toBe(0);
  });

  it("refuses a type the issuer may not issue, citing the rule in force", async () => {
    const qd = await draft(secretary, { type: "QĐ", summary: "kỷ luật", sections: body() });
    const res = await issue(secretary, qd, "2026-11-20");
    expect(res.statusCode).toBe(422);
    expect(res.json().detail ?? res.json().title).toContain("399-QĐ/TW");
    // Before 05-HD/VPTW took effect the 2018 rulebook (citing 66-QĐ/TW) applied.
    const older = await issue(secretary, qd, "2025-06-01");
    expect(JSON.stringify(older.json())).toContain("66-QĐ/TW");
  });

  it("an issued document is immutable; a correction supersedes it", async () => {
    const doc = await draft(secretary, { type: "BC", summary: "kết quả tháng 11", sections: body() });
    const issued = (await issue(secretary, doc, "2026-11-25")).json();
    const edit = await s.request(secretary, {
      method: "PUT",
      url: `/api/documents/${doc.id}`,
      payload: { summary: "sửa", sections: body(), recipients: [], version: issued.version },
    });
    expect(edit.statusCode).toBe(409);
    const again = await issue(secretary, issued, "2026-11-26");
    expect(again.statusCode).toBe(409);
    const fix = await draft(secretary, {
      type: "BC",
      summary: "kết quả tháng 11 (thay thế)",
      sections: body(),
      replacesId: doc.id,
    });
    expect((await issue(secretary, fix, "2026-11-27")).json().numberText).toBe("Số 02-BC/CB");
    const old = (await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}` })).json();
    expect(old.status).toBe("superseded");
    expect(old.supersededById).toBe(fix.id);
  });

  it("a stale version is a 409, not an overwrite", async () => {
    const doc = await draft(secretary, { type: "KH", summary: "kế hoạch", sections: body() });
    const ok = await s.request(secretary, {
      method: "PUT",
      url: `/api/documents/${doc.id}`,
      payload: { summary: "kế hoạch A", sections: body(), recipients: [], version: doc.version },
    });
    expect(ok.statusCode).toBe(200);
    const stale = await s.request(secretary, {
      method: "PUT",
      url: `/api/documents/${doc.id}`,
      payload: { summary: "kế hoạch B", sections: body(), recipients: [], version: doc.version },
    });
    expect(stale.statusCode).toBe(409);
  });

  it("a draft downloads marked DỰ THẢO and without a number", async () => {
    const doc = await draft(secretary, { type: "NQ", summary: "dự thảo tháng 1", sections: body() });
    const pdf = await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}/file/pdf` });
    const text = pdftotext(pdf.rawPayload);
    expect(text).toContain("DỰ THẢO");
    expect(text).toMatch(/Số\s+-NQ\/CB/);
  });
});

describe("issue dates: numbers follow dates, and no date after today", () => {
  it("refuses a date before the latest issued in the sequence, and a future date, giving the number back", async () => {
    const tb = async (summary: string) => draft(secretary, { type: "TB", summary, sections: body() });
    const november = await issue(secretary, await tb("kết quả tháng 11"), "2026-11-10");
    expect(november.statusCode, november.body).toBe(200);
    const first = november.json().number as number;
    // A September notice after November's: refused, naming the field and the latest date, in Vietnamese.
    const september = await tb("kết quả tháng 9");
    const late = await issue(secretary, september, "2026-09-15");
    expect(late.statusCode).toBe(422);
    expect(late.headers["content-type"]).toContain("application/problem+json");
    expect(late.json().code).toBe("document_issued_out_of_order");
    expect(late.json().fields.issuedOn).toContain("10/11/2026");
    expect(late.json().fields.issuedOn).toMatch(/^Ngày ban hành không được trước/u);
    const [stored] = await s.database.rows<{ status: string; number: number | null }>(
      sql`SELECT status, number FROM documents WHERE id = ${september.id}`,
    );
    expect(stored).toEqual({ status: "draft", number: null });
    // The same day is in order; the number refused above was given back.
    const sameDay = await issue(secretary, september, "2026-11-10");
    expect(sameDay.statusCode, sameDay.body).toBe(200);
    expect(sameDay.json().number).toBe(first + 1);
    // Tomorrow in Vietnam has not come; today has.
    const today = todayIso();
    const tomorrow = addDays(today, 1);
    const next = await tb("kết quả tháng 12");
    const future = await issue(secretary, next, tomorrow);
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe("document_issued_future");
    expect(Object.keys(future.json().fields)).toEqual(["issuedOn"]);
    const farFuture = await issue(secretary, next, "2027-03-01");
    expect(farFuture.json().code).toBe("document_issued_future");
    const ok = await issue(secretary, next, today);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().number).toBe(first + 2);
  });
});

describe("Ban hành says first what it will do; a resolution is issued only once adopted", () => {
  const preview = (as: Session, id: string, issuedOn: string) =>
    s.request(as, { method: "GET", url: `/api/documents/${id}/issue-check?issuedOn=${issuedOn}` });
  const rawIssue = (doc: { id: string; version: number }, issuedOn: string) =>
    s.request(secretary, {
      method: "POST",
      url: `/api/documents/${doc.id}/issue`,
      payload: { issuedOn, version: doc.version },
    });

  it("refuses a resolution never adopted, in the preview and in the issue, and draws no number", async () => {
    const today = todayIso();
    const nq = await draft(secretary, { type: "NQ", summary: "chưa biểu quyết", sections: body() });
    const seen = await preview(secretary, nq.id, today);
    expect(seen.statusCode).toBe(409);
    expect(seen.json().code).toBe("document_not_adopted");
    const refused = await rawIssue(nq, today);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("document_not_adopted");
    expect(refused.json().detail).toMatch(/NGHỊ QUYẾT.*biểu quyết/u);
    const [stored] = await s.database.rows<{ status: string; number: number | null }>(
      sql`SELECT status, number FROM documents WHERE id = ${nq.id}`,
    );
    expect(stored).toEqual({ status: "draft", number: null });
    // A notice needs no vote under the rulebook: its preview answers from a draft.
    const tb = await draft(secretary, { type: "TB", summary: "không cần biểu quyết", sections: body() });
    expect((await preview(secretary, tb.id, today)).statusCode).toBe(200);
  });

  it("the preview gives the number the issue will give, without consuming it", async () => {
    const today = todayIso();
    const adopted = await adopt(
      secretary,
      await draft(secretary, { type: "NQ", summary: "đã biểu quyết", sections: body() }),
    );
    const first = await preview(secretary, adopted.id, today);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().numberText).toMatch(/^Số \d{2}-NQ\/CB$/u);
    expect(first.json().placeDate).toMatch(/^Lâm Đồng, ngày \d+ tháng \d+ năm \d{4}$/u);
    // Asking again does not move the sequence.
    expect((await preview(secretary, adopted.id, today)).json().numberText).toBe(first.json().numberText);
    const issued = await rawIssue(adopted, today);
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().numberText).toBe(first.json().numberText);
    // An issued document has nothing left to preview; a date the issue would refuse is refused here too.
    expect((await preview(secretary, adopted.id, today)).statusCode).toBe(409);
    const next = await adopt(secretary, await draft(secretary, { type: "NQ", summary: "tương lai", sections: body() }));
    const future = await preview(secretary, next.id, addDays(today, 1));
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe("document_issued_future");
  });

  it("a member who may not issue may not preview; a bad date is refused naming the field", async () => {
    const doc = await draft(secretary, { type: "TB", summary: "xem trước", sections: body() });
    expect((await preview(member, doc.id, todayIso())).statusCode).toBe(403);
    const bad = await preview(secretary, doc.id, "2026-13-40");
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields)).toEqual(["issuedOn"]);
  });
});

describe("register search", () => {
  it("finds by number, type, date range and text without diacritics", async () => {
    const list = async (q: string) =>
      (await s.request(member, { method: "GET", url: `/api/organizations/${cell}/documents?${q}` })).json().items as {
        numberText: string | null;
        summary: string;
      }[];
    expect((await list("q=lanh%20dao%20thang%2011")).map((d) => d.numberText)).toContain("Số 01-NQ/CB");
    expect((await list("q=01-KH")).map((d) => d.numberText)).toEqual(["Số 01-KH/CB"]);
    expect((await list("type=KH&status=issued")).every((d) => d.numberText?.includes("-KH/"))).toBe(true);
    const inRange = await list("from=2024-01-01&to=2024-12-31");
    expect(inRange.map((d) => d.summary)).toEqual(["tháng 6 năm 2024"]);
    expect(await list("q=khong%20co%20chu%20nay%20dau")).toEqual([]);
  });

  it("another cell's members see nothing of this register", async () => {
    const other = await s.signIn("dangvien.xdd");
    expect((await s.request(other, { method: "GET", url: `/api/organizations/${cell}/documents` })).statusCode).toBe(
      404,
    );
  });
});

describe("the đảng bộ's whole register", () => {
  type Listed = {
    items: {
      organizationId: string;
      organizationName?: string;
      numberText: string | null;
      type: string;
      issuedOn: string | null;
    }[];
    organizations?: { id: string; name: string }[];
    subtreeAvailable: boolean;
  };
  const register = async (as: Session, q: string) => {
    const res = await s.request(as, { method: "GET", url: `/api/organizations/${committee}/documents?${q}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Listed;
  };
  const subtreeIds = async () =>
    (
      await s.database.rows<{ id: string }>(
        sql`SELECT id FROM organizations WHERE path LIKE (SELECT path FROM organizations WHERE id = ${committee}) || '%'`,
      )
    ).map((r) => r.id);
  const mayOpen = async (as: Session, org: string) =>
    (await s.request(as, { method: "GET", url: `/api/organizations/${org}/documents` })).statusCode === 200;

  it("lists the cells' documents with the đảng ủy's own, filterable by organisation, type and year", async () => {
    const office = await s.signIn("vanphong");
    const own = await register(office, "");
    expect(new Set(own.items.map((d) => d.organizationId))).toEqual(new Set([committee]));
    expect(own.subtreeAvailable).toBe(true);
    const all = await register(office, "subtree=true&limit=200");
    const orgs = new Set(all.items.map((d) => d.organizationId));
    expect(orgs.has(committee)).toBe(true);
    expect(orgs.has(cell)).toBe(true);
    expect(all.items.find((d) => d.organizationId === cell)!.organizationName).toBe("Chi bộ Khoa Lý luận cơ sở");
    expect(all.organizations!.map((o) => o.id)).toContain(cell);
    const cellOnly = await register(office, `subtree=true&organizationId=${cell}&limit=200`);
    expect(cellOnly.items.length).toBeGreaterThan(0);
    expect(cellOnly.items.every((d) => d.organizationId === cell)).toBe(true);
    const plans = await register(office, "subtree=true&type=KH&year=2026&limit=200");
    expect(plans.items.length).toBeGreaterThan(0);
    expect(plans.items.every((d) => d.type === "KH" && d.issuedOn?.startsWith("2026-"))).toBe(true);
    expect(new Set(plans.items.map((d) => d.organizationId))).toEqual(new Set([committee, cell]));
  });

  it("never shows an organisation the reader may not open, for any reader of the đảng ủy's register", async () => {
    const tree = await subtreeIds();
    for (const username of ["vanphong", "danguyvien", "danguyvien2", "ubkt"]) {
      const as = await s.signIn(username);
      if (!(await mayOpen(as, committee))) continue;
      const all = await register(as, "subtree=true&limit=200");
      const listed = new Set(all.organizations!.map((o) => o.id));
      for (const d of all.items)
        expect(listed.has(d.organizationId), `${username} sees ${d.organizationId}`).toBe(true);
      for (const org of tree) expect(listed.has(org), `${username}: ${org}`).toBe(await mayOpen(as, org));
      // Naming a hidden organisation gives nothing either.
      for (const org of tree.filter((x) => !listed.has(x))) {
        expect((await register(as, `subtree=true&organizationId=${org}`)).items, `${username}: ${org}`).toEqual([]);
      }
    }
    // The committee member who does not oversee the cell reads the đảng ủy's register but not the cell's.
    const other = await s.signIn("danguyvien2");
    expect(await mayOpen(other, committee)).toBe(true);
    expect(await mayOpen(other, cell)).toBe(false);
    const seen = await register(other, "subtree=true&limit=200");
    expect(seen.items.some((d) => d.organizationId === cell)).toBe(false);
    expect(seen.organizations!.map((o) => o.id)).not.toContain(cell);
  });
});

describe("comments on drafts and the summary report of opinions", () => {
  it("members comment by section; the secretary handles each and writes the report", async () => {
    const doc = await draft(secretary, { type: "NQ", summary: "nghị quyết chuyên đề quý IV", sections: body() });
    const early = await s.request(member, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments`,
      payload: { sectionKey: "tasks", text: "Sớm quá" },
    });
    expect(early.statusCode).toBe(409);
    const open = await s.request(secretary, {
      method: "POST",
      url: `/api/documents/${doc.id}/status`,
      payload: { to: "consultation", version: doc.version },
    });
    expect(open.json().status).toBe("consultation");
    const c1 = await s.request(member, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments`,
      payload: { sectionKey: "tasks", text: "Đề nghị ghi rõ thời hạn từng việc." },
    });
    expect(c1.statusCode, c1.body).toBe(201);
    const bad = await s.request(member, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments`,
      payload: { sectionKey: "khong-co", text: "?" },
    });
    expect(bad.statusCode).toBe(422);
    const early2 = await s.request(secretary, { method: "POST", url: `/api/documents/${doc.id}/opinion-report` });
    expect(early2.statusCode).toBe(422);
    const member2 = await s.request(member, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments/${c1.json().id}/resolve`,
      payload: { resolution: "accepted", response: null, version: 1 },
    });
    expect(member2.statusCode).toBe(403);
    const resolved = await s.request(secretary, {
      method: "POST",
      url: `/api/documents/${doc.id}/comments/${c1.json().id}/resolve`,
      payload: { resolution: "accepted", response: "Đã bổ sung cột thời hạn.", version: 1 },
    });
    expect(resolved.json().resolution).toBe("accepted");
    const report = await s.request(secretary, { method: "POST", url: `/api/documents/${doc.id}/opinion-report` });
    expect(report.statusCode, report.body).toBe(201);
    const r = report.json();
    expect(r.type).toBe("BC");
    expect(r.summary).toBe("tổng hợp ý kiến góp ý dự thảo nghị quyết chuyên đề quý IV");
    expect(JSON.stringify(r.sections)).toContain("Đề nghị ghi rõ thời hạn từng việc.");
    expect(JSON.stringify(r.sections)).toContain("tiếp thu: Đã bổ sung cột thời hạn.");
    const detail = (await s.request(member, { method: "GET", url: `/api/documents/${doc.id}` })).json();
    expect(detail.comments).toHaveLength(1);
  });

  it("a DOCX draft from the level above is split into sections; other files are refused", async () => {
    const sample = SAMPLES.find((x) => x.type === "BC")!;
    const bytes = await renderDocx(modelOfSample(sample));
    const res = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/documents/upload?fileName=${encodeURIComponent("Dự thảo báo cáo chính trị.docx")}&summary=${encodeURIComponent("báo cáo chính trị Đại hội Đảng bộ")}`,
      payload: bytes,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const up = res.json();
    expect(up.status).toBe("consultation");
    expect(up.sections.map((x: { heading: string }) => x.heading)).toContain("I. KẾT QUẢ THỰC HIỆN");
    const original = await s.request(member, { method: "GET", url: `/api/documents/${up.id}/file/original` });
    expect(original.rawPayload.equals(bytes)).toBe(true);
    expect(original.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("Dự thảo báo cáo chính trị.docx")}`,
    );
    const junk = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/documents/upload?fileName=a.docx&summary=x`,
      payload: Buffer.from("MZ not a document"),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(junk.statusCode).toBe(422);
    expect(JSON.stringify(junk.json())).toContain("file");
    const big = await s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell}/documents/upload?fileName=a.pdf&summary=x`,
      payload: Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(6 * 1024 * 1024)]),
      headers: { "content-type": "application/octet-stream" },
    });
    expect([413, 422]).toContain(big.statusCode);
  });
});

describe("an issued document's files, rendered after the commit (ADR 0177)", () => {
  const issueWithin = (run: (fn: (tx: Tx) => Promise<DocumentSummary>) => Promise<DocumentSummary>, summary: string) =>
    actorOf("bithu.llcs").then((actor) =>
      run(async (tx) =>
        issueNewDocument(
          tx,
          actor,
          (await getOrganization(tx, cell))!,
          { type: "TB", summary, sections: body() },
          todayIso(),
        ),
      ),
    );
  const filesEvents = async (id: string) =>
    (await s.database.rows(sql`SELECT 1 FROM audit_events WHERE entity_id = ${id} AND action = 'files'`)).length;

  it("a download that comes before the rendering renders and stores them once; the job finds nothing left", async () => {
    // Issued outside `inTransaction` (a savepoint, or a server stopped right after the commit): nothing renders it yet.
    const doc = await issueWithin((fn) => s.database.db.transaction(fn), "thông báo tải về trước khi có tệp");
    expect(
      (await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}` })).json().pdfSha256,
    ).toBeNull();
    const [a, b] = await Promise.all(
      [1, 2].map(() => s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}/file/pdf` })),
    );
    expect(a!.statusCode).toBe(200);
    expect(a!.rawPayload.equals(b!.rawPayload)).toBe(true);
    expect(pdftotext(a!.rawPayload)).toContain("tải về trước khi có tệp");
    const stored = (await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}` })).json();
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(a!.rawPayload).digest("hex")).toBe(stored.pdfSha256);
    expect(await filesEvents(doc.id)).toBe(1);
    await renderPendingIssuedFiles(s.database);
    expect(await filesEvents(doc.id)).toBe(1);
  });

  it("the periodic job renders what a stopped server left; an issue rolled back renders nothing", async () => {
    const left = await issueWithin((fn) => s.database.db.transaction(fn), "thông báo chờ tạo tệp");
    expect(await renderPendingIssuedFiles(s.database)).toBeGreaterThanOrEqual(1);
    const done = (await s.request(secretary, { method: "GET", url: `/api/documents/${left.id}` })).json();
    expect(done.docxSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await filesEvents(left.id)).toBe(1);

    let rolledBack = "";
    await expect(
      issueWithin(
        (fn) =>
          inTransaction(s.database, async (tx) => {
            rolledBack = (await fn(tx)).id;
            throw new Error("the caller's next step failed");
          }),
        "thông báo không thành",
      ),
    ).rejects.toThrow("next step failed");
    await settleIssuedFiles();
    expect(rolledBack).not.toBe("");
    expect(await s.database.rows(sql`SELECT 1 FROM documents WHERE id = ${rolledBack}`)).toHaveLength(0);
    expect(await filesEvents(rolledBack)).toBe(0);
  });
});

describe("operations other modules call", () => {
  it("the minutes of the November meeting issue as BB with both signatures", async () => {
    const actor = await actorOf("bithu.llcs");
    const doc = await inTransaction(s.database, async (tx) => {
      const org = (await getOrganization(tx, cell))!;
      return issueNewDocument(
        tx,
        actor,
        org,
        { type: "BB", summary: NOVEMBER_MINUTES.meetingTitle, minutes: NOVEMBER_MINUTES, origin: "meetings" },
        "2026-11-03",
      );
    });
    expect(doc.numberText).toBe("Số 02-BB/CB");
    const pdf = await s.request(secretary, { method: "GET", url: `/api/documents/${doc.id}/file/pdf` });
    const text = pdftotext(pdf.rawPayload);
    expect(text).toContain("BIÊN BẢN");
    expect(text).toContain("NGƯỜI GHI BIÊN BẢN");
    expect(text).toContain("Đồng chí Trần Quốc Bảo:");
  });

  it("the đảng ủy issues as ĐẢNG ỦY with its own sequence", async () => {
    const office = await s.signIn("vanphong");
    const doc = await draft(
      office,
      { type: "KH", summary: "kiểm tra, giám sát năm 2027", sections: body() },
      committee,
    );
    const issued = (await issue(office, doc, "2026-11-15")).json();
    expect(issued.numberText).toBe("Số 02-KH/ĐU");
    const text = pdftotext(
      (await s.request(office, { method: "GET", url: `/api/documents/${doc.id}/file/pdf` })).rawPayload,
    );
    expect(text.replace(/\s+/g, " ")).toContain("ĐẢNG ỦY TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG");
    expect(text).toContain("T/M ĐẢNG ỦY");
  });

  it(`50 parallel issues get 50 distinct, gapless numbers (${process.env.CHIBO_TEST_STORE ?? "pglite"})`, async () => {
    const actor = await actorOf("bithu.llcs");
    const org = (await getOrganization(s.database.db, cell))!;
    const drafts = [];
    for (let i = 0; i < 50; i++)
      drafts.push(
        await inTransaction(s.database, (tx) =>
          createDocument(tx, actor, org, { type: "CV", summary: `công văn ${i}`, sections: body() }),
        ),
      );
    const issued = await Promise.all(
      drafts.map((d) =>
        inTransaction(s.database, (tx) =>
          issueDocument(tx, actor, d.id, { issuedOn: "2026-11-20", version: d.version }),
        ),
      ),
    );
    const numbers = issued.map((d) => d.number!).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(issued.map((d) => d.numberText)).size).toBe(50);
  }, 120_000);
});
