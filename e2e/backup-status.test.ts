import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";
import { backupFileName, scheduledBackups } from "../src/core/backup/schedule.js";
import { hanoiWallClock } from "../src/core/time.js";

/**
 * The office's home on a 360-px phone tells when the data was last backed up, and warns in red when that is
 * more than 26 hours ago. The backup folder is the only state: a file with a backup's name is a verified backup.
 */
let j: Journey;
const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-e2e-backups-"));
let now = new Date();

beforeAll(async () => {
  j = await startJourney({ backups: scheduledBackups({ dir }) });
});
afterAll(async () => {
  await j?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hanoi = (d: Date) => {
  const local = hanoiWallClock(d).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
};

describe("the last good backup on the office's home", () => {
  it("warns when the newest backup is 30 hours old, and shows the time when it is fresh", async () => {
    now = new Date();
    const old = new Date(now.getTime() - 30 * 3600_000);
    writeFileSync(path.join(dir, backupFileName(old)), "");
    const page = await phone360(j);
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    const card = page.getByTestId("backup-status");
    await card.waitFor();
    expect(await card.getAttribute("role")).toBe("alert");
    expect(await card.innerText()).toContain(`Bản sao lưu tốt gần nhất: ${hanoi(old)}.`);
    expect(await card.innerText()).toContain("Bản sao lưu đã cũ");
    await noSideScroll(page);
    await card.scrollIntoViewIfNeeded();
    await j.shot(page, "backup-status-stale-360");

    const fresh = new Date(now.getTime() - 3600_000);
    writeFileSync(path.join(dir, backupFileName(fresh)), "");
    await page.reload();
    await page.getByText(`Bản sao lưu tốt gần nhất: ${hanoi(fresh)}.`).waitFor();
    expect(await page.getByTestId("backup-status").getAttribute("role")).toBeNull();
    expect(await page.getByTestId("backup-status").innerText()).not.toContain("Bản sao lưu đã cũ");
    await j.shot(page, "backup-status-fresh-360");
    // The card is part of the home the server draws (ADR 0191): it does not push the others down once it arrives.
    const drawn = await page.context().request.get("/", { headers: { "sec-fetch-mode": "navigate" } });
    const html = await drawn.text();
    expect(html).toContain('data-testid="backup-status"');
    expect(html).toContain(`Bản sao lưu tốt gần nhất: ${hanoi(fresh)}.`);
    await page.context().close();
  });

  it("a cell's secretary does not see it", async () => {
    const page = await phone360(j);
    await signIn(page, "bithu.llcs", "Nguyễn Thị Thu Hà");
    await page.waitForTimeout(500);
    expect(await page.getByTestId("backup-status").count()).toBe(0);
    await page.context().close();
  });
});
