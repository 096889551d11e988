// npm run bench -- [--size S|M|L] [--store pglite|postgres] [--duration 4] [--reuse] [--no-extras] [--no-web]
// npm run bench -- --web-only [--reuse]: only the web figures (bundle size, the home cold and on a repeat visit).
// npm run bench -- --overhead [--size S] [--store postgres] [--reuse]: a request's cost beyond its queries
// (bench/overhead.ts).
// Generates the data set (or reuses it), times each route's bare query, starts the real server on the store,
// signs in as real users and drives it with autocannon at 1, 10 and 50 connections; then server start, RSS,
// documents, roster import and web figures. Writes bench/results/<date>-<size>-<store>.json and prints a table.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { and, isNull, like, sql } from "drizzle-orm";
import { openDatabase, type Database } from "../src/core/db/index.js";
import { compareVietnamese } from "../src/core/i18n/index.js";
import { actorFromToken, createSession } from "../src/modules/accounts/store.js";
import { currentUser } from "../src/modules/accounts/public-home.js";
import { listVisibleOrganizations } from "../src/modules/organizations/store.js";
import { openSubtreeSet } from "../src/modules/organizations/public-tasks.js";
import type { Actor } from "../src/core/access/index.js";
import { listMembers } from "../src/modules/members/store.js";
import { countTasksByStatus, listTasks, listUrgentTasks, taskRules } from "../src/modules/tasks/store.js";
import { loadRollUp } from "../src/modules/plans/progress.js";
import { listResolutions, listTargets } from "../src/modules/resolutions/store.js";
import { countCompleteChecklists, latestCongresses, listChecklist } from "../src/modules/congresses/store.js";
import { listNotices } from "../src/core/outbox/index.js";
import { appStartedAt, homeReadyAt, openHomeThrottled, phoneContext, SLOW_PHONE_PROFILE } from "./slow-phone.js";
import { organizations } from "../src/modules/organizations/schema.js";
import {
  firstMeetingDates,
  getMeeting,
  listAttendance,
  listContributions,
  overviewRows,
  rosterOn,
} from "../src/modules/meetings/store.js";
import { attendanceRates } from "../src/modules/meetings/summaries.js";
import { periodRules, quotaStatus } from "../src/modules/evaluations/operations.js";
import {
  countCellsUnder,
  decemberPage,
  decemberTotals,
  getPeriod,
  periodCounts,
} from "../src/modules/evaluations/store.js";
import { ensureEvaluationPeriod } from "./evaluations.js";
import { ensureElectionRound, tallyBare } from "./elections.js";
import { ensureHallDay, hallBare, HALL_DELEGATES } from "./hall.js";
import { ensureDuesYear } from "./dues.js";
import { ensureAdmissionCandidates } from "./admissions.js";
import { admissionBooks, openCandidatesPage, stageCounts } from "../src/modules/admissions/store.js";
import { admissionTargetsAround } from "../src/modules/resolutions/public-admissions.js";
import { deadlineStamp, PIPELINE_PAGE_SIZE } from "../src/modules/admissions/model.js";
import { monthRange, todayIso } from "../src/core/time.js";
import { collection } from "../src/modules/dues/reports.js";
import { monthOf, nextMonth } from "../src/modules/dues/model.js";
import { BENCH_ACCOUNTS, BENCH_PASSWORD } from "./generate.js";
import { measureOverhead } from "./overhead.js";
import { pollCrowd } from "./poll.js";
import {
  codeVersion,
  context,
  topUpDrafts,
  machineInfo,
  prepareDataSet,
  rssMiB,
  ROOT,
  sizeAndStore,
  signInAll,
  startServer,
  stopServer,
  storeEnv,
  type Ctx,
  type Who,
} from "./harness.js";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "S" },
    store: { type: "string", default: "pglite" },
    duration: { type: "string", default: "4" },
    connections: { type: "string", default: "1,10,50" },
    reuse: { type: "boolean", default: false },
    "no-extras": { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    "web-only": { type: "boolean", default: false },
    "reads-only": { type: "boolean", default: false },
    tag: { type: "string" },
    /**
     * PostgreSQL only: a hot standby of the bench database (scripts/pg-cluster.mjs, from the installed binaries),
     * and the server's heavy reads sent to it through DATABASE_READ_URL (ADR 0178). It runs on the same machine.
     */
    replica: { type: "boolean", default: false },
    /** Only the reads whose name contains this text (and no writes with --reads-only). */
    only: { type: "string" },
    overhead: { type: "boolean", default: false },
    requests: { type: "string", default: "600" },
    rounds: { type: "string", default: "10" },
  },
});
const { size, store } = sizeAndStore(args);
if (args.overhead) {
  await measureOverhead({
    size,
    store,
    reuse: args.reuse!,
    requests: Number(args.requests),
    rounds: Number(args.rounds),
  });
  process.exit(0);
}
const duration = Number(args.duration);
const levels = args.connections!.split(",").map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => process.stderr.write(`${s}\n`);

// ── The machine, recorded with every result ──
const machine = machineInfo();
const { commit, dirty } = codeVersion();

