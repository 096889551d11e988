import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../src/core/time.js";
import { SCREENSHOTS, startJourney, type Journey } from "./support/browser.js";
import { dmy, noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * The next congress of CB-LLCS, run by its secretary on a 360-px phone: the preparation plan, the political report's
 * draft with a comment, then on the day the committee election — a tie at the last seat in the board's tally, a
 * second round counted ballot by ballot — and the secretary's, and the congress recorded: the new committee in place.
 */
let j: Journey;
let page: Page;
const PREPARED = "2027-03-01";
const CONGRESS = "2027-03-20";

beforeAll(async () => {
  setClockForTests(PREPARED);
  j = await startJourney();
  page = await phone360(j, { acceptDownloads: true });
  // The phone's clock on the server's day: after 17:00 UTC it is already tomorrow in Hanoi, and the forms send today.
  await page.clock.setFixedTime(new Date(`${PREPARED}T10:00:00+07:00`));
});
afterAll(async () => {
  setClockForTests();
  await j?.close();
});

const orgId = async (code: string) =>
  (await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = ${code}`))[0]!.id;

/** Picks members in a searchable multi-select by typing the given name. */
async function pickAll(scope: ReturnType<Page["getByTestId"]>, label: string, names: string[]) {
  const input = scope.getByLabel(label, { exact: true });
  for (const name of names) {
    await input.click();
    await input.fill(name.split(" ").at(-1)!);
    // A click event, not a pointer: at the page's foot the dropdown may flip over the field's description.
    await page.getByRole("option", { name, exact: true }).filter({ visible: true }).dispatchEvent("click");
  }
  await input.press("Escape");
}

describe("the next congress and its elections", () => {
  it("plan → draft with a comment → two rounds → the new committee in place", { timeout: 120_000 }, async () => {
    const cell = await orgId("CB-LLCS");
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");

    // The preparation plan and the drafts from the term's record; one comment on the political report.
    await page.goto(`/to-chuc/${cell}?tab=ke-hoach`);
    await page.getByRole("textbox", { name: "Ngày đại hội" }).fill(dmy(CONGRESS));
    await page.getByRole("textbox", { name: "Ngày đại hội" }).press("Tab");
    await page.getByLabel("Nhiệm kỳ mới (ví dụ 2027–2030)").fill("2027–2032");
    await page.getByRole("button", { name: "Lập kế hoạch chuẩn bị đại hội" }).click();
    await page.getByRole("link", { name: "Đại hội ngày 20/03/2027, nhiệm kỳ 2027–2032" }).click();
    const prepUrl = page.url();
    await page.getByRole("button", { name: "Tạo dự thảo từ số liệu nhiệm kỳ" }).click();
    await page.getByRole("link", { name: "Báo cáo chính trị" }).click();
    await page.getByRole("button", { name: "Lấy ý kiến đảng viên" }).click();
    await page.getByLabel("Ý kiến của đồng chí").fill("Bổ sung kết quả kết nạp đảng viên năm 2026.");
    await page.getByRole("button", { name: "Gửi ý kiến" }).click();
    await page.getByText("Bổ sung kết quả kết nạp đảng viên năm 2026.").first().waitFor();

    // The congress day.
    setClockForTests(CONGRESS);
    await page.clock.setFixedTime(new Date(`${CONGRESS}T08:00:00+07:00`));
    await page.goto(prepUrl);
    const setup = page.getByTestId("new-election");
    await setup.getByLabel("Tên cuộc bầu cử").fill("Chi ủy nhiệm kỳ 2027–2032");
    await setup.getByLabel("Số lượng cần bầu").fill("3");
    const candidates = ["Nguyễn Thị Thu Hà", "Trần Quốc Bảo", "Lê Thị Ngọc Ánh"];
    await pickAll(setup, "Danh sách bầu cử", candidates);
    await pickAll(setup, "Ban kiểm phiếu", ["Phạm Văn Đức"]);
    // Three candidates for three seats: below the rulebook's ratio, refused on the list itself.
    await setup.getByRole("button", { name: "Lập cuộc bầu cử" }).click();
    await setup.getByText("ít nhất 4", { exact: false }).first().waitFor();
    await pickAll(setup, "Danh sách bầu cử", ["Hoàng Thị Mai"]);
    await noSideScroll(page);
    await setup.screenshot({ path: path.join(SCREENSHOTS, "elections-setup-360.png") });
    await setup.getByRole("button", { name: "Lập cuộc bầu cử" }).click();
    await page.getByRole("link", { name: "Chi ủy nhiệm kỳ 2027–2032" }).click();

    // Round 1 from the board's tally: Ánh and Mai tie for the last seat.
    const open = page.getByTestId("open-round");
    await open.getByText("Nhập bảng tổng hợp").click();
    await open.getByLabel("Số phiếu phát ra").fill("10");
    await open.getByRole("button", { name: "Mở vòng bầu 1" }).click();
    const tally = page.getByTestId("tally-form");
    await tally.getByLabel("Phiếu hợp lệ", { exact: true }).fill("10");
    for (const [name, votes] of [
      ["Lê Thị Ngọc Ánh", "6"],
      ["Trần Quốc Bảo", "8"],
      ["Nguyễn Thị Thu Hà", "9"],
      ["Hoàng Thị Mai", "6"],
    ])
      await tally.getByLabel(name!, { exact: true }).fill(votes!);
    await noSideScroll(page);
    await j.shot(page, "elections-tally-360");
    await tally.getByRole("button", { name: "Lưu bảng tổng hợp" }).click();
    // The release carries the round's version: it waits for the page to read the saved tally back.
    await tally.getByText("Đã nhập bảng tổng hợp", { exact: false }).waitFor();
    await page.getByTestId("release-form").getByRole("button", { name: "Công bố kết quả vòng 1" }).click();
    await page.getByText("Có người bằng phiếu ở vị trí cuối cùng", { exact: false }).waitFor();

    // Round 2 between the tied, ballot by ballot; the release waits for the last ballot.
    await expect
      .poll(() => page.getByTestId("open-round").innerText())
      .toContain("Bầu 1 trong số: Lê Thị Ngọc Ánh, Hoàng Thị Mai.");
    await open.getByLabel("Số phiếu phát ra").fill("3");
    await open.getByRole("button", { name: "Mở vòng bầu 2" }).click();
    const ballot = page.getByTestId("ballot-form");
    // Ballot 2 is entered wrongly (Ánh struck instead of Mai)…
    for (const [serial, struck] of [
      [1, "Hoàng Thị Mai"],
      [2, "Lê Thị Ngọc Ánh"],
    ] as const) {
      await ballot.getByText(struck).click();
      await ballot.getByRole("button", { name: "Lưu phiếu" }).click();
      await page.getByText(`Đã lưu phiếu số ${serial}.`).waitFor();
    }
    // …and corrected under its serial, with the reason; the count so far follows.
    await page.getByTestId("correct-ballot-open").click();
    const fix = page.getByTestId("correct-ballot");
    await fix.getByLabel("Số phiếu (in trên phiếu)").fill("2");
    await fix.getByRole("button", { name: "Tìm phiếu" }).click();
    await fix.getByText("Đang ghi: hợp lệ, để lại Hoàng Thị Mai").waitFor();
    await fix.getByText("Lê Thị Ngọc Ánh", { exact: true }).click();
    await fix.getByText("Hoàng Thị Mai", { exact: true }).click();
    await fix.getByLabel("Lý do sửa").fill("Nhập nhầm: phiếu giấy gạch tên đồng chí Mai");
    await noSideScroll(page);
    // The notices of the counting sit over the top of a phone's screen: closed before the picture.
    await page.evaluate(() =>
      document.querySelectorAll<HTMLButtonElement>(".mantine-Notification-root button").forEach((b) => b.click()),
    );
    await page.waitForFunction(() => !document.querySelector(".mantine-Notification-root"));
    // From the top, so the page's sticky header is not drawn over the middle of the picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await j.shot(page, "elections-correct-ballot-360");
    await fix.getByRole("button", { name: "Lưu phiếu đã sửa" }).click();
    await page.getByText("Đã sửa phiếu số 2.").waitFor();
    const sofar = page.getByTestId("running-count");
    await sofar.getByText("Phiếu đã sửa: số 2").waitFor();
    expect(await sofar.textContent()).toContain("2 phiếu đã nhập: 2 hợp lệ, 0 không hợp lệ");
    await sofar.screenshot({ path: path.join(SCREENSHOTS, "elections-running-count-360.png") });
    await page.getByTestId("missing-serials").getByText("Còn 1 phiếu chưa nhập, số: 3").waitFor();
    const release = page.getByTestId("release-form");
    await release.getByRole("button", { name: "Công bố kết quả vòng 2" }).click();
    await release.getByText("Chưa kiểm hết phiếu", { exact: false }).first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "elections-round-two-360");
    await ballot.getByText("Lê Thị Ngọc Ánh").click();
    await ballot.getByRole("button", { name: "Lưu phiếu" }).click();
    await page.getByText("Đã lưu phiếu số 3.").waitFor();
    await release.getByRole("button", { name: "Công bố kết quả vòng 2" }).click();
    await page.getByTestId("elected").getByText("Nguyễn Thị Thu Hà, Trần Quốc Bảo, Lê Thị Ngọc Ánh").waitFor();
    // Read again from the server, without the notices of the counting on top.
    await page.reload();
    await page.getByText("Thu vào 3 phiếu: 3 hợp lệ, 0 không hợp lệ").waitFor();
    await noSideScroll(page);
    await j.shot(page, "elections-result-360");

    // The counting minutes of the tied round, kept for a look.
    const rounds = await j.database.rows<{ id: string }>(
      sql`SELECT id FROM election_rounds WHERE number = 1 ORDER BY created_at LIMIT 1`,
    );
    const minutes = await page.request.get(`/api/election-rounds/${rounds[0]!.id}/minutes/file`);
    expect(minutes.status()).toBe(200);
    writeFileSync(path.join(SCREENSHOTS, "counting-minutes.pdf"), await minutes.body());

    // The secretary, one candidate for one seat, elected in a single tally (through the API: the same forms).
    const csrf = (await (await page.request.get("/api/auth/me")).json()).csrfToken as string;
    const post = async (url: string, data: Record<string, unknown>) => {
      const response = await page.request.post(url, { data, headers: { "x-csrf-token": csrf } });
      expect(response.ok(), await response.text()).toBe(true);
      return (await response.json()) as { id: string };
    };
    const ha = (
      await j.database.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name = 'Nguyễn Thị Thu Hà'`)
    )[0]!.id;
    const secretary = await post(`/api/organizations/${cell}/elections`, {
      heldOn: CONGRESS,
      title: "Bí thư Chi bộ nhiệm kỳ 2027–2032",
      body: "secretary",
      seats: 1,
      candidateIds: [ha],
      boardMemberIds: [ha],
    });
    const round = await post(`/api/elections/${secretary.id}/rounds`, { mode: "tally", ballotsIssued: 10, version: 1 });
    await post(`/api/election-rounds/${round.id}/tally`, { valid: 10, invalid: 0, votes: { [ha]: 10 }, version: 1 });
    await post(`/api/election-rounds/${round.id}/release`, { ballotsReturned: 10, version: 2 });

    // The hall shows the released rounds: on a phone at 360 px, and on a projector.
    const hallUrl = `/hoi-truong/${new URL(prepUrl).pathname.split("/").at(-1)}`;
    await page.goto(hallUrl);
    await page.getByTestId("hall-round").first().waitFor();
    await noSideScroll(page);
    await j.shot(page, "congress-hall-360");
    const { page: projector } = await j.desktop();
    await signIn(projector, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await projector.goto(hallUrl);
    await projector.getByTestId("hall-round").first().waitFor();
    await j.shot(projector, "congress-hall-1280");
    const sizes = async (p: Page) =>
      p.getByTestId("hall").evaluate((el) => parseFloat(getComputedStyle(el.querySelector("h1")!).fontSize));
    // Large on the projector, smaller but readable on the phone.
    expect(await sizes(projector)).toBe(40);
    expect(await sizes(page)).toBe(24);

    // The congress recorded from the results, after a confirmation naming what will happen.
    await page.goto(prepUrl);
    const record = page.getByTestId("record-congress");
    await record.getByRole("textbox", { name: "Ngày hết nhiệm kỳ" }).fill(dmy("2032-03-20"));
    await record.getByRole("textbox", { name: "Ngày hết nhiệm kỳ" }).press("Tab");
    await record.getByLabel("Số đại biểu triệu tập").fill("11");
    await record.getByLabel("Số đại biểu có mặt").fill("10");
    await page
      .getByTestId("congress-elections")
      .screenshot({ path: path.join(SCREENSHOTS, "congress-elections-360.png") });
    await record.getByRole("button", { name: "Ghi nhận đại hội từ kết quả bầu cử" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Bí thư: Nguyễn Thị Thu Hà — chờ cấp trên chuẩn y.").waitFor();
    expect(await dialog.innerText()).toContain("Cấp ủy viên: Trần Quốc Bảo, Lê Thị Ngọc Ánh.");
    await dialog.screenshot({ path: path.join(SCREENSHOTS, "congress-record-confirm-360.png") });
    await dialog.getByRole("button", { name: "Ghi nhận", exact: true }).click();
    await page.getByRole("link", { name: "Xem cấp ủy" }).click();
    await page.getByText("Từ 20/03/2027").first().waitFor();
    expect(await page.getByText("Từ 20/03/2027").count()).toBe(3);
    await noSideScroll(page);
    await j.shot(page, "congress-new-committee-360");
  });
});
