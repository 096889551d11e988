import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../src/core/db/index.js";
import { loadDemo } from "../../src/demo/demo-data.js";
import { registerRulebookKinds } from "../../src/rulebook-kinds.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated database holding the demo organisation, once per run; every test file
 * then starts from a copy of it (a PGlite dump, or a PostgreSQL template database).
 */
export default async function setup(project: TestProject) {
  registerRulebookKinds();
  const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-test-"));
  const store = process.env.CHIBO_TEST_STORE ?? "pglite";
  let cleanup = async () => {};
  if (store === "postgres") {
    const url = process.env.CHIBO_TEST_DATABASE_URL;
    if (!url) throw new Error("CHIBO_TEST_STORE=postgres needs CHIBO_TEST_DATABASE_URL");
    const template = `chibo_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const u = new URL(url);
    u.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: u.toString() });
    await migrateDatabase(database);
    await loadDemo(database);
    await database.close();
    project.provide("postgresTemplate", template);
    project.provide("pgliteTemplate", "");
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    await loadDemo(database);
    const dump = await database.pglite!.dumpDataDir("none");
    await database.close();
    const file = path.join(dir, "template.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide("pgliteTemplate", file);
    project.provide("postgresTemplate", "");
  }
  return async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
}