// ── The store: a data directory under bench/.data, or a fresh PostgreSQL database ──
const { dataDir, databaseUrl, load } = await prepareDataSet({
  size,
  store,
  reuse: args.reuse!,
  databaseName: `chibo_bench_${size.toLowerCase()}`,
});
const open = () => openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
// The current year's review, opened and part-way through December (bench/evaluations.ts).
const evaluation = await (async () => {
  const database = await open();
  try {
    const [root] = await database.rows<{ id: string; path: string }>(
      sql`SELECT id, path FROM organizations WHERE code = 'BENCH'`,
    );
    return await ensureEvaluationPeriod(database, root!, log);
  } finally {
    await database.close();
  }
})();
// A congress election of the bench đảng bộ: 15 candidates, 500 ballots entered (bench/elections.ts).
const election = await (async () => {
  const database = await open();
  try {
    const [root] = await database.rows<{ id: string; path: string }>(
      sql`SELECT id, path FROM organizations WHERE code = 'BENCH'`,
    );
    return await ensureElectionRound(database, root!, log);
  } finally {
    await database.close();
  }
})();
// The congress day of the bench đảng bộ: 500 delegates and a released round, for the hall view (bench/hall.ts).
const hallDay = await (async () => {
  const database = await open();
  try {
    const [root] = await database.rows<{ id: string; path: string }>(
      sql`SELECT id, path FROM organizations WHERE code = 'BENCH'`,
    );
    return await ensureHallDay(database, root!, log);
  } finally {
    await database.close();
  }
})();
// This year's dues of every member, month by month through last month (bench/dues.ts): the collection view reads
// the whole year.
const duesYear = Number(todayIso().slice(0, 4));
await (async () => {
  const database = await open();
  try {
    await ensureDuesYear(database, duesYear, nextMonth(monthOf(todayIso()), -1), log);
  } finally {
    await database.close();
  }
})();
// Three candidates followed by every cell (bench/admissions.ts): the đảng ủy's admissions board reads them all.
await (async () => {
  const database = await open();
  try {
    const [root] = await database.rows<{ id: string; path: string }>(
      sql`SELECT id, path FROM organizations WHERE code = 'BENCH'`,
    );
    await ensureAdmissionCandidates(database, root!, log);
  } finally {
    await database.close();
  }
})();
// The same store calls as the period page (counts and the quota of every group across the đảng bộ).
const periodBare = async (db: Database["db"]) => {
  const period = (await getPeriod(db, evaluation.periodId))!;
  const { rules } = await periodRules(db, period);
  await Promise.all([quotaStatus(db, period, rules), periodCounts(db, period.id)]);
};
// The same store calls as the December view for its second page of 50 cells.
const decemberBare = async (db: Database["db"]) => {
  const period = (await getPeriod(db, evaluation.periodId))!;
  const { rules } = await periodRules(db, period);
  await Promise.all([
    decemberPage(db, period.id, period.organizationPath, 50, 50),
    decemberTotals(db, period.id),
    quotaStatus(db, period, rules),
    countCellsUnder(db, period.organizationPath),
  ]);
};

// ── The reads and writes, each with the bare query behind it ──
interface Read {
  name: string;
  who: Who;
  url: (c: Ctx) => string;
  /** Paged/bounded: its latency must not grow with the data set (growth budget ≤ 2×). */
  paged: boolean;
  /** Heavy reads run a fixed number of requests per connection instead of a duration. */
  perConnection?: number;
  /**
   * Read by a crowd of clients, each polling every `pollMs` as the page does: driven once with every connection back
   * to back (saturation: how many clients' worth the server answers), and once as the crowd itself, each client on
   * its own connection polling every `pollMs` from its own moment (bench/poll.ts), where its budget is set
   * (p95 ≤ budgetMs).
   */
  crowd?: { connections: number; budgetMs: number; pollMs: number };
  bare: ((db: Database["db"], c: Ctx, token: string) => Promise<unknown>) | null;
}
const today = new Date().toISOString().slice(0, 10);
// The same store calls the dashboard route makes, in the same order, for a reader who sees the whole subtree (the
// bench's secretary of their cell, its overseer, the office of the đảng bộ): the subtree named by its subquery.
const SEES_ALL = { isAdmin: true, scopes: [] } as unknown as Actor;
/**
 * The session's actor, looked up once (in the bare query's first run, which is not counted): a bare query is what the
 * route reads for its own answer; the actor's lookup is part of every request's floor, as the other bares have it.
 */
