import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * The secretary of Chi bộ Khoa Lý luận cơ sở on a 360-px phone enters December's dues: "Tất cả đã nộp" in one
 * tap, then the one exception — a member who paid online — taken back and entered with the portal's reference.
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

describe("dues", () => {
  it("a month's dues for a cell, entered with 'tất cả đã nộp' and one exception", async () => {
    const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await page.goto(`/to-chuc/${cell!.id}/dang-phi`);
    const totals = page.getByTestId("dues-totals");
    await totals.waitFor();
    const owing = Number(/\/(\d+)/.exec(await totals.innerText())![1]);
    expect(await totals.innerText()).toBe(`Đã nộp 0/${owing} đồng chí`);
    await j.shot(page, "dues-ledger-empty-phone");

    await page.getByRole("button", { name: "Tất cả đã nộp", exact: true }).click();
    await page.getByText(`Đã nộp ${owing}/${owing} đồng chí`).waitFor();

    // The exception: Phạm Văn Đức paid through the portal, not in cash.
    const line = page.getByTestId("dues-line-Phạm Văn Đức");
    await line.getByRole("button", { name: "Chưa nộp" }).click();
    await page.getByText(`Đã nộp ${owing - 1}/${owing} đồng chí`).waitFor();
    await line.getByRole("button", { name: "Nộp trực tuyến" }).click();
    await line.getByRole("textbox", { name: "Mã giao dịch" }).fill("DVC-202612-0042");
    await line.getByRole("button", { name: "Ghi nộp trực tuyến" }).click();
    await line.getByText("Đã nộp trực tuyến (DVC-202612-0042)").waitFor();
    await page.getByText(`Đã nộp ${owing}/${owing} đồng chí`).waitFor();
    await noSideScroll(page);
    await j.shot(page, "dues-ledger-paid-phone");

    const [row] = await j.database.rows<{ n: number; online: number }>(
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE method = 'online')::int AS online FROM dues_payments
           WHERE organization_id = ${cell!.id} AND month = '2026-12-01' AND deleted_at IS NULL`,
    );
    expect(row).toEqual({ n: owing, online: 1 });

    await line.getByRole("link", { name: /Biên lai số/ }).click();
    await page.getByText("BIÊN LAI THU ĐẢNG PHÍ").waitFor();
    expect(await page.locator("main").innerText()).toContain("Nhận của đồng chí: Phạm Văn Đức");
    await j.shot(page, "dues-receipt-phone");

    // What the member reads of their own year, and the office's view across the cells.
    const member = await phone360(j);
    await signIn(member, "dangvien.llcs", "Phạm Văn Đức");
    await member.goto("/dang-phi-cua-toi");
    await member.getByText("Số tháng chưa nộp: 0").waitFor();
    await noSideScroll(member);
    await j.shot(member, "dues-mine-phone");
    const office = await phone360(j);
    await signIn(office, "vanphong", "Văn phòng Đảng ủy");
    const [root] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
    await office.goto(`/to-chuc/${root!.id}/thu-dang-phi`);
    await office.getByText(/^Cả năm đã thu: /).waitFor();
    expect(await office.locator("main").innerText()).toContain("Chi bộ Khoa Lý luận cơ sở");
    await noSideScroll(office);
    await j.shot(office, "dues-collection-phone");
  });
});
