import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, sql } from "./index.js";
import { durableSyncs } from "./durable-fs.js";

const dir = mkdtempSync(path.join(tmpdir(), "chibo-durable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the embedded store on a data directory", () => {
  it("syncs the WAL to the disk at every commit before acknowledging it", async () => {
    const database = await openDatabase({ dataDir: dir });
    try {
      const [settings] = await queryRows<{ fsync: string; method: string }>(
        database.db,
        sql`SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method`,
      );
      expect(settings).toEqual({ fsync: "on", method: "fsync" });
      await database.db.execute(sql`CREATE TABLE durable_probe (id int PRIMARY KEY)`);
      for (let i = 0; i < 5; i++) {
        const before = durableSyncs.count;
        await database.db.execute(sql`INSERT INTO durable_probe VALUES (${i})`);
        expect(durableSyncs.count, `commit ${i} reached the disk`).toBeGreaterThan(before);
      }
    } finally {
      await database.close();
    }
  });

  it("an in-memory store (tests, dumps being checked) does not pay for it", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      const [settings] = await queryRows<{ fsync: string }>(database.db, sql`SELECT current_setting('fsync') AS fsync`);
      expect(settings!.fsync).toBe("off");
    } finally {
      await database.close();
    }
  });
});