const actors = new Map<string, Actor>();
async function actorOf(db: Database["db"], token: string): Promise<Actor> {
  const known = actors.get(token);
  if (known) return known;
  const actor = (await actorFromToken(db, token))!;
  actors.set(token, actor);
  return actor;
}
const dashboardBare = async (db: Database["db"], orgPath: string, orgId: string) => {
  const rules = (await taskRules(db, orgPath, today)).atRisk;
  const { organizations: subtree, set } = await openSubtreeSet(db, SEES_ALL, "plan.view", { id: orgId, path: orgPath });
  const cells = subtree.filter((o) => o.kind === "cell" && o.id !== orgId);
  const [, , , res, congresses] = await Promise.all([
    countTasksByStatus(db, set, today, rules),
    listUrgentTasks(db, set, today, rules, 20),
    loadRollUp(db, [orgId]),
    listResolutions(db, [orgId]),
    latestCongresses(db, set),
  ]);
  await listTargets(
    db,
    res.filter((r) => r.state !== "concluded" && r.state !== "draft").map((r) => r.id),
  );
  await countCompleteChecklists(
    db,
    cells.map((c) => congresses.get(c.id)?.id).filter((id): id is string => !!id),
  );
  const own = congresses.get(orgId);
  if (own) await listChecklist(db, [own.id]);
};
// The same store calls as /dashboard/cells for the first page of 50.
const cellsPageBare = async (db: Database["db"], orgPath: string) => {
  const rules = (await taskRules(db, orgPath, today)).atRisk;
  const subtree = await db
    .select({ id: organizations.id, kind: organizations.kind, name: organizations.name })
    .from(organizations)
    .where(and(like(organizations.path, `${orgPath}%`), isNull(organizations.closedOn)));
  const page = subtree
    .filter((o) => o.kind === "cell")
    .sort((a, b) => compareVietnamese(a.name, b.name))
    .slice(0, 50)
    .map((c) => c.id);
  const [, , congresses] = await Promise.all([
    countTasksByStatus(db, page, today, rules),
    loadRollUp(db, page),
    latestCongresses(db, page),
  ]);
  await listChecklist(
    db,
    [...congresses.values()].map((c) => c.id),
  );
};
const ALL_READS: Read[] = [
  {
    name: "home: /api/auth/me",
    who: "secretary",
    url: () => "/api/auth/me",
    paged: true,
    // The route's own store calls: the person with their oversights (the actor's lookup is the request's floor).
    bare: async (db, _c, token) => currentUser(db, await actorOf(db, token)),
  },
  {
    name: "home: organisations",
    who: "secretary",
    url: () => "/api/organizations",
    paged: true,
    bare: async (db, _c, token) => listVisibleOrganizations(db, await actorOf(db, token)),
  },
  {
    name: "home: notices",
    who: "secretary",
    url: () => "/api/notices",
    paged: true,
    bare: (db, c) => listNotices(db, c.secretaryUserId),
  },
  {
    name: "home: cell dashboard",
    who: "secretary",
    url: (c) => `/api/organizations/${c.cellId}/dashboard`,
    paged: true,
    bare: (db, c) => dashboardBare(db, c.cellPath, c.cellId),
  },
  {
    name: "member list, search",
    who: "secretary",
    url: (c) => `/api/organizations/${c.cellId}/members?q=${encodeURIComponent(c.searchText)}&limit=100`,
    paged: true,
    bare: (db, c) => listMembers(db, c.cellPath, { q: c.searchText, limit: 100, offset: 0, includeLeft: false }),
  },
  {
    name: "member list, search, đảng bộ",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/members?q=${encodeURIComponent(c.searchText)}&limit=100`,
    paged: true,
    bare: (db, c) => listMembers(db, c.rootPath, { q: c.searchText, limit: 100, offset: 0, includeLeft: false }),
  },
  {
    name: "my tasks",
    who: "member",
    url: () => "/api/me/tasks",
    paged: true,
    bare: (db, c) => listTasks(db, { memberId: c.memberMemberId }),
  },
  {
    name: "cell tasks, late",
    who: "secretary",
    url: (c) => `/api/organizations/${c.cellId}/tasks?status=late`,
    paged: true,
    bare: async (db, c) =>
      listTasks(db, {
        organizationIds: [c.cellId],
        status: { is: "late", today, rules: (await taskRules(db, c.cellPath, today)).atRisk },
      }),
  },
  {
    name: "overseen cell dashboard",
    who: "overseer",
    url: (c) => `/api/organizations/${c.overseenCellIds[2] ?? c.cellId}/dashboard`,
    paged: true,
    bare: async (db, c) => {
      const id = c.overseenCellIds[2] ?? c.cellId;
      const [o] = await db
        .select({ path: organizations.path })
        .from(organizations)
        .where(sql`${organizations.id} = ${id}`);
      return dashboardBare(db, o!.path, id);
    },
  },
  {
    name: "meeting page",
    who: "secretary",
    url: (c) => `/api/meetings/${c.pastMeetingId}`,
    paged: true,
    bare: async (db, c) => {
      const m = (await getMeeting(db, c.pastMeetingId))!;
      await Promise.all([rosterOn(db, m), listAttendance(db, m.id), listContributions(db, m.id)]);
    },
  },
  {
    name: "đảng ủy meeting overview, a month",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/meeting-overview?year=${c.overview.year}&month=${c.overview.month}`,
    paged: false,
    // Five requests per connection: with one, the figure at one connection was the run's first, cold request (173 and
    // 775.8 ms at S on 2026-12-05, against 40–120 ms after it), and its ratio to the bare query said nothing.
    perConnection: 5,
    bare: async (db, c) => {
      // The route's own range: a month of 30 days has no 31st (the bench failed on 2026-12-05 for November).
      const { from, to } = monthRange(c.overview.year, c.overview.month);
      const rows = await overviewRows(db, c.rootPath, from, to);
      await attendanceRates(
        db,
        rows.filter((r) => r.meetingId && r.status !== "planned").map((r) => r.meetingId!),
      );
      await firstMeetingDates(db, c.rootPath);
    },
  },
  // The office's home shows the whole đảng bộ's dashboard: counts over every cell (not paged).
  {
    name: "đảng bộ dashboard (office home)",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/dashboard`,
    paged: false,
    // Ten requests per connection: its p50 has a budget of its own (≤ 100 ms at L), which one request cannot show.
    perConnection: 10,
    bare: (db, c) => dashboardBare(db, c.rootPath, c.rootId),
  },
  // The office's home lists the cells beside it, 50 at a time.
  {
    name: "đảng bộ home, a page of cells",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/dashboard/cells`,
    paged: true,
    bare: (db, c) => cellsPageBare(db, c.rootPath),
  },
  // The year-end review (issue 15): the office's December view, a page of 50 cells with the quota of each group.
  {
    name: "evaluations: December view, a page of 50 cells",
    who: "office",
    url: () => `/api/evaluation-periods/${evaluation.periodId}/cells?page=2`,
    paged: true,
    bare: (db) => decemberBare(db),
  },
  // The quota check across the whole đảng bộ, with the period's counts: what the period page shows.
  {
    name: "evaluations: period with the quota check",
    who: "office",
    url: () => `/api/evaluation-periods/${evaluation.periodId}`,
    paged: false,
    bare: (db) => periodBare(db),
  },
  // Issue 18: the tally of 500 ballots for 15 candidates (bare: what the release computes); over HTTP, the election
  // page each counter's device polls while counting.
  {
    name: "elections: tally of 500 ballots",
    who: "office",
    url: () => `/api/elections/${election.electionId}`,
    paged: false,
    bare: (db) => tallyBare(db, election),
  },
  // Issue 18: the hall view every screen and delegate's phone polls on the congress day (500 delegates, a released
  // round); bare: building the view once, which the server shares between readers for a moment (ADR 0161).
  {
    name: "hall: the congress hall view",
    who: "office",
    url: () => `/api/congress-preparations/${hallDay.preparationId}/hall`,
    paged: false,
    // The hall page polls every 5 s (HallPage's REFRESH_MS).
    crowd: { connections: HALL_DELEGATES, budgetMs: 200, pollMs: 5_000 },
    bare: (db) => hallBare(db, hallDay.preparationId),
  },
  // Dues (issue 16): the đảng ủy's collection view of a year, 2,000 members × 12 months at S, a page of 50 cells.
  {
    name: "dues: collection view of the year, a page of 50 cells",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/dues-collection?year=${duesYear}&limit=50`,
    paged: true,
    bare: (db, c) => collection(db, { id: c.rootId, path: c.rootPath }, { year: duesYear, limit: 50, offset: 0 }),
  },
  // Admissions (issue 16): the đảng ủy's board, every open candidate of the đảng bộ sorted by deadline, a page of 50.
  {
    name: "admissions: the đảng ủy's board, a page of candidates",
    who: "office",
    url: (c) => `/api/organizations/${c.rootId}/admission-pipeline?page=2`,
    paged: true,
    bare: async (db, c) => {
      // The board's store work when every due day is kept (ADR 0176): the stages counted, one page read.
      const { rules, calendar } = await admissionBooks(db, c.rootPath, todayIso());
      await stageCounts(db, c.rootPath, deadlineStamp(rules, calendar));
      await openCandidatesPage(db, c.rootPath, PIPELINE_PAGE_SIZE, PIPELINE_PAGE_SIZE);
      await admissionTargetsAround(db, c.rootPath);
    },
  },
];
const webOnly = args["web-only"]!;
const READS = webOnly ? [] : ALL_READS.filter((r) => !args.only || r.name.includes(args.only));

async function timeBare(database: Database, ctx: Ctx, token: string) {
  const out: Record<string, number> = {};
  for (const r of READS) {
    if (!r.bare) continue;
    const times: number[] = [];
    const deadline = performance.now() + 3000;
    for (let i = 0; i < 30 && (i < 3 || performance.now() < deadline); i++) {
      const t = performance.now();
      await r.bare(database.db, ctx, token);
      times.push(performance.now() - t);
    }
    out[r.name] = Number(median(times.slice(1)).toFixed(2));
  }
  return out;
}

let ctx: Ctx;
let bare: Record<string, number>;
{
  const database = await open();
  // Enough drafts for every issuing level: each takes up to a third of the pool (max(20, 2c) issues).
  const added = await topUpDrafts(database, levels.length * Math.max(20, 2 * Math.max(...levels)));
  if (added > 0) log(`drafts: ${added} added to the bench cell's pool`);
  ctx = await context(database);
  const session = await createSession(database.db, ctx.secretaryUserId);
  bare = await timeBare(database, ctx, session.token);
  await database.db.execute(sql`DELETE FROM sessions WHERE user_id = ${ctx.secretaryUserId}`);
  await database.close();
}
log(`bare queries (median ms): ${JSON.stringify(bare)}`);

// ── The server ──
const port = 4100 + Math.floor(Math.random() * 800);
const base = `http://127.0.0.1:${port}`;
const serverEnv = storeEnv(databaseUrl ? { databaseUrl } : { dataDir });
if (args.replica) {
  if (!databaseUrl) throw new Error("--replica needs --store postgres");
  // Started after every write of the set-up above, so the standby begins with all of it.
  const { startStandby } = await import("../scripts/pg-cluster.mjs");
  const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-bench-standby-"));
  const started = performance.now();
  const standby = await startStandby(databaseUrl, dir);
  log(`hot standby at ${standby.url} in ${Math.round(performance.now() - started)} ms`);
  process.once("exit", () => {
    standby.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  serverEnv.DATABASE_READ_URL = standby.url;
}
// Start time on the existing data directory: two starts (one stopped at once, then the one measured under load).
const startTimes: number[] = [];
for (let i = 0; i < (webOnly ? 0 : 1); i++) {
  const s = await startServer(serverEnv, port);
  startTimes.push(s.ms);
  await stopServer(s.child);
}
const { child: server, ms: lastStart } = await startServer(serverEnv, port);
startTimes.push(lastStart);
await new Promise((r) => setTimeout(r, 1500));
const rssIdle = rssMiB(server.pid!);
log(`server start ${JSON.stringify(startTimes)} ms; RSS idle ${rssIdle} MiB`);

const sessions = await signInAll(base);

let rssPeak = 0;
/** The peak of each step: which load the embedded store's memory grows under. */
const rssPeakByStep: Record<string, number> = {};
let rssStep = "signed in";
const sampler = setInterval(() => {
  const rss = rssMiB(server.pid!);
  rssPeak = Math.max(rssPeak, rss);
  rssPeakByStep[rssStep] = Math.max(rssPeakByStep[rssStep] ?? 0, rss);
}, 100);

interface Run {
  connections: number;
  /** Paced at this many requests a second across all connections (a crowd polling); none: back to back. */
  paced?: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Issuing only: how long a read made meanwhile waited for the store. */
  storeWaitMs?: { n: number; p50: number; p99: number; max: number };
}
// autocannon's histogram has no p95: every response time is kept and the percentiles computed here.
function summariseTimes(
  connections: number,
  r: { times: number[]; requests: number; seconds: number; errors: number; non2xx: number },
): Run {
  const sorted = r.times.sort((a, b) => a - b);
  const q = (p: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(1));
  return {
    connections,
    requests: r.requests,
    rps: Math.round(r.requests / r.seconds),
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    errors: r.errors,
    non2xx: r.non2xx,
  };
}
function summarise(connections: number, { result: r, times }: { result: autocannon.Result; times: number[] }): Run {
  return summariseTimes(connections, {
    times,
    requests: r.requests.total,
    seconds: (r.duration as unknown as number) || 1,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  });
}
const failures: number[] = [];
/** A duration-bound run leaves requests queued in the server: wait until it answers a cheap read quickly again. */
let idleMeMs = 0;
async function settle() {
  const once = async () => {
    const t = performance.now();
    await fetch(`${base}/api/auth/me`, { headers: { cookie: sessions.secretary.cookie } }).then((r) => r.arrayBuffer());
    return performance.now() - t;
  };
  // "Quick" is relative to this machine's idle figure, so a loaded shared box does not wait for ever.
  if (!idleMeMs) idleMeMs = median([await once(), await once(), await once()]);
  const deadline = performance.now() + 30_000;
  for (let fast = 0; fast < 2 && performance.now() < deadline; )
    fast = (await once()) < Math.max(50, 3 * idleMeMs) ? fast + 1 : 0;
}
async function cannon(opts: Omit<autocannon.Options, "url">): Promise<{ result: autocannon.Result; times: number[] }> {
  await settle();
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...opts, url: base }, (err, result) =>
      err ? reject(err) : resolve({ result, times }),
    );
    // Socket errors and timeouts count as errors too; say which, so a failing run can be read.
    instance.on("reqError", (err) => {
      if (failures.length < 6) {
        failures.push(0);
        log(`  request error: ${err.message}`);
      }
    });
    instance.on("response", (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status >= 300 && failures.length < 3) failures.push(status);
    });
  });
}

