import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { todayIso } from "../src/core/time.js";
import { buildCellAwaitingCongress } from "../test/support/factories.js";
import { startJourney, type Journey } from "./support/browser.js";
import { dmy, fillDate, noSideScroll, phone360, pick, signIn } from "./support/phone.js";

/**
 * The screens a secretary needs beyond the main flow: the ratification request and decision, committee members in the
 * congress form, target measurements, editing/closing plan items, bulk progress by spreadsheet, personal yearly plans.
 * Everything on a 360-px phone.
 */
let j: Journey;
let ktc: string;
let llcs: string;
const today = todayIso();
const year = today.slice(0, 4);

const orgId = async (code: string) =>
  (await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`))[0]!.id;

beforeAll(async () => {
  j = await startJourney();
  // Every demo cell has held its congress: this journey records one for a cell that has not.
  ktc = (await buildCellAwaitingCongress(j)).cell.id;
  llcs = await orgId("CB-LLCS");
});
afterAll(() => j?.close());

describe("congress: committee members, ratification request and decision", () => {
  it("the congress form takes committee members and does not require a deputy; the secretary records the request", async () => {
    const page = await phone360(j, { acceptDownloads: true });
    await signIn(page, "bithu.ktc", "Đinh Công Tráng");
    await page.goto(`/to-chuc/${ktc}?tab=ke-hoach`);
    await page.getByRole("button", { name: "Ghi nhận đại hội" }).click();
    const dialog = page.getByRole("dialog");
    const required = (label: RegExp) =>
      dialog
        .getByLabel(label)
        .first()
        .evaluate((el) => (el as HTMLInputElement).required);
    expect(await required(/^Bí thư được bầu/)).toBe(true);
    expect(await required(/^Phó bí thư được bầu \(nếu có\)/)).toBe(false);
    await fillDate(page, "Ngày đại hội", "2025-03-20");
    await fillDate(page, "Ngày kết thúc nhiệm kỳ", "2027-03-20");
    await dialog.getByRole("textbox", { name: "Tổng số đảng viên/đại biểu được triệu tập" }).fill("6");
    await dialog.getByRole("textbox", { name: "Số có mặt" }).fill("6");
    await pick(page, "Bí thư được bầu", "Đinh Công Tráng");
    await pick(page, "Chi ủy viên được bầu", "Lý Văn Thắng");
    await pick(page, "Chi ủy viên được bầu", "Dương Thị Bích Liên");
    await j.shot(page, "plans-screens-congress-committee");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã xong 0/5 việc sau đại hội").waitFor();
    const seats = await j.database.rows<{ full_name: string }>(
      sql`SELECT m.full_name FROM positions p JOIN members m ON m.id = p.member_id WHERE p.organization_id = ${ktc} AND p.role = 'committee_member' AND p.starts_on = '2025-03-20' ORDER BY m.full_name`,
    );
    expect(seats.map((s) => s.full_name)).toEqual(["Dương Thị Bích Liên", "Lý Văn Thắng"]);

    // The cell cannot ratify its own secretary: only the request button.
    await page.getByRole("button", { name: "Ghi tờ trình đề nghị chuẩn y" }).click();
    expect(await page.getByRole("button", { name: "Ghi quyết định chuẩn y" }).count()).toBe(0);
    await fillDate(page, "Ngày tờ trình", "2025-03-10");
    await page.getByRole("dialog").getByRole("textbox", { name: "Số tờ trình" }).fill("07-TTr/CB");
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    // A request dated before the congress is refused under its field.
    await page.getByRole("dialog").getByText("Ngày tờ trình", { exact: false }).first().waitFor();
    await expect.poll(() => page.getByRole("dialog").locator(".mantine-InputWrapper-error").count()).toBeGreaterThan(0);
    await fillDate(page, "Ngày tờ trình", "2025-03-25");
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã gửi tờ trình số 07-TTr/CB ngày 25/03/2025; đang chờ Đảng ủy chuẩn y.").waitFor();
    await noSideScroll(page);
    await j.shot(page, "plans-screens-submission");
    await page.context().close();
  });

  it("the office records the ratification, which ticks the checklist item", async () => {
    const page = await phone360(j, { acceptDownloads: true });
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.goto(`/to-chuc/${ktc}?tab=ke-hoach`);
    await page.getByRole("button", { name: "Ghi quyết định chuẩn y" }).click();
    await page.getByRole("dialog").getByText("Đã gửi tờ trình số 07-TTr/CB").waitFor();
    await page.getByRole("dialog").getByRole("textbox", { name: "Số quyết định chuẩn y" }).fill("120-QĐ/ĐU");
    await fillDate(page, "Ngày chuẩn y", "2025-04-15");
    await j.shot(page, "plans-screens-ratification-form");
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Đã chuẩn y ngày 15/04/2025 (120-QĐ/ĐU).").waitFor();
    await page.getByText("Đã xong 1/5 việc sau đại hội").waitFor();
    expect(await page.getByRole("button", { name: "Ghi quyết định chuẩn y" }).count()).toBe(0);
    await noSideScroll(page);
    await j.shot(page, "plans-screens-ratified");
    await page.context().close();
  });
});

describe("the secretary of CB-LLCS", () => {
  let page: Page;
  beforeAll(async () => {
    page = await phone360(j, { acceptDownloads: true });
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
  });

  it("adds a dated measurement to a target and sees progress against the goal", async () => {
    const [res] = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM resolutions WHERE organization_id = ${llcs} AND number = '01-NQ/ĐH'`,
    );
    await page.goto(`/nghi-quyet/${res!.id}`);
    const target = page.getByTestId("target").filter({ hasText: "Kết nạp đảng viên mới" });
    // The demo's admission of its probationary member already moved this target once (the admissions module).
    await target.getByRole("button", { name: "Thêm số đo" }).waitFor();
    await target.getByRole("button", { name: "Thêm số đo" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    // No value: refused under the field, nothing written.
    await expect.poll(() => page.getByRole("dialog").locator(".mantine-InputWrapper-error").count()).toBeGreaterThan(0);
    await fillDate(page, "Ngày đo", `${year}-06-30`);
    await page.getByRole("dialog").getByRole("textbox", { name: "Giá trị đạt được (người)" }).fill("1");
    await page.getByRole("dialog").getByRole("textbox", { name: "Ghi chú" }).fill("Kết nạp đồng chí Hoàng Thị Mai");
    await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
    await target.getByText(`30/06/${year}: 1 người — Kết nạp đồng chí Hoàng Thị Mai`).waitFor();
    await target.getByText("Ban đầu 0, mục tiêu 2 người; hiện tại: 1").waitFor();
    await target.getByText("50%").first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "plans-screens-measurement");
  });

  it("edits an issued plan's item only with a reason, and closes the item it cannot delete", async () => {
    const [plan] = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM plans WHERE organization_id = ${llcs} AND kind = 'programme'`,
    );
    await page.goto(`/ke-hoach/${plan!.id}`);
    const item = page.getByTestId("plan-item").filter({ hasText: "Năm 2026: mỗi quý một buổi sinh hoạt chuyên đề" });
    await item.getByRole("button", { name: "Sửa" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Kiểm tra, đôn đốc" }).fill("Chi ủy kiểm tra mỗi quý");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await dialog.getByText("Kế hoạch đã ban hành: hãy ghi lý do điều chỉnh.").waitFor();
    await dialog
      .getByRole("textbox", { name: "Lý do điều chỉnh" })
      .fill("Sơ kết 6 tháng: chuyển sang kiểm tra theo quý");
    await j.shot(page, "plans-screens-item-edit");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await item.getByText("Chi ủy kiểm tra mỗi quý").waitFor();
    await page.getByText("Sơ kết 6 tháng: chuyển sang kiểm tra theo quý").waitFor();
    // An adjustment recorded late in a Hanoi evening (after 17:00 UTC) is dated the next calendar day in Vietnam.
    await j.database.rows(
      sql`UPDATE plan_adjustments SET at = ${`${year}-03-10T18:30:00Z`} WHERE reason = 'Sơ kết 6 tháng: chuyển sang kiểm tra theo quý' RETURNING id`,
    );
    await page.reload();
    await page.getByText(`11/03/${year} 01:30: Sơ kết 6 tháng: chuyển sang kiểm tra theo quý`).waitFor();

    await item.getByRole("button", { name: "Xóa" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Xóa" }).click();
    const refusal = page.getByRole("dialog").getByRole("alert");
    await refusal
      .getByText("Nội dung này đã có báo cáo tiến độ nên không thể xóa; hãy đóng nội dung để giữ lại lịch sử.")
      .waitFor();
    await noSideScroll(page);
    await j.shot(page, "plans-screens-delete-refused");
    await page.getByRole("dialog").getByRole("button", { name: "Đóng nội dung thay vì xóa" }).click();
    await page.getByRole("dialog").getByRole("textbox", { name: "Lý do đóng" }).fill("Gộp vào kế hoạch năm 2026");
    await page.getByRole("dialog").getByRole("button", { name: "Đóng nội dung" }).click();
    await j.shot(page, "plans-screens-item-closing");
    await item.getByText(`Đã đóng ngày ${dmy(today)}: Gộp vào kế hoạch năm 2026`).waitFor();
    const [row] = await j.database.rows<{ closed_on: string | null; deleted_at: string | null }>(
      sql`SELECT closed_on::text, deleted_at::text FROM plan_items WHERE what LIKE 'Năm 2026:%' AND organization_id = ${llcs}`,
    );
    expect(row).toEqual({ closed_on: today, deleted_at: null });
    await j.shot(page, "plans-screens-item-closed");
  });

  it("updates progress by spreadsheet: a wrong row blocks everything, the corrected file goes in", async () => {
    await page.goto(`/to-chuc/${llcs}?tab=ke-hoach`);
    await page.getByRole("link", { name: "Cập nhật tiến độ bằng Excel" }).click();
    await page.getByRole("heading", { name: "Cập nhật tiến độ hàng loạt" }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Tải tệp Excel tiến độ" }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(6).value).toBe("Tiến độ mới (%)");
    const ids: string[] = [];
    ws.eachRow((r, n) => n > 1 && ids.push(String(r.getCell(1).value)));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    ws.getRow(2).getCell(6).value = 80;
    ws.getRow(2).getCell(7).value = "Cập nhật cuối tháng";
    ws.getRow(3).getCell(6).value = 150;
    const bad = path.join(os.tmpdir(), `chibo-progress-bad-${process.pid}.xlsx`);
    await writeFile(bad, Buffer.from(await wb.xlsx.writeBuffer()));
    await page.locator("#progress-file").setInputFiles(bad);
    await page.getByText(/^1\/\d+ dòng có lỗi\. Chưa ghi dòng nào/).waitFor();
    const wrong = page.getByTestId("bulk-row").filter({ hasText: "Dòng 3" });
    await wrong.getByText("Tiến độ phải là số nguyên từ 0 đến 100.").waitFor();
    expect(await page.getByRole("button", { name: "Xác nhận cập nhật" }).isDisabled()).toBe(true);
    await noSideScroll(page);
    await j.shot(page, "plans-screens-bulk-errors");

    ws.getRow(3).getCell(6).value = 40;
    const good = path.join(os.tmpdir(), `chibo-progress-good-${process.pid}.xlsx`);
    await writeFile(good, Buffer.from(await wb.xlsx.writeBuffer()));
    await page.locator("#progress-file").setInputFiles(good);
    await page.getByText(/^Cả \d+ dòng đều hợp lệ/).waitFor();
    await j.shot(page, "plans-screens-bulk-preview");
    await page.getByRole("button", { name: "Xác nhận cập nhật" }).click();
    await page.getByText("Đã cập nhật tiến độ").first().waitFor();
    const [first] = await j.database.rows<{ progress: number }>(sql`SELECT progress FROM tasks WHERE id = ${ids[0]!}`);
    expect(first!.progress).toBe(80);
    await j.shot(page, "plans-screens-bulk-done");
  });
});

describe("personal yearly work plans", () => {
  it("a member registers items linked to the cell's plan; the secretary sees who registered and reviews at year end", async () => {
    const member = await phone360(j, { acceptDownloads: true });
    await signIn(member, "dangvien.llcs", "Phạm Văn Đức");
    await member.goto(`/to-chuc/${llcs}?tab=ke-hoach`);
    await member.getByRole("link", { name: /Kế hoạch cá nhân/ }).click();
    await member.getByText(`Đồng chí chưa đăng ký kế hoạch cá nhân năm ${year}.`).waitFor();
    await member.getByRole("button", { name: "Đăng ký kế hoạch cá nhân" }).click();
    const dialog = member.getByRole("dialog");
    await dialog.getByLabel("Nội dung kế hoạch", { exact: true }).first().click();
    await member.getByRole("option", { name: /Viết bài nghiên cứu về công tác xây dựng Đảng ở cơ sở/ }).click();
    expect(await dialog.getByRole("textbox", { name: "Việc 1" }).inputValue()).toBe(
      "Viết bài nghiên cứu về công tác xây dựng Đảng ở cơ sở",
    );
    await dialog.getByRole("button", { name: "+ Thêm việc" }).click();
    await dialog.getByRole("textbox", { name: "Việc 2" }).fill("Tham gia đầy đủ sinh hoạt chi bộ, học tập nghị quyết");
    await j.shot(member, "plans-screens-personal-form");
    await dialog.getByRole("button", { name: "Gửi đăng ký" }).click();
    const mine = member.getByRole("region", { name: "Kế hoạch của tôi" });
    await mine.getByText("Tham gia đầy đủ sinh hoạt chi bộ, học tập nghị quyết").waitFor();
    await mine.getByText(/Gắn với: Viết bài nghiên cứu/).waitFor();
    await noSideScroll(member);
    await j.shot(member, "plans-screens-personal-mine");
    await member.context().close();

    const secretary = await phone360(j, { acceptDownloads: true });
    await signIn(secretary, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await secretary.goto(`/to-chuc/${llcs}/ke-hoach-ca-nhan`);
    await secretary.getByText(/^1\/\d+ đảng viên đã đăng ký$/).waitFor();
    const row = secretary.getByTestId("personal-row").filter({ hasText: "Phạm Văn Đức" });
    await row.getByText("Đã đăng ký", { exact: true }).waitFor();
    expect(await secretary.getByTestId("personal-row").filter({ hasText: "Chưa đăng ký" }).count()).toBeGreaterThan(0);
    await j.shot(secretary, "plans-screens-personal-who");
    await row.getByRole("button", { name: "Đánh giá cuối năm" }).click();
    const review = secretary.getByRole("dialog");
    await review.getByRole("textbox", { name: "Kết quả thực hiện" }).first().fill("Đã nộp bài cho Hội đồng khoa học");
    await review.getByRole("textbox", { name: "Nhận xét" }).fill("Hoàn thành tốt");
    await review.getByRole("button", { name: "Lưu" }).click();
    await row.getByText("Đã đánh giá", { exact: true }).waitFor();
    await row.getByText("Kết quả: Đã nộp bài cho Hội đồng khoa học").waitFor();
    const [saved] = await j.database.rows<{ review_note: string }>(
      sql`SELECT review_note FROM personal_plans WHERE organization_id = ${llcs} AND year = ${Number(year)}`,
    );
    expect(saved!.review_note).toBe("Hoàn thành tốt");
    await noSideScroll(secretary);
    await j.shot(secretary, "plans-screens-personal-reviewed");
  });
});
