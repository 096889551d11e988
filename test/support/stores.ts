import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The store of the current test pass (the suite runs once on PGlite, once on PostgreSQL). */
export const testStore: "pglite" | "postgres" = process.env.CHIBO_TEST_STORE === "postgres" ? "postgres" : "pglite";

/** A loopback port nobody listens on, for a real server started by a test. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * An empty store of the current pass for a test that starts its own server: a temporary PGlite directory, or a
 * new PostgreSQL database. `cleanups` receives what removes it.
 */
export async function freshStore(
  prefix: string,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ dataDir: string } | { databaseUrl: string }> {
  if (testStore === "pglite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), `chibo-${prefix}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { dataDir: path.join(dir, "data") };
  }
  const url = process.env.CHIBO_TEST_DATABASE_URL!;
  const name = `chibo_${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { databaseUrl: u.toString() };
}
