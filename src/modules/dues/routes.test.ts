import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildDuesBasis,
  buildMember,
  buildOrganization,
  buildTerm,
  buildUser,
} from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import { countTransactions } from "../../../test/support/database.js";
import { hanoiAt, setClockForTests } from "../../core/time.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { monthSummary } from "./public-meetings.js";
import { sendDuesWarnings } from "./warnings.js";

let s: TestServer;
let cell: OrganizationRow;
let partyCommittee: OrganizationRow;
let secretary: Session;
let admin: Session;
let ownSession: Session;
let otherSession: Session;
let sec: MemberRow;
let salaried: MemberRow;
let pensioner: MemberRow;
let student: MemberRow;
let exempt: MemberRow;
let noBasis: MemberRow;

const TODAY = "2026-03-20";
beforeAll(async () => {
  s = await createTestServer();
  setClockForTests(TODAY);
  const built = await buildOrganization(s, { cells: 2 });
  partyCommittee = built.partyCommittee;
  cell = built.cells[0]!;
  for (const organization of [partyCommittee, cell]) await buildTerm(s, { organization });
  const joinedOn = "2020-01-01";
  sec = await buildMember(s, { organization: cell, position: "secretary", fullName: "Lê Văn Bí", joinedOn });
  salaried = await buildMember(s, { organization: cell, fullName: "Phạm Thị Lương", joinedOn });
  pensioner = await buildMember(s, { organization: cell, fullName: "Hoàng Văn Hưu", joinedOn });
  student = await buildMember(s, { organization: cell, fullName: "Trần Minh Sinh", joinedOn });
  exempt = await buildMember(s, { organization: cell, fullName: "Ngô Thị Miễn", joinedOn });
  noBasis = await buildMember(s, { organization: cell, fullName: "Đỗ Văn Chưa", joinedOn });
  const other = await buildMember(s, { organization: built.cells[1]!, fullName: "Vũ Văn Khác", joinedOn });
  await buildDuesBasis(s, { member: sec, amount: 8_000_000 });
  await buildDuesBasis(s, { member: salaried, amount: 4_680_050 });
  await buildDuesBasis(s, { member: pensioner, kind: "pension", amount: 6_000_100 });
  await buildDuesBasis(s, { member: student, kind: "student", amount: 0 });
  await buildDuesBasis(s, { member: exempt, exemption: "poor_household" });
  secretary = (await buildUser(s, { member: sec })).session;
  ownSession = (await buildUser(s, { member: salaried })).session;
  otherSession = (await buildUser(s, { member: other })).session;
  admin = (await buildUser(s, { isAdmin: true })).session;
});
afterEach(() => setClockForTests(TODAY));
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const post = (who: Session, url: string, payload: object) => s.request(who, { method: "POST", url, payload });
const get = (who: Session, url: string) => s.request(who, { method: "GET", url });
const ledger = async (month: string) =>
  (await get(secretary, `/api/organizations/${cell.id}/dues?month=${month}`)).json();
const count = async (query: ReturnType<typeof sql>) => (await s.database.rows<{ n: number }>(query))[0]!.n;
const paymentsOf = (memberId: string) =>
  count(sql`SELECT count(*)::int AS n FROM dues_payments WHERE member_id = ${memberId} AND deleted_at IS NULL`);

