import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * On a 360-px phone: a member hands in the reflection on the level above's resolution the cell studied; the
 * secretary sees it arrive among the reflections; the cell's trade union with its assigned member; the đảng ủy's
 * view of which cells have studied it.
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

describe("studying a resolution of the level above", () => {
  it("a member hands in the reflection from a phone; the committee and the đảng ủy see the count move", async () => {
    const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
    const [root] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
    await signIn(page, "dangvien.llcs", "Phạm Văn Đức");
    await page.goto(`/to-chuc/${cell!.id}/hoc-tap-nghi-quyet`);
    await page.getByText("10/12 đảng viên đã học tập, 8/12 nộp thu hoạch").waitFor();
    await page.getByText("Chưa nộp thu hoạch").waitFor();
    await noSideScroll(page);
    await j.shot(page, "studies-cell-phone");
    await page.getByRole("link", { name: /^Học tập ngày/ }).click();
    await page
      .getByLabel("Nội dung thu hoạch")
      .fill("Nghị quyết giúp tôi thấy rõ trách nhiệm nêu gương của đảng viên.");
    await page.getByRole("button", { name: "Nộp thu hoạch" }).click();
    await page.getByText("10/12 đảng viên đã học tập, 9/12 nộp thu hoạch").first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "studies-reflection-phone");

    await page.context().clearCookies();
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await page.goto(`/to-chuc/${cell!.id}/hoc-tap-nghi-quyet`);
    await page.getByRole("link", { name: /^Học tập ngày/ }).click();
    await page.getByText("Bài thu hoạch", { exact: true }).waitFor();
    expect(await page.locator("main").textContent()).toContain("Phạm Văn Đức");
    await noSideScroll(page);
    await j.shot(page, "studies-session-secretary-phone");

    await page.goto(`/to-chuc/${cell!.id}/doan-the`);
    await page.getByText("Phụ trách: đồng chí Lê Thị Ngọc Ánh").waitFor();
    await noSideScroll(page);
    await j.shot(page, "massorg-cell-phone");

    await page.context().clearCookies();
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.goto(`/to-chuc/${root!.id}/tong-hop-hoc-tap`);
    await page.getByText("1/5 chi bộ đã học tập").waitFor();
    await noSideScroll(page);
    await j.shot(page, "studies-overview-phone");
    await page.goto(`/to-chuc/${root!.id}/doan-the`);
    await page.getByRole("link", { name: "Đoàn Thanh niên Trường Chính trị tỉnh Lâm Đồng" }).click();
    await page.getByText("Giới thiệu, nhận xét quần chúng").waitFor();
    await noSideScroll(page);
    await j.shot(page, "massorg-youth-union-phone");
    await page.getByRole("link", { name: "Đinh Công Khải" }).click();
    await page.getByText("Do Đoàn Thanh niên Trường Chính trị tỉnh Lâm Đồng cung cấp").waitFor();
    await j.shot(page, "massorg-dossier-provided-phone");
  });
});
