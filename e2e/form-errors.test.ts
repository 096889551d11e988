import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";
import { fillDate, noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * A refused save is never silent: on a 360 px phone, each kind of form (a member's, an organisation's, the
 * account's) is made to fail on the server, and the server's message shows under the field it names and beside
 * the submit button.
 */
let j: Journey;
let page: Page;

const one = async (query: ReturnType<typeof sql>) => (await j.database.rows<{ id: string }>(query))[0]!.id;

/** The input is marked invalid and its error text (aria-describedby) holds the server's message. */
async function expectFieldError(input: Locator, message: string) {
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const described = (await input.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    described
      .split(" ")
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  expect(texts.join(" ")).toContain(message);
}

beforeAll(async () => {
  j = await startJourney();
  page = await phone360(j);
  await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
});
afterAll(() => j?.close());

describe("a refused save shows the server's message at the field", () => {
  it("members: taking a member off the list without a reason", async () => {
    const member = await one(sql`SELECT id FROM members WHERE full_name = 'Bùi Văn An'`);
    await page.goto(`/dang-vien/${member}`);
    await page.getByRole("button", { name: "Ra khỏi danh sách" }).click();
    const dialog = page.getByRole("dialog");
    const reason = dialog.getByRole("textbox", { name: "Lý do" });
    expect(await reason.evaluate((el) => (el as HTMLTextAreaElement).required)).toBe(true);
    await dialog.getByRole("button", { name: "Ra khỏi danh sách" }).click();
    await expectFieldError(reason, "Không được để trống");
    await dialog.getByTestId("form-error").getByText("Lý do").waitFor();
    await noSideScroll(page);
    await j.shot(page, "form-errors-member-leave");
    await dialog.getByRole("button", { name: "Hủy" }).click();
  });

  it("organisations: a term that overlaps the current one", async () => {
    const cell = await one(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
    await page.goto(`/to-chuc/${cell}?tab=cap-uy`);
    await page.getByRole("button", { name: "Thêm nhiệm kỳ" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Tên nhiệm kỳ" }).fill("2026–2028");
    await fillDate(page, "Ngày bắt đầu", "2026-01-01");
    await fillDate(page, "Ngày kết thúc", "2028-01-01");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await expectFieldError(dialog.getByRole("textbox", { name: "Ngày bắt đầu" }), "2025–2027");
    await dialog.getByTestId("form-error").waitFor();
    await noSideScroll(page);
    await j.shot(page, "form-errors-term");
    await dialog.getByRole("button", { name: "Hủy" }).click();
  });

  it("accounts: a password change with the wrong current password", async () => {
    await page.goto("/doi-mat-khau");
    const current = page.getByLabel(/^Mật khẩu hiện tại/);
    await current.fill("khong-phai-mat-khau");
    await page.getByLabel(/^Mật khẩu mới/).fill("mot cau de nho 2026");
    await page.getByLabel(/^Xác nhận mật khẩu/).fill("mot cau de nho 2026");
    await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
    // Mantine marks a password input's wrapper, not the input: the message under the field and the one at the button.
    await page.getByTestId("form-error").getByText("Mật khẩu hiện tại không đúng.").waitFor();
    expect(await page.getByText("Mật khẩu hiện tại không đúng.").count()).toBe(2);
    await expect.poll(() => current.inputValue()).toBe("khong-phai-mat-khau");
    await noSideScroll(page);
    await j.shot(page, "form-errors-password");
  });
});
