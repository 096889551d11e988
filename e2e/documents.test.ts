import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { startJourney, type Journey } from "./support/browser.js";
import { todayIso } from "../src/core/time.js";

/**
 * The cell secretary on a 360 px phone issues the November resolution the cell adopted at its meeting,
 * then downloads it as Word and PDF and opens the print view.
 */
let j: Journey;
let page: Page;
let cellId: string;

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-e2e-doc-"));
  writeFileSync(path.join(dir, "d.pdf"), pdf);
  return execFileSync("pdftotext", [path.join(dir, "d.pdf"), "-"]).toString("utf8");
}

beforeAll(async () => {
  j = await startJourney();
  const context = await j.browser.newContext({
    viewport: { width: 360, height: 780 },
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    baseURL: j.url,
  });
  page = await context.newPage();
  const [row] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
  cellId = row!.id;
});
afterAll(() => j?.close());

describe("issuing the monthly resolution", () => {
  it("the secretary finds the adopted resolution in her cell's register", async () => {
    await page.goto("/dang-nhap");
    await page.getByLabel("Tên đăng nhập hoặc email").fill("bithu.llcs");
    await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Xin chào, Nguyễn Thị Thu Hà").waitFor();
    await page.goto(`/to-chuc/${cellId}?tab=van-ban`);
    await page.getByTestId("document-register").getByText("Số 01-QC/CB").waitFor();
    // Search without diacritics.
    await page.getByLabel("Tìm theo số, trích yếu, nội dung").fill("quy che lam viec");
    await page.getByTestId("document-register").getByText("Số 01-CTr/CB").waitFor({ state: "detached" });
    await page.getByLabel("Tìm theo số, trích yếu, nội dung").fill("");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await j.shot(page, "documents-register-360");
    await page.getByRole("link", { name: /NQ — Chưa có số/ }).click();
    await page.getByText("lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026").first().waitFor();
    await j.shot(page, "documents-draft-360");
  });

  it("Ban hành first says what will happen, with the number it will give, and issues only on confirmation", async () => {
    await page.getByTestId("issue").click();
    const preview = page.getByTestId("issue-preview");
    await preview.getByText("Sẽ cấp số 01-NQ/CB").waitFor();
    await preview.getByText("và khóa văn bản").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await j.shot(page, "documents-issue-confirm-360");
    // Nothing is issued, and no number drawn, before the confirmation.
    const [before] = await j.database.rows<{ status: string; number: number | null }>(
      sql`SELECT status, number FROM documents WHERE organization_id = ${cellId} AND type = 'NQ' AND number IS NULL`,
    );
    expect(before).toEqual({ status: "adopted", number: null });
    await page.getByTestId("issue-confirm").click();
    await page.getByText("Số 01-NQ/CB").first().waitFor();
  });

  it("issues it: numbered, dated, with both files to download", async () => {
    await j.shot(page, "documents-issued-360");
    const pdfHref = await page.getByTestId("download-pdf").getAttribute("href");
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect(pdf.headers()["content-disposition"]).toContain("filename*=UTF-8''01-NQ-CB%20l%C3%A3nh%20%C4%91%E1%BA%A1o");
    const text = pdftotext(await pdf.body());
    expect(text).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(text).toContain("Số 01-NQ/CB");
    const [y, m, d] = todayIso().split("-").map(Number) as [number, number, number];
    const day = d < 10 ? `0${d}` : String(d);
    const month = m <= 2 ? `0${m}` : String(m);
    expect(text).toContain(`Lâm Đồng, ngày ${day} tháng ${month} năm ${y}`);
    const docx = await page.request.get((await page.getByTestId("download-docx").getAttribute("href"))!);
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.body()))["word/document.xml"]!);
    expect(xml).toContain("Số 01-NQ/CB");
    expect(xml).toContain("Times New Roman");
    // The files are stored a moment after the issue (ADR 0177): the page shows their checksums without a reload.
    await page.getByText(/^Mã kiểm tra \(SHA-256\): PDF [0-9a-f]{64}/u).waitFor({ timeout: 15_000 });
    await j.shot(page, "documents-issued-checksums-360");
  });

  it("opens the print view", async () => {
    await page.getByRole("link", { name: "Xem bản in" }).click();
    await page.getByRole("button", { name: "In" }).waitFor();
    await page.getByText("T/M CHI BỘ").waitFor();
    await j.shot(page, "documents-print-360");
  });
});

describe("the đảng bộ's whole register", () => {
  it("the office lists the cells' documents with its own and narrows to one cell, on a 360 px phone", async () => {
    const context = await j.browser.newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
      locale: "vi-VN",
      baseURL: j.url,
    });
    const office = await context.newPage();
    const [row] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
    await office.goto("/dang-nhap");
    await office.getByLabel("Tên đăng nhập hoặc email").fill("vanphong");
    await office.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await office.getByRole("button", { name: "Đăng nhập" }).click();
    await office.waitForURL((url) => !url.pathname.startsWith("/dang-nhap"));
    await office.goto(`/to-chuc/${row!.id}?tab=van-ban`);
    const register = office.getByTestId("document-register");
    await register.getByText("Số 01-KH/ĐU").waitFor();
    expect(await register.getByText("Số 01-QC/CB").count()).toBe(0);
    await office.getByLabel("Gồm văn bản của các chi bộ trực thuộc").check();
    await register.getByText("Số 01-QC/CB").waitFor();
    await register.getByText("Chi bộ Khoa Lý luận cơ sở").first().waitFor();
    expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await j.shot(office, "documents-register-subtree-360");
    await office.getByRole("combobox", { name: "Tổ chức ban hành" }).click();
    await office.getByRole("option", { name: "Chi bộ Khoa Lý luận cơ sở" }).click();
    await register.getByText("Số 01-KH/ĐU").waitFor({ state: "detached" });
    await register.getByText("Số 01-QC/CB").waitFor();
    await j.shot(office, "documents-register-subtree-cell-360");
    await context.close();
  });
});