const results: Record<string, { kind: "read" | "write"; bareMs: number | null; runs: Run[] }> = {};
for (const r of READS) {
  rssStep = r.name;
  const runs: Run[] = [];
  for (const c of r.crowd ? [...levels, r.crowd.connections] : levels) {
    // Heavy, unpaged reads are measured at 1 and 10 connections only: at 50 they would take minutes on the embedded store.
    if (r.perConnection && c > 10) continue;
    const res = await cannon({
      connections: c,
      ...(r.perConnection ? { amount: c * r.perConnection } : { duration }),
      timeout: 300,
      headers: { cookie: sessions[r.who].cookie },
      requests: [{ method: "GET", path: r.url(ctx) }],
    });
    runs.push(summarise(c, res));
  }
  if (r.crowd) {
    // Each client on its own connection at its own moment (bench/poll.ts). autocannon's overallRate cannot model it:
    // it caps the connections at the rate (100, not 500) and sends each second's requests all at once.
    await settle();
    const rate = Math.round((r.crowd.connections * 1000) / r.crowd.pollMs);
    const res = await pollCrowd(base, r.url(ctx), {
      clients: r.crowd.connections,
      pollMs: r.crowd.pollMs,
      durationMs: Math.max(duration, 20) * 1000,
      headers: { cookie: sessions[r.who].cookie },
    });
    runs.push({ ...summariseTimes(r.crowd.connections, res), paced: rate });
  }
  results[r.name] = { kind: "read", bareMs: bare[r.name] ?? null, runs };
  log(
    `${r.name.padEnd(34)} ${runs.map((x) => `c${x.connections}${x.paced ? `@${x.paced}/s` : ""}: p50 ${x.p50} p95 ${x.p95} ms ${x.rps}/s err ${x.errors + x.non2xx}`).join(" | ")}`,
  );
}

