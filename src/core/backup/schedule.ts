import {
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import type { Database } from "../db/index.js";
import { hanoiDate, hanoiWallClock } from "../time.js";
import { verifyBackupArchive, writeBackupArchive } from "./archive.js";

/**
 * Automatic backups of the embedded store (ADR 0093). The policy is a set of pure functions of the clock; the
 * files in the backup folder are the only state: a file named `chibo-<UTC time>.tar` was verified before it got
 * that name, so the newest such file is the latest good backup, for the server and for `chibo restore --latest`.
 */

const HOUR = 3_600_000;
/** Offices work Monday to Friday; backups are hourly from 07:00 to 18:00 there, daily otherwise. */
export const WORKING_HOURS = { from: 7, to: 18 } as const;
export const KEEP_ALL_HOURS = 48;
export const KEEP_DAYS = 14;
/** A day's backup plus two hours of slack: older than this, the home warns. */
export const STALE_AFTER_HOURS = 26;
/** After a failed attempt (full disk, unwritable folder), wait this long before the next, not every tick. */
export const RETRY_AFTER_MS = 10 * 60_000;

const NAME = /^chibo-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar$/;

export function backupFileName(at: Date): string {
  return `chibo-${at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar`;
}

export function isWorkingHour(now: Date): boolean {
  const hanoi = hanoiWallClock(now);
  const day = hanoi.getUTCDay();
  const hour = hanoi.getUTCHours();
  return day >= 1 && day <= 5 && hour >= WORKING_HOURS.from && hour < WORKING_HOURS.to;
}

/** Due when there is none, or the last good one is older than an hour in working time, or a day at any time. */
export function backupDue(now: Date, lastGoodAt: Date | null, lastFailureAt: Date | null = null): boolean {
  if (lastFailureAt && now.getTime() - lastFailureAt.getTime() < RETRY_AFTER_MS) return false;
  if (!lastGoodAt) return true;
  const age = now.getTime() - lastGoodAt.getTime();
  return age >= (isWorkingHour(now) ? HOUR : 24 * HOUR);
}

export function isStale(now: Date, lastGoodAt: Date | null): boolean {
  return !lastGoodAt || now.getTime() - lastGoodAt.getTime() > STALE_AFTER_HOURS * HOUR;
}

export interface BackupFile {
  file: string;
  at: Date;
  bytes: number;
}

/**
 * Which backups to delete: every one of the last 48 hours stays, then the newest of each (Hanoi) day up to 14 days;
 * the newest backup of all always stays, however old (a server that was off for a month still has it).
 */
export function backupsToPrune(backups: BackupFile[], now: Date): BackupFile[] {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const daysKept = new Set<string>();
  return newestFirst.filter((b, i) => {
    const age = now.getTime() - b.at.getTime();
    if (i === 0 || age <= KEEP_ALL_HOURS * HOUR) return false;
    if (age > KEEP_DAYS * 24 * HOUR) return true;
    const day = hanoiDate(b.at);
    if (daysKept.has(day)) return true;
    daysKept.add(day);
    return false;
  });
}

/** The verified backups in a folder, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const found: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const [, y, mo, d, h, mi, s] = m;
    const file = path.join(dir, name);
    found.push({ file, at: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`), bytes: statSync(file).size });
  }
  return found.sort((a, b) => b.at.getTime() - a.at.getTime());
}

export function latestBackup(dir: string): BackupFile | null {
  return listBackups(dir)[0] ?? null;
}

/**
 * Takes one backup now: written under a temporary name, opened and checked, and only then given its final name.
 * A backup that fails its check never looks like a good one. Older backups are pruned afterwards.
 */
export async function takeBackup(database: Database, dir: string, now: Date): Promise<BackupFile> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const name = backupFileName(now);
  const unverified = path.join(dir, `.unverified-${name}`);
  try {
    await writeBackupArchive({ database }, unverified);
    await verifyBackupArchive(unverified, { open: true });
    const file = path.join(dir, name);
    renameSync(unverified, file);
    syncDir(dir);
    for (const old of backupsToPrune(listBackups(dir), now)) rmSync(old.file, { force: true });
    return { file, at: now, bytes: statSync(file).size };
  } finally {
    rmSync(unverified, { force: true });
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } catch {
    // Some platforms cannot sync a directory; the rename is still atomic there.
  } finally {
    closeSync(fd);
  }
}

export interface BackupStatus {
  /** false on PostgreSQL, or when turned off: the owner backs up. */
  scheduled: boolean;
  lastGoodAt: string | null;
  stale: boolean;
  lastFailureAt: string | null;
}

export interface ScheduledBackups {
  /** The periodic job: takes a backup when one is due. */
  tick(database: Database, now: Date): Promise<BackupFile | null>;
  status(now: Date): BackupStatus;
  readonly dir: string;
}

/**
 * `firstAfterMs`: the first backup waits this long after start, so a server started after a night off serves its
 * first users before it copies the data (the copy holds the embedded store for its duration).
 */
export function scheduledBackups(options: {
  dir: string;
  firstAfterMs?: number;
  onError?: (err: unknown) => void;
}): ScheduledBackups {
  const { dir } = options;
  const notBefore = Date.now() + (options.firstAfterMs ?? 0);
  let lastFailureAt: Date | null = null;
  const lastGood = () => latestBackup(dir)?.at ?? null;
  return {
    dir,
    async tick(database, now) {
      // The failure check comes first: listing an unreadable folder would fail again on every tick.
      if (Date.now() < notBefore) return null;
      if (lastFailureAt && now.getTime() - lastFailureAt.getTime() < RETRY_AFTER_MS) return null;
      try {
        if (!backupDue(now, lastGood(), lastFailureAt)) return null;
        const taken = await takeBackup(database, dir, now);
        lastFailureAt = null;
        return taken;
      } catch (err) {
        lastFailureAt = now;
        options.onError?.(err);
        return null;
      }
    },
    status(now) {
      let at: Date | null = null;
      try {
        at = lastGood();
      } catch {
        // An unreadable folder holds no good backup as far as anyone can tell: the home warns.
      }
      return {
        scheduled: true,
        lastGoodAt: at?.toISOString() ?? null,
        stale: isStale(now, at),
        lastFailureAt: lastFailureAt?.toISOString() ?? null,
      };
    },
  };
}
