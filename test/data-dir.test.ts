import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "../src/core/db/index.js";
import { acquireDataDirLock, processStat } from "../src/core/db/lock.js";
import { restoreBackupArchive, writeBackupArchive } from "../src/core/backup/archive.js";
import { ROOT } from "../src/core/paths.js";
import { freePort } from "./support/stores.js";

/**
 * The embedded store's data directory, whichever store the suite's pass is on (the directory only exists for the
 * embedded one): private to its owner, and free again at once when the process that held it is killed.
 */
const work = mkdtempSync(path.join(os.tmpdir(), "chibo-datadir-"));
const children: { kill: (s: NodeJS.Signals) => unknown; exitCode: number | null }[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

/** Every directory and file under `dir` (itself included) whose mode is not 0700 / 0600. */
function notPrivate(dir: string): string[] {
  const out: string[] = [];
  const check = (p: string, want: number) => {
    const mode = statSync(p).mode & 0o777;
    if (mode !== want) out.push(`${path.relative(dir, p) || "."} ${mode.toString(8)}`);
  };
  const walk = (d: string) => {
    check(d, 0o700);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else check(p, 0o600);
    }
  };
  walk(dir);
  return out;
}

describe("the embedded store's data directory", { timeout: 180_000 }, () => {
  it("is 0700 with 0600 files after creation, writes, reopening and restore", async () => {
    const dir = path.join(work, "private");
    let database = await openDatabase({ dataDir: dir });
    await migrateDatabase(database);
    expect(notPrivate(dir)).toEqual([]);
    // Writes that make new relation files, WAL and a checkpoint, while the store is open.
    await database.rows(sql`CREATE TABLE perm_probe AS
      SELECT g AS n, repeat('x', 200) AS pad FROM generate_series(1, 50000) g`);
    await database.rows(sql`CREATE INDEX ON perm_probe (n)`);
    await database.rows(sql`CHECKPOINT`);
    expect(notPrivate(dir)).toEqual([]);
    await database.close();
    // Reopening rewrites the relation cache files (PGlite writes them 0644).
    database = await openDatabase({ dataDir: dir });
    expect(notPrivate(dir)).toEqual([]);
    const file = path.join(work, "perm.tar");
    await writeBackupArchive({ database }, file);
    await database.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restored = path.join(work, "restored");
    await restoreBackupArchive(file, { dataDir: restored });
    expect(notPrivate(restored)).toEqual([]);
    // A directory loaded from a dump (the test template), as `restore` and the tests do.
    const loaded = path.join(work, "loaded");
    if (inject("pgliteTemplate")) {
      const template = new Blob([readFileSync(inject("pgliteTemplate"))]);
      const db = await openDatabase({ dataDir: loaded, loadDataDir: template });
      await db.close();
      expect(notPrivate(loaded)).toEqual([]);
    }
  });

  it("is free at once after its server is killed with SIGKILL, and still refused to a second live one", async () => {
    const dataDir = path.join(work, "killed");
    const env = {
      ...process.env,
      CHIBO_DATA_DIR: dataDir,
      DATABASE_URL: "",
      CHIBO_NO_DEMO: "1",
      LOG_LEVEL: "silent",
      CHIBO_TEST_STORE: "",
    };
    const bin = path.join(ROOT, "bin/chibo.mjs");
    const start = async () => {
      const port = await freePort();
      const options = { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: "ignore" as const };
      const child = spawn(process.execPath, [bin, "start"], options);
      children.push(child);
      for (let i = 0; i < 1200 && child.exitCode === null; i++) {
        if (
          await fetch(`http://127.0.0.1:${port}/api/health`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return { child, port };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("server did not start");
    };
    const migrate = () =>
      spawnSync(process.execPath, [bin, "migrate"], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });

    const first = await start();
    expect(readFileSync(path.join(dataDir, ".chibo.lock"), "utf8")).toMatch(new RegExp(`^${first.child.pid}\\b`));
    first.child.kill("SIGKILL");
    // Until this process collects it, the killed server is a zombie that still answers kill(pid, 0). Nothing here
    // yields to the event loop until the next command has run, so it is still one when that command checks the lock.
    const deadline = Date.now() + 10_000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (processStat(first.child.pid!)?.state !== "Z" && Date.now() < deadline) Atomics.wait(pause, 0, 0, 10);
    expect(processStat(first.child.pid!)?.state).toBe("Z");
    const restart = migrate();
    expect(restart.stdout + restart.stderr).not.toContain("in use by process");
    expect(restart.status).toBe(0);

    const second = await start();
    const refused = migrate();
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(`in use by process ${second.child.pid}`);
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("exit", r));
  });

  it("is not held by a process that merely reuses the recorded PID", () => {
    const dir = path.join(work, "reused");
    const sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
    children.push(sleeper);
    const started = processStat(sleeper.pid!)!.started;
    const lockFile = path.join(dir, ".chibo.lock");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // The lock names the live process but another start time: an unrelated process that got the PID later.
    writeFileSync(lockFile, `${sleeper.pid} ${Number(started) - 1}`);
    acquireDataDirLock(dir)();
    // The same process, same start time: still in use.
    writeFileSync(lockFile, `${sleeper.pid} ${started}`);
    expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${sleeper.pid}`);
    sleeper.kill("SIGKILL");
  });
});