describe("the month's ledger", () => {
  it("computes each member's due in whole đồng from their basis and the rulebook of the month", async () => {
    const l = await ledger("2026-02");
    const due = (m: MemberRow) => l.lines.find((x: { memberId: string }) => x.memberId === m.id);
    expect(due(sec).due).toBe(80_000);
    expect(due(salaried).due).toBe(46_801); // 1% of 4,680,050 = 46,800.5 → rounded half up
    expect(due(pensioner).due).toBe(30_001); // 0.5% of 6,000,100 = 30,000.5
    expect(due(student).due).toBe(5_000); // 01-QĐ/TW, in force on 28/02/2026
    expect(due(exempt)).toMatchObject({ due: 0, exemption: "poor_household" });
    expect(due(noBasis).due).toBeNull();
    expect(l.totals).toMatchObject({ members: 6, owing: 4, exempt: 1, noBasis: 1, paid: 0 });
    // January 2026 is read under 342-QĐ/TW, in force before 01-QĐ/TW: students paid 2,000 đ.
    expect((await ledger("2026-01")).lines.find((x: { memberId: string }) => x.memberId === student.id).due).toBe(
      2_000,
    );
  });

  it("'tất cả đã nộp' pays everyone owing in one call, leaving out the exception, then the exception pays online", async () => {
    const res = await post(secretary, `/api/organizations/${cell.id}/dues/all-paid`, {
      month: "2026-02",
      paidOn: "2026-02-25",
      except: [salaried.id],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().marked).toBe(3); // the secretary, the pensioner, the student; not exempt, not without basis
    expect(res.json().ledger.totals).toMatchObject({ paid: 3, collected: 80_000 + 30_001 + 5_000 });
    // The exception: online, and the reference is required.
    const payment = { memberId: salaried.id, month: "2026-02", amount: 46_801, method: "online", paidOn: "2026-02-26" };
    const noRef = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, payment);
    expect(noRef.statusCode).toBe(422);
    expect(noRef.json().fields.reference).toBeDefined();
    const paid = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, {
      ...payment,
      reference: "DVC-2026-0001",
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ method: "online", reference: "DVC-2026-0001", month: "2026-02" });
    // A second "all paid" finds nobody left.
    const again = await post(secretary, `/api/organizations/${cell.id}/dues/all-paid`, {
      month: "2026-02",
      paidOn: "2026-02-27",
    });
    expect(again.json().marked).toBe(0);
    // Receipts are numbered in the cell's year, each once.
    const numbers = (await ledger("2026-02")).lines
      .filter((x: { payment: unknown }) => x.payment)
      .map((x: { payment: { receiptNumber: number } }) => x.payment.receiptNumber)
      .sort();
    expect(new Set(numbers).size).toBe(4);
  });

  it("refuses a month paid twice, a negative or a fractional amount, naming the field, and stores nothing", async () => {
    const before = await paymentsOf(sec.id);
    const base = { memberId: sec.id, month: "2026-02", method: "cash", paidOn: "2026-02-25" };
    const twice = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, { ...base, amount: 80_000 });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().fields.month).toBeDefined();
    const march = { ...base, month: "2026-03" };
    for (const amount of [-1, 80_000.5]) {
      const res = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, { ...march, amount });
      expect(res.statusCode).toBe(422);
      expect(res.json().fields.amount).toBeDefined();
    }
    const badMonth = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, {
      ...march,
      month: "2026-13",
      amount: 1,
    });
    expect(badMonth.json().fields.month).toBeDefined();
    expect(await paymentsOf(sec.id)).toBe(before);
  });

  it("refuses a payment for someone outside the cell, and one without a basis", async () => {
    const res = await post(secretary, `/api/organizations/${cell.id}/dues/payments`, {
      memberId: noBasis.id,
      month: "2026-03",
      amount: 10_000,
      method: "cash",
      paidOn: "2026-03-05",
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.memberId).toBeDefined();
  });

  it("a member reads their own receipt; another cell's member does not", async () => {
    const line = (await ledger("2026-02")).lines.find((x: { memberId: string }) => x.memberId === salaried.id);
    const url = `/api/dues-payments/${line.payment.id}/receipt`;
    const own = await get(ownSession, url);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ memberName: "Phạm Thị Lương", amount: 46_801, cellName: cell.name });
    expect([403, 404]).toContain((await get(otherSession, url)).statusCode);
  });

  it("takes back a payment (the exception after 'all paid'), and not after the handover", async () => {
    const line = (await ledger("2026-02")).lines.find((x: { memberId: string }) => x.memberId === student.id);
    const cancel = await post(secretary, `/api/dues-payments/${line.payment.id}/cancel`, {
      version: line.payment.version,
    });
    expect(cancel.statusCode).toBe(200);
    expect((await ledger("2026-02")).totals.paid).toBe(3);
  });
});

describe("the handover", () => {
  it("hands the month's sum over with its report issued as a numbered document, once", async () => {
    const res = await post(secretary, `/api/organizations/${cell.id}/dues/handover`, {
      month: "2026-02",
      handedOn: "2026-03-05",
    });
    expect(res.statusCode).toBe(200);
    const handover = res.json().handover;
    expect(handover).toMatchObject({ amount: 80_000 + 30_001 + 46_801, payments: 3, handedOn: "2026-03-05" });
    const [doc] = await s.database.rows<{ type: string; status: string; number_text: string; summary: string }>(
      sql`SELECT type, status, number_text, summary FROM documents WHERE id = ${handover.documentId}`,
    );
    expect(doc).toMatchObject({ type: "BC", status: "issued", summary: "thu, nộp đảng phí tháng 02/2026" });
    expect(doc!.number_text).toMatch(/BC/);
    const again = await post(secretary, `/api/organizations/${cell.id}/dues/handover`, {
      month: "2026-02",
      handedOn: "2026-03-06",
    });
    expect(again.statusCode).toBe(422);
    // Once handed over, the month's payments stay.
    const line = (await ledger("2026-02")).lines.find((x: { memberId: string }) => x.memberId === sec.id);
    const cancel = await post(secretary, `/api/dues-payments/${line.payment.id}/cancel`, {
      version: line.payment.version,
    });
    expect(cancel.statusCode).toBe(409);
  });
});

describe("the basis", () => {
  it("keeps the history and refuses a reduction longer than 12 months on its field", async () => {
    const url = `/api/members/${salaried.id}/dues-basis`;
    const long = await post(secretary, url, {
      kind: "salary",
      amount: 4_680_050,
      fromMonth: "2026-04",
      reductionPercent: 50,
      reductionReason: "Gia đình khó khăn",
      reductionUntil: "2027-04",
    });
    expect(long.statusCode).toBe(422);
    expect(long.json().fields.reductionUntil).toBeDefined();
    const ok = await post(secretary, url, {
      kind: "salary",
      amount: 4_680_050,
      fromMonth: "2026-04",
      reductionPercent: 50,
      reductionReason: "Gia đình khó khăn",
      reductionUntil: "2027-03",
    });
    expect(ok.statusCode).toBe(201);
    const history = (await get(secretary, url)).json().items;
    expect(history.map((b: { fromMonth: string }) => b.fromMonth)).toEqual(["2026-01", "2026-04"]);
    const april = (await ledger("2026-04")).lines.find((x: { memberId: string }) => x.memberId === salaried.id);
    expect(april).toMatchObject({ due: 23_401, reductionPercent: 50 }); // 46,801 × 50% = 23,400.5 → 23,401
    // A member reads their basis on their own page, not through the cell's record.
    expect((await get(ownSession, url)).statusCode).toBe(403);
  });
});

