import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { addDays, todayIso } from "../src/core/time.js";
import { startJourney, type Journey } from "./support/browser.js";
import { dmy, fillDate, noSideScroll, phone360, pick, signIn } from "./support/phone.js";

/**
 * The tasks loop on a 360 px phone: the secretary of CB-LLCS assigns a task from a plan item → the member finds the
 * notice and reports → the secretary is told → the overseer gives a direction → the secretary extends the same task
 * (a refused extension first, its message under the field). The home flags the overdue after-congress items.
 */
let j: Journey;
let planId: string;
let taskUrl: string;
let secretary: Page;
const today = todayIso();
const TITLE =
  "Tổng hợp ý kiến đóng góp của đảng viên và quần chúng vào dự thảo Báo cáo chính trị " +
  "trình Đại hội Đảng bộ nhiệm kỳ tới";

beforeAll(async () => {
  j = await startJourney();
  const [plan] = await j.database.rows<{ id: string }>(
    sql`SELECT p.id FROM plans p JOIN organizations o ON o.id = p.organization_id
         WHERE o.code = 'CB-LLCS' AND p.kind = 'yearly' AND p.deleted_at IS NULL LIMIT 1`,
  );
  planId = plan!.id;
});
afterAll(() => j?.close());

describe("the tasks loop", () => {
  it("the secretary's home flags the overdue after-congress items; she assigns a task from a plan item", async () => {
    secretary = await phone360(j);
    await signIn(secretary, "bithu.llcs", "Nguyễn Thị Thu Hà");
    const card = secretary.getByTestId("cell-dashboard").first();
    await card.getByTestId("checklist-overdue").waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "tasks-home-checklist-overdue");

    await secretary.goto(`/ke-hoach/${planId}`);
    await secretary.getByTestId("plan-item").first().getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await secretary.getByRole("dialog").getByRole("textbox", { name: "Tiêu đề" }).fill(TITLE);
    await pick(secretary, "Người chịu trách nhiệm", "Phạm Văn Đức");
    await fillDate(secretary, "Ngày bắt đầu", today);
    await fillDate(secretary, "Thời hạn", addDays(today, 20));
    await secretary.getByRole("dialog").getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await secretary.getByText("Đã giao nhiệm vụ.").waitFor();
    await secretary.getByTestId("item-task").filter({ hasText: TITLE }).waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "tasks-plan-item-tasks");
  });

  it("the member finds the notice, opens the task (its title on the full width) and reports 50%", async () => {
    const member = await phone360(j);
    await signIn(member, "dangvien.llcs", "Phạm Văn Đức");
    await member.goto("/thong-bao");
    await member.getByRole("button", { name: `Nhiệm vụ mới: "${TITLE}" (hạn ${dmy(addDays(today, 20))})` }).click();
    await member.getByRole("heading", { name: TITLE }).waitFor();
    taskUrl = new URL(member.url()).pathname;
    expect(taskUrl).toMatch(/^\/nhiem-vu\//);
    await member.getByRole("link", { name: "← Việc của tôi" }).waitFor();
    const title = await member.getByRole("heading", { name: TITLE }).boundingBox();
    expect(title!.width).toBeGreaterThan(300);
    await member.getByRole("textbox", { name: "Tiến độ (%)" }).fill("50");
    await member.getByRole("textbox", { name: "Ghi chú" }).fill("Đã tổng hợp xong ý kiến của hai tổ");
    await member.getByRole("button", { name: "Gửi báo cáo" }).click();
    await member.getByText("Đã gửi báo cáo tiến độ.").waitFor();
    await noSideScroll(member);
    await j.shot(member, "tasks-member-reported");
  });

  it("the secretary is told of the report", async () => {
    await secretary.goto("/thong-bao");
    await secretary.getByRole("button", { name: `Báo cáo tiến độ: "${TITLE}" đạt 50%` }).waitFor();
    await secretary.getByText("Đã tổng hợp xong ý kiến của hai tổ", { exact: false }).first().waitFor();
    await j.shot(secretary, "tasks-secretary-notified");
  });

  it("the overseer reads the task (the way back names the plan) and gives a direction", async () => {
    const overseer = await phone360(j);
    await signIn(overseer, "danguyvien", "Lâm Văn Thành");
    await overseer.goto(taskUrl);
    await overseer.getByRole("heading", { name: TITLE }).waitFor();
    expect(await overseer.getByRole("link", { name: "← Việc của tôi" }).count()).toBe(0);
    await overseer.getByRole("link", { name: /^← Kế hoạch/ }).waitFor();
    const panel = overseer.getByTestId("comments");
    await panel.getByText("Chỉ đạo", { exact: true }).click();
    await panel.getByRole("textbox", { name: "Nội dung" }).fill("Đề nghị gửi bản tổng hợp cho Văn phòng Đảng ủy.");
    await panel.getByRole("button", { name: "Gửi ý kiến" }).click();
    await panel.getByTestId("comment").filter({ hasText: "Đề nghị gửi bản tổng hợp" }).waitFor();
    await noSideScroll(overseer);
    await j.shot(overseer, "tasks-overseer-direction");
  });

  it("the secretary extends the same task; a deadline not later is refused under its field", async () => {
    await secretary.goto(taskUrl);
    await secretary.getByTestId("comments").getByText("Đề nghị gửi bản tổng hợp", { exact: false }).waitFor();
    await secretary.getByRole("button", { name: "Gia hạn" }).click();
    const dialog = secretary.getByRole("dialog");
    await fillDate(secretary, "Thời hạn mới", addDays(today, 10));
    await dialog.getByRole("textbox", { name: "Lý do gia hạn" }).fill("Chờ ý kiến của Đảng ủy");
    await dialog.getByRole("button", { name: "Gia hạn" }).click();
    await dialog
      .locator(".mantine-InputWrapper-error")
      .filter({ hasText: `Thời hạn mới phải sau thời hạn hiện tại (${dmy(addDays(today, 20))}).` })
      .waitFor();
    await j.shot(secretary, "tasks-extension-refused");
    await fillDate(secretary, "Thời hạn mới", addDays(today, 40));
    await dialog.getByRole("button", { name: "Gia hạn" }).click();
    await secretary.getByText("Đã gia hạn nhiệm vụ.").waitFor();
    await secretary
      .getByTestId("extension")
      .filter({ hasText: `Từ ${dmy(addDays(today, 20))} đến ${dmy(addDays(today, 40))}` })
      .waitFor();
    const [row] = await j.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM tasks WHERE title = ${TITLE}`,
    );
    expect(row!.n).toBe(1);
    await noSideScroll(secretary);
    await j.shot(secretary, "tasks-extended");
  });
});
