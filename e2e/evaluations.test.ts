import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * The year-end review as people do it: a member writes the self-review on a 360 px phone (a refused save shows its
 * message at the field), the cell secretary hears it and records the cell's proposal, the đảng ủy's office decides
 * and publishes, and the member sees the level on the home page. The journey opens its own period (2024), so it
 * does not depend on the demo's current year.
 */
let j: Journey;
let periodId = "";
let cellId = "";
let reviewMeeting = "";

interface Session {
  cookie: string;
  csrf: string;
}

async function apiSession(username: string): Promise<Session> {
  const login = await j.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { login: username, password: "demo-chibo-2026" },
  });
  const cookie = login.cookies.find((c) => c.name === "chibo_session")!.value;
  const me = await j.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie } });
  return { cookie, csrf: me.json().csrfToken as string };
}

async function call(as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: object) {
  const res = await j.app.inject({
    method,
    url,
    payload: payload as Record<string, unknown> | undefined,
    cookies: { chibo_session: as.cookie },
    headers: method === "GET" ? {} : { "x-csrf-token": as.csrf },
  });
  return res;
}

async function orgId(code: string): Promise<string> {
  const [row] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`);
  return row!.id;
}

/** A cell's review meeting of December 2024, under way. */
async function heldMeeting(office: Session, cell: string): Promise<string> {
  const meeting = await call(office, "POST", `/api/organizations/${cell}/meetings`, {
    kind: "monthly",
    date: "2024-12-18",
    startTime: "14:00",
    place: "Hội trường",
  });
  expect(meeting.statusCode, meeting.body).toBe(201);
  const open = await call(office, "POST", `/api/meetings/${meeting.json().id}/transition`, { to: "open", version: 1 });
  expect(open.statusCode, open.body).toBe(200);
  return meeting.json().id;
}

beforeAll(async () => {
  j = await startJourney();
  const office = await apiSession("vanphong");
  const root = await orgId("DB-TCT");
  cellId = await orgId("CB-LLCS");
  const opened = await call(office, "POST", `/api/organizations/${root}/evaluation-periods`, {
    kind: "year",
    year: 2024,
    startsOn: "2024-01-01",
    endsOn: "2024-12-31",
  });
  expect(opened.statusCode, opened.body).toBe(201);
  periodId = opened.json().id;
  reviewMeeting = await heldMeeting(office, cellId);
}, 180_000);
afterAll(() => j?.close());

describe("the year-end review", () => {
  let member: Page;
  it("a member self-assesses on a phone; a save refused by the server shows its message at the field", async () => {
    member = await phone360(j);
    await signIn(member, "dangvien.llcs", "Phạm Văn Đức");
    const row = member.locator('[data-testid="my-evaluation"][data-year="2024"]');
    await row.getByText("Bản tự kiểm điểm năm 2024").waitFor();
    await row.getByRole("link", { name: "Viết bản kiểm điểm" }).click();
    await member.getByRole("heading", { name: "Bản tự kiểm điểm", exact: true }).waitFor();
    await member.getByTestId("facts").waitFor();
    await member
      .getByLabel("Kết quả thực hiện chức trách, nhiệm vụ được giao")
      .fill("Hoàn thành các nhiệm vụ được giao.");
    // Every criterion at its maximum: each field says "Tối đa N điểm".
    const inputs = member.locator("input[inputmode='decimal']");
    const count = await inputs.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) {
      const input = inputs.nth(i);
      const describedBy = await input.getAttribute("aria-describedby");
      const hint = describedBy ? await member.locator(`[id="${describedBy.split(" ")[0]}"]`).innerText() : "";
      const max = Number(/(\d+)/.exec(hint)?.[1] ?? 0);
      await input.fill(String(max));
    }
    await member.getByTestId("total").getByText("Tổng: 100/100 điểm").waitFor();
    await member.getByTestId("unsaved").waitFor();
    // No level chosen: the server refuses, and says so under the level.
    await member.getByRole("button", { name: "Gửi chi bộ" }).click();
    await member.getByText("Mức xếp loại không hợp lệ.", { exact: true }).waitFor();
    await j.shot(member, "e2e-evaluation-refused-360");
    await member.getByRole("radio", { name: "Hoàn thành tốt nhiệm vụ" }).check();
    await member.getByRole("button", { name: "Gửi chi bộ" }).click();
    await member.getByTestId("submitted").waitFor();
    expect(await member.getByTestId("unsaved").count()).toBe(0);
    await noSideScroll(member);
    await j.shot(member, "e2e-evaluation-self-360");
    // The printable form, pre-filled, as the member downloads it.
    const href = await member
      .getByTestId("evaluation-downloads")
      .getByRole("link", { name: "Tải PDF" })
      .getAttribute("href");
    const pdf = await member.request.get(href!, { timeout: 120_000 });
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the secretary hears it, records a comment and the cell's proposal", async () => {
    const secretary = await phone360(j);
    await signIn(secretary, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await secretary.getByRole("link", { name: "Kiểm điểm, xếp loại năm 2024 của chi bộ" }).click();
    const duc = secretary.getByTestId("subject").filter({ hasText: "Phạm Văn Đức" });
    await duc.getByText("Đã nộp — 100 điểm").waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "e2e-evaluation-cell-360");
    // The review as a meeting of the cell, with the year-end review agenda; the meeting leads back to the review.
    const card = secretary.getByTestId("review-meeting");
    await card.getByLabel("Ngày họp").fill("20/12/2024");
    await card.getByLabel("Ngày họp").press("Tab");
    await card.getByLabel("Địa điểm").fill("Hội trường khoa");
    await card.getByRole("button", { name: "Tạo buổi họp kiểm điểm" }).click();
    await card.getByText("Họp ngày 20/12/2024 — dự kiến").waitFor();
    await j.shot(secretary, "e2e-evaluation-review-meeting-360");
    await card.getByRole("link", { name: "Mở buổi họp" }).click();
    await secretary.getByText("Kiểm điểm, đánh giá, xếp loại chất lượng năm 2024").first().waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "e2e-evaluation-review-meeting-page-360");
    await secretary.getByTestId("meeting-review-link").click();
    await duc.getByRole("button", { name: "Mở" }).click();
    const dialog = secretary.getByRole("dialog");
    await dialog.getByText("Tự chấm 100 điểm").waitFor();
    await dialog.getByLabel("Người góp ý").fill("Trần Quốc Bảo");
    await dialog.getByLabel("Nội dung góp ý").fill("Đồng chí cần nộp báo cáo đúng hạn hơn.");
    await dialog.getByRole("button", { name: "Ghi ý kiến" }).click();
    await dialog.getByText("Đồng chí cần nộp báo cáo đúng hạn hơn.").last().waitFor();
    await dialog.getByLabel("Cuộc họp kiểm điểm").click();
    await secretary.getByRole("option", { name: /18\/12\/2024/ }).click();
    await dialog.getByLabel("Mức xếp loại").click();
    await secretary.getByRole("option", { name: "Hoàn thành tốt nhiệm vụ" }).click();
    await dialog.getByLabel("Tán thành", { exact: true }).fill("10");
    await dialog.getByRole("button", { name: "Ghi đề xuất của chi bộ" }).click();
    await dialog.getByText("Chi bộ đề xuất: Hoàn thành tốt nhiệm vụ").waitFor();
    await j.shot(secretary, "e2e-evaluation-proposal-360");
  });

  it("the office sees the December view, decides, and publishes; the member sees the level", async () => {
    const office = await apiSession("vanphong");
    // Every other case decided through the API, so the year can be published.
    const cells = await call(office, "GET", `/api/evaluation-periods/${periodId}/cells?page=1`);
    for (const c of cells.json().items as { cellId: string }[]) {
      const view = await call(office, "GET", `/api/evaluation-periods/${periodId}/cells/${c.cellId}`);
      const meetingId = c.cellId === cellId ? reviewMeeting : await heldMeeting(office, c.cellId);
      for (const s of view.json().subjects as { id: string; name: string; excluded: boolean }[]) {
        if (s.excluded || s.name === "Phạm Văn Đức") continue;
        const p = await call(office, "POST", `/api/evaluation-subjects/${s.id}/proposal`, {
          level: "completed",
          meetingId,
        });
        expect(p.statusCode, `${s.name}: ${p.body}`).toBe(200);
        const d = await call(office, "POST", `/api/evaluation-subjects/${s.id}/decision`, {
          level: "completed",
          score: 60,
          decidedOn: "2025-01-10",
        });
        expect(d.statusCode, `${s.name}: ${d.body}`).toBe(200);
      }
    }
    const page = await phone360(j);
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.getByRole("link", { name: /Kỳ đánh giá năm 2024/ }).click();
    await page.getByTestId("december-totals").waitFor();
    expect(await page.getByTestId("december-cell").count()).toBeGreaterThan(1);
    await noSideScroll(page);
    await j.shot(page, "e2e-evaluation-december-360");
    await page.getByTestId("december-cell").getByRole("link", { name: "Chi bộ Khoa Lý luận cơ sở" }).click();
    const duc = page.getByTestId("subject").filter({ hasText: "Phạm Văn Đức" });
    await duc.getByRole("button", { name: "Mở" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Chi bộ đề xuất: Hoàn thành tốt nhiệm vụ").waitFor();
    await dialog.getByLabel("Mức xếp loại được công nhận").click();
    await page.getByRole("option", { name: "Hoàn thành tốt nhiệm vụ" }).click();
    await dialog.getByRole("button", { name: "Quyết định mức xếp loại" }).click();
    await dialog.getByText("Đảng ủy quyết định: Hoàn thành tốt nhiệm vụ").waitFor();
    await dialog.getByRole("button", { name: "Đóng" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("link", { name: /Toàn đảng bộ/ }).click();
    await page.getByRole("button", { name: "Ban hành quyết định và thông báo" }).click();
    await page.getByRole("dialog").getByText("Sẽ cấp số trong sổ văn bản").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Ban hành quyết định và thông báo" }).click();
    await page.getByText(/Đã ban hành: .*QĐ/).waitFor();
    await page.getByRole("button", { name: "Công bố kết quả" }).click();
    await page.getByRole("dialog").getByText("sẽ được thông báo đến từng đảng viên").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Công bố kết quả" }).click();
    await page.getByText(/Đã công bố kết quả lúc/).waitFor();

    await member.goto("/");
    // The 2024 line (the demo's own reviews have lines of their own).
    await member
      .locator('[data-testid="my-evaluation"][data-year="2024"]')
      .getByText("Hoàn thành tốt nhiệm vụ")
      .waitFor();
    await j.shot(member, "e2e-evaluation-result-360");

    // The member's page, as the office reads it: the levels year by year and the awards they lead to.
    const [ducRow] = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM members WHERE full_name = 'Phạm Văn Đức'`,
    );
    await page.goto(`/dang-vien/${ducRow!.id}`);
    const history = page.getByTestId("member-evaluation-history");
    await history.locator('[data-year="2024"]').getByText("Hoàn thành tốt nhiệm vụ").waitFor();
    await history.scrollIntoViewIfNeeded();
    await noSideScroll(page);
    await j.shot(page, "e2e-evaluation-member-history-360");
    // Deciding every other member through the API takes most of this step; the member's page adds its own.
  }, 180_000);
});
