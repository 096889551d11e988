import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildTerm, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";

/**
 * The congress's own documents (ADR 0171): the resolution drafted from the term is the congress's, adopted and issued
 * on the day as "01-NQ/ĐH"; the minutes are composed from the day's record — its bodies, attendance, agenda, each
 * election round and the resolution's number — and take the next number of the same sequence.
 */
let s: TestServer;
let cell: OrganizationRow;
let as: Session;
const people: MemberRow[] = [];
const DAY = "2027-03-10";

const call = (method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  s.request(as, { method, url, payload: payload as Record<string, unknown> });
const ok = async (method: "GET" | "POST" | "PUT", url: string, payload?: object, status = 200) => {
  const res = await call(method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
};
const docxText = (raw: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(raw))["word/document.xml"]!)
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "");

beforeAll(async () => {
  setClockForTests("2027-02-01");
  s = await createTestServer();
  cell = (await buildOrganization(s, { cells: 1 })).cells[0]!;
  await s.database.db.execute(sql`UPDATE organizations SET place = 'Lâm Đồng' WHERE id = ${cell.id}`);
  await buildTerm(s, { organization: cell, startsOn: "2024-03-11", endsOn: DAY });
  const joinedOn = "2020-01-01";
  people.push(await buildMember(s, { organization: cell, position: "secretary", fullName: "Lê Văn Bí", joinedOn }));
  for (const fullName of ["Phạm Thị Một", "Hoàng Văn Hai", "Trần Thị Ba"])
    people.push(await buildMember(s, { organization: cell, fullName, joinedOn }));
  as = (await buildUser(s, { member: people[0]! })).session;
}, 120_000);

afterAll(async () => {
  setClockForTests();
  await s?.close();
});

describe("the congress's resolution and minutes", () => {
  it("are issued in the congress's sequence, the minutes written from the day's record", async () => {
    const [bi, mot, hai, ba] = people as [MemberRow, MemberRow, MemberRow, MemberRow];
    let prep = await ok(
      "POST",
      `/api/organizations/${cell.id}/congress-preparations`,
      { congressOn: DAY, nextTermLabel: "2027–2030", place: "Phòng họp tầng 2" },
      201,
    );
    prep = await ok("POST", `/api/congress-preparations/${prep.id}/drafts`, {});
    prep = await ok("PUT", `/api/congress-preparations/${prep.id}/day`, {
      presidium: [bi.id],
      secretariat: [mot.id],
      countingBoard: [hai.id, ba.id],
      agenda: ["Khai mạc Đại hội", "Thảo luận báo cáo chính trị", "Bầu cử", "Thông qua Nghị quyết Đại hội"],
      version: prep.version,
    });

    // Before the day there is nothing to write down; the page offers nothing either.
    expect(prep.minutesDue).toBe(false);
    const early = await call("POST", `/api/congress-preparations/${prep.id}/minutes`, {});
    expect(early.statusCode).toBe(422);
    expect(Object.keys(early.json().fields)).toEqual(["congressOn"]);

    setClockForTests(DAY);
    const election = await ok(
      "POST",
      `/api/organizations/${cell.id}/elections`,
      {
        heldOn: DAY,
        title: "Bầu Bí thư Chi bộ",
        body: "secretary",
        seats: 1,
        candidateIds: [bi.id],
        boardMemberIds: [hai.id, ba.id],
      },
      201,
    );
    const round = await ok(
      "POST",
      `/api/elections/${election.id}/rounds`,
      { mode: "tally", ballotsIssued: 4, version: 1 },
      201,
    );
    // An election still open: the minutes would miss its result.
    const pending = await call("POST", `/api/congress-preparations/${prep.id}/minutes`, {});
    expect(pending.statusCode).toBe(422);
    await ok("POST", `/api/election-rounds/${round.id}/tally`, {
      valid: 3,
      invalid: 1,
      votes: { [bi.id]: 2 },
      version: 1,
    });
    await ok("POST", `/api/election-rounds/${round.id}/release`, { ballotsReturned: 4, version: 2 });

    // The resolution is the congress's: adopted by its vote, issued on the day, first in the congress's sequence.
    const resolutionId = prep.drafts.draftResolution.id as string;
    let resolution = await ok("GET", `/api/documents/${resolutionId}`);
    const version = (resolution.document ?? resolution).version as number;
    resolution = await ok("POST", `/api/documents/${resolutionId}/status`, { to: "adopted", version });
    resolution = await ok("POST", `/api/documents/${resolutionId}/issue`, {
      issuedOn: DAY,
      version: (resolution.document ?? resolution).version,
    });
    expect((resolution.document ?? resolution).numberText).toBe("Số 01-NQ/ĐH");

    expect((await ok("GET", `/api/congress-preparations/${prep.id}`)).minutesDue).toBe(true);
    prep = await ok("POST", `/api/congress-preparations/${prep.id}/minutes`, {});
    expect(prep.drafts.minutes).toMatchObject({ type: "BB", status: "draft" });
    expect(prep.minutesDue).toBe(false);
    const again = await call("POST", `/api/congress-preparations/${prep.id}/minutes`, {});
    expect(again.statusCode).toBe(409);

    const minutesId = prep.drafts.minutes.id as string;
    const minutes = await ok("GET", `/api/documents/${minutesId}`);
    const body = JSON.stringify((minutes.document ?? minutes).sections);
    expect(body).toContain("Ngày 10/03/2027, tại Phòng họp tầng 2");
    expect(body).toContain("Đại hội nhiệm kỳ 2027–2030");
    expect(body).toContain("Đoàn Chủ tịch: đồng chí Lê Văn Bí.");
    expect(body).toContain("Ban Kiểm phiếu: đồng chí Hoàng Văn Hai, đồng chí Trần Thị Ba.");
    expect(body).toContain("Chi bộ 1 tiến hành Đại hội nhiệm kỳ 2027–2030.");
    // Attendance was not taken in chibo: the secretariat writes who came.
    expect(body).toContain("Tổng số đảng viên được triệu tập: 4; có mặt: …….");
    expect(body).toContain("3. Bầu cử");
    expect(body).toContain(
      "Bầu Bí thư Chi bộ: số phiếu phát ra 4, số phiếu thu vào 4, phiếu hợp lệ 3, phiếu không hợp lệ 1.",
    );
    expect(body).toContain("Trúng cử: đồng chí Lê Văn Bí (2/3 phiếu, 66,67%).");
    expect(body).toContain("Nghị quyết số 01-NQ/ĐH");

    const issued = await ok("POST", `/api/documents/${minutesId}/issue`, {
      issuedOn: DAY,
      version: (minutes.document ?? minutes).version,
    });
    expect((issued.document ?? issued).numberText).toBe("Số 02-BB/ĐH");

    // Signed as minutes are: the congress's secretary and for the presidium; no "Nơi nhận".
    const file = await call("GET", `/api/documents/${minutesId}/file/docx`);
    expect(file.statusCode).toBe(200);
    const text = docxText(file.rawPayload);
    expect(text).toContain("Lâm Đồng, ngày 10 tháng 3 năm 2027");
    expect(text).toContain("NGƯỜI GHI BIÊN BẢN");
    expect(text).toContain("T/M ĐOÀN CHỦ TỊCH");
    expect(text).toContain("Phạm Thị Một");
    expect(text).not.toContain("Nơi nhận");
    const pdf = await call("GET", `/api/documents/${minutesId}/file/pdf`);
    mkdirSync("test-results/congresses", { recursive: true });
    writeFileSync("test-results/congresses/congress-minutes.pdf", pdf.rawPayload);
  });
});
