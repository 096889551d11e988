import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, migrateDatabase, queryRows, sql } from "../db/index.js";
import { restoreBackupArchive } from "./archive.js";
import {
  backupDue,
  backupFileName,
  backupsToPrune,
  isStale,
  isWorkingHour,
  listBackups,
  scheduledBackups,
  type BackupFile,
} from "./schedule.js";

/** A moment given in Hanoi time (UTC+7). */
const hanoi = (iso: string) => new Date(`${iso}+07:00`);
const hours = (h: number) => h * 3_600_000;
const before = (at: Date, ms: number) => new Date(at.getTime() - ms);

describe("when a backup is due", () => {
  it("working hours are Monday to Friday, 07:00 to 18:00 in Hanoi", () => {
    expect(isWorkingHour(hanoi("2026-12-07T07:00:00"))).toBe(true); // Monday
    expect(isWorkingHour(hanoi("2026-12-07T06:59:59"))).toBe(false);
    expect(isWorkingHour(hanoi("2026-12-11T17:59:59"))).toBe(true); // Friday
    expect(isWorkingHour(hanoi("2026-12-11T18:00:00"))).toBe(false);
    expect(isWorkingHour(hanoi("2026-12-12T10:00:00"))).toBe(false); // Saturday
  });

  it("hourly in working time, daily otherwise, at once when there is none", () => {
    const monday = hanoi("2026-12-07T10:00:00");
    expect(backupDue(monday, null)).toBe(true);
    expect(backupDue(monday, before(monday, hours(1) - 1))).toBe(false);
    expect(backupDue(monday, before(monday, hours(1)))).toBe(true);
    const saturday = hanoi("2026-12-12T10:00:00");
    expect(backupDue(saturday, before(saturday, hours(24) - 1))).toBe(false);
    expect(backupDue(saturday, before(saturday, hours(24)))).toBe(true);
    const night = hanoi("2026-12-07T22:00:00");
    expect(backupDue(night, before(night, hours(5)))).toBe(false);
  });

  it("after a failure it waits ten minutes before trying again", () => {
    const now = hanoi("2026-12-07T10:00:00");
    expect(backupDue(now, null, before(now, 9 * 60_000))).toBe(false);
    expect(backupDue(now, null, before(now, 10 * 60_000))).toBe(true);
  });

  it("the home warns when the last good backup is older than 26 hours, or there is none", () => {
    const now = hanoi("2026-12-07T10:00:00");
    expect(isStale(now, null)).toBe(true);
    expect(isStale(now, before(now, hours(26)))).toBe(false);
    expect(isStale(now, before(now, hours(26) + 1))).toBe(true);
  });
});

describe("which backups are kept", () => {
  const now = hanoi("2026-12-21T12:00:00");
  const at = (ms: number): BackupFile => ({ file: backupFileName(before(now, ms)), at: before(now, ms), bytes: 1 });

  it("all of the last 48 hours, then the newest of each day up to 14 days", () => {
    const all = Array.from({ length: 20 * 24 }, (_, i) => at(hours(i) + 60_000));
    const pruned = new Set(backupsToPrune(all, now).map((b) => b.file));
    const kept = all.filter((b) => !pruned.has(b.file));
    expect(kept.filter((b) => now.getTime() - b.at.getTime() <= hours(48))).toHaveLength(48);
    const older = kept.filter((b) => now.getTime() - b.at.getTime() > hours(48));
    const days = older.map((b) => new Date(b.at.getTime() + hours(7)).toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    expect(older.every((b) => now.getTime() - b.at.getTime() <= hours(14 * 24))).toBe(true);
    // Days 3 to 14 back each keep one backup (the 14th day only partly inside the window).
    expect(older.length).toBeGreaterThanOrEqual(11);
    expect(older.length).toBeLessThanOrEqual(13);
  });

  it("the newest backup stays however old it is", () => {
    const lone = [at(hours(24 * 40)), at(hours(24 * 41))];
    expect(backupsToPrune(lone, now).map((b) => b.file)).toEqual([lone[1]!.file]);
  });
});

describe("scheduled backups on a real data directory", () => {
  const root = mkdtempSync(path.join(tmpdir(), "chibo-schedule-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("from Friday afternoon to Saturday evening: hourly until 18:00, then one a day; each one restores", async () => {
    const dataDir = path.join(root, "data");
    const dir = path.join(root, "backups");
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    const backups = scheduledBackups({ dir });
    const taken: string[] = [];
    await database.db.execute(sql`CREATE TABLE tick_probe (t bigint PRIMARY KEY)`);
    try {
      expect(backups.status(hanoi("2026-12-11T15:00:00"))).toMatchObject({
        scheduled: true,
        lastGoodAt: null,
        stale: true,
      });
      // The worker ticks every 30 s; here the clock jumps 30 minutes a tick.
      for (
        let t = hanoi("2026-12-11T15:00:00").getTime();
        t <= hanoi("2026-12-12T19:00:00").getTime();
        t += hours(0.5)
      ) {
        await database.db.execute(sql`INSERT INTO tick_probe VALUES (${t})`);
        const result = await backups.tick(database, new Date(t));
        if (result) taken.push(new Date(result.at.getTime() + hours(7)).toISOString().slice(0, 16));
      }
      expect(taken).toEqual(["2026-12-11T15:00", "2026-12-11T16:00", "2026-12-11T17:00", "2026-12-12T17:00"]);
      const now = hanoi("2026-12-12T19:00:00");
      expect(backups.status(now)).toMatchObject({
        scheduled: true,
        lastGoodAt: hanoi("2026-12-12T17:00:00").toISOString(),
        stale: false,
        lastFailureAt: null,
      });
      expect(listBackups(dir)).toHaveLength(4);
      // Only verified backups carry the final name; nothing half-written is left in the folder.
      expect(readdirSync(dir).filter((f) => !f.startsWith("chibo-"))).toEqual([]);
    } finally {
      await database.close();
    }
    const restoredDir = path.join(root, "restored");
    await restoreBackupArchive(listBackups(dir)[0]!.file, { dataDir: restoredDir });
    const restored = await openDatabase({ dataDir: restoredDir });
    try {
      // The newest backup (Saturday 17:00) holds every write made up to its tick, and none after.
      const [row] = await queryRows<{ n: number; last: string }>(
        restored.db,
        sql`SELECT count(*)::int AS n, max(t)::text AS last FROM tick_probe`,
      );
      expect(row).toEqual({ n: 53, last: String(hanoi("2026-12-12T17:00:00").getTime()) });
    } finally {
      await restored.close();
    }
  }, 300_000);

  it("a backup that cannot be written is a failure on the status, not a good backup, and is retried later", async () => {
    const blocked = path.join(root, "not-a-folder");
    writeFileSync(blocked, "a file where the folder should be");
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    const errors: unknown[] = [];
    const backups = scheduledBackups({ dir: blocked, onError: (e) => errors.push(e) });
    try {
      const now = hanoi("2026-12-07T10:00:00");
      expect(await backups.tick(database, now)).toBeNull();
      expect(errors).toHaveLength(1);
      expect(backups.status(now)).toMatchObject({ lastGoodAt: null, stale: true, lastFailureAt: now.toISOString() });
      expect(await backups.tick(database, new Date(now.getTime() + 60_000))).toBeNull();
      expect(errors).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
