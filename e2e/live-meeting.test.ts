import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360 } from "./support/phone.js";

/**
 * The live meeting on a 360-px phone, step by step (issue 14): attendance for the 12-member cell with 2 absent in
 * 3 taps plus the reasons, counted here; every tap saved at once and a failed one shown with a retry; refused saves
 * shown at their field on the live meeting, the score and the minutes; "Kết thúc cuộc họp" and "Ban hành biên bản"
 * say what they will do first.
 */
let j: Journey;
let cellId = "";
beforeAll(async () => {
  j = await startJourney();
  const [cell] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'CB-LLCS'`);
  cellId = cell!.id;
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập hoặc email").fill(username);
  await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/dang-nhap"));
}

describe("the live meeting, step by step on a phone", () => {
  let page: Page;
  let meetingId = "";
  let away: [string, string];

  it("attendance of 12 with 2 absent takes 3 taps plus the reasons, each saved at once", {
    timeout: 180_000,
  }, async () => {
    page = await phone360(j);
    await signIn(page, "bithu.llcs");
    await page.goto(`/to-chuc/${cellId}?tab=sinh-hoat`);
    await page.getByRole("button", { name: "Lên lịch cuộc họp" }).click();
    await page.getByLabel("Loại cuộc họp").selectOption({ label: "Sinh hoạt thường kỳ" });
    await page.getByLabel("Địa điểm").fill("Phòng họp Khoa");
    await page.getByRole("button", { name: "Tạo cuộc họp" }).click();
    await page.waitForURL(/\/cuoc-hop\/[0-9a-f-]{36}$/);
    meetingId = page.url().split("/").pop()!;
    // The draft resolution written in preparation becomes the vote's subject.
    await page
      .getByRole("textbox", { name: "Dự thảo nghị quyết", exact: true })
      .fill("Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng\nI. Đánh giá");
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/meetings/${meetingId}`) && r.request().method() === "PUT"),
      page.getByRole("textbox", { name: "Dự thảo nghị quyết", exact: true }).blur(),
    ]);

    // A meeting starts on its day: the server's clock moves to 14:00 (Hanoi) of the proposed date.
    const [held] = await j.database.rows<{ date: string }>(
      sql`SELECT date::text FROM meetings WHERE id = ${meetingId}`,
    );
    setClockForTests(`${held!.date}T07:00:00Z`);
    await page.goto(`/cuoc-hop/${meetingId}/dien-bien`);
    await page.getByRole("button", { name: "Bắt đầu họp" }).click();
    await page.getByTestId("live-step-of").getByText("Bước 1/").waitFor();
    await page
      .getByRole("textbox", { name: "Lý do, mục đích", exact: true })
      .fill("Đánh giá kết quả tháng trước, triển khai nhiệm vụ tháng tới.");
    await page.getByRole("button", { name: "Xong bước 1", exact: true }).click();
    // Marking a step done moves to the next one.
    await page.getByTestId("live-step-of").getByText("Bước 2/").waitFor();
    await page.getByRole("combobox", { name: "Thư ký", exact: true }).selectOption({ label: "Trần Quốc Bảo" });
    await page.getByRole("button", { name: "Bước sau" }).click();
    await page.getByTestId("live-step-of").getByText("Bước 3/").waitFor();

    const names = await page
      .locator("[data-member]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-member")!));
    expect(names).toHaveLength(12);
    away = [names[4]!, names[9]!];
    let taps = 0;
    const tap = async (name: string) => {
      taps++;
      await page.getByRole("button", { name, exact: true }).click();
    };
    await tap("Tất cả có mặt");
    await page.getByTestId("live-counts").getByText("Có mặt 12/12 · 100%").waitFor();
    await tap(`${away[0]}: Vắng có lý do`);
    await tap(`${away[1]}: Vắng có lý do`);
    // Saved at the tap, before any reason: the counter already says so.
    await page.getByTestId("live-counts").getByText("Có mặt 10/12 · 83,3%").waitFor();
    expect(taps).toBe(3);
    const reason = (name: string) => page.locator(`[data-member="${name}"]`).getByRole("textbox", { name: "Lý do" });
    await page.locator(`[data-member="${away[0]}"]`).getByText("Chưa ghi lý do").waitFor();
    await reason(away[0]).fill("Đi công tác");
    await page.locator(`[data-member="${away[0]}"]`).getByText("Lý do chưa lưu").waitFor();
    const saved = () =>
      page.waitForResponse((r) => r.url().includes(`/api/meetings/${meetingId}/attendance/`) && r.status() === 200);
    await Promise.all([saved(), reason(away[0]).press("Enter")]);
    await reason(away[1]).fill("Ốm");
    await Promise.all([saved(), reason(away[1]).press("Enter")]);
    await page.locator(`[data-member="${away[1]}"]`).getByText("Lý do chưa lưu").waitFor({ state: "detached" });
    await page.locator(`[data-member="${away[0]}"]`).screenshot({ path: "test-results/screenshots/live-away.png" });
    await noSideScroll(page);
    await j.shot(page, "e2e-live-attendance-steps");

    // After a reload the counter and the reasons are what was saved.
    await page.reload();
    await page.getByTestId("live-counts").getByText("Có mặt 10/12 · 83,3%").waitFor();
    expect(await reason(away[0]).inputValue()).toBe("Đi công tác");
    expect(await reason(away[1]).inputValue()).toBe("Ốm");
    await page.getByTestId("live-step-of").getByText("Bước 3/").waitFor();
  });

  it("a tap the server refuses stays visibly unsaved, with its message and a retry", async () => {
    const late = (await page.locator("[data-member]").first().getAttribute("data-member"))!;
    await page.route(`**/api/meetings/${meetingId}/attendance/**`, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ status: 503, title: "Mất kết nối", detail: "Mất kết nối", code: "unavailable" }),
      }),
    );
    await page.getByRole("button", { name: `${late}: Đến muộn`, exact: true }).click();
    const row = page.locator(`[data-member="${late}"]`);
    await row.getByRole("alert").getByText("Chưa lưu được: Mất kết nối").waitFor();
    expect(await row.getAttribute("data-saved")).toBe("failed");
    await row.screenshot({ path: "test-results/screenshots/live-failed-row.png" });
    await page.unroute(`**/api/meetings/${meetingId}/attendance/**`);
    await row.getByRole("button", { name: "Thử lại" }).click();
    await page.locator(`[data-member="${late}"][data-saved="saved"]`).waitFor();
    await page.getByTestId("live-counts").getByText("Có mặt 10/12 · 83,3%").waitFor();
  });

  it("the list of steps jumps; refused saves show the server's message at the field", async () => {
    await page.getByRole("button", { name: "Các bước" }).click();
    await page
      .getByRole("navigation", { name: "Các bước" })
      .getByRole("button", { name: /Thảo luận/ })
      .click();
    await page.getByTestId("live-step-of").getByText("Bước 7/").waitFor();
    await page.getByRole("combobox", { name: "Người phát biểu" }).waitFor();
    // An absent member is not offered as a speaker.
    const speakers = await page
      .getByRole("combobox", { name: "Người phát biểu" })
      .locator("option")
      .evaluateAll((els) => els.map((e) => e.textContent));
    expect(speakers).not.toContain(away[0]);
    expect(speakers).toContain("Trần Quốc Bảo");
    await page.getByRole("combobox", { name: "Người phát biểu" }).selectOption({ label: "Trần Quốc Bảo" });
    await page.getByRole("button", { name: "Ghi ý kiến" }).click();
    await page.getByText("Không được để trống").first().waitFor();
    await page.getByRole("textbox", { name: "Nội dung phát biểu" }).fill("Đề nghị bổ sung chỉ tiêu nghiên cứu.");
    await page.getByRole("button", { name: "Ghi ý kiến" }).click();
    await page.getByText("Đề nghị bổ sung chỉ tiêu nghiên cứu.").waitFor();

    await page.getByRole("button", { name: "Các bước" }).click();
    await j.shot(page, "e2e-live-steps-list");
    await page
      .getByRole("navigation", { name: "Các bước" })
      .getByRole("button", { name: /Kết luận/ })
      .click();
    // A text longer than the field takes: refused, and said under the field.
    await page.getByRole("textbox", { name: "Kết luận của chủ trì" }).fill("x".repeat(20_001));
    await page.getByRole("textbox", { name: "Kết luận của chủ trì" }).blur();
    await page.getByText("Chưa lưu được").first().waitFor();
    await page
      .getByText(/Tối đa 20\.?000 ký tự|không quá|quá dài/i)
      .first()
      .waitFor();
    await page.getByRole("textbox", { name: "Kết luận của chủ trì" }).fill("Chi bộ thống nhất nội dung nghị quyết.");
    await page.getByRole("textbox", { name: "Kết luận của chủ trì" }).blur();
    await page.getByText("Đã lưu").first().waitFor();

    await page.getByRole("button", { name: "Bước sau" }).click();
    const subject = page.getByRole("textbox", { name: "Nội dung biểu quyết" });
    expect(await subject.inputValue()).toBe("Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng");
    await page.getByRole("textbox", { name: "Tán thành", exact: true }).fill("12");
    await page.getByRole("button", { name: "Ghi kết quả biểu quyết" }).click();
    await page.getByText("Tổng số phiếu (12) vượt quá").first().waitFor();
    await j.shot(page, "e2e-live-vote-error");
    await page.getByRole("textbox", { name: "Tán thành", exact: true }).fill("10");
    await page.getByRole("button", { name: "Ghi kết quả biểu quyết" }).click();
    await page.getByTestId("vote-result").getByText("Được thông qua").waitFor();
    await noSideScroll(page);
  });

  it("'Kết thúc cuộc họp' says what will happen first; the score's refused note is shown at the note", async () => {
    await page.getByRole("button", { name: "Các bước" }).click();
    await page
      .getByRole("navigation", { name: "Các bước" })
      .getByRole("button", { name: /Thông qua biên bản$/ })
      .click();
    await page.getByRole("button", { name: "Kết thúc cuộc họp" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Sẽ ghi giờ kết thúc là lúc này").waitFor();
    await j.shot(page, "e2e-live-close-confirm");
    await dialog.getByRole("button", { name: "Kết thúc cuộc họp" }).click();
    await page.getByRole("link", { name: "Sang trang thông qua biên bản" }).click();

    await page.getByTestId("score-rating").waitFor();
    await page.getByRole("textbox", { name: "Điểm (tối đa 10)" }).first().fill("8");
    await page.getByRole("button", { name: "Lưu điểm" }).click();
    const note = page.getByRole("textbox", { name: "Ghi chú" }).first();
    // The refusal comes back from the server: wait for it rather than read the field at once.
    await expect.poll(() => note.getAttribute("aria-invalid")).toBe("true");
    await page.getByText("Không được để trống").first().waitFor();
    await note.scrollIntoViewIfNeeded();
    await j.shot(page, "e2e-score-note-refused");
    await note.fill("Phê bình thẳng thắn, xây dựng.");
    await page.getByRole("button", { name: "Lưu điểm" }).click();
    await page.getByText("Đã lưu điểm chất lượng.").waitFor();
  });

  it("the minutes carry the purpose; an empty amendment is refused at its field; issuing names the number first", {
    timeout: 180_000,
  }, async () => {
    await page.getByRole("button", { name: "Thông qua biên bản (chủ trì)" }).click();
    await page.getByText("Chủ trì đã thông qua: Có").waitFor();
    const taker = await phone360(j);
    await signIn(taker, "phobithu.llcs");
    await taker.goto(`/cuoc-hop/${meetingId}`);
    await taker.getByRole("button", { name: "Thông qua biên bản (thư ký)" }).click();
    await taker.getByText("Biên bản đã thông qua").first().waitFor();
    await taker.goto(`/cuoc-hop/${meetingId}/bien-ban`);
    await taker
      .getByTestId("minutes")
      .getByText("Đánh giá kết quả tháng trước, triển khai nhiệm vụ tháng tới.")
      .waitFor();
    await j.shot(taker, "e2e-minutes-purpose");
    await taker.context().close();

    await page.goto(`/cuoc-hop/${meetingId}`);
    await page.getByRole("button", { name: "Thêm đính chính" }).click();
    await page.getByText("Không được để trống").first().waitFor();

    const card = page.getByTestId("meeting-official");
    await card.getByRole("button", { name: "Ban hành biên bản" }).click();
    const confirm = page.getByTestId("issue-confirm");
    await confirm.waitFor();
    const text = (await confirm.textContent()) ?? "";
    const number = /Sẽ cấp số (\d{2}-BB\/CB) và khóa biên bản/u.exec(text)?.[1];
    expect(number, text).toBeTruthy();
    await j.shot(page, "e2e-minutes-issue-confirm");
    await page.getByRole("dialog").getByRole("button", { name: "Ban hành biên bản" }).click();
    // Issuing renders the Word and PDF files: it may take a while on a busy machine.
    await card.getByText(`Biên bản đã ban hành: Số ${number}`).waitFor({ timeout: 60_000 });
  });
});
