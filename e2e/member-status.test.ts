import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";
import { fillDate, noSideScroll, phone360, signIn } from "./support/phone.js";

/** The secretary on a 360-px phone records a member's exemption with its date and sees it on the status timeline. */
let j: Journey;
let page: Page;

beforeAll(async () => {
  j = await startJourney();
  page = await phone360(j);
});
afterAll(() => j?.close());

describe("a member's status history", () => {
  it("records an exemption from a date and shows it on the member's timeline", async () => {
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
    const [row] = await j.database.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name = 'Võ Minh Tuấn'`);
    await page.goto(`/dang-vien/${row!.id}`);
    await page.getByRole("heading", { name: "Tình trạng đảng viên qua các thời kỳ" }).waitFor();
    await page.getByRole("button", { name: "Ghi thay đổi tình trạng" }).click();
    await page.getByRole("dialog").getByLabel("Thay đổi").selectOption("exemption_start");
    await fillDate(page, "Có hiệu lực từ ngày", "2026-09-01");
    await page.getByRole("dialog").getByLabel("Lý do, căn cứ").fill("Ốm dài ngày, Quyết định 07-QĐ/ĐU");
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    // Waited for on the page itself: the dialog, outside <main>, still holds the same words while it saves.
    const main = page.locator("main");
    await main.getByText("Ốm dài ngày, Quyết định 07-QĐ/ĐU").waitFor();
    await main.getByText("Từ 01/09/2026").waitFor();
    const timeline = await main.innerText();
    expect(timeline).toContain("Miễn sinh hoạt");
    expect(timeline).toContain("Từ 01/09/2026");
    await noSideScroll(page);
    await j.shot(page, "e2e-member-status-history-phone");
  });
});
