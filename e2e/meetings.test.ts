import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";

/**
 * The monthly meeting on a 360-px phone, from preparation to approved minutes; the thematic meeting's
 * five steps with step 3 required where the cell has a chi ủy; the đảng ủy overview.
 */
let j: Journey;
const contexts: BrowserContext[] = [];
let cellId = "";
let rootId = "";

async function phone360(): Promise<Page> {
  const context = await j.browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    baseURL: j.url,
  });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, username: string) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(username);
  await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/dang-nhap"));
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

async function newMeeting(page: Page, kind: string, place: string): Promise<string> {
  await page.goto(`/to-chuc/${cellId}?tab=sinh-hoat`);
  await page.getByRole("button", { name: "Lên lịch cuộc họp" }).click();
  await page.getByLabel("Loại cuộc họp").selectOption({ label: kind });
  await page.getByLabel("Địa điểm").fill(place);
  await page.getByRole("button", { name: "Tạo cuộc họp" }).click();
  await page.waitForURL(/\/cuoc-hop\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

beforeAll(async () => {
  j = await startJourney();
  const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
  const [root] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
  cellId = cell!.id;
  rootId = root!.id;
});
afterAll(async () => {
  setClockForTests();
  for (const c of contexts) await c.close();
  await j?.close();
});

describe("a monthly meeting on a phone", () => {
  let page: Page;
  let meetingId = "";

  it("the secretary schedules the meeting on the proposed date and prepares it step by step", async () => {
    page = await phone360();
    await signIn(page, "bithu.llcs");
    meetingId = await newMeeting(page, "Sinh hoạt thường kỳ", "Phòng họp Khoa");
    for (const step of ["assign_preparer", "content_draft", "committee_meeting", "notice", "publish_documents"]) {
      const card = page.locator(`[data-step="${step}"]`);
      await card.getByRole("button", { name: /^Đã xong/ }).click();
      await card.getByText("Nguyễn Thị Thu Hà ·").waitFor();
    }
    // The committee step of a cell with a chi ủy offers no skip.
    await expect(
      page.locator('[data-step="committee_meeting"]').getByRole("button", { name: "Bỏ qua" }).count(),
    ).resolves.toBe(0);
    await noHorizontalScroll(page);
    await j.shot(page, "e2e-meeting-preparation");
  });

  // The live meeting shows one step per screen; the list of steps jumps to any of them.
  const step = async (n: number) => {
    await page.getByRole("button", { name: "Các bước" }).click();
    await page
      .getByRole("navigation", { name: "Các bước" })
      .getByRole("button", { name: new RegExp(`^${n}\\. `) })
      .click();
    await page.getByTestId("live-step-of").getByText(`Bước ${n}/`).waitFor();
  };

  it("runs the live meeting: minute-taker, attendance with live counts, discussion, vote", async () => {
    // A meeting starts on its day: the server's clock moves to 14:00 (Hanoi) of the proposed date.
    const [held] = await j.database.rows<{ date: string }>(
      sql`SELECT date::text FROM meetings WHERE id = ${meetingId}`,
    );
    setClockForTests(`${held!.date}T07:00:00Z`);
    await page.getByRole("link", { name: "Bắt đầu điều hành cuộc họp" }).click();
    await page.getByRole("button", { name: "Bắt đầu họp" }).click();
    await step(2);
    await page.getByRole("combobox", { name: "Thư ký", exact: true }).selectOption({ label: "Trần Quốc Bảo" });
    await page.getByRole("button", { name: "Bước sau" }).click();
    // The attendance step renders after the move: read its rows only once it is on screen.
    await page.getByTestId("live-step-of").getByText("Bước 3/").waitFor();
    await page.locator("[data-member]").first().waitFor();
    const names = await page
      .locator("[data-member]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-member")!));
    expect(names).toHaveLength(12);
    for (const name of names.slice(0, 11)) await page.getByRole("button", { name: `${name}: Có mặt` }).click();
    const away = names[11]!;
    await page.getByRole("button", { name: `${away}: Vắng có lý do` }).click();
    await page.locator(`[data-member="${away}"]`).getByRole("textbox", { name: "Lý do" }).fill("Đi công tác");
    await page.locator(`[data-member="${away}"]`).getByRole("textbox", { name: "Lý do" }).blur();
    await page.getByTestId("live-counts").getByText("Có mặt 11/12 · 91,7%").waitFor();
    await page.locator(`[data-member="${away}"][data-saved="saved"]`).waitFor();
    await page.locator(`[data-member="${away}"]`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-live-attendance-viewport.png") });
    await page.getByRole("button", { name: "Bước sau" }).click();
    await page
      .getByRole("textbox", { name: "Chương trình", exact: true })
      .fill("Đánh giá kết quả tháng trước\nNhiệm vụ tháng tới");
    await step(6);
    await page
      .getByRole("textbox", { name: "Nội dung bí thư trình bày", exact: true })
      .fill("Đánh giá kết quả tháng trước và nhiệm vụ tháng tới.");
    await page.getByRole("button", { name: "Bước sau" }).click();
    await page
      .getByRole("combobox", { name: "Người phát biểu", exact: true })
      .first()
      .selectOption({ label: "Trần Quốc Bảo" });
    await page
      .getByRole("textbox", { name: "Nội dung phát biểu", exact: true })
      .first()
      .fill("Đề nghị bổ sung chỉ tiêu nghiên cứu khoa học.");
    await page.getByRole("button", { name: "Ghi ý kiến" }).first().click();
    await page.getByText("Đề nghị bổ sung chỉ tiêu nghiên cứu khoa học.").first().waitFor();
    await step(10);
    await page
      .getByRole("textbox", { name: "Kết luận của chủ trì", exact: true })
      .fill("Chi bộ thống nhất nội dung nghị quyết tháng.");
    await page.getByRole("button", { name: "Bước sau" }).click();
    await page.getByRole("textbox", { name: "Nội dung biểu quyết", exact: true }).fill("Nghị quyết tháng");
    // Totals above the members present who may vote are refused, with the reason.
    await page.getByRole("textbox", { name: "Tán thành", exact: true }).fill("12");
    await page.getByRole("button", { name: "Ghi kết quả biểu quyết" }).click();
    await page.getByText("Tổng số phiếu (12) vượt quá").first().waitFor();
    await page.getByRole("textbox", { name: "Tán thành", exact: true }).fill("11");
    await page.getByRole("button", { name: "Ghi kết quả biểu quyết" }).click();
    await page.getByTestId("vote-result").getByText("Được thông qua").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-live-vote-viewport.png") });
    await page.getByText("Đã lưu").first().waitFor();
    await step(1);
    await page.getByRole("button", { name: "Xong bước 1", exact: true }).click();
    await page.getByTestId("live-step-of").getByText("Bước 2/").waitFor();
    await step(1);
    await page.locator('[data-step="purpose_guests"]').getByText("Đã xong").waitFor();
    await noHorizontalScroll(page);
    await j.shot(page, "e2e-live-meeting-phone");
  });

  it("survives a reload mid-meeting", async () => {
    await page.reload();
    await page.getByTestId("live-counts").getByText("Có mặt 11/12 · 91,7%").waitFor();
    await step(10);
    expect(await page.getByRole("textbox", { name: "Kết luận của chủ trì", exact: true }).inputValue()).toBe(
      "Chi bộ thống nhất nội dung nghị quyết tháng.",
    );
    await step(2);
    expect(await page.getByRole("combobox", { name: "Thư ký", exact: true }).inputValue()).not.toBe("");
  });

  it("ends the meeting; chair and minute-taker approve; the minutes show the attendance and the vote", async () => {
    await step(13);
    await page.getByRole("button", { name: "Kết thúc cuộc họp" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Kết thúc cuộc họp" }).click();
    await page.getByRole("link", { name: "Sang trang thông qua biên bản" }).click();
    // The secretary scores the judgement criteria; the rest comes from the record.
    await page.getByTestId("score-rating").waitFor();
    await page.getByRole("textbox", { name: "Điểm (tối đa 10)" }).first().fill("8");
    await page.getByRole("textbox", { name: "Ghi chú" }).first().fill("Phê bình thẳng thắn, xây dựng.");
    await page.getByRole("textbox", { name: "Điểm (tối đa 10)" }).nth(1).fill("9");
    await page.getByRole("textbox", { name: "Ghi chú" }).nth(1).fill("Nghị quyết tháng trước hoàn thành.");
    await page.getByRole("button", { name: "Lưu điểm" }).click();
    await page.getByText("Đã lưu điểm chất lượng.").waitFor();
    await page.getByTestId("score-rating").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-meeting-score-viewport.png") });
    await page.getByRole("button", { name: "Thông qua biên bản (chủ trì)" }).click();
    await page.getByText("Chủ trì đã thông qua: Có").waitFor();
    const taker = await phone360();
    await signIn(taker, "phobithu.llcs");
    await taker.goto(`/cuoc-hop/${meetingId}`);
    await taker.getByRole("button", { name: "Thông qua biên bản (thư ký)" }).click();
    await taker.getByText("Biên bản đã thông qua").first().waitFor();
    await taker.getByRole("link", { name: "Biên bản", exact: true }).click();
    const minutes = taker.getByTestId("minutes");
    await minutes.waitFor();
    const attendance = await taker.getByTestId("minutes-attendance").innerText();
    expect(attendance).toContain("có mặt: 11/12");
    expect(attendance).toContain("vắng có lý do: 1");
    expect(await minutes.innerText()).toContain("Đi công tác");
    expect(await minutes.innerText()).toContain("Đánh giá kết quả tháng trước và nhiệm vụ tháng tới.");
    const vote = await taker.getByTestId("minutes-vote").innerText();
    expect(vote).toContain("11/11 đồng chí tán thành");
    expect(vote).toContain("được thông qua");
    expect(await minutes.innerText()).toMatch(/Chất lượng buổi sinh hoạt: (Tốt|Khá|Trung bình|Kém) \(/);
    await noHorizontalScroll(taker);
    await j.shot(taker, "e2e-minutes-phone");
    // The print layout, as the browser prints it to PDF: the figures are in the file.
    const pdf = await taker.pdf({ format: "A4" });
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-minutes-"));
    writeFileSync(path.join(dir, "bb.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "bb.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain("BIÊN BẢN");
    expect(text.replace(/\s+/g, " ")).toContain("có mặt: 11/12");
    expect(text.replace(/\s+/g, " ")).toContain("11/11 đồng chí tán thành");
    expect(text).not.toContain("In biên bản");
  });

  it("downloads the approved minutes as Word and PDF in the official layout, issues them and the meeting's resolution", async () => {
    await page.goto(`/cuoc-hop/${meetingId}`);
    const card = page.getByTestId("meeting-official");
    await card.waitFor();
    const download = async (name: string) => {
      const [dl] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name }).click()]);
      return readFileSync((await dl.path())!);
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-official-"));
    const pdf = await download("Tải biên bản (PDF)");
    writeFileSync(path.join(dir, "bb.pdf"), pdf);
    const pdfText = execFileSync("pdftotext", [path.join(dir, "bb.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
    expect(pdfText).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(pdfText).toContain("có mặt: 11");
    expect(pdfText).toContain("11/11");
    expect(pdfText).not.toContain("DỰ THẢO");
    const docx = await download("Tải biên bản (Word)");
    const xml = strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]!).replace(/<[^>]+>/g, "");
    expect(xml).toContain("có mặt: 11");
    expect(xml).toContain("11/11");
    await noHorizontalScroll(page);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-meeting-official-viewport.png") });

    await card.getByRole("button", { name: "Ban hành biên bản" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ban hành biên bản" }).click();
    await card.getByText(/Biên bản đã ban hành: Số \d{2}-BB\/CB/u).waitFor();
    await card.getByText("Trạng thái: Đã biểu quyết thông qua").waitFor();
    await card.getByRole("button", { name: "Ban hành nghị quyết" }).click();
    await card.getByText("Trạng thái: Đã ban hành").waitFor();
    await card.getByRole("link", { name: /^\d{2}-NQ\/CB · Nghị quyết/u }).waitFor();
    await noHorizontalScroll(page);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-meeting-issued-viewport.png") });
    // The resolution is in the resolutions module, adopted in this meeting and now issued with the register's number.
    const [resolution] = await j.database.rows<{ state: string; number: string }>(
      sql`SELECT state, number FROM resolutions WHERE meeting_id = ${meetingId}`,
    );
    expect(resolution).toMatchObject({ state: "issued", number: expect.stringMatching(/^\d{2}-NQ\/CB$/u) });
  });

  it("the secretary's home shows the next meeting and this month's meeting", async () => {
    await page.goto("/");
    await page.getByTestId("next-meeting").waitFor();
    expect(await page.getByTestId("next-meeting").innerText()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await page.getByTestId("month-meeting").first().waitFor();
    await noHorizontalScroll(page);
    await j.shot(page, "e2e-secretary-home");
  });
});

describe("the thematic meeting's five steps", () => {
  it("runs the steps in order; step 3 cannot be skipped nor jumped where the cell has a chi ủy", async () => {
    const page = await phone360();
    await signIn(page, "bithu.llcs");
    await newMeeting(page, "Sinh hoạt chuyên đề", "Hội trường B");
    await page.getByLabel("Nhiệm vụ quan trọng").check();
    await page.getByLabel("Tồn tại, yếu kém mang tính hệ thống").check();
    await page.getByRole("textbox", { name: "Chủ đề", exact: true }).fill("Nâng cao chất lượng giảng dạy");
    const step = (id: string) => page.locator(`[data-step="${id}"]`).first();
    await step("topic")
      .getByRole("button", { name: /^Đã xong/ })
      .click();
    await step("topic").getByText("Nguyễn Thị Thu Hà ·").waitFor();
    await page
      .getByRole("textbox", { name: "Giải pháp, cách tiến hành", exact: true })
      .fill("Mỗi giảng viên một bài giảng tình huống.");
    await step("draft")
      .getByRole("button", { name: /^Đã xong/ })
      .click();
    await step("draft").getByText("Nguyễn Thị Thu Hà ·").waitFor();
    // Step 3 is marked required and has no skip button.
    await step("committee_approval").getByText("Bắt buộc: chi bộ có chi ủy").waitFor();
    expect(await step("committee_approval").getByRole("button", { name: "Bỏ qua" }).count()).toBe(0);
    // Jumping to step 4 is refused by the server, naming step 3.
    await step("cell_meeting")
      .getByRole("button", { name: /^Đã xong/ })
      .click();
    await step("cell_meeting").getByText('Phải hoàn thành bước "Bước 3: Chi ủy họp thông qua" trước.').waitFor();
    await noHorizontalScroll(page);
    await j.shot(page, "e2e-thematic-step3-required");
    await step("committee_approval")
      .getByRole("button", { name: /^Đã xong/ })
      .click();
    await step("committee_approval").getByText("Nguyễn Thị Thu Hà ·").waitFor();
    await step("cell_meeting")
      .getByRole("button", { name: /^Đã xong/ })
      .click();
    await step("cell_meeting").getByText("Nguyễn Thị Thu Hà ·").waitFor();
    // Reloading shows what was saved: the criteria ticked in step 1.
    await page.reload();
    expect(await page.getByLabel("Nhiệm vụ quan trọng").isChecked()).toBe(true);
  });
});

describe("the đảng ủy overview", () => {
  it("shows held / not held, attendance and the cells needing help across the year", async () => {
    const page = await phone360();
    await signIn(page, "vanphong");
    await page.goto(`/to-chuc/${rootId}?tab=sinh-hoat`);
    await page.getByRole("link", { name: "Tổng hợp sinh hoạt các chi bộ" }).click();
    await page.getByRole("heading", { name: "Tổng hợp sinh hoạt chi bộ" }).waitFor();
    // In the page itself: on a phone the side menu, which also names the cells, is closed (not displayed).
    const main = page.getByRole("main");
    await main.getByText("Chi bộ Khoa Lý luận cơ sở").first().waitFor();
    await main.getByText(/chi bộ cần giúp đỡ/).waitFor();
    expect(await main.getByText("Chi bộ Khoa Xây dựng Đảng").count()).toBeGreaterThan(0);
    await noHorizontalScroll(page);
    await j.shot(page, "e2e-meetings-overview-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "e2e-meetings-overview-desktop.png"), fullPage: true });
  });
});
