import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * Offline on a 360 px phone (ADR 0147): a member reads the home and a task online; the network goes; a reload
 * shows the kept home under the "Đang ngoại tuyến — dữ liệu lúc HH:MM" banner; a progress report sent offline is
 * refused with its message and what was typed stays; back online the banner goes and the same report is saved.
 * Signing out takes the kept data away.
 */
let j: Journey;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  j = await startJourney();
  page = await phone360(j);
  context = page.context();
});
afterAll(() => j?.close());

describe("offline", () => {
  it("online, the app installs its worker and keeps what the member reads", async () => {
    await signIn(page, "dangvien.llcs", "Phạm Văn Đức");
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
    // From here on the worker sees every answer: read the home and one task as a member would.
    await page.reload();
    await page.getByTestId("task-row").first().waitFor();
    await page.getByTestId("task-row").first().click();
    await page.getByRole("button", { name: "Gửi báo cáo" }).waitFor();
    await page.goto("/");
    await page.getByTestId("task-row").first().waitFor();
    expect(await page.getByTestId("offline-banner").count()).toBe(0);
  });

  it("offline, a reload shows the kept home under the banner with the data's time", async () => {
    await context.setOffline(true);
    await page.reload();
    const banner = page.getByTestId("offline-banner");
    await banner.getByText(/^Đang ngoại tuyến — dữ liệu lúc \d\d:\d\d$/).waitFor();
    await page.getByText("Xin chào, Phạm Văn Đức").waitFor();
    await page.getByTestId("task-row").first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "offline-home");
  });

  it("offline, a progress report is refused with its message and what was typed stays", async () => {
    await page.getByTestId("task-row").first().click();
    await page.getByRole("textbox", { name: "Tiến độ (%)" }).fill("40");
    await page.getByRole("textbox", { name: "Ghi chú" }).fill("Đã họp tổ, còn chờ ý kiến của hai đồng chí");
    await page.getByRole("button", { name: "Gửi báo cáo" }).click();
    await page.getByTestId("form-error").getByText("Đang ngoại tuyến nên chưa lưu được", { exact: false }).waitFor();
    expect(await page.getByRole("textbox", { name: "Ghi chú" }).inputValue()).toBe(
      "Đã họp tổ, còn chờ ý kiến của hai đồng chí",
    );
    await noSideScroll(page);
    await j.shot(page, "offline-write-refused");
  });

  it("back online, the banner goes and the same report is saved", async () => {
    await context.setOffline(false);
    await page.getByTestId("offline-banner").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Gửi báo cáo" }).click();
    await page.getByText("Đã gửi báo cáo tiến độ.").waitFor();
    await j.shot(page, "offline-back-online");
  });

  it("the notices page offers push on this device; signing out leaves no kept data", async () => {
    await page.goto("/thong-bao");
    await page.getByRole("switch", { name: "Nhận thông báo trên thiết bị này" }).waitFor();
    await noSideScroll(page);
    await j.shot(page, "push-toggle");
    expect(await page.evaluate(() => caches.has("chibo-data"))).toBe(true);
    await page.getByRole("button", { name: "Tài khoản" }).click();
    await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
    await page.getByLabel("Tên đăng nhập hoặc email").waitFor();
    expect(await page.evaluate(() => caches.has("chibo-data"))).toBe(false);
  });
});
