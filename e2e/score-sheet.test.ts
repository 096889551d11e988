import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import path from "node:path";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";

/**
 * The đảng ủy office on a 360-px phone: opens the score-sheet editor from the organisation page,
 * starts from the An Phú example, previews a meeting, changes a band and sees the score move,
 * and adopts the sheet; the rulebook in force for the đảng ủy's cells is then its own.
 */
let j: Journey;
let page: Page;
let partyCommitteeId = "";

beforeAll(async () => {
  j = await startJourney();
  page = (await j.phone()).page;
  await page.setViewportSize({ width: 360, height: 780 });
});
afterAll(() => j?.close());

const preview = () => page.getByTestId("preview-result").textContent();

describe("the office edits and adopts a meeting score sheet", () => {
  it("signs in and finds the editor on the đảng ủy's page", async () => {
    await page.goto("/dang-nhap");
    await page.getByLabel("Tên đăng nhập hoặc email").fill("vanphong");
    await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    const list = (await page.evaluate(() => fetch("/api/organizations").then((r) => r.json()))) as {
      items: { id: string; kind: string; parentId: string | null }[];
    };
    partyCommitteeId = list.items.find((o) => o.kind === "party_committee" && o.parentId === null)!.id;
    await page.goto(`/to-chuc/${partyCommitteeId}`);
    await page.getByRole("link", { name: "Phiếu chấm điểm sinh hoạt chi bộ" }).click();
    await page.waitForURL(`**/to-chuc/${partyCommitteeId}/phieu-cham-diem`);
    await page.getByRole("heading", { name: "Phiếu chấm điểm sinh hoạt chi bộ" }).waitFor();
    // Today the 42-HD sheet is in force centrally.
    await page.getByText(/Đang áp dụng: .*42-HD\/BTCTW/).waitFor();
    await page.getByTestId("product-reading").waitFor();
  });

  it("previews the An Phú example and sees a changed band move the score", async () => {
    await page.getByRole("combobox", { name: "Bắt đầu từ phiếu" }).click();
    await page.getByRole("option", { name: "Ví dụ phường An Phú (100 điểm)" }).click();
    await page.getByTestId("criterion-attendance-rate").waitFor();
    // 17 of 19 (one exempt) = 89.5%: 3 attendance points; everything else full.
    expect(await preview()).toBe("99/100 điểm — Tốt");
    // One absence without reason: attendance capped to 1 point, and the "no absence" criterion lost.
    await page.getByLabel("Vắng không lý do", { exact: true }).fill("1");
    expect(await preview()).toBe("94/100 điểm — Tốt");
    await page.getByLabel("Vắng không lý do", { exact: true }).fill("0");
    // Lower the top band from 90% to 80%: 89.5% now earns 4 points.
    const value = page.getByTestId("criterion-attendance-rate").getByLabel(/Giá trị 1$/);
    await value.fill("80");
    await value.blur();
    expect(await preview()).toBe("100/100 điểm — Tốt");
    await j.shot(page, "score-sheet-phone");
    await page.screenshot({ path: path.join(SCREENSHOTS, "score-sheet-phone-top.png") });
    await page
      .getByTestId("criterion-attendance-rate")
      .screenshot({ path: path.join(SCREENSHOTS, "score-sheet-phone-criterion.png") });
    await page.getByTestId("preview").screenshot({ path: path.join(SCREENSHOTS, "score-sheet-phone-preview.png") });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });

  it("adopts the sheet; the đảng ủy's cells are scored by it from its date", async () => {
    await page.getByLabel("Văn bản ban hành (số, ngày)").fill("Hướng dẫn 05-HD/ĐU ngày 15/12/2026 của Đảng ủy");
    await page.getByLabel("Áp dụng từ ngày").fill("01/01/2027");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Áp dụng cho đảng bộ" }).click();
    await page.getByText("Đã lưu phiếu chấm. Các buổi sinh hoạt từ 01/01/2027 được chấm theo phiếu này.").waitFor();
    const book = (await page.evaluate(
      (id) => fetch(`/api/organizations/${id}/rulebooks/meeting-score?on=2027-01-03`).then((r) => r.json()),
      partyCommitteeId,
    )) as {
      key: string;
      adoptedBy?: unknown;
      data: { origin: string; sections: { criteria: { id: string; rule: { bands?: { value?: number }[] } }[] }[] };
    };
    expect(book.adoptedBy).toBeTruthy();
    expect(book.data.origin).toBe("local");
    const attendance = book.data.sections.flatMap((s) => s.criteria).find((c) => c.id === "attendance-rate")!;
    expect(attendance.rule.bands![0]!.value).toBe(80);
    const before = (await page.evaluate(
      (id) => fetch(`/api/organizations/${id}/rulebooks/meeting-score?on=2026-12-03`).then((r) => r.json()),
      partyCommitteeId,
    )) as { key: string };
    expect(before.key).toBe("meeting-score-42hd-2025");
  });

  it("shows well on a desktop too", async () => {
    const { page: desk } = await j.desktop();
    await desk.goto("/dang-nhap");
    await desk.getByLabel("Tên đăng nhập hoặc email").fill("vanphong");
    await desk.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await desk.getByRole("button", { name: "Đăng nhập" }).click();
    await desk.waitForURL((url) => url.pathname === "/");
    await desk.goto(`/to-chuc/${partyCommitteeId}/phieu-cham-diem`);
    await desk.getByTestId("preview-result").waitFor();
    await j.shot(desk, "score-sheet-desktop");
    expect(await desk.getByTestId("preview-result").textContent()).toMatch(/điểm — (Tốt|Khá|Trung bình|Kém)$/);
  });
});
