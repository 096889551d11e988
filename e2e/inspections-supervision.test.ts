import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { setClockForTests } from "../src/core/time.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * On a 360-px phone: the đảng ủy member who follows CB-LLCS records the cell's meeting he attended as routine
 * supervision, with a shortcoming to remedy; the UBKT chair reads her drafted report, its tables as tables, and
 * finds the notice of an appeal's resolution on the discipline page.
 */
let j: Journey;
let page: Page;

beforeAll(async () => {
  setClockForTests("2026-12-03");
  j = await startJourney();
  page = await phone360(j);
  await page.clock.setFixedTime(new Date("2026-12-03T10:00:00+07:00"));
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

async function look(name: string) {
  await noSideScroll(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.addStyleTag({ content: ".mantine-Notifications-root { display: none !important; }" });
  await j.shot(page, name);
}

describe("routine supervision and the report's tables", () => {
  it("the overseer records a meeting attended; the UBKT's report shows its tables at 360 px", async () => {
    const [root] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
    await signIn(page, "danguyvien", "Lâm Văn Thành");
    // From the page of the meeting he attended: the form opens with the cell and the meeting already chosen.
    const [held] = await j.database.rows<{ id: string }>(
      sql`SELECT m.id FROM meetings m JOIN organizations o ON o.id = m.organization_id
           WHERE o.code = 'CB-LLCS' AND m.date < '2026-12-03' AND m.status IN ('closed', 'approved')
           ORDER BY m.date DESC LIMIT 1`,
    );
    await page.goto(`/cuoc-hop/${held!.id}`);
    const record = page.getByRole("link", { name: "Ghi giám sát thường xuyên" });
    await record.scrollIntoViewIfNeeded();
    await noSideScroll(page);
    await page.screenshot({ path: `${SCREENSHOTS}/meeting-record-supervision-phone.png` });
    await record.click();
    await page.waitForURL(new RegExp(`/to-chuc/${root!.id}/kiem-tra\\?giam-sat=${held!.id}`));
    const form = page.getByTestId("routine-form");
    const cell = form.getByRole("combobox", { name: "Chi bộ được giám sát" });
    await expect
      .poll(async () => cell.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text))
      .toBe("Chi bộ Khoa Lý luận cơ sở");
    const meeting = form.getByRole("combobox", { name: "Cuộc họp đã dự" });
    await expect.poll(async () => meeting.inputValue()).toBe(held!.id);
    await look("inspections-routine-from-meeting-phone");
    await form.getByRole("textbox", { name: "Nhận xét" }).fill("Cuộc họp đúng giờ; nghị quyết tháng còn chung chung.");
    await form.getByRole("checkbox", { name: "Có hạn chế cần khắc phục" }).check();
    await form.getByRole("textbox", { name: "Hạn chế" }).fill("Nghị quyết tháng chưa cụ thể");
    await form.getByRole("textbox", { name: "Biện pháp khắc phục" }).fill("Ghi rõ người phụ trách, thời hạn");
    const owner = form.getByLabel("Người chịu trách nhiệm", { exact: false }).first();
    await owner.click();
    await owner.fill("Hà");
    await page.getByRole("option", { name: "Nguyễn Thị Thu Hà" }).click();
    const due = form.getByRole("textbox", { name: "Hạn khắc phục" });
    await due.fill("31/12/2026");
    await due.press("Tab");
    await look("inspections-routine-form-phone");
    await form.getByRole("button", { name: "Ghi giám sát", exact: true }).click();
    await page.getByText("Nghị quyết tháng chưa cụ thể").first().waitFor();
    await page
      .getByRole("link", { name: /cuộc họp/i })
      .first()
      .waitFor();
    await look("inspections-routine-recorded-phone");

    // The UBKT chair's drafted report: the programmes and the inspections as tables, never a row of "|".
    const chair = await phone360(j);
    await chair.clock.setFixedTime(new Date("2026-12-03T10:00:00+07:00"));
    page = chair;
    await signIn(chair, "ubkt", "Hồ Thị Phương");
    await chair.goto(`/to-chuc/${root!.id}/kiem-tra`);
    await chair.getByRole("button", { name: "Lập dự thảo báo cáo" }).click();
    await chair.getByRole("button", { name: "Lập dự thảo báo cáo" }).click();
    const report = chair.getByTestId("inspection-report").first();
    await report.getByTestId("section-table").first().waitFor();
    expect(await report.getByTestId("section-table").count()).toBeGreaterThanOrEqual(2);
    expect(await report.textContent()).not.toContain("|");
    await report.getByTestId("section-table").first().scrollIntoViewIfNeeded();
    await j.shot(chair, "inspections-report-tables-phone");
    await noSideScroll(chair);

    // A decision appealed and upheld (recorded through the API as the UBKT would): the discipline page links the
    // UBKT's notice of the resolution, numbered in its TB sequence.
    const csrf = (await (await chair.request.get("/api/auth/me")).json()).csrfToken as string;
    const post = async (url: string, data: Record<string, unknown>) => {
      const res = await chair.request.post(url, { data, headers: { "x-csrf-token": csrf } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return res.json();
    };
    const [subject] = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM members WHERE full_name = 'Phạm Văn Đức' LIMIT 1`,
    );
    const d = await post(`/api/organizations/${root!.id}/discipline`, {
      memberId: subject!.id,
      form: "reprimand",
      reason: "Vi phạm quy định sinh hoạt",
      proposedOn: "2026-11-02",
    });
    await post(`/api/discipline/${d.id}/decide`, {
      body: "cell",
      form: "reprimand",
      decidedOn: "2026-11-02",
      version: 1,
    });
    await post(`/api/discipline/${d.id}/appeal`, { appealedOn: "2026-11-10", text: "Khiếu nại", version: 2 });
    await post(`/api/discipline/${d.id}/appeal-resolution`, {
      outcome: "upheld",
      resolvedOn: "2026-11-30",
      text: "Giữ nguyên quyết định",
      version: 3,
    });
    await chair.goto(`/to-chuc/${root!.id}/ky-luat`);
    const notice = chair.getByRole("link", { name: /Tải thông báo kết quả giải quyết khiếu nại \d+-TB\/UBKTĐU/u });
    await notice.waitFor();
    await chair.evaluate(() => window.scrollTo(0, 0));
    await j.shot(chair, "inspections-appeal-resolution-link-phone");
    await noSideScroll(chair);
  }, 240_000);
});