describe("a month from XLSX", () => {
  const workbook = async (rows: (string | number)[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Tháng 3");
    ws.addRow(["Họ và tên", "Số tiền", "Hình thức", "Mã giao dịch", "Ngày nộp"]);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const upload = (payload: Buffer, month = "2026-03") =>
    s.request(secretary, {
      method: "POST",
      url: `/api/organizations/${cell.id}/dues/import?month=${month}`,
      headers: { "content-type": "application/octet-stream" },
      payload,
    });

  it("refuses the whole file when one row is wrong, and stores nothing", async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM dues_payments WHERE month = '2026-03-01'`);
    const res = await upload(
      await workbook([
        ["Lê Văn Bí", 80000, "Tiền mặt", "", "05/03/2026"],
        ["Người Lạ", 10000, "Tiền mặt", "", "05/03/2026"],
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.file).toBeDefined();
    const fraction = await upload(await workbook([["Lê Văn Bí", 80000.5, "Tiền mặt", "", "05/03/2026"]]));
    expect(fraction.statusCode).toBe(422);
    expect(await count(sql`SELECT count(*)::int AS n FROM dues_payments WHERE month = '2026-03-01'`)).toBe(before);
    expect((await upload(Buffer.from("not a workbook"))).statusCode).toBe(422);
  });

  it("records every row of a good file", async () => {
    const res = await upload(
      await workbook([
        ["Lê Văn Bí", 80000, "Tiền mặt", "", "05/03/2026"],
        ["Phạm Thị Lương", 46801, "Trực tuyến", "DVC-77", "06/03/2026"],
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().imported).toBe(2);
    const line = res.json().ledger.lines.find((x: { memberId: string }) => x.memberId === salaried.id);
    expect(line.payment).toMatchObject({ method: "online", reference: "DVC-77", paidOn: "2026-03-06" });
  });
});

describe("reading the dues", () => {
  it("a member sees their own year", async () => {
    const mine = (await get(ownSession, "/api/me/dues?year=2026")).json();
    expect(mine.memberId).toBe(salaried.id);
    expect(mine.months.map((m: { month: string }) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(mine.months[1].payment.amount).toBe(46_801);
    expect(mine.unpaid).toBe(1); // January, the month before the current one being March
  });

  it("the đảng ủy's collection view sums its cells by month, paged", async () => {
    const res = await get(admin, `/api/organizations/${partyCommittee.id}/dues-collection?year=2026&limit=1`);
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.total).toBe(2);
    expect(v.cells).toHaveLength(1);
    expect(v.months).toHaveLength(12);
    expect(v.months[1]).toMatchObject({ month: "2026-02", payments: 3, handedOver: 156_802 });
    expect(v.cells[0]).toMatchObject({ id: cell.id, lastMonth: "2026-03" });
    expect(
      (await get(ownSession, `/api/organizations/${partyCommittee.id}/dues-collection?year=2026`)).statusCode,
    ).not.toBe(200);
  });

  it("the monthly meeting's summary reads the ledger", async () => {
    const summary = await monthSummary(s.database.db, cell, "2026-02");
    expect(summary).toMatchObject({ paid: 3, owing: 4, unpaidNames: ["Trần Minh Sinh"] });
    expect(summary!.text).toBe(
      "Đã thu đảng phí tháng 02/2026 của 3/4 đồng chí, số tiền 156.802 đ; 1 đồng chí được miễn; chưa nộp: Trần Minh Sinh.",
    );
  });
});

describe("three months unpaid in a year", () => {
  it("warns the secretary once with a proposal to remove", async () => {
    // By May 2026 the student has paid nothing of January, February (taken back), March or April.
    const now = hanoiAt("2026-05-02", "08:00");
    setClockForTests(now);
    const first = await sendDuesWarnings(s.database, now);
    expect(first).toBeGreaterThan(0);
    const [row] = await s.database.rows<{ subject: string }>(
      sql`SELECT subject FROM notices WHERE dedupe_key = ${`dues:${student.id}:2026:unpaid`} LIMIT 1`,
    );
    expect(row!.subject).toContain("Trần Minh Sinh");
    expect(row!.subject).toContain("Đề nghị xóa tên");
    // A run with nothing new writes nothing: no transaction per member already warned (ADR 0184).
    const transactions = await countTransactions(s.database, async () => {
      expect(await sendDuesWarnings(s.database, now)).toBe(0);
    });
    expect(transactions).toBe(0);
  });
});
