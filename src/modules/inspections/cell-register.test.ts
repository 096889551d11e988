import { strFromU8, unzipSync } from "fflate";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildTerm, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";

/**
 * A chi bộ's own inspection work through its register (ADR 0170): its programme (CTr), the plan that sets up an
 * inspection (KH — a chi bộ issues no QĐ) and the conclusion notice (TB) take the cell register's numbers, so none
 * repeats a number the register gave, and the files say "Kế hoạch", never "Quyết định".
 */
let s: TestServer;
let cell: OrganizationRow;
let secretary: MemberRow;
let subject: MemberRow;
let as: Session;

const call = (method: "GET" | "POST", url: string, payload?: unknown) =>
  s.request(as, { method, url, payload: payload as Record<string, unknown> });

async function registerNumbers() {
  const res = await call("GET", `/api/organizations/${cell.id}/documents`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { numberText: string | null; type: string }[]).map((d) => d.numberText);
}

async function inspection(content: string) {
  const res = await call("POST", `/api/organizations/${cell.id}/inspections`, {
    body: "cell",
    type: "compliance",
    subjectMemberId: subject.id,
    content,
    leadMemberId: secretary.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function steps(id: string, list: [string, string][]) {
  let version = (await call("GET", `/api/inspections/${id}`)).json().version as number;
  for (const [step, on] of list) {
    const res = await call("POST", `/api/inspections/${id}/steps`, { step, on, text: `${step}: nội dung`, version });
    expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    version = res.json().version;
  }
  return (await call("GET", `/api/inspections/${id}`)).json() as {
    steps: { step: string; numberText: string | null }[];
  };
}

beforeAll(async () => {
  setClockForTests("2026-08-31");
  s = await createTestServer();
  cell = (await buildOrganization(s, { cells: 1 })).cells[0]!;
  // The register numbers per committee term, as for any of the cell's documents.
  await buildTerm(s, { organization: cell });
  secretary = await buildMember(s, { organization: cell, position: "secretary" });
  subject = await buildMember(s, { organization: cell });
  as = (await buildUser(s, { member: secretary })).session;
}, 120_000);

afterAll(async () => {
  setClockForTests();
  await s?.close();
});

describe("a chi bộ's inspection documents in its register", () => {
  it("the programme, the plan setting up the inspection and the conclusion notice take the register's numbers", async () => {
    const created = await call("POST", `/api/organizations/${cell.id}/inspection-programmes`, {
      body: "cell",
      year: 2026,
      title: "Chương trình kiểm tra, giám sát năm 2026 của chi bộ",
    });
    expect(created.statusCode, created.body).toBe(201);
    const programmeId = created.json().id as string;
    const line = await call("POST", `/api/inspection-programmes/${programmeId}/items`, {
      subjectMemberId: subject.id,
      type: "compliance",
      content: "Việc thực hiện nhiệm vụ được chi bộ phân công",
      leadMemberId: secretary.id,
      startsOn: "2026-07-15",
      endsOn: "2026-09-30",
    });
    expect(line.statusCode, line.body).toBe(201);
    const adopted = await call("POST", `/api/inspection-programmes/${programmeId}/adopt`, {
      adoptedOn: "2026-07-10",
      version: line.json().version,
    });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().numberText).toBe("01-CTr/CB");
    expect(await registerNumbers()).toContain("Số 01-CTr/CB");

    const first = await inspection("Việc thực hiện nhiệm vụ được chi bộ phân công");
    const done = await steps(first, [
      ["decision", "2026-07-15"],
      ["notice", "2026-07-16"],
      ["self_report", "2026-07-20"],
      ["verification", "2026-07-25"],
      ["conclusion_meeting", "2026-07-28"],
      ["conclusion", "2026-07-30"],
    ]);
    expect(done.steps.filter((x) => x.numberText).map((x) => [x.step, x.numberText])).toEqual([
      ["decision", "01-KH/CB"],
      ["conclusion", "01-TB/CB"],
    ]);
    const listed = await registerNumbers();
    expect(listed).toEqual(expect.arrayContaining(["Số 01-CTr/CB", "Số 01-KH/CB", "Số 01-TB/CB"]));

    // A second inspection's plan takes the register's next KH: the numbers never repeat.
    const second = await inspection("Việc giữ mối liên hệ với nơi cư trú");
    const next = await steps(second, [["decision", "2026-08-03"]]);
    expect(next.steps[0]!.numberText).toBe("02-KH/CB");
    const rows = await s.database.rows<{ number_text: string; origin: string }>(
      sql`SELECT number_text, origin FROM documents WHERE organization_id = ${cell.id} AND type = 'KH'
           ORDER BY number`,
    );
    expect(rows).toEqual([
      { number_text: "Số 01-KH/CB", origin: "inspection-step" },
      { number_text: "Số 02-KH/CB", origin: "inspection-step" },
    ]);

    // The files: a plan of inspection, and a notice that follows the plan, never a decision.
    const text = async (document: string) => {
      const res = await call("GET", `/api/inspections/${first}/file/${document}/docx`);
      expect(res.statusCode, res.body).toBe(200);
      return strFromU8(unzipSync(new Uint8Array(res.rawPayload))["word/document.xml"]!).replace(/<[^>]+>/g, "");
    };
    const plan = await text("decision");
    expect(plan).toContain("KẾ HOẠCH");
    expect(plan).toContain("Đối tượng kiểm tra: đồng chí");
    expect(plan).not.toContain("QUYẾT ĐỊNH");
    const notice = await text("conclusion");
    expect(notice).toContain("Thực hiện Kế hoạch số 01-KH/CB ngày 15/07/2026");
    expect(notice).not.toContain("Quyết định số");
  });
});
