import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, sql } from "./index.js";
import { checkDataDirAtStart, damageMark, lastStop } from "./integrity.js";

const root = mkdtempSync(path.join(tmpdir(), "chibo-integrity-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the check at start", () => {
  it("after a clean stop costs one read; while open (as after a crash) the full check runs", async () => {
    const dir = path.join(root, "data");
    expect(lastStop(dir)).toBe("none");
    const database = await openDatabase({ dataDir: dir });
    await database.db.execute(sql`CREATE TABLE t (id int PRIMARY KEY)`);
    // Still running: pg_control says "in production", which is what a crash or a power cut leaves.
    expect(lastStop(dir)).toBe("unclean");
    await database.close();
    expect(lastStop(dir)).toBe("clean");
    expect(await checkDataDirAtStart(dir)).toEqual({ ok: true, checked: false });
  });

  it("a directory without a readable pg_control is damaged, marked, and refused from then on", async () => {
    const dir = path.join(root, "broken");
    const database = await openDatabase({ dataDir: dir });
    await database.close();
    rmSync(path.join(dir, "global", "pg_control"));
    const first = await checkDataDirAtStart(dir);
    expect(first.ok).toBe(false);
    expect(damageMark(dir)).not.toBeNull();
    expect(await checkDataDirAtStart(dir)).toMatchObject({ ok: false });
  });
});
