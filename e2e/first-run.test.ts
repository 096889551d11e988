import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Page } from "playwright-core";
import { hashPassword } from "../src/modules/accounts/passwords.js";
import { users } from "../src/modules/accounts/schema.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";

/**
 * A real installation on a phone: the administrator from `chibo create-admin` signs in, changes the password,
 * creates the đảng bộ and the office's account; the office signs in, changes its password and finds its đảng bộ.
 */
let j: Journey;
let page: Page;

const ORG = "Đảng bộ Trường Cao đẳng Y tế Bạc Liêu";
const DEMO_ORG = "Đảng bộ Trường Chính trị tỉnh Lâm Đồng";
const OFFICE_TEMP = "Tạm thời cho văn phòng 1";
/** Exactly this label; a required field's name ends with Mantine's asterisk. */
const exactly = (label: string) => new RegExp(`^${label}(\\s*\\*)?$`);

async function signIn(login: string, password: string) {
  await page.getByLabel("Tên đăng nhập hoặc email").fill(login);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** The forced change after a first sign-in. */
async function changePassword(current: string, next: string) {
  await page.waitForURL("**/doi-mat-khau");
  await page.getByText("Cần đổi mật khẩu").first().waitFor();
  await page.getByLabel("Mật khẩu hiện tại").fill(current);
  await page.getByLabel(exactly("Mật khẩu mới")).fill(next);
  await page.getByLabel("Xác nhận mật khẩu").fill(next);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** On a phone the notifications sit over the top of the screen; close them before a picture of what is under them. */
async function dismissNotifications() {
  await page.evaluate(() =>
    document.querySelectorAll<HTMLButtonElement>(".mantine-Notification-root button").forEach((b) => b.click()),
  );
  await page.waitForFunction(() => !document.querySelector(".mantine-Notification-root"));
}

/** What the phone's screen shows (390 × 844), not the whole page. */
async function screen(name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

beforeAll(async () => {
  j = await startJourney();
  await j.database.db.insert(users).values({
    username: "admin",
    displayName: "Quản trị hệ thống",
    passwordHash: await hashPassword("mật khẩu ban đầu 1"),
    isAdmin: true,
    mustChangePassword: true,
  });
  page = (await j.phone()).page;
});
afterAll(() => j?.close());

describe("first run of a real installation, on a phone", () => {
  it("the administrator signs in and must change the password first", async () => {
    await page.goto("/");
    await page.waitForURL("**/dang-nhap");
    await signIn("admin", "mật khẩu ban đầu 1");
    await page.waitForURL("**/doi-mat-khau");
    await page.getByText("Đây là lần đầu bạn đăng nhập").first().waitFor();
    await changePassword("mật khẩu ban đầu 1", "Quản trị viên của trường 2026");
    await page.getByText("Xin chào, Quản trị hệ thống").waitFor();
  });

  it("home shows how to start, with the button to create a đảng bộ", async () => {
    await page.getByRole("heading", { name: "Bắt đầu: tạo đảng bộ" }).waitFor();
    await page.getByText("Tạo tài khoản văn phòng đảng ủy").first().waitFor();
    await page.getByText("Văn phòng đảng ủy đăng nhập, thêm các chi bộ và nhập danh sách đảng viên.").waitFor();
    expect(await page.getByRole("button", { name: "Tạo đảng bộ", exact: true }).count()).toBe(1);
    // An administrator also sees the demo's đảng bộ.
    await page.getByRole("heading", { name: DEMO_ORG }).waitFor();
    expect(await page.getByText("Tài khoản của bạn chưa được gắn với tổ chức nào").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await j.shot(page, "first-run-admin-home");
    await dismissNotifications();
    await screen("first-run-admin-screen");
    // The same card in English, then back.
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: "Getting started: create the party committee" }).waitFor();
    await page.getByRole("button", { name: "Create party committee" }).waitFor();
    await screen("first-run-admin-english");
    await page.getByText("VI", { exact: true }).click();
    await page.getByRole("heading", { name: "Bắt đầu: tạo đảng bộ" }).waitFor();
  });

  it("creates the đảng bộ, after an error for the empty name", async () => {
    await page.getByRole("button", { name: "Tạo đảng bộ", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Tạo đảng bộ" }).waitFor();
    expect(await dialog.getByLabel("Ký hiệu trên văn bản").inputValue()).toBe("ĐU");
    await dialog.getByRole("button", { name: "Tạo đảng bộ" }).click();
    await dialog.getByText("Không được để trống").first().waitFor();
    expect(await dialog.getByLabel("Tên tổ chức").getAttribute("aria-invalid")).toBe("true");
    await dismissNotifications();
    await screen("first-run-form-error-screen");

    await dialog.getByLabel("Tên tổ chức").fill(ORG);
    await dialog.getByLabel(exactly("Mã")).fill("DB-CDYT");
    await dialog.getByLabel("Cấp trên").fill("ĐẢNG BỘ TỈNH BẠC LIÊU");
    await dialog.getByLabel("Địa danh").fill("Bạc Liêu");
    await dialog.getByRole("button", { name: "Tạo đảng bộ" }).click();
    await page.waitForURL(/\/to-chuc\/[0-9a-f-]+/);
    await page.getByRole("heading", { name: ORG, level: 1 }).waitFor();
    await page.getByText("Mã: DB-CDYT").waitFor();
  });

  it("creates the office's account on the đảng bộ's page", async () => {
    await page.getByRole("heading", { name: "Tài khoản văn phòng" }).waitFor();
    await page.getByText("Chưa có tài khoản văn phòng nào.").waitFor();
    await page.getByRole("button", { name: "Tạo tài khoản văn phòng" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("phải đổi mật khẩu ở lần đăng nhập đầu tiên").waitFor();
    expect(await dialog.getByLabel("Tên hiển thị").inputValue()).toBe("Văn phòng Đảng ủy");
    await dialog.getByLabel("Tên đăng nhập").fill("vanphong.cdyt");
    await dialog.getByLabel(exactly("Mật khẩu")).fill("ngắn");
    await dialog.getByRole("button", { name: "Tạo tài khoản" }).click();
    await dialog.getByText("Mật khẩu phải có ít nhất 10 ký tự.").first().waitFor();
    await dismissNotifications();
    await screen("office-account-form-error-screen");
    await dialog.getByLabel(exactly("Mật khẩu")).fill(OFFICE_TEMP);
    await dialog.getByRole("button", { name: "Tạo tài khoản" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Tên đăng nhập: vanphong.cdyt").waitFor();
    await page.getByText('Đã tạo tài khoản "vanphong.cdyt"').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await j.shot(page, "office-accounts");
    await dismissNotifications();
    await page
      .getByRole("tablist")
      .evaluate((tabs) => window.scrollTo(0, tabs.getBoundingClientRect().top + window.scrollY - 72));
    await screen("office-accounts-screen");
  });

  it("the office signs in, changes the temporary password and finds its đảng bộ", async () => {
    await page.getByRole("button", { name: "Tài khoản", exact: true }).click();
    await page.getByText("Đăng xuất", { exact: true }).click();
    await page.waitForURL("**/dang-nhap");
    await signIn("vanphong.cdyt", OFFICE_TEMP);
    await changePassword(OFFICE_TEMP, "Sổ tay của văn phòng 2026");
    await page.getByText("Xin chào, Văn phòng Đảng ủy").waitFor();
    await page.getByRole("heading", { name: ORG }).waitFor();
    await page.getByRole("link", { name: "Danh sách đảng viên" }).first().waitFor();
    const text = await page.locator("main").innerText();
    expect(text).not.toContain(DEMO_ORG);
    expect(text).not.toContain("Bắt đầu: tạo đảng bộ");
    // Next for the office: the đảng bộ's cells.
    await page.getByRole("link", { name: "Thêm tổ chức trực thuộc" }).waitFor();
    await j.shot(page, "first-run-office-home");
  });
});