if (!args["reads-only"] && !webOnly) {
  // Progress on a task of the cell: each request takes a task no other request in flight holds, with the
  // version it holds now, and gives it back when answered (so 50 connections never race on one task).
  const versions = new Map(ctx.taskPool.map((t) => [t.id, t.version]));
  const free = ctx.taskPool.map((t) => t.id);
  let percent = 0;
  const taskWrite = (c: number) =>
    cannon({
      connections: c,
      amount: Math.max(100, c * 8),
      headers: {
        cookie: sessions.secretary.cookie,
        "x-csrf-token": sessions.secretary.csrf,
        "content-type": "application/json",
      },
      requests: [
        {
          method: "POST",
          setupRequest: (req, context: object) => {
            const task = free.shift()!;
            (context as Record<string, unknown>).task = task;
            percent = (percent + 7) % 101;
            return {
              ...req,
              path: `/api/tasks/${task}/progress`,
              body: JSON.stringify({ percent, note: "Cập nhật tiến độ", version: versions.get(task) }),
            };
          },
          onResponse: (status, body, ctxObj: object) => {
            const task = (ctxObj as Record<string, unknown>).task as string;
            if (status !== 200 && failures.length < 6) log(`  progress ${status}: ${body.slice(0, 200)}`);
            if (status === 200) {
              const v = (JSON.parse(body) as { version?: number }).version;
              versions.set(task, v ?? versions.get(task)! + 1);
            }
            free.push(task);
          },
        },
      ],
    });
  // Issuing a draft: draws the next number of the sequence (and renders the two files); each draft is issued once.
  let nextDraft = 0;
  const issueWrite = (c: number) =>
    cannon({
      connections: c,
      amount: Math.min(Math.max(20, c * 2), Math.floor(ctx.draftPool.length / levels.length)),
      headers: {
        cookie: sessions.secretary.cookie,
        "x-csrf-token": sessions.secretary.csrf,
        "content-type": "application/json",
      },
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            const doc = ctx.draftPool[nextDraft++]!;
            return {
              ...req,
              path: `/api/documents/${doc.id}/issue`,
              body: JSON.stringify({ issuedOn: new Date().toISOString().slice(0, 10), version: doc.version }),
            };
          },
          onResponse: (status, body) => {
            if (status !== 200 && failures.length < 6) log(`  issue ${status}: ${body.slice(0, 200)}`);
          },
        },
      ],
    });
  // Attendance in the open meeting of the cell: each request marks the next member with the next status.
  let nextMark = 0;
  const STATUSES = ["present", "late", "absent_with_reason", "present"];
  const attendanceWrite = (c: number) =>
    cannon({
      connections: c,
      amount: Math.max(100, c * 8),
      headers: {
        cookie: sessions.secretary.cookie,
        "x-csrf-token": sessions.secretary.csrf,
        "content-type": "application/json",
      },
      requests: [
        {
          method: "PUT",
          setupRequest: (req) => {
            const i = nextMark++;
            const member = ctx.cellMemberIds[i % ctx.cellMemberIds.length]!;
            const status = STATUSES[Math.floor(i / ctx.cellMemberIds.length) % STATUSES.length]!;
            return {
              ...req,
              path: `/api/meetings/${ctx.openMeetingId}/attendance/${member}`,
              body: JSON.stringify({ status, reason: status === "absent_with_reason" ? "Đi công tác" : null }),
            };
          },
          onResponse: (status, body) => {
            if (status !== 200 && failures.length < 6) log(`  attendance ${status}: ${body.slice(0, 200)}`);
          },
        },
      ],
    });
  // While documents are issued, one reader asks every 25 ms for something that needs the store (the session's
  // actor): how long it waits is how long the store is held. Budget (issue 19): never more than 50 ms by rendering,
  // which since ADR 0177 happens after the issue's commit.
  const probeWhile = async <T>(work: Promise<T>) => {
    const waits: number[] = [];
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    while (!done) {
      const t = performance.now();
      await fetch(`${base}/api/auth/me`, { headers: { cookie: sessions.secretary.cookie } });
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
    const sorted = waits.sort((a, b) => a - b);
    const at = (p: number) =>
      Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
    return { result: await finished, probe: { n: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) } };
  };
  for (const [name, fn] of [
    ["write: attendance", attendanceWrite],
    ["write: task progress", taskWrite],
    ["write: issue a document (reserve its number)", issueWrite],
  ] as const) {
    rssStep = name;
    const runs: Run[] = [];
    for (const c of levels) {
      if (fn !== issueWrite) {
        runs.push(summarise(c, await fn(c)));
        continue;
      }
      const { result, probe } = await probeWhile(fn(c));
      runs.push({ ...summarise(c, result), storeWaitMs: probe });
      log(
        `  c${c}: a read waited for the store p50 ${probe.p50} p99 ${probe.p99} max ${probe.max} ms (${probe.n} reads)`,
      );
    }
    results[name] = { kind: "write", bareMs: null, runs };
    log(
      `${name.padEnd(34)} ${runs.map((x) => `c${x.connections}: p50 ${x.p50} p95 ${x.p95} ms ${x.rps}/s err ${x.errors + x.non2xx}`).join(" | ")}`,
    );
  }
}
clearInterval(sampler);
const rssAfter = rssMiB(server.pid!);
log(
  `RSS peak by step: ${Object.entries(rssPeakByStep)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([step, mib]) => `${step} ${mib} MiB`)
    .join(" · ")}`,
);

