import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";

/** On a 360-px phone the secretary reschedules a planned meeting, then cancels it; the home never shows it as next. */
let j: Journey;
let context: BrowserContext;
let page: Page;
let cellId = "";

beforeAll(async () => {
  j = await startJourney();
  const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
  cellId = cell!.id;
  context = await j.browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    baseURL: j.url,
  });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await j?.close();
});

describe("changing a planned meeting on a phone", () => {
  let meetingId = "";

  it("the new-meeting form starts from the cell's usual place; the meeting is rescheduled with a reason", async () => {
    await j.database.rows(
      sql`UPDATE organizations SET usual_meeting_place = 'Phòng họp tầng 3', usual_meeting_time = '15:00' WHERE id = ${cellId}`,
    );
    await page.goto("/dang-nhap");
    await page.getByLabel("Tên đăng nhập hoặc email").fill("bithu.llcs");
    await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/dang-nhap"));
    await page.goto(`/to-chuc/${cellId}?tab=sinh-hoat`);
    await page.getByRole("button", { name: "Lên lịch cuộc họp" }).click();
    await expect(page.getByLabel("Địa điểm").inputValue()).resolves.toBe("Phòng họp tầng 3");
    await expect(page.getByLabel("Giờ bắt đầu").inputValue()).resolves.toBe("15:00");
    await page.getByRole("button", { name: "Tạo cuộc họp" }).click();
    await page.waitForURL(/\/cuoc-hop\/[0-9a-f-]{36}$/);
    meetingId = page.url().split("/").pop()!;

    await page.getByRole("button", { name: "Đổi lịch họp" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Địa điểm").fill("Hội trường A");
    await dialog.getByLabel("Lý do thay đổi (ghi trong giấy mời cập nhật)").fill("Phòng họp đang sửa chữa");
    await j.shot(page, "e2e-meeting-reschedule");
    await dialog.getByRole("button", { name: "Lưu và gửi giấy mời cập nhật" }).click();
    await page.getByText("Hội trường A").first().waitFor();
    const [row] = await j.database.rows<{ sequence: number; place: string }>(
      sql`SELECT sequence, place FROM meetings WHERE id = ${meetingId}`,
    );
    expect(row).toEqual({ sequence: 1, place: "Hội trường A" });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it("cancelling says what will happen first, needs a reason, and the home's next meeting is another one", async () => {
    await page.getByRole("button", { name: "Hủy buổi họp" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("không khôi phục được").waitFor();
    await j.shot(page, "e2e-meeting-cancel-confirm");
    await dialog.getByRole("button", { name: "Hủy buổi họp" }).click();
    await dialog.getByText("Bắt buộc nhập").waitFor();
    await dialog.getByLabel("Lý do hủy").fill("Họp chung với đảng bộ");
    await dialog.getByRole("button", { name: "Hủy buổi họp" }).click();
    await page.getByTestId("cancelled-notice").getByText("Họp chung với đảng bộ").waitFor();
    await j.shot(page, "e2e-meeting-cancelled");

    await page.goto("/");
    const next = page.getByTestId("next-meeting");
    if (await next.count()) expect(await next.getAttribute("href")).not.toContain(meetingId);
    await j.shot(page, "e2e-meeting-home-next");
  });
});
