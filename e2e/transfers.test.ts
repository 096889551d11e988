import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import path from "node:path";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";
import { dmy, noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * On a 360-px phone, the office of the đảng bộ issues a giấy giới thiệu out of the đảng bộ, withdraws it (the letter
 * then shows revoked), and sends a member of one cell to stay with another; the host cell's secretary then finds the
 * temporary member listed apart, outside the cell's total, and writes the comment the official cell will read at its
 * review — and reads there the comment of the demo's host cell.
 */
let j: Journey;

beforeAll(async () => {
  setClockForTests("2026-12-03");
  j = await startJourney();
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

const orgId = async (code: string) =>
  (await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`))[0]!.id;

/**
 * A picture of one card: on the whole page, so the sticky header does not cover its top. The notifications sit over
 * the top of the screen: they are closed first.
 */
async function shootCard(page: Page, card: Locator, name: string) {
  await dismissNotifications(page);
  const box = (await card.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top + window.scrollY, width: r.width, height: r.height };
  })) as { x: number; y: number; width: number; height: number };
  // At the top of the page the sticky header stays there, above the card.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: box });
}

async function dismissNotifications(page: Page) {
  await page.evaluate(() =>
    document.querySelectorAll<HTMLButtonElement>(".mantine-Notification-root button").forEach((b) => b.click()),
  );
  await page.waitForFunction(() => !document.querySelector(".mantine-Notification-root"));
}

async function typeDate(page: Page, label: string, iso: string) {
  const input = page.getByRole("textbox", { name: label });
  await input.fill(dmy(iso));
  await input.press("Tab");
  // The field shows the date it will send before the next step submits the form.
  await expect.poll(() => input.inputValue()).toBe(dmy(iso));
}

describe("transfers", () => {
  it("the office issues and withdraws a letter, records a temporary stay; the host's secretary comments", async () => {
    const root = await orgId("DB-TCT");
    const cell = await orgId("CB-LLCS");
    const office = await phone360(j);
    await signIn(office, "vanphong", "Văn phòng Đảng ủy");
    await office.goto(`/to-chuc/${root}/chuyen-sinh-hoat`);
    await office.getByRole("heading", { name: "Ghi nhận chuyển sinh hoạt" }).waitFor();

    await office
      .getByLabel("Đảng viên", { exact: true })
      .selectOption({ label: "Tạ Quang Vinh — Chi bộ Khoa Xây dựng Đảng" });
    await office.getByLabel("Chuyển đến tổ chức đảng").fill("Đảng bộ Trường Đại học Đà Lạt");
    await office.getByLabel("Quyết định chuyển công tác, nơi cư trú (số)").fill("125/QĐ-UBND");
    await typeDate(office, "Ngày quyết định", "2026-11-20");
    // The server's day is fixed; the phone's own clock may already be on the next one.
    await typeDate(office, "Ngày ký giấy giới thiệu", "2026-12-03");
    await office.getByRole("button", { name: "Cấp giấy giới thiệu" }).click();
    // 03/12/2026 + 30 working days, across 1 January 2027 (the demo's own letter, of a week ago, ends earlier).
    await office.getByText("Hạn trình giấy giới thiệu: 15/01/2027").waitFor();

    // Called off while the letter is valid: withdrawn with its reason, the letter revoked in the register.
    const letter = office
      .locator(".mantine-Card-root")
      .filter({ hasText: "Tạ Quang Vinh" })
      .filter({ hasText: "Hạn trình giấy giới thiệu: 15/01/2027" });
    await letter.getByRole("button", { name: "Huỷ…" }).click();
    await letter.getByLabel("Lý do huỷ").fill("Sở Nội vụ đã dừng việc điều động.");
    await typeDate(office, "Ngày huỷ", "2026-12-03");
    await noSideScroll(office);
    await shootCard(office, letter, "transfers-cancel-phone");
    await letter.getByRole("button", { name: "Xác nhận huỷ" }).click();
    await office.getByText("Đã huỷ và ghi lại lý do.").waitFor();
    await letter.getByText("Đã huỷ ngày 03/12/2026: Sở Nội vụ đã dừng việc điều động.").waitFor();
    expect(await letter.getByRole("button", { name: "Huỷ…" }).count()).toBe(0);
    // Back on the roll as if never gone: the card no longer says the member left.
    expect(await letter.getByText("Ra khỏi danh sách từ").count()).toBe(0);
    await shootCard(office, letter, "transfers-cancelled-phone");
    await letter.getByRole("link", { name: "Mở giấy giới thiệu" }).click();
    await office.getByText("Thu hồi ngày 03/12/2026. Lý do: Sở Nội vụ đã dừng việc điều động.").waitFor();
    await office.getByText("Đã thu hồi", { exact: true }).first().waitFor();
    await noSideScroll(office);
    await j.shot(office, "transfers-letter-revoked-phone");
    await office.goBack();
    await office.getByRole("heading", { name: "Ghi nhận chuyển sinh hoạt" }).waitFor();

    await office.getByText("Sinh hoạt tạm thời", { exact: true }).click();
    await office
      .getByLabel("Đảng viên", { exact: true })
      .selectOption({ label: "Lý Văn Phúc — Chi bộ Khoa Xây dựng Đảng" });
    await office
      .getByLabel("Chi bộ sinh hoạt tạm thời (trong đảng bộ)")
      .selectOption({ label: "Chi bộ Khoa Lý luận cơ sở" });
    await typeDate(office, "Từ ngày", "2026-11-02");
    await typeDate(office, "Đến ngày", "2027-11-02");
    await office.getByRole("button", { name: "Ghi nhận sinh hoạt tạm thời" }).click();
    // A year is not "under a year": refused on the end date, nothing recorded.
    await office.getByText("Thời gian sinh hoạt tạm thời vượt quá mức cho phép (12 tháng).").first().waitFor();
    await typeDate(office, "Đến ngày", "2027-05-03");
    await office.getByRole("button", { name: "Ghi nhận sinh hoạt tạm thời" }).click();
    await office.getByText("Đã ghi nhận sinh hoạt tạm thời.").waitFor();
    await office.getByText("Chi bộ chính thức: Chi bộ Khoa Xây dựng Đảng").waitFor();
    await noSideScroll(office);
    await office.evaluate(() => window.scrollTo(0, 0));
    await j.shot(office, "transfers-office-phone");

    const secretary = await phone360(j);
    await signIn(secretary, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await secretary.goto(`/to-chuc/${cell}/chuyen-sinh-hoat`);
    await secretary.getByText("Chi bộ chính thức: Chi bộ Khoa Xây dựng Đảng").waitFor();
    const [roll] = await j.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM members WHERE organization_id = ${cell} AND left_on IS NULL`,
    );
    const main = await secretary.locator("main").innerText();
    expect(main).toContain(`Tổng số đảng viên: ${roll!.n}. Không tính 1 đảng viên sinh hoạt tạm thời.`);
    await secretary.getByRole("button", { name: "Ghi nhận xét" }).click();
    await secretary
      .getByLabel("Nhận xét của nơi sinh hoạt tạm thời")
      .fill("Tham gia sinh hoạt đầy đủ, hoàn thành tốt nhiệm vụ.");
    await typeDate(secretary, "Ngày nhận xét", "2026-12-03");
    await secretary.getByRole("button", { name: "Lưu nhận xét" }).click();
    await secretary.getByText("Nhận xét ngày 03/12/2026:").waitFor();
    await noSideScroll(secretary);
    await secretary.evaluate(() => window.scrollTo(0, 0));
    await j.shot(secretary, "transfers-cell-phone");

    // The demo's Đỗ Văn Hải works at CB-QLDT: CB-LLCS reads his host's comment where it proposes his level.
    const [period] = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM evaluation_periods WHERE kind = 'year' AND year = 2026`,
    );
    await secretary.goto(`/danh-gia/ky/${period!.id}/chi-bo/${cell}`);
    await secretary
      .locator(".mantine-Paper-root", { hasText: "Đỗ Văn Hải" })
      .last()
      .getByRole("button")
      .first()
      .click();
    const dialog = secretary.getByRole("dialog");
    await dialog.getByRole("heading", { name: "Nhận xét của nơi sinh hoạt tạm thời" }).waitFor();
    expect(await dialog.innerText()).toContain("Chi bộ Phòng Quản lý đào tạo - Nghiên cứu khoa học");
    await j.shot(secretary, "evaluation-host-comment-phone");
  });
});
