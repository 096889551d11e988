import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../src/core/db/index.js";
import { ROOT } from "../src/core/paths.js";
import { restoreBackupArchive, verifyBackupArchive } from "../src/core/backup/archive.js";
import { createTestServer, type TestServer } from "./support/server.js";

/** The office takes a backup from the running server while members keep being added. */
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

/**
 * The secretary keeps adding members named `prefix N` while `backup` runs. Returns the ids acknowledged before the
 * backup started, all acknowledged ids, how many were acknowledged while it ran, and the backup's result.
 */
async function whileWriting<T>(prefix: string, backup: () => Promise<T>) {
  const secretary = await s.signIn("bithu.llcs");
  const cell = await s.orgId("CB-LLCS");
  const acknowledged: string[] = [];
  let stop = false;
  // The writer runs in this process (the server under test): the event loop stays free, so members keep being
  // added for as long as the backup runs.
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const res = await s.request(secretary, {
        method: "POST",
        url: "/api/members",
        payload: { organizationId: cell, fullName: `${prefix} ${i}`, status: "full" },
      });
      expect(res.statusCode).toBe(201);
      acknowledged.push(res.json().id);
    }
  })();
  while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 5));
  const before = [...acknowledged];
  const result = await backup();
  const duringBackup = acknowledged.length - before.length;
  stop = true;
  await writer;
  return { before, acknowledged, duringBackup, result };
}

/**
 * What a restored copy must hold: every member acknowledged before the backup, nothing never acknowledged, and no
 * half of a transaction — each member with its first transfer and its audit event, no event or transfer without it.
 */
async function expectWholeCopy(restored: Database, prefix: string, before: string[], acknowledged: string[]) {
  const rows = await restored.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name LIKE ${`${prefix} %`}`);
  const ids = new Set(rows.map((r) => r.id));
  expect(before.filter((id) => !ids.has(id))).toEqual([]);
  const all = new Set(acknowledged);
  expect([...ids].filter((id) => !all.has(id))).toEqual([]);
  const [halves] = (await restored.rows<{
    no_transfer: number;
    no_event: number;
    orphan_events: number;
    orphan_transfers: number;
  }>(sql`
    SELECT
      (SELECT count(*)::int FROM members m WHERE m.full_name LIKE ${`${prefix} %`}
         AND NOT EXISTS (SELECT 1 FROM member_transfers t WHERE t.member_id = m.id AND t.from_organization_id IS NULL)) AS no_transfer,
      (SELECT count(*)::int FROM members m WHERE m.full_name LIKE ${`${prefix} %`}
         AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.entity_type = 'member' AND e.entity_id = m.id::text AND e.action = 'create')) AS no_event,
      (SELECT count(*)::int FROM audit_events e WHERE e.entity_type = 'member' AND e.action = 'create'
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id::text = e.entity_id)) AS orphan_events,
      (SELECT count(*)::int FROM member_transfers t WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = t.member_id)) AS orphan_transfers`)) as [
    { no_transfer: number; no_event: number; orphan_events: number; orphan_transfers: number },
  ];
  expect(halves).toEqual({ no_transfer: 0, no_event: 0, orphan_events: 0, orphan_transfers: 0 });
}

describe("online backup", () => {
  it("is refused to anyone but the administrator, the office of the đảng bộ included", async () => {
    for (const username of ["bithu.llcs", "danguyvien", "ubkt", "vanphong"]) {
      expect((await s.request(await s.signIn(username), { method: "GET", url: "/api/backup" })).statusCode).toBe(403);
    }
  });

  it("holds every write acknowledged before it and no half of any transaction, while writes continue", {
    timeout: 120_000,
  }, async () => {
    const admin = await s.signIn("quantri");
    if (s.database.store === "postgres") {
      const res = await s.request(admin, { method: "GET", url: "/api/backup" });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toContain("pg_dump");
      await backupWithPgDumpWhileWriting();
      return;
    }
    const {
      before,
      acknowledged,
      result: res,
    } = await whileWriting("Sao Lưu", () => s.request(admin, { method: "GET", url: "/api/backup" }));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="chibo-\d{4}-\d{2}-\d{2}\.tar"; filename\*=UTF-8''chibo-\d{4}-\d{2}-\d{2}\.tar$/,
    );

    // The download is the verified archive `chibo backup` writes: it checks out and restores like one.
    const work = mkdtempSync(path.join(os.tmpdir(), "chibo-backup-online-"));
    try {
      const file = path.join(work, "online.tar");
      writeFileSync(file, res.rawPayload);
      expect((await verifyBackupArchive(file, { open: true })).manifest.store).toBe("pglite");
      await restoreBackupArchive(file, { dataDir: path.join(work, "data") });
      const restored = await openDatabase({ dataDir: path.join(work, "data") });
      try {
        await expectWholeCopy(restored, "Sao Lưu", before, acknowledged);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/**
 * On PostgreSQL the backup is `chibo backup FILE` (pg_dump, one snapshot transaction), run as a real process
 * while the secretary keeps adding members; `chibo restore FILE` into another fresh database must hold every
 * member acknowledged before the backup started, nothing that was never written, and each member whole:
 * its row, its first member_transfers row and its audit event (one transaction), or none of them.
 */
async function backupWithPgDumpWhileWriting() {
  const run = promisify(execFile);
  const base = process.env.CHIBO_TEST_DATABASE_URL!;
  const urlOf = (name: string) => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const chibo = (args: string[], databaseUrl: string) =>
    run(process.execPath, [path.join(ROOT, "bin/chibo.mjs"), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, CHIBO_DATA_DIR: "", CHIBO_TEST_STORE: "" },
      timeout: 120_000,
    });
  const [{ name: source }] = (await s.database.rows<{ name: string }>(sql`SELECT current_database() AS name`)) as [
    { name: string },
  ];
  const target = `chibo_restored_${Math.random().toString(36).slice(2, 10)}`;
  const work = mkdtempSync(path.join(os.tmpdir(), "chibo-backup-online-"));
  const file = path.join(work, "chibo.tar");
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${target}`);
    let backupError: unknown = null;
    const { before, acknowledged, duringBackup } = await whileWriting("Sao Lưu Trực Tuyến", () =>
      chibo(["backup", file], urlOf(source)).catch((e) => (backupError = e)),
    );
    expect(backupError).toBeNull();
    expect(statSync(file).size).toBeGreaterThan(0);
    // Writes did continue while the backup ran.
    expect(duringBackup).toBeGreaterThan(0);

    await chibo(["restore", file], urlOf(target));
    const restored = await openDatabase({ databaseUrl: urlOf(target) });
    try {
      await expectWholeCopy(restored, "Sao Lưu Trực Tuyến", before, acknowledged);
    } finally {
      await restored.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}
