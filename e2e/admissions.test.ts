import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";
import { dmy, noSideScroll, phone360, signIn } from "./support/phone.js";
import { minimalPdf } from "../test/support/files.js";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/**
 * The office on a 360-px phone takes the demo's candidate from the dossier to full membership: the cell's vote,
 * the đảng ủy's decision, the ceremony (refused once when dated before the decision), then — a year later by the
 * server's clock — the recognition (refused once before the 12 months), with each deadline on the page.
 */
let j: Journey;
let page: Page;

beforeAll(async () => {
  setClockForTests("2026-12-03");
  j = await startJourney();
  page = await phone360(j);
  // The phone's clock on the server's day: after 17:00 UTC it is already tomorrow in Hanoi, and the forms send today.
  await page.clock.setFixedTime(new Date("2026-12-03T10:00:00+07:00"));
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

const button = (name: string) => page.getByRole("button", { name, exact: true });
async function typeDate(label: string, iso: string) {
  const input = page.getByRole("textbox", { name: label });
  await input.fill(dmy(iso));
  await input.press("Tab");
}

describe("admission", () => {
  it("candidate → resolution → decision → ceremony → recognition, with the deadlines visible", async () => {
    const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
    const full = async (day: string) =>
      (
        await j.database.rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM members WHERE organization_id = ${cell!.id} AND status = 'full'
                AND left_on IS NULL AND (official_date IS NULL OR official_date <= ${day})`,
        )
      )[0]!.n;
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.goto(`/to-chuc/${cell!.id}/ket-nap`);
    await page.getByRole("link", { name: "Đinh Công Khải" }).waitFor();
    // The candidate the cell proposed on 03/11 waits on the đảng ủy: 60 working days, to 27/01/2027.
    expect(await page.locator("main").innerText()).toContain("Hạn ra quyết định kết nạp: 27/01/2027");
    await j.shot(page, "admissions-cell-list-phone");
    await page.getByRole("link", { name: "Lương Thị Minh Thư" }).click();

    // The dossier's files at the item: a program named .pdf is refused there, a scan is taken, then replaced.
    const item = page.getByTestId("dossier-2-KNĐ");
    const send = async (name: string, file: { name: string; mimeType: string; buffer: Buffer }) => {
      const chooser = page.waitForEvent("filechooser");
      await item.getByRole("button", { name }).click();
      await (await chooser).setFiles(file);
    };
    await send("Tải lên 2-KNĐ", { name: "ly-lich.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\0") });
    await item.getByText("Tệp không đúng loại: chỉ nhận tệp PDF, ảnh JPEG hoặc PNG, hoặc tệp Word (.docx).").waitFor();
    await send("Tải lên 2-KNĐ", { name: "ly-lich.pdf", mimeType: "application/pdf", buffer: minimalPdf() });
    await item.getByRole("link", { name: "Tải về ly-lich.pdf" }).waitFor();
    await send("Thay tệp 2-KNĐ", { name: "ly-lich-ban-quet.png", mimeType: "image/png", buffer: PNG });
    await item.getByRole("link", { name: "Tải về ly-lich-ban-quet.png" }).waitFor();
    expect(await item.innerText()).toContain("Tệp đã thay");
    const href = await item.getByRole("link", { name: "Tải về ly-lich.pdf" }).getAttribute("href");
    const old = await page.request.get(href!);
    expect(old.status()).toBe(200);
    expect(old.headers()["content-type"]).toBe("application/pdf");
    await noSideScroll(page);
    await j.shot(page, "admissions-dossier-files-phone");

    await page.getByRole("button", { name: "Đã nhận 5-KNĐ" }).click();
    await page.getByRole("button", { name: "Đã nhận 5-KNĐ" }).waitFor({ state: "detached" });
    await page.getByLabel("Số đảng viên chính thức tán thành").fill(String(await full("2026-12-03")));
    await button("Chi bộ biểu quyết đề nghị kết nạp").click();
    // 60 working days from 03/12/2026, across New Year and Tết Đinh Mùi.
    await page.getByText("Hạn ra quyết định kết nạp: 05/03/2027").first().waitFor();
    await button("Đảng ủy quyết định kết nạp").click();
    await page.getByText("Hạn tổ chức lễ kết nạp: 15/01/2027").first().waitFor();

    await typeDate("Ngày lễ kết nạp", "2026-12-02");
    await button("Ghi nhận lễ kết nạp").click();
    await page.getByText("Lễ kết nạp không được trước ngày quyết định kết nạp (03/12/2026).").waitFor();
    await typeDate("Ngày lễ kết nạp", "2026-12-03");
    await button("Ghi nhận lễ kết nạp").click();
    await page.getByText("Lễ kết nạp: 03/12/2026; dự bị đến 03/12/2027").waitFor();
    await page.getByText("Hạn chi bộ xét công nhận chính thức: 17/01/2028").first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "admissions-candidate-probation-phone");

    // A year on: the cell has held its March 2027 congress, so its register numbers in the new term (the resolution
    // proposing recognition, 13-KNĐ, is issued there).
    await j.database.db.execute(
      sql`INSERT INTO terms (organization_id, label, starts_on, ends_on) VALUES (${cell!.id}, '2027–2030', '2027-03-20', '2030-03-20')`,
    );
    // The helper's comment and the self-review are in; the vote cannot precede the end of probation.
    setClockForTests("2027-12-20");
    await page.clock.setFixedTime(new Date("2027-12-20T10:00:00+07:00"));
    await page.reload();
    // Two forms ticked one after the other on a slow line: the first is still saving when the second is tapped. The
    // second waits (disabled) for the first and goes with the candidate's new version; before, it went at once with
    // the old version and was refused as a conflict.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/candidates/*/forms", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("button", { name: "Đã nhận 10-KNĐ" }).click();
    const second = page.getByRole("button", { name: "Đã nhận 11-KNĐ" });
    await page.waitForFunction(
      () => document.querySelector<HTMLButtonElement>('button[aria-label="Đã nhận 11-KNĐ"]')?.disabled,
    );
    await page.getByTestId("dossier-11-KNĐ").screenshot({ path: `${SCREENSHOTS}/admissions-dossier-saving-phone.png` });
    const tapped = second.click();
    release();
    await tapped;
    await second.waitFor({ state: "detached" });
    await page.unroute("**/api/candidates/*/forms");
    for (const form of ["10-KNĐ", "11-KNĐ"])
      await page.getByTestId(`dossier-${form}`).getByLabel("Đã có trong hồ sơ").waitFor();
    await typeDate("Ngày chi bộ biểu quyết", "2027-12-02");
    await page.getByLabel("Số đảng viên chính thức tán thành").fill(String(await full("2027-12-10")));
    await button("Chi bộ biểu quyết công nhận chính thức").click();
    await page.getByText("Chưa hết 12 tháng dự bị: chỉ xét công nhận từ ngày 03/12/2027.").waitFor();
    await typeDate("Ngày chi bộ biểu quyết", "2027-12-10");
    await button("Chi bộ biểu quyết công nhận chính thức").click();
    await page.getByText("Hạn quyết định công nhận chính thức:").first().waitFor();
    await typeDate("Ngày quyết định", "2027-12-15");
    await button("Đảng ủy quyết định công nhận").click();
    await page.getByText("Đảng viên chính thức từ 03/12/2027").waitFor();
    await noSideScroll(page);
    await j.shot(page, "admissions-candidate-full-phone");

    const [root] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
    await page.goto(`/to-chuc/${root!.id}/phat-trien-dang-vien`);
    await page.getByText("Đảng viên chính thức: 1").waitFor();
    // The demo's admission in January and this one count against the cell's resolution target.
    expect(await page.locator("main").innerText()).toContain("Kết nạp đảng viên mới: 2/2");
    await noSideScroll(page);
    await j.shot(page, "admissions-pipeline-phone");
  });
});
