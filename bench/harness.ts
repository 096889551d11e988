// The benchmark's harness, shared by the benchmark, the soak and the tests that start a real server: the ids
// the requests use, the real server as a child process (`chibo start` on a data directory or a PostgreSQL
// database), signing in, and the server's resident memory.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "../src/core/db/index.js";
import { refreshAllMeetingSummaries } from "../src/modules/meetings/summaries.js";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, copyDraft, generate, SIZES, type Size } from "./generate.js";

export const ROOT = path.resolve(import.meta.dirname, "..");
export type Who = keyof typeof BENCH_ACCOUNTS;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The machine, recorded with every result (the load average says whether the box was shared at the time). */
export function machineInfo() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    uptime: execFileSync("uptime").toString().trim(),
  };
}

/** The commit a result was measured on, and whether the working tree had changes on top of it. */
export function codeVersion(): { commit: string; dirty: boolean } {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT }).toString().trim();
  return { commit: git("rev-parse", "HEAD"), dirty: git("status", "--porcelain") !== "" };
}

/** `--size` and `--store` as every bench script takes them, checked. */
export function sizeAndStore(args: { size?: string; store?: string }): { size: Size; store: "pglite" | "postgres" } {
  const size = (args.size ?? "S").toUpperCase() as Size;
  if (!SIZES[size]) throw new Error("--size S|M|L");
  const store = args.store ?? "pglite";
  if (store !== "pglite" && store !== "postgres") throw new Error("--store pglite|postgres");
  return { size, store };
}

export interface DataSet {
  /** The PGlite data directory (bench/.data/<size>-pglite) when the store is PGlite. */
  dataDir: string;
  /** The database URL when the store is PostgreSQL. */
  databaseUrl: string | undefined;
  /** How long generating took, or null when an existing data set was reused. */
  load: { ms: number; counts: Record<string, number> } | null;
}

/**
 * The data set of a size in the store: generated into bench/.data/<size>-pglite or into a PostgreSQL database
 * named `databaseName` on BENCH_DATABASE_URL (or CHIBO_TEST_DATABASE_URL); kept as it is with `reuse`.
 */
