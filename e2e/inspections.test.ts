import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { startJourney, type Journey } from "./support/browser.js";
import { dmy, noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * The UBKT chair on a 360-px phone writes a programme for the fourth quarter, issues it, runs its finance inspection
 * of CB-XDD to the conclusion (the cell's secretary writes the self-report on her own phone), records a shortcoming
 * for the secretary to remedy, and accepts the remedy once reported. The secretary sees the cell's inspection and
 * its finding, never the demo's confidential case about a member of her cell. Last, the discipline file refuses a
 * form above what a probationary member may be given, at the field.
 */
let j: Journey;
let chair: Page;
let secretary: Page;

beforeAll(async () => {
  setClockForTests("2026-12-03");
  j = await startJourney();
  chair = await phone360(j);
  secretary = await phone360(j);
  // The phones' calendars agree with the server's: the forms' "today" is 03/12/2026 at any hour of the run.
  for (const page of [chair, secretary]) await page.clock.setFixedTime(new Date("2026-12-03T10:00:00+07:00"));
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

const orgId = async (code: string) =>
  (await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`))[0]!.id;

async function typeDate(page: Page, label: string, iso: string) {
  const input = page.getByRole("textbox", { name: label }).last();
  await input.fill(dmy(iso));
  await input.press("Tab");
}

async function pickMember(page: Page, label: string, name: string) {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(name.split(" ").at(-1)!);
  await page.getByRole("option", { name }).click();
}

const choose = (page: Page, label: string, option: string) =>
  page.getByRole("combobox", { name: label, exact: true }).last().selectOption({ label: option });

async function recordStep(step: string, text: string) {
  await chair.getByTestId("step-chosen").getByText(step, { exact: true }).waitFor();
  await chair.getByRole("textbox", { name: "Nội dung ghi nhận" }).fill(text);
  await chair.getByRole("button", { name: "Ghi nhận bước", exact: true }).click();
  await chair.getByText(`Đã ghi nhận: ${step}.`).waitFor();
}

async function look(page: Page, name: string) {
  await noSideScroll(page);
  // The confirmations of the last saves would cover the page's top in the picture.
  // From the top, so the fixed header sits where it belongs in the full-page picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  const hide = await page.addStyleTag({ content: ".mantine-Notifications-root { display: none !important; }" });
  await j.shot(page, name);
  await hide.evaluate((tag) => (tag as Element).remove());
}

describe("inspection", () => {
  it("programme → inspection → conclusion → finding closed; the subject's secretary sees only her part", async () => {
    const root = await orgId("DB-TCT");
    const xdd = await orgId("CB-XDD");
    const [secret] = await j.database.rows<{ id: string }>(sql`SELECT id FROM confidential_cases LIMIT 1`);

    await signIn(chair, "ubkt", "Hồ Thị Phương");
    // The side menu leads the UBKT to the đảng bộ's inspections (on a phone, once the burger opens it).
    const menuEntry = (page: Page) => page.getByLabel("Điều hướng").getByRole("link", { name: "Kiểm tra, giám sát" });
    await chair.getByRole("button", { name: "Mở danh sách tổ chức" }).click();
    expect(await menuEntry(chair).getAttribute("href")).toBe(`/to-chuc/${root}/kiem-tra`);
    await chair.getByRole("button", { name: "Đóng danh sách tổ chức" }).click();
    await chair.goto(`/to-chuc/${root}/kiem-tra`);
    await chair.getByTestId("inspection-dashboard").waitFor();
    // The demo: the UBKT's inspection of CB-LLCS is concluded, one of its findings still open.
    expect(await chair.getByTestId("inspection-dashboard").textContent()).toContain("Đã kết luận 1/1");
    await look(chair, "inspections-dashboard-phone");

    await chair.getByRole("button", { name: "Lập chương trình năm" }).click();
    await chair
      .getByRole("textbox", { name: "Tên chương trình" })
      .fill("Chương trình kiểm tra tài chính quý IV năm 2026");
    await chair.getByRole("button", { name: "Tạo chương trình" }).click();
    await chair.getByRole("heading", { name: "Chương trình kiểm tra tài chính quý IV năm 2026" }).waitFor();

    await chair.getByRole("button", { name: "Thêm nội dung" }).click();
    await choose(chair, "Tổ chức đảng được kiểm tra", "Chi bộ Khoa Xây dựng Đảng");
    await choose(chair, "Loại", "Kiểm tra tài chính đảng");
    await chair.getByRole("textbox", { name: "Nội dung" }).fill("Kiểm tra thu, nộp, quản lý đảng phí năm 2026");
    await pickMember(chair, "Người chủ trì", "Hồ Thị Phương");
    await typeDate(chair, "Từ ngày", "2026-12-01");
    await typeDate(chair, "Đến ngày", "2026-11-30");
    await chair.getByRole("button", { name: "Thêm nội dung", exact: true }).click();
    // The period is refused at its field, and nothing is stored.
    await chair.getByText("Ngày kết thúc phải sau ngày bắt đầu.").first().waitFor();
    await look(chair, "inspections-programme-line-refused-phone");
    await typeDate(chair, "Đến ngày", "2026-12-31");
    await chair.getByRole("button", { name: "Thêm nội dung", exact: true }).click();
    await chair.getByTestId("programme-item").waitFor();
    await chair.getByRole("button", { name: "Thông qua và ban hành" }).click();
    await chair.getByText("Số 02-CTr/UBKTĐU — 03/12/2026").waitFor();
    await look(chair, "inspections-programme-phone");

    await chair.getByRole("button", { name: "Tiến hành: Chi bộ Khoa Xây dựng Đảng" }).click();
    await chair.getByTestId("inspection-steps").waitFor();
    await recordStep("Quyết định thành lập đoàn kiểm tra", "Đoàn gồm đồng chí Hồ Thị Phương và hai ủy viên.");
    // The decision draws the UBKT's next QĐ number: the demo used 01 and 02 this year.
    await chair.getByTestId("step-decision").getByText("Số 03-QĐ/UBKTĐU").waitFor();
    await recordStep("Thông báo nội dung, thời gian đến đối tượng", "Kiểm tra từ 07/12 đến 18/12/2026.");
    await look(chair, "inspections-inspection-running-phone");

    // The subject cell's secretary writes the self-report, and reaches nothing confidential about her cell.
    await signIn(secretary, "bithu.xdd", "Trần Văn Hùng");
    // Once the menu has her cell, it still has no inspection entry: hers is on the cell's page.
    await secretary.getByRole("button", { name: "Mở danh sách tổ chức" }).click();
    await secretary.getByLabel("Điều hướng").getByRole("link", { name: "Chi bộ Khoa Xây dựng Đảng" }).first().waitFor();
    expect(await menuEntry(secretary).count()).toBe(0);
    await secretary.getByRole("button", { name: "Đóng danh sách tổ chức" }).click();
    await secretary.goto(`/to-chuc/${xdd}`);
    await secretary.getByRole("link", { name: "Kiểm tra, giám sát" }).click();
    await secretary.getByTestId("inspection-card").first().waitFor();
    const list = await secretary.locator("main").textContent();
    expect(list).not.toContain("Lý Văn Phúc");
    expect(list).not.toContain("dấu hiệu vi phạm");
    expect(list).not.toContain("Mật");
    await look(secretary, "inspections-subject-list-phone");
    await secretary.getByTestId("inspection-card").getByRole("link").first().click();
    await secretary.getByTestId("step-form").waitFor();
    await secretary.getByRole("textbox", { name: "Nội dung ghi nhận" }).fill("Chi bộ thu đủ đảng phí 12 tháng.");
    await secretary.getByRole("button", { name: "Ghi nhận bước", exact: true }).click();
    await secretary.getByText("Đã ghi nhận: Báo cáo tự kiểm tra của đối tượng.").waitFor();
    const inspectionUrl = secretary.url();

    await chair.reload();
    await recordStep("Thẩm tra, xác minh", "Đoàn đối chiếu sổ thu nộp đảng phí với danh sách đảng viên.");
    await recordStep("Hội nghị kết luận", "Ủy ban Kiểm tra thông qua dự thảo kết luận.");
    await recordStep("Thông báo kết luận", "Chi bộ thu, nộp đúng; sổ thu đảng phí ghi chưa kịp thời.");
    await chair.getByText("Đã kết luận ngày 03/12/2026").waitFor();
    await chair.getByTestId("step-conclusion").getByText("Số 02-TB/UBKTĐU").waitFor();
    // The conclusion notice in the official layout, from the step's own link.
    const href = await chair.getByTestId("step-conclusion").getByRole("link", { name: "Tải PDF" }).getAttribute("href");
    const pdf = await chair.request.get(href!, { timeout: 120_000 });
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-e2e-tb-"));
    writeFileSync(path.join(dir, "tb.pdf"), await pdf.body());
    const text = execFileSync("pdftotext", [path.join(dir, "tb.pdf"), "-"]).toString("utf8");
    expect(text).toContain("ỦY BAN KIỂM TRA");
    expect(text).toContain("Số 02-TB/UBKTĐU");
    expect(text).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");

    await chair.getByRole("button", { name: "Thêm hạn chế" }).click();
    await chair.getByRole("textbox", { name: "Hạn chế, khuyết điểm" }).fill("Sổ thu đảng phí ghi chưa kịp thời");
    await chair.getByRole("textbox", { name: "Biện pháp khắc phục" }).fill("Ghi sổ thu đảng phí ngay khi thu");
    await pickMember(chair, "Người chịu trách nhiệm", "Trần Văn Hùng");
    await typeDate(chair, "Hạn khắc phục", "2026-12-31");
    await chair.getByRole("button", { name: "Thêm hạn chế", exact: true }).click();
    await chair.getByTestId("finding").getByText("Chờ báo cáo khắc phục của đối tượng.").waitFor();
    await look(chair, "inspections-inspection-concluded-phone");

    // The secretary reads the conclusion and her finding, not the team's notes, and reports the remedy.
    await secretary.goto(inspectionUrl);
    await secretary.getByTestId("finding").waitFor();
    const seen = await secretary.locator("main").textContent();
    expect(seen).toContain("Chi bộ thu, nộp đúng");
    expect(seen).not.toContain("Đoàn đối chiếu sổ thu nộp");
    expect(seen).toContain("Việc của đoàn kiểm tra");
    await secretary.getByRole("button", { name: "Báo cáo khắc phục" }).click();
    await secretary
      .getByRole("textbox", { name: "Báo cáo khắc phục" })
      .fill("Từ ngày 03/12/2026 sổ thu đảng phí ghi ngay khi thu.");
    await secretary.getByRole("button", { name: "Gửi báo cáo" }).click();
    await secretary.getByText("Báo cáo khắc phục ngày 03/12/2026").waitFor();
    await look(secretary, "inspections-subject-secretary-phone");
    // The demo's confidential case about a member of her cell does not exist for her.
    await secretary.goto(`/kiem-tra/${secret!.id}`);
    await secretary.getByRole("alert").waitFor();
    expect(await secretary.locator("main").textContent()).not.toContain("kê khai tài sản");

    await chair.reload();
    await chair.getByRole("button", { name: "Nghiệm thu, kết thúc" }).click();
    await chair.getByText("Đã nghiệm thu 03/12/2026").waitFor();
    await look(chair, "inspections-finding-closed-phone");

    await chair.goto(`/to-chuc/${root}/kiem-tra`);
    await chair.getByText("Chương trình kiểm tra tài chính quý IV năm 2026").first().waitFor();
    const dashboard = await chair.getByTestId("inspection-dashboard").textContent();
    expect(dashboard?.match(/Đã kết luận 1\/1/g)?.length).toBe(2);

    // Discipline: a probationary member can only be reprimanded or warned — refused at the form field.
    await chair.getByRole("link", { name: "Hồ sơ kỷ luật" }).click();
    await chair.getByRole("button", { name: "Đề nghị kỷ luật" }).click();
    await pickMember(chair, "Đảng viên", "Cao Thị Yến");
    await choose(chair, "Hình thức đề nghị", "Khai trừ");
    await chair
      .getByRole("textbox", { name: "Lý do" })
      .fill("Vi phạm quy định về những điều đảng viên không được làm.");
    await chair.getByRole("button", { name: "Đề nghị kỷ luật", exact: true }).last().click();
    await chair.getByTestId("discipline").waitFor();
    await choose(chair, "Cấp quyết định", "Cấp trên");
    await choose(chair, "Hình thức kỷ luật", "Khai trừ");
    await chair.getByRole("button", { name: "Ghi quyết định kỷ luật" }).click();
    await chair.getByText("Đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo.").first().waitFor();
    await look(chair, "inspections-discipline-refused-phone");
    await choose(chair, "Cấp quyết định", "Ủy ban Kiểm tra Đảng ủy");
    await choose(chair, "Hình thức kỷ luật", "Cảnh cáo");
    await chair.getByRole("button", { name: "Ghi quyết định kỷ luật" }).click();
    await chair.getByText("Hạn khiếu nại").waitFor();
    expect(await chair.getByTestId("discipline").textContent()).toContain("02/01/2027");
    await look(chair, "inspections-discipline-phone");

    // The confidential case, as the UBKT chair reads it: the file, and who opened it.
    await chair.goto(`/kiem-tra/${secret!.id}`);
    await chair.getByText("Những lần mở hồ sơ").waitFor();
    await chair.getByText("Hồ Thị Phương —").first().waitFor();
    await look(chair, "inspections-confidential-case-phone");

    // The UBKT's report for the year, drafted from the records: its wording editable, its PDF in the layout.
    await chair.goto(`/to-chuc/${root}/kiem-tra`);
    await chair.getByRole("button", { name: "Lập dự thảo báo cáo" }).click();
    await chair
      .getByRole("textbox", { name: "Kỳ báo cáo" })
      .or(chair.getByRole("combobox", { name: "Kỳ báo cáo" }))
      .first()
      .click();
    await chair.getByRole("option", { name: "Năm", exact: true }).click();
    await chair.getByRole("button", { name: "Lập dự thảo báo cáo" }).click();
    const report = chair.getByTestId("inspection-report").filter({ hasText: "Báo cáo năm 2026" });
    await report.waitFor();
    await look(chair, "inspections-report-draft-phone");
    const reportPdf = await chair.request.get(
      (await report.getByRole("link", { name: "Tải PDF" }).getAttribute("href"))!,
      { timeout: 120_000 },
    );
    expect(reportPdf.headers()["content-type"]).toBe("application/pdf");
    writeFileSync(path.join(dir, "bc.pdf"), await reportPdf.body());
    const bc = execFileSync("pdftotext", [path.join(dir, "bc.pdf"), "-"]).toString("utf8");
    expect(bc).toContain("ỦY BAN KIỂM TRA");
    expect(bc).toContain("BÁO CÁO");
  }, 180_000);
});