// ── Web: initial JS/CSS gzip and the secretary's home under throttling (before the server stops) ──
let web: Record<string, unknown> | null = null;
if (!args["no-web"]) web = await measureWeb();
await stopServer(server);

// ── Extras that do not depend on the data set: documents and the roster import ──
let extras: Record<string, unknown> | null = null;
interface IssueHoldLevel {
  issued: number;
  failed: number;
  filesStoreHoldMs: { n: number; p50: number; p95: number; max: number };
}
if (!args["no-extras"] && !webOnly) {
  const docs = spawnSync(process.execPath, ["--import", "tsx", "bench/documents.ts"], {
    cwd: ROOT,
    encoding: "utf8",
  }).stdout;
  const ms = (label: string) => Number(new RegExp(`${label}\\s*: median (\\d+) ms`).exec(docs)?.[1] ?? NaN);
  const pages = Number(/plan: (\d+) pages/.exec(docs)?.[1] ?? NaN);
  log(`documents: ${docs.trim().replace(/\n/g, " · ")}`);
  const roster = spawnSync(process.execPath, ["--import", "tsx", "bench/roster-import.ts", "100000"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const rosterJson =
    roster.status === 0 ? JSON.parse(roster.stdout.trim().split("\n").at(-1)!) : { error: roster.stderr.slice(-500) };
  log(`roster import: ${JSON.stringify(rosterJson)}`);
  extras = { planPages: pages, pdfMs: ms("PDF "), docxMs: ms("DOCX"), rosterImport: rosterJson };
  if (store === "pglite" && dataDir) {
    // How long issuing holds the embedded store, measured in the store (issue 19, item 6), on a copy of this set.
    const hold = spawnSync(process.execPath, ["--import", "tsx", "bench/issue-store-hold.ts", dataDir], {
      cwd: ROOT,
      encoding: "utf8",
    });
    extras.issueStoreHold =
      hold.status === 0 ? JSON.parse(hold.stdout.trim().split("\n").at(-1)!) : { error: hold.stderr.slice(-500) };
    log(`issuing, the store held: ${JSON.stringify(extras.issueStoreHold)}`);
  }
}

async function measureWeb() {
  const index = readFileSync(path.join(ROOT, "dist/web/index.html"), "utf8");
  const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(js|css|json))"/g)].map((m) => ({
    file: m[1]!,
    kind: m[2]!,
  }));
  // The catalogue is preloaded as JSON beside the scripts (ADR 0182): counted apart, never left out.
  const gz = { js: 0, css: 0, json: 0 };
  for (const a of assets)
    gz[a.kind as "js" | "css" | "json"] += gzipSync(readFileSync(path.join(ROOT, "dist/web", a.file))).length;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const times: number[] = [];
  const warmTimes: number[] = [];
  /** When every card of each visit was there, in the order of the visits (cold, repeat, cold, …). */
  const completes: number[] = [];
  /** When the page's scripts had the home in hand (ADR 0191: after the server's drawing showed), in the same order. */
  const starts: number[] = [];
  /** Opens the home in a fresh tab of the context, throttled, and returns when it is usable (ms from navigation). */
  const visit = async (context: import("playwright-core").BrowserContext, screenshot: string | null) => {
    const page = await openHomeThrottled(context);
    const ms = await homeReadyAt(page);
    // Complete: the cards below the first screen, rendered in the background after it (ADR 0187), are there too.
    completes.push(await homeReadyAt(page, { complete: true }));
    starts.push(await appStartedAt(page));
    if (screenshot) {
      mkdirSync(path.join(ROOT, "test-results/screenshots"), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, "test-results/screenshots", screenshot) });
    }
    await page.close();
    return ms;
  };
  try {
    for (let i = 0; i < 5; i++) {
      // The service worker is kept out: the repeat visit is measured on the HTTP cache alone (bench/slow-phone.ts).
      const context = await phoneContext(browser, base);
      const login = await context.request.post("/api/auth/login", {
        data: { login: BENCH_ACCOUNTS.secretary, password: BENCH_PASSWORD },
      });
      if (!login.ok()) throw new Error(`web sign-in: ${login.status()}`);
      times.push(await visit(context, i === 0 ? "bench-home-throttled.png" : null));
      // The repeat visit: the same browser, its HTTP cache holding the scripts and styles of the first.
      warmTimes.push(await visit(context, i === 0 ? "bench-home-throttled-repeat.png" : null));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const out = {
    initialJsGzipKiB: Number((gz.js / 1024).toFixed(1)),
    initialCssGzipKiB: Number((gz.css / 1024).toFixed(1)),
    initialDataGzipKiB: Number((gz.json / 1024).toFixed(1)),
    homeUsableMs: Math.round(median(times)),
    homeUsableRuns: times.map(Math.round),
    homeRepeatUsableMs: Math.round(median(warmTimes)),
    homeRepeatUsableRuns: warmTimes.map(Math.round),
    homeCompleteMs: Math.round(median(completes.filter((_, i) => i % 2 === 0))),
    homeRepeatCompleteMs: Math.round(median(completes.filter((_, i) => i % 2 === 1))),
    homeStartedMs: Math.round(median(starts.filter((_, i) => i % 2 === 0))),
    homeRepeatStartedMs: Math.round(median(starts.filter((_, i) => i % 2 === 1))),
    load: os.loadavg().map((x) => Number(x.toFixed(2))),
    profile: SLOW_PHONE_PROFILE,
  };
  log(`web: ${JSON.stringify(out)}`);
  return out;
}

// ── Budgets ──
const at10 = (name: string) => results[name]?.runs.find((r) => r.connections === 10);
const at1 = (name: string) => results[name]?.runs.find((r) => r.connections === 1);
const budgets: { budget: string; value: string; met: boolean | null }[] = [];
for (const [name, r] of Object.entries(results)) {
  const p95 = at10(name)?.p95;
  if (p95 !== undefined)
    budgets.push({
      budget: `${name}: p95 at 10 connections ≤ ${r.kind === "read" ? 50 : 30} ms${size === "L" && store === "postgres" ? "" : " (budget is for L on PostgreSQL)"}`,
      value: `${p95} ms`,
      met: p95 <= (r.kind === "read" ? 50 : 30),
    });
  if (r.kind === "read" && r.bareMs) {
    const p50 = at1(name)!.p50;
    budgets.push({
      budget: `${name}: ≤ 1.5× bare query (p50 at 1 connection / bare median)`,
      value: `${p50} / ${r.bareMs} ms = ${(p50 / r.bareMs).toFixed(1)}×`,
      met: p50 <= 1.5 * r.bareMs,
    });
  }
  const crowd = ALL_READS.find((x) => x.name === name)?.crowd;
  const saturated = crowd && r.runs.find((x) => x.connections === crowd.connections && !x.paced);
  const polling = crowd && r.runs.find((x) => x.connections === crowd.connections && x.paced);
  if (crowd && polling)
    budgets.push({
      budget: `${name}: p95 with ${crowd.connections} clients polling every ${crowd.pollMs / 1000} s (${polling.paced}/s) ≤ ${crowd.budgetMs} ms`,
      value: `${polling.p95} ms (p50 ${polling.p50} ms, ${polling.rps}/s)`,
      met: polling.p95 <= crowd.budgetMs,
    });
  // Also shown: every one of the connections back to back, i.e. far more clients than the crowd.
  if (crowd && saturated)
    budgets.push({
      budget: `${name}: p95 at ${crowd.connections} connections back to back ≤ ${crowd.budgetMs} ms`,
      value: `${saturated.p95} ms (p50 ${saturated.p50} ms, ${saturated.rps}/s ≈ ${Math.round((saturated.rps * crowd.pollMs) / 1000)} clients polling)`,
      met: saturated.p95 <= crowd.budgetMs,
    });
  const errs = r.runs.reduce((s, x) => s + x.errors + x.non2xx, 0);
  budgets.push({ budget: `${name}: errors = 0`, value: String(errs), met: errs === 0 });
}
if (size === "L" && store === "postgres") {
  // Issue 19, item 5: the whole-tree reads that must not grow with the tree, at one connection; the search must also
  // be answered at 50.
  for (const [name, p50Budget, answeredAt] of [
    ["đảng bộ dashboard (office home)", 100, null],
    ["member list, search, đảng bộ", 50, 50],
  ] as const) {
    const c1 = at1(name);
    if (c1)
      budgets.push({
        budget: `${name}: p50 at 1 connection ≤ ${p50Budget} ms`,
        value: `${c1.p50} ms`,
        met: c1.p50 <= p50Budget,
      });
    const crowd = answeredAt ? results[name]?.runs.find((r) => r.connections === answeredAt && !r.paced) : undefined;
    if (crowd)
      budgets.push({
        budget: `${name}: answered at ${answeredAt} connections`,
        value: `${crowd.requests} answers, ${crowd.errors + crowd.non2xx} errors, p95 ${crowd.p95} ms`,
        met: crowd.requests > 0 && crowd.errors + crowd.non2xx === 0,
      });
  }
}
if (store === "pglite" && size === "S") {
  // Only when a load ran (a --web-only run has none to read the peak from).
  if (rssPeak > 0)
    budgets.push({ budget: "S on PGlite: RSS under load ≤ 250 MB", value: `${rssPeak} MiB`, met: rssPeak <= 250 });
  budgets.push({
    budget: "S on PGlite: start ≤ 2 s on an existing data directory",
    value: `${median(startTimes)} ms`,
    met: median(startTimes) <= 2000,
  });
}
if (web) {
  budgets.push({
    budget: "initial JS ≤ 150 KB gzipped",
    value: `${web.initialJsGzipKiB} KiB = ${((web.initialJsGzipKiB as number) * 1.024).toFixed(1)} KB (+ ${web.initialDataGzipKiB} KiB catalogue, JSON)`,
    // The issue's budget is in KB (1,000 bytes); the figure is kept in KiB.
    met: (web.initialJsGzipKiB as number) * 1024 <= 150_000,
  });
  budgets.push({
    budget: "secretary's home usable ≤ 1.5 s cold (throttled)",
    value: `${web.homeUsableMs} ms`,
    met: (web.homeUsableMs as number) <= 1500,
  });
  budgets.push({
    budget: "secretary's home usable ≤ 0.8 s on a repeat visit (throttled)",
    value: `${web.homeRepeatUsableMs} ms`,
    met: (web.homeRepeatUsableMs as number) <= 800,
  });
  // Not a budget of the issue: how long after the drawn screen showed the page's own scripts took it over (ADR 0191).
  budgets.push({
    budget: "secretary's home taken over by its scripts (cold / repeat, throttled; shown for what it is, no budget)",
    value: `${web.homeStartedMs} / ${web.homeRepeatStartedMs} ms`,
    met: null,
  });
}
if (extras) {
  const ri = extras.rosterImport as { importMs?: number };
  budgets.push({
    budget: "100,000-row roster import ≤ 30 s",
    value: ri.importMs ? `${(ri.importMs / 1000).toFixed(1)} s` : "failed",
    met: !!ri.importMs && ri.importMs <= 30_000,
  });
  const hold = extras.issueStoreHold as Record<string, IssueHoldLevel> | { error: string } | undefined;
  if (hold) {
    const levels = "error" in hold ? [] : Object.entries(hold as Record<string, IssueHoldLevel>);
    budgets.push({
      budget: "issuing: the embedded store held ≤ 50 ms by rendering (the files' store; max at 1 / 10 / 50 at once)",
      value: levels.length ? levels.map(([c, l]) => `${c} ${l.filesStoreHoldMs.max} ms`).join(", ") : "failed",
      met: levels.length > 0 && levels.every(([, l]) => l.filesStoreHoldMs.n > 0 && l.filesStoreHoldMs.max <= 50),
    });
    const crowd = levels.find(([c]) => c === "c50")?.[1];
    budgets.push({
      budget: "issuing: 50 simultaneous issues, 0 failures",
      value: crowd ? `${crowd.issued} issued, ${crowd.failed} failed` : "failed",
      met: !!crowd && crowd.failed === 0 && crowd.issued === 50,
    });
  }
  budgets.push({
    budget: "PDF of a 10-page plan ≤ 300 ms",
    value: `${extras.pdfMs} ms (${extras.planPages} pages)`,
    met: (extras.pdfMs as number) <= 300,
  });
}

const date = new Date().toISOString().slice(0, 10);
const result = {
  date: new Date().toISOString(),
  size,
  store,
  commit,
  dirty,
  machine,
  loadAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
  command: `npm run bench -- --size ${size} --store ${store}${args.replica ? " --replica" : ""}`,
  replica: args.replica,
  durationPerRunS: duration,
  load,
  server: {
    startMs: startTimes,
    startMedianMs: median(startTimes),
    rssIdleMiB: rssIdle,
    rssPeakUnderLoadMiB: rssPeak,
    rssPeakByStepMiB: rssPeakByStep,
    rssAfterMiB: rssAfter,
  },
  bareQueryMedianMs: bare,
  routes: results,
  web,
  extras,
  budgets,
};
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
const file = path.join(ROOT, "bench/results", `${date}-${size}-${store}${args.tag ? `-${args.tag}` : ""}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

// ── The table ──
const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(
  `\nchibo bench — size ${size}, store ${store}, commit ${commit.slice(0, 10)}${dirty ? "+" : ""}, ${machine.cores} cores, load ${machine.loadAtStart.join(" ")}`,
);
console.log(
  `${pad("route", 46)}${pad("conn", 6)}${pad("p50", 8)}${pad("p95", 8)}${pad("p99", 8)}${pad("req/s", 8)}${pad("err", 5)}bare`,
);
for (const [name, r] of Object.entries(results)) {
  for (const x of r.runs)
    console.log(
      `${pad(x.connections === levels[0] ? name : "", 46)}${pad(x.paced ? `${x.connections}@${x.paced}/s` : x.connections, 6)}${pad(x.p50, 8)}${pad(x.p95, 8)}${pad(x.p99, 8)}${pad(x.rps, 8)}${pad(x.errors + x.non2xx, 5)}${x.connections === levels[0] && r.bareMs !== null ? `${r.bareMs} ms (${(x.p50 / r.bareMs).toFixed(1)}×)` : ""}`,
    );
}
console.log(
  `\nserver start ${median(startTimes)} ms · RSS idle ${rssIdle} MiB, peak under load ${rssPeak} MiB${load ? ` · load ${(load.ms / 1000).toFixed(1)} s` : ""}`,
);
console.log("\nbudgets:");
for (const b of budgets) console.log(`  ${b.met === null ? "–" : b.met ? "MET " : "MISS"}  ${b.budget}: ${b.value}`);
console.log(`\n→ ${path.relative(ROOT, file)}`);
process.exit(0);
