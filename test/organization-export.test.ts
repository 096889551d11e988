import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import {
  CONFIDENTIAL_TABLES,
  DERIVED_TABLES,
  SECRET_NAME,
  SECRET_TABLES,
  type ExportManifest,
} from "../src/core/backup/subtree-export.js";

/**
 * The whole database is the administrator's alone; an office takes its own subtree as an export that holds no row of
 * any other organisation and no secret. Both are checked on the bytes the server sends.
 */
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

const PASSWORD = "Mat-khau-van-phong-2";

async function post(as: Session, url: string, payload: object) {
  const res = await s.request(as, { method: "POST", url, payload });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const get = (as: Session, url: string) => s.request(as, { method: "GET", url });

/** The demo's đảng bộ (the first one), whatever else a test has added beside it. */
async function firstTree(): Promise<{ id: string; path: string; like: string }> {
  const [row] = await s.database.rows<{ id: string; path: string }>(
    sql`SELECT id, path FROM organizations WHERE parent_id IS NULL AND code <> 'DB-HAI'`,
  );
  return { ...row!, like: `${row!.path}%` };
}

function unpack(bytes: Buffer) {
  const files = unzipSync(new Uint8Array(bytes));
  const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as ExportManifest;
  const rows = (table: string) =>
    strFromU8(files[`tables/${table}.jsonl`] ?? new Uint8Array())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { files, manifest, rows };
}

/** Secrets of every account and session in the database, as they are stored. */
async function secrets(): Promise<string[]> {
  const rows = await s.database.rows<{ v: string }>(sql`
    SELECT password_hash AS v FROM users
    UNION ALL SELECT id::text FROM sessions UNION ALL SELECT csrf_token FROM sessions
    UNION ALL SELECT token_hash FROM calendar_tokens`);
  return rows.map((r) => r.v).filter((v) => v && v.length >= 16);
}

describe("backup and organisation export", { timeout: 120_000 }, () => {
  it("refuses the database to a second đảng bộ's office; its export has no row of the first, no secret", async () => {
    const admin = await s.signIn("quantri");
    const top = await post(admin, "/api/organizations", {
      parentId: null,
      kind: "party_committee",
      name: "Đảng bộ Thử Hai",
      code: "DB-HAI",
      abbreviation: "ĐBH",
    });
    const cell = await post(admin, "/api/organizations", {
      parentId: top.id,
      kind: "cell",
      name: "Chi bộ Thử Hai",
      code: "CB-HAI",
      abbreviation: "CBH",
    });
    await post(admin, "/api/members", { organizationId: cell.id, fullName: "Người Của Đảng Bộ Hai", status: "full" });
    const account = { username: "vanphong.hai", displayName: "Văn phòng Hai", password: PASSWORD };
    await post(admin, `/api/organizations/${top.id}/office-accounts`, account);
    let office = await s.signIn("vanphong.hai", PASSWORD);
    const me = (await s.request(office, { method: "GET", url: "/api/auth/me" })).json();
    if (me.mustChangePassword) {
      await post(office, "/api/auth/password", { currentPassword: PASSWORD, newPassword: `${PASSWORD}-moi` });
      office = await s.signIn("vanphong.hai", `${PASSWORD}-moi`, { fresh: true });
    }
    expect(me.canBackup).toBe(false);
    expect((await s.request(office, { method: "GET", url: "/api/backup" })).statusCode).toBe(403);
    expect((await s.request(await s.signIn("vanphong"), { method: "GET", url: "/api/backup" })).statusCode).toBe(403);

    const first = await firstTree();
    expect((await get(office, `/api/organizations/${first.id}/export`)).statusCode).toBe(404);

    const res = await s.request(office, { method: "GET", url: `/api/organizations/${top.id}/export` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="chibo-DB-HAI-\d{4}-\d{2}-\d{2}\.zip"; filename\*=UTF-8''chibo-DB-HAI-\d{4}-\d{2}-\d{2}\.zip$/,
    );
    const { files, manifest, rows } = unpack(res.rawPayload);
    expect(manifest.organizations).toBe(2);
    expect(rows("members").map((m) => m.full_name)).toEqual(["Người Của Đảng Bộ Hai"]);

    // The raw bytes, every file inflated: no id, name or phone of the first đảng bộ, and no stored secret.
    const text = Object.values(files)
      .map((f) => Buffer.from(f).toString("utf8"))
      .join("\n");
    const foreign = await s.database.rows<{ v: string }>(sql`
      WITH tree AS (SELECT * FROM organizations WHERE path LIKE ${first.like}),
           people AS (SELECT m.* FROM members m JOIN tree o ON o.id = m.organization_id)
      SELECT id::text AS v FROM tree UNION ALL SELECT name FROM tree
      UNION ALL SELECT id::text FROM people UNION ALL SELECT full_name FROM people
      UNION ALL SELECT phone FROM people WHERE phone IS NOT NULL`);
    expect(foreign.length).toBeGreaterThan(100);
    expect(foreign.map((f) => f.v).filter((v) => text.includes(v))).toEqual([]);
    const stored = await secrets();
    expect(stored.length).toBeGreaterThan(5);
    expect(stored.filter((v) => text.includes(v))).toEqual([]);
    // The manifest names the columns it left out; no table file holds one, nor anything shaped like a password hash.
    const tableText = Object.entries(files)
      .filter(([name]) => name.startsWith("tables/"))
      .map(([, f]) => strFromU8(f))
      .join("\n");
    expect(tableText).not.toMatch(/password_hash|scrypt\$\d|csrf_token|token_hash/);
  });

  it("gives the đảng bộ's office every row of its tree, every table accounted for, no secret column", async () => {
    const office = await s.signIn("vanphong");
    // A calendar feed token and sessions exist, so their absence from the export means something.
    await s.signIn("bithu.llcs");
    const first = await firstTree();
    const res = await get(office, `/api/organizations/${first.id}/export`);
    expect(res.statusCode).toBe(200);
    const { files, manifest, rows } = unpack(res.rawPayload);

    const tables = (
      await s.database.rows<{ t: string }>(
        sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`,
      )
    ).map((r) => r.t);
    expect([...Object.keys(manifest.tables), ...manifest.leftOut].sort()).toEqual(tables.sort());
    // Only tables that belong to no organisation, or hold secrets, are left out.
    expect(
      manifest.leftOut.filter((t) => !SECRET_TABLES.has(t) && !DERIVED_TABLES.has(t) && !CONFIDENTIAL_TABLES.has(t)),
    ).toEqual([]);
    // Confidential files (inspection on signs of violation, denunciations, discipline) are not the office's.
    expect(manifest.leftOut).toContain("confidential_cases");
    for (const table of Object.keys(manifest.tables)) {
      for (const row of rows(table))
        expect(
          Object.keys(row).filter((k) => SECRET_NAME.test(k)),
          table,
        ).toEqual([]);
    }
    expect(manifest.tables.users!.omittedColumns).toContain("password_hash");
    expect(rows("users").map((u) => u.username)).toContain("bithu.llcs");

    // Counted independently: the tree's members, a meeting's children and a resolution target's grandchildren.
    const count = async (q: ReturnType<typeof sql>) => (await s.database.rows<{ n: number }>(q))[0]!.n;
    const tree = sql`(SELECT id FROM organizations WHERE path LIKE ${first.like})`;
    const members = await count(sql`SELECT count(*)::int AS n FROM members WHERE organization_id IN ${tree}`);
    expect(rows("members").length).toBe(members);
    expect(rows("meeting_attendance").length).toBe(
      await count(sql`SELECT count(*)::int AS n FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
        WHERE m.organization_id IN ${tree}`),
    );
    expect(rows("target_measurements").length).toBe(
      await count(sql`SELECT count(*)::int AS n FROM target_measurements tm
        JOIN resolution_targets t ON t.id = tm.target_id
        JOIN resolutions r ON r.id = t.resolution_id WHERE r.organization_id IN ${tree}`),
    );
    expect(rows("target_measurements").length).toBeGreaterThan(0);
    expect(rows("organizations").some((o) => o.code === "DB-HAI")).toBe(false);
    // Each file is what the manifest says it is.
    const { createHash } = await import("node:crypto");
    for (const [table, info] of Object.entries(manifest.tables)) {
      expect(createHash("sha256").update(files[`tables/${table}.jsonl`]!).digest("hex"), table).toBe(info.sha256);
    }
    const text = Object.values(files)
      .map((f) => Buffer.from(f).toString("utf8"))
      .join("\n");
    expect((await secrets()).filter((v) => text.includes(v))).toEqual([]);
  });

  it("refuses the export to everyone below the office", async () => {
    const cell = await s.orgId("CB-LLCS");
    for (const username of ["bithu.llcs", "danguyvien", "ubkt", "dangvien.llcs"]) {
      const res = await get(await s.signIn(username), `/api/organizations/${cell}/export`);
      expect(res.statusCode, username).toBe(403);
    }
  });
});