export async function prepareDataSet(o: {
  size: Size;
  store: "pglite" | "postgres";
  reuse: boolean;
  databaseName: string;
}): Promise<DataSet> {
  const dataDir = path.join(ROOT, "bench/.data", `${o.size}-pglite`);
  let databaseUrl: string | undefined;
  if (o.store === "postgres") {
    const base = process.env.BENCH_DATABASE_URL ?? process.env.CHIBO_TEST_DATABASE_URL;
    if (!base) throw new Error("--store postgres needs BENCH_DATABASE_URL or CHIBO_TEST_DATABASE_URL");
    const u = new URL(base);
    u.pathname = `/${o.databaseName}`;
    databaseUrl = u.toString();
    if (!o.reuse) {
      const admin = await openDatabase({ databaseUrl: base });
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${o.databaseName} WITH (FORCE)`));
      await admin.db.execute(sql.raw(`CREATE DATABASE ${o.databaseName}`));
      await admin.close();
    }
  } else if (!o.reuse) rmSync(dataDir, { recursive: true, force: true });

  let load: DataSet["load"] = null;
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    await migrateDatabase(database);
    const [{ n }] = (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM organizations`)) as [
      { n: number },
    ];
    if (n === 0) {
      log(`generating ${o.size} into ${o.store}…`);
      const res = await generate(database, { size: o.size, progress: true });
      // Fresh statistics, as a server would have after autovacuum.
      await database.db.execute(sql`ANALYZE`);
      load = { ms: Math.round(res.ms), counts: res.counts };
      log(`loaded in ${(res.ms / 1000).toFixed(1)} s: ${JSON.stringify(res.counts)}`);
    } else log(`reusing the ${o.size} data set in ${o.store}`);
    // Meeting summaries are derived data a server keeps current as it goes; a bulk load (or the migration that
    // introduced them) leaves them stale, and the benchmark measures a server that has caught up.
    const started = performance.now();
    const summarised = await refreshAllMeetingSummaries(database);
    if (summarised) log(`summarised ${summarised} meetings in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
  return { dataDir, databaseUrl, load };
}

/** Who and what: the ids the requests (and the bench's bare queries) use, read from a generated data set. */
export interface Ctx {
  cellId: string;
  cellPath: string;
  rootId: string;
  rootPath: string;
  secretaryMemberId: string;
  memberMemberId: string;
  secretaryUserId: string;
  overseenCellIds: string[];
  taskPool: { id: string; version: number }[];
  draftPool: { id: string; version: number }[];
  searchText: string;
  openMeetingId: string;
  pastMeetingId: string;
  cellMemberIds: string[];
  overview: { year: number; month: number };
}

/**
 * The bench's issuing run uses up the bench cell's drafts, and a reused set keeps them used: before a run the pool is
 * brought back to `wanted` drafts, copied in SQL from the one the generator made through the documents operation.
 */
export async function topUpDrafts(database: Database, wanted: number): Promise<number> {
  const [cell] = await database.rows<{ id: string; drafts: number }>(
    sql`SELECT o.id, (SELECT count(*)::int FROM documents d WHERE d.organization_id = o.id AND d.status = 'draft') AS drafts
          FROM users u JOIN members m ON m.id = u.member_id JOIN organizations o ON o.id = m.organization_id
         WHERE u.username = ${BENCH_ACCOUNTS.secretary}`,
  );
  const missing = wanted - cell!.drafts;
  if (missing <= 0) return 0;
  const [first] = await database.rows<{ id: string }>(
    sql`SELECT id FROM documents WHERE organization_id = ${cell!.id} AND type = 'TB' AND origin <> 'upload'
        ORDER BY created_at LIMIT 1`,
  );
  await copyDraft(database.db, first!.id, 1, missing, sql`gen_random_uuid()`, sql`' (bổ sung ' || g || ')'`);
  return missing;
}

export async function context(database: Database): Promise<Ctx> {
  const one = async <T>(q: ReturnType<typeof sql>) => (await database.rows<T>(q))[0]!;
  const sec = await one<{ user_id: string; member_id: string; org_id: string; path: string }>(
    sql`SELECT u.id AS user_id, u.member_id, m.organization_id AS org_id, o.path FROM users u JOIN members m ON m.id = u.member_id JOIN organizations o ON o.id = m.organization_id WHERE u.username = ${BENCH_ACCOUNTS.secretary}`,
  );
  const mem = await one<{ member_id: string }>(
    sql`SELECT member_id FROM users WHERE username = ${BENCH_ACCOUNTS.member}`,
  );
  const root = await one<{ id: string; path: string }>(sql`SELECT id, path FROM organizations WHERE code = 'BENCH'`);
  const overseen = await database.rows<{ organization_id: string }>(
    sql`SELECT o.organization_id FROM oversights o JOIN users u ON u.member_id = o.member_id WHERE u.username = ${BENCH_ACCOUNTS.overseer}`,
  );
  const taskPool = await database.rows<{ id: string; version: number }>(
    sql`SELECT id, version FROM tasks WHERE organization_id = ${sec.org_id} AND deleted_at IS NULL ORDER BY id`,
  );
  const draftPool = await database.rows<{ id: string; version: number }>(
    sql`SELECT id, version FROM documents WHERE organization_id = ${sec.org_id} AND status = 'draft' ORDER BY id`,
  );
  // A name from the cell, typed without diacritics the way a secretary does on a phone.
  const who = await one<{ search_text: string }>(
    sql`SELECT search_text FROM members WHERE organization_id = ${sec.org_id} ORDER BY id LIMIT 1 OFFSET 5`,
  );
  const open = await one<{ id: string }>(
    sql`SELECT id FROM meetings WHERE organization_id = ${sec.org_id} AND status = 'open'`,
  );
  const past = await one<{ id: string; date: string }>(
    sql`SELECT id, date::text AS date FROM meetings WHERE organization_id = ${sec.org_id} AND status = 'approved' ORDER BY date DESC LIMIT 1`,
  );
  // Those who spoke in the open meeting cannot be marked absent, so the attendance write leaves them out.
  const cellMembers = await database.rows<{ id: string }>(
    sql`SELECT id FROM members WHERE organization_id = ${sec.org_id}
          AND id NOT IN (SELECT member_id FROM meeting_contributions WHERE meeting_id = ${open.id} AND member_id IS NOT NULL)
        ORDER BY id`,
  );
  return {
    openMeetingId: open.id,
    pastMeetingId: past.id,
    cellMemberIds: cellMembers.map((m) => m.id),
    overview: { year: Number(past.date.slice(0, 4)), month: Number(past.date.slice(5, 7)) },
    cellId: sec.org_id,
    cellPath: sec.path,
    rootId: root.id,
    rootPath: root.path,
    secretaryMemberId: sec.member_id,
    memberMemberId: mem.member_id,
    secretaryUserId: sec.user_id,
    overseenCellIds: overseen.map((o) => o.organization_id),
    taskPool,
    draftPool,
    searchText: who.search_text.split(" ").slice(-2).join(" "),
  };
}

/** The server's resident set size in MiB (VmRSS of /proc/<pid>/status); 0 once it has gone. */
export function rssMiB(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

export interface HealthWatch {
  /** Stops polling; the slowest /api/health answer, how many were answered, and the server's peak RSS. */
  stop(): Promise<{ worstMs: number; polls: number; rssBeforeMiB: number; rssPeakMiB: number }>;
}

/**
 * Polls /api/health (every `everyMs` after each answer) and samples the server's RSS while something else runs: how
 * long another request waits is what a blocked event loop costs the other users.
 */
export function watchHealth(base: string, pid: number, everyMs = 10): HealthWatch {
  const rssBeforeMiB = rssMiB(pid);
  let rssPeakMiB = rssBeforeMiB;
  let worstMs = 0;
  let polls = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      worstMs = Math.max(worstMs, performance.now() - t0);
      polls++;
      rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { worstMs, polls, rssBeforeMiB, rssPeakMiB };
    },
  };
}

/**
 * The store's environment for `chibo start`: a PGlite data directory, or a PostgreSQL database URL.
 * The demo is never loaded (CHIBO_NO_DEMO=1): the data set is the generated one.
 */
export function storeEnv(store: { dataDir: string } | { databaseUrl: string }): Record<string, string> {
  return "databaseUrl" in store
    ? { DATABASE_URL: store.databaseUrl }
    : { CHIBO_DATA_DIR: store.dataDir, DATABASE_URL: "" };
}

export interface StartedServer {
  child: ChildProcess;
  base: string;
  /** Time from spawn to the first healthy answer. */
  ms: number;
}

let exitOnSignal = false;

/**
 * Starts the real server on loopback and waits until /api/health answers. Opening the S data directory takes about
 * 100–300 s on PGlite when the machine is shared at load 20, so the wait allows ten minutes.
 */
export async function startServer(
  env: Record<string, string>,
  port: number,
  timeoutMs = 600_000,
): Promise<StartedServer> {
  const started = performance.now();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["bin/chibo.mjs", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      CHIBO_NO_DEMO: "1",
      CHIBO_TEST_STORE: "",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // An interrupted run must not leave its server behind.
  process.once("exit", () => child.kill("SIGKILL"));
  if (!exitOnSignal) {
    exitOnSignal = true;
    process.once("SIGINT", () => process.exit(130));
    process.once("SIGTERM", () => process.exit(143));
  }
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (performance.now() - started > timeoutMs) {
      child.kill("SIGKILL");
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, base, ms: Math.round(performance.now() - started) };
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
}

export interface HttpSession {
  cookie: string;
  csrf: string;
}

export async function signIn(base: string, username: string, password = BENCH_PASSWORD): Promise<HttpSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: username, password }),
  });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const cookie = /chibo_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  const me = (await (
    await fetch(`${base}/api/auth/me`, { headers: { cookie: `chibo_session=${cookie}` } })
  ).json()) as { csrfToken: string };
  return { cookie: `chibo_session=${cookie}`, csrf: me.csrfToken };
}

/** Signs in every bench account (secretary, member, overseer, office). */
export async function signInAll(base: string): Promise<Record<Who, HttpSession>> {
  const sessions = {} as Record<Who, HttpSession>;
  for (const who of Object.keys(BENCH_ACCOUNTS) as Who[]) sessions[who] = await signIn(base, BENCH_ACCOUNTS[who]);
  return sessions;
}
