import { expect } from "vitest";
import type { Page } from "playwright-core";
import type { Journey } from "./browser.js";

/** Steps the plans journeys share: a 360-px phone, signing in, Mantine date and member pickers inside a dialog. */

export const dmy = (iso: string) => iso.split("-").reverse().join("/");

/** A new 360 × 740 touch phone (the narrowest screen chibo supports). */
export async function phone360(j: Journey, options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const context = await j.browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    baseURL: j.url,
    ...options,
  });
  return context.newPage();
}

/** Signs in with the demo password and waits for the home page to greet the person. */
export async function signIn(page: Page, username: string, greeting: string) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(username);
  await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByText(`Xin chào, ${greeting}`).waitFor();
}

/** Types a date (dd/mm/yyyy) into the open dialog's date field. */
export async function fillDate(page: Page, label: string, iso: string) {
  const input = page.getByRole("dialog").getByRole("textbox", { name: label });
  await input.fill(dmy(iso));
  await input.press("Tab");
}

/** Picks a member by name in the open dialog's searchable select. */
export async function pick(page: Page, label: string, name: string) {
  const input = page.getByRole("dialog").getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(name.split(" ").at(-1)!);
  await page.getByRole("option", { name }).click();
}

export const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
