import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildCellAwaitingCongress } from "../test/support/factories.js";
import { startJourney, type Journey } from "./support/browser.js";
import { fillDate, noSideScroll, phone360, pick, signIn } from "./support/phone.js";

/**
 * From congress to done: the secretary of a cell awaiting its congress (every demo cell has held its own) records
 * it, sees the five things to do next, builds the programme with one item per year and assigns a task; the member reports 50% on a 360 px phone;
 * the roll-up shows on the secretary's home and on the đảng ủy's.
 */
let j: Journey;
let cell: string;

beforeAll(async () => {
  j = await startJourney();
  cell = (await buildCellAwaitingCongress(j)).cell.id;
});
afterAll(() => j?.close());

describe("from congress to done", () => {
  let secretary: Page;

  it("the secretary records the congress and sees the five after-congress items", async () => {
    secretary = await phone360(j);
    await signIn(secretary, "bithu.ktc", "Đinh Công Tráng");
    await secretary.goto(`/to-chuc/${cell}?tab=ke-hoach`);
    await secretary.getByText("Chưa ghi nhận đại hội nào.").waitFor();
    await secretary.getByRole("button", { name: "Ghi nhận đại hội" }).click();
    await fillDate(secretary, "Ngày đại hội", "2025-03-20");
    await fillDate(secretary, "Ngày kết thúc nhiệm kỳ", "2027-03-20");
    await secretary.getByRole("textbox", { name: "Tổng số đảng viên/đại biểu được triệu tập" }).fill("6");
    await secretary.getByRole("textbox", { name: "Số có mặt" }).fill("6");
    await pick(secretary, "Bí thư được bầu", "Đinh Công Tráng");
    await pick(secretary, "Phó bí thư được bầu (nếu có)", "Phan Thị Thu Trang");
    await j.shot(secretary, "plans-congress-form");
    await secretary.getByRole("button", { name: "Lưu" }).click();
    await secretary.getByText("Đã xong 0/5 việc sau đại hội").waitFor();
    expect(await secretary.getByTestId("checklist-item").count()).toBe(5);
    await secretary
      .getByText("Xây dựng và ban hành chương trình, kế hoạch thực hiện Nghị quyết đại hội")
      .first()
      .waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "plans-checklist-phone");
  });

  it("builds the programme with one item per year and assigns a task from the 2026 item", async () => {
    await secretary.getByRole("button", { name: "Thêm chương trình/kế hoạch" }).click();
    await secretary
      .getByRole("textbox", { name: "Tiêu đề" })
      .fill("Chương trình hành động thực hiện Nghị quyết Đại hội nhiệm kỳ 2025–2027");
    await fillDate(secretary, "Ngày bắt đầu", "2025-03-20");
    await fillDate(secretary, "Ngày kết thúc", "2027-03-20");
    await secretary.getByRole("button", { name: "Lưu" }).click();
    await secretary
      .getByRole("heading", { name: "Chương trình hành động thực hiện Nghị quyết Đại hội nhiệm kỳ 2025–2027" })
      .waitFor();
    for (const [year, due] of [
      ["2025", "2025-12-31"],
      ["2026", "2026-12-31"],
      ["2027", "2027-03-15"],
    ] as const) {
      await secretary.getByRole("button", { name: "Thêm nội dung" }).first().click();
      await secretary
        .getByRole("textbox", { name: "Nội dung công việc (làm gì)" })
        .fill(`Năm ${year}: sinh hoạt chuyên đề mỗi quý`);
      await secretary
        .getByRole("textbox", { name: "Phương pháp (làm thế nào)" })
        .fill("Chi ủy chuẩn bị đề cương, đảng viên thảo luận");
      await fillDate(secretary, "Thời hạn", due);
      await pick(secretary, "Người chịu trách nhiệm", "Lý Văn Thắng");
      await secretary.getByRole("button", { name: "Lưu" }).click();
      // The item's own row, not its words: the closing dialog still holds them while the list refetches.
      await secretary
        .getByTestId("plan-item")
        .filter({ hasText: `Năm ${year}: sinh hoạt chuyên đề mỗi quý` })
        .waitFor();
    }
    expect(await secretary.getByTestId("plan-item").count()).toBe(3);
    await secretary.getByTestId("plan-item").nth(1).getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await pick(secretary, "Người chịu trách nhiệm", "Lý Văn Thắng");
    await secretary.getByRole("dialog").getByRole("button", { name: "Giao nhiệm vụ" }).click();
    await secretary.getByText("Đã giao nhiệm vụ.").waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "plans-programme-phone");
  });

  it("the member, on a 360 px phone, finds the task in “Việc của tôi” and reports 50% with a note", async () => {
    const member = await phone360(j);
    await signIn(member, "dangvien.ktc", "Lý Văn Thắng");
    await member.getByRole("heading", { name: "Việc của tôi" }).waitFor();
    await member.getByTestId("task-row").filter({ hasText: "Năm 2026: sinh hoạt chuyên đề mỗi quý" }).click();
    await member.getByRole("heading", { name: "Báo cáo tiến độ" }).waitFor();
    const percent = member.getByRole("textbox", { name: "Tiến độ (%)" });
    await percent.fill("50");
    await member.getByRole("textbox", { name: "Ghi chú" }).fill("Đã xây dựng xong đề cương chuyên đề quý I");
    await member.getByRole("button", { name: "Gửi báo cáo" }).click();
    await member.getByText("Đã gửi báo cáo tiến độ.").waitFor();
    await member.getByText("Đã xây dựng xong đề cương chuyên đề quý I").waitFor();
    await noSideScroll(member);
    await j.shot(member, "plans-task-reported-phone");
    await member.goto("/");
    await member.getByRole("heading", { name: "Việc của tôi" }).waitFor();
    await member
      .getByText(/đã làm 50%/)
      .first()
      .waitFor();
    await noSideScroll(member);
    await j.shot(member, "home-member-phone");
  });

  it("the roll-up shows on the secretary's home: (0 + 50 + 0) / 3 ≈ 17%", async () => {
    await secretary.goto("/");
    const card = secretary.getByTestId("cell-dashboard").first();
    await card.waitFor();
    await card.getByText("17%").first().waitFor();
    await noSideScroll(secretary);
    await j.shot(secretary, "home-secretary-phone");
  });

  it("…and on the đảng ủy's homes: the overseer's portfolio and the 6/6 view of the secretary of the đảng ủy", async () => {
    const overseer = await phone360(j);
    await signIn(overseer, "danguyvien2", "Mai Thị Hoa");
    const portfolio = overseer
      .getByTestId("cell-dashboard")
      .filter({ hasText: "Chi bộ phụ trách: Chi bộ Khoa Tại chức" });
    await portfolio.getByText("17%").first().waitFor();
    await j.shot(overseer, "home-overseer-phone");

    const party = await phone360(j);
    await signIn(party, "bithu.danguy", "Quách Văn Long");
    const board = party.getByTestId("party-dashboard");
    await board.waitFor();
    await board.getByText("6/6").first().waitFor();
    const row = board.getByTestId("cell-row").filter({ hasText: "Chi bộ Khoa Tại chức" });
    await row.getByText("17%").waitFor();
    await noSideScroll(party);
    await j.shot(party, "home-party-phone");
    const desktop = await j.desktop();
    await signIn(desktop.page, "bithu.danguy", "Quách Văn Long");
    await desktop.page.getByTestId("party-dashboard").getByText("6/6").first().waitFor();
    await j.shot(desktop.page, "home-party-desktop");
  });
});
