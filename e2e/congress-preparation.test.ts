import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";
import { dmy, noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * The office prepares the đảng bộ's congress on a 360-px phone: the plan from the rulebook, the drafts from the
 * term's record and the cells' quotas; the secretary of CB-LLCS chooses the cell's delegate; on the day the hall
 * screen (1280 px) shows the item under way, attendance and, once released, the results.
 */
let j: Journey;
let page: Page;

beforeAll(async () => {
  setClockForTests("2026-12-03");
  j = await startJourney();
  page = await phone360(j);
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

/** The API as the office (GET without a payload), for the election the hall shows: its pages are another journey's. */
async function officeApi() {
  const login = await j.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { login: "vanphong", password: "demo-chibo-2026" },
  });
  const cookie = login.cookies.find((c) => c.name === "chibo_session")!.value;
  const me = await j.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie } });
  const csrf = me.json().csrfToken as string;
  return async (url: string, payload?: Record<string, unknown>) => {
    const res = await j.app.inject({
      method: payload ? "POST" : "GET",
      url,
      payload,
      cookies: { chibo_session: cookie },
      headers: { "x-csrf-token": csrf },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
}

const orgId = async (code: string) =>
  (await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`))[0]!.id;

describe("congress preparation", () => {
  it("plan → drafts → quotas → a cell's delegates → the hall", async () => {
    const committee = await orgId("DB-TCT");
    const cell = await orgId("CB-LLCS");
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.goto(`/to-chuc/${committee}?tab=ke-hoach`);
    await page.getByRole("textbox", { name: "Ngày đại hội" }).fill(dmy("2027-03-15"));
    await page.getByRole("textbox", { name: "Ngày đại hội" }).press("Tab");
    await page.getByLabel("Nhiệm kỳ mới (ví dụ 2027–2030)").fill("2027–2032");
    await page.getByRole("button", { name: "Lập kế hoạch chuẩn bị đại hội" }).click();
    await page.getByRole("link", { name: "Đại hội ngày 15/03/2027, nhiệm kỳ 2027–2032" }).click();
    await page.getByRole("button", { name: "Tạo dự thảo từ số liệu nhiệm kỳ" }).click();
    await page.getByRole("link", { name: "Báo cáo chính trị" }).waitFor();
    await page.getByLabel("Chi bộ Khoa Lý luận cơ sở", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Lưu phân bổ" }).click();
    await page.getByText("Đã lưu phân bổ đại biểu.").waitFor();
    await noSideScroll(page);
    await j.shot(page, "congress-preparation-phone");
    const prepId = page.url().split("/").at(-1)!;

    // The political report as the register renders it, for a look.
    const prep = await (await page.request.get(`/api/congress-preparations/${prepId}`)).json();
    const pdf = await page.request.get(`/api/documents/${prep.drafts.politicalReport.id}/file/pdf`);
    expect(pdf.status()).toBe(200);
    writeFileSync(path.join(SCREENSHOTS, "congress-political-report.pdf"), await pdf.body());

    const secretary = await phone360(j);
    await signIn(secretary, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await secretary.goto(`/to-chuc/${cell}?tab=ke-hoach`);
    // The first full member (in name order) becomes the cell's official delegate.
    await secretary.getByRole("radio", { name: "Chính thức" }).first().check();
    await secretary.getByRole("button", { name: "Lưu danh sách đại biểu" }).click();
    await secretary.getByText("Đã lưu danh sách đại biểu của chi bộ.").waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "congress-delegates-cell-phone");

    // The congress day: the office shows the second item; the hall follows, then shows the released result.
    setClockForTests("2027-03-15");
    await page.reload();
    await page.getByRole("button", { name: "Chiếu", exact: true }).nth(1).click();
    await page.getByRole("button", { name: "Chiếu", exact: true }).nth(1).waitFor();
    const { page: hall } = await j.desktop();
    await signIn(hall, "vanphong", "Văn phòng Đảng ủy");
    await hall.goto(`/hoi-truong/${prepId}`);
    await hall
      .getByText("Bầu đoàn chủ tịch, thư ký đại hội; thông qua chương trình, quy chế làm việc")
      .first()
      .waitFor();
    expect(await hall.getByTestId("hall").textContent()).not.toContain("Kết quả bầu cử");

    // The committee's election: six candidates for five seats, counted by the board's tally. Two tie at the fifth
    // seat; the second round between them is released too. The hall shows each round once it is released.
    const api = await officeApi();
    const people = await j.database.rows<{ id: string }>(
      sql`SELECT m.id FROM members m JOIN organizations o ON o.id = m.organization_id
           WHERE o.path LIKE ${`%${committee}%`} AND m.status = 'full' AND m.left_on IS NULL
           ORDER BY m.full_name LIMIT 7`,
    );
    const election = await api(`/api/organizations/${committee}/elections`, {
      heldOn: "2027-03-15",
      title: "Ban Chấp hành Đảng bộ nhiệm kỳ 2027–2032",
      body: "committee",
      seats: 5,
      candidateIds: people.slice(0, 6).map((p) => p.id),
      boardMemberIds: [people[6]!.id],
    });
    const counted = async (votes: number[]) => {
      const { version } = await api(`/api/elections/${election.id}`);
      const round = await api(`/api/elections/${election.id}/rounds`, { mode: "tally", ballotsIssued: 40, version });
      await api(`/api/election-rounds/${round.id}/tally`, {
        valid: 39,
        invalid: 1,
        votes: Object.fromEntries(round.candidateIds.map((id: string, i: number) => [id, votes[i]])),
        version: 1,
      });
      return round;
    };
    const first = await counted([37, 35, 33, 30, 24, 24]);
    await hall.reload();
    await hall.getByText("Đại biểu có mặt").waitFor();
    expect(await hall.getByTestId("hall").textContent()).not.toContain("Kết quả bầu cử");
    await api(`/api/election-rounds/${first.id}/release`, { ballotsReturned: 40, version: 2 });
    const second = await counted([26, 13]);
    await api(`/api/election-rounds/${second.id}/release`, { ballotsReturned: 40, version: 2 });
    await hall.reload();
    await hall.getByText("Ban Chấp hành Đảng bộ nhiệm kỳ 2027–2032 — vòng 2").waitFor();
    expect(await hall.getByTestId("hall-round").count()).toBe(2);
    expect(await hall.getByText("— Trúng cử").count()).toBe(5);
    await page.goto(`/hoi-truong/${prepId}`);
    await page.getByText("Ban Chấp hành Đảng bộ nhiệm kỳ 2027–2032 — vòng 2").waitFor();
    await noSideScroll(page);
    await j.shot(page, "congress-hall-phone");
    await j.shot(hall, "congress-hall-desktop");

    // The elections done, the minutes are written from the day's record into the register, in the congress's
    // sequence; the secretariat adds the discussion there.
    await page.goto(`/dai-hoi/${prepId}`);
    await page.getByRole("button", { name: "Lập biên bản từ diễn biến Đại hội" }).click();
    const link = page.getByRole("link", { name: "Biên bản Đại hội" });
    await link.waitFor();
    await link.scrollIntoViewIfNeeded();
    await noSideScroll(page);
    await j.shot(page, "congress-minutes-made-phone");
    const made = await (await page.request.get(`/api/congress-preparations/${prepId}`)).json();
    const minutes = await (await page.request.get(`/api/documents/${made.drafts.minutes.id}`)).json();
    expect(JSON.stringify(minutes)).toContain("Ban Chấp hành Đảng bộ nhiệm kỳ 2027–2032 (lần 2)");
  });
});
