// npm run bench -- --overhead [--size S] [--store postgres] [--reuse] [--requests 600] [--rounds 10]
// What a request costs beyond its queries: for /api/auth/me, the notices and my tasks, the median time of a request
// to the real server at one connection against the median time of the same store calls made directly ("bare").
// Rounds alternate bare and HTTP so a shared machine's load falls on both alike; the first round only warms up.
// Also the CPU per call: of the bench process for the bare calls, of the server process for a request.
// Writes bench/results/<date>T<hhmm>-<size>-<store>-overhead-<commit>.json and prints a table.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase, type Database } from "../src/core/db/index.js";
import { listNotices } from "../src/core/outbox/index.js";
import { todayIso } from "../src/core/time.js";
import { actorFromToken } from "../src/modules/accounts/store.js";
import { getMember } from "../src/modules/members/store.js";
import { getOrganization, listOversights } from "../src/modules/organizations/store.js";
import { listTasks, taskRules } from "../src/modules/tasks/store.js";
import {
  codeVersion,
  machineInfo,
  prepareDataSet,
  ROOT,
  signInAll,
  startServer,
  stopServer,
  storeEnv,
  type Who,
} from "./harness.js";
import type { Size } from "./generate.js";

type Db = Database["db"];
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

/** CPU time (user + system) a process has used, in ms, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function signedIn(db: Db, token: string) {
  const actor = await actorFromToken(db, token);
  if (!actor) throw new Error("the bench session is not valid");
  return actor;
}

interface Route {
  name: string;
  who: Who;
  url: string;
  /** Every store call the request makes, the session lookup included: what is left over is the request's own cost. */
  bare: (db: Db, token: string) => Promise<unknown>;
}
const ROUTES: Route[] = [
  {
    name: "/api/auth/me",
    who: "secretary",
    url: "/api/auth/me",
    bare: async (db, token) => {
      const actor = await signedIn(db, token);
      await getMember(db, actor.memberId!);
      await listOversights(db, { memberId: actor.memberId! });
    },
  },
  {
    name: "notices",
    who: "secretary",
    url: "/api/notices",
    bare: async (db, token) => listNotices(db, (await signedIn(db, token)).userId),
  },
  {
    name: "my tasks",
    who: "member",
    url: "/api/me/tasks",
    bare: async (db, token) => {
      const actor = await signedIn(db, token);
      const rows = await listTasks(db, { memberId: actor.memberId! });
      const today = todayIso();
      for (const organizationId of new Set(rows.map((r) => r.organizationId))) {
        const org = await getOrganization(db, organizationId);
        await taskRules(db, org!.path, today);
      }
    },
  },
];

/** `n` requests one after another on one connection; each response's time in ms. */
function requests(base: string, cookie: string, url: string, n: number): Promise<number[]> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: 1,
        amount: n,
        timeout: 60,
        headers: { cookie },
        requests: [{ method: "GET", path: url }],
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.non2xx || result.errors) return reject(new Error(`${url}: ${result.non2xx + result.errors} failed`));
        resolve(times);
      },
    );
    instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  });
}

export async function measureOverhead(o: {
  size: Size;
  store: "pglite" | "postgres";
  reuse: boolean;
  requests: number;
  rounds: number;
}) {
  const machine = machineInfo();
  const { commit, dirty } = codeVersion();
  const { dataDir, databaseUrl } = await prepareDataSet({
    size: o.size,
    store: o.store,
    reuse: o.reuse,
    databaseName: `chibo_bench_${o.size.toLowerCase()}`,
  });
  const store = databaseUrl ? { databaseUrl } : { dataDir };
  // PGlite holds its data directory alone: the bare queries get their turn while the server is stopped.
  const shared = o.store === "postgres";
  const port = 4100 + Math.floor(Math.random() * 800);
  const base = `http://127.0.0.1:${port}`;
  let server = await startServer(storeEnv(store), port);
  const sessions = await signInAll(base);
  const token = (who: Who) => /chibo_session=([^;]+)/.exec(sessions[who].cookie)![1]!;
  if (!shared) await stopServer(server.child);

  const perRound = Math.ceil(o.requests / o.rounds);
  const bare: Record<string, number[]> = {};
  const http: Record<string, number[]> = {};
  // CPU per call, summed over the rounds: on a machine shared with other work, waiting for a core inflates the wall
  // times of both sides alike, while the CPU a request costs the server stays what it is.
  const cpu: Record<string, { bareMs: number; serverMs: number; calls: number }> = {};
  for (let round = 0; round <= o.rounds; round++) {
    const warmUp = round === 0;
    const database = await openDatabase(store);
    for (const r of ROUTES) {
      const times: number[] = [];
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        await r.bare(database.db, token(r.who));
        times.push(performance.now() - t);
      }
      const used = process.cpuUsage(cpuBefore);
      if (!warmUp) {
        (bare[r.name] ??= []).push(...times);
        (cpu[r.name] ??= { bareMs: 0, serverMs: 0, calls: 0 }).bareMs += (used.user + used.system) / 1000;
        cpu[r.name]!.calls += perRound;
      }
    }
    await database.close();
    if (!shared) server = await startServer(storeEnv(store), port);
    for (const r of ROUTES) {
      const serverBefore = processCpuMs(server.child.pid!);
      const times = await requests(base, sessions[r.who].cookie, r.url, perRound);
      if (!warmUp) {
        (http[r.name] ??= []).push(...times);
        cpu[r.name]!.serverMs += processCpuMs(server.child.pid!) - serverBefore;
      }
    }
    if (!shared) await stopServer(server.child);
    log(`round ${round}${warmUp ? " (warm-up)" : ""} done`);
  }
  if (shared) await stopServer(server.child);

  const rows = ROUTES.map((r) => {
    const b = median(bare[r.name]!);
    const h = median(http[r.name]!);
    return {
      route: r.name,
      samples: http[r.name]!.length,
      bareMedianMs: Number(b.toFixed(2)),
      requestMedianMs: Number(h.toFixed(2)),
      requestP95Ms: Number(p95(http[r.name]!).toFixed(2)),
      overheadMs: Number((h - b).toFixed(2)),
      ratio: Number((h / b).toFixed(2)),
      bareCpuMs: Number((cpu[r.name]!.bareMs / cpu[r.name]!.calls).toFixed(2)),
      serverCpuMs: Number((cpu[r.name]!.serverMs / cpu[r.name]!.calls).toFixed(2)),
      cpuRatio: Number((cpu[r.name]!.serverMs / cpu[r.name]!.bareMs).toFixed(2)),
    };
  });
  const result = {
    kind: "overhead",
    date: new Date().toISOString(),
    commit,
    dirty,
    size: o.size,
    store: o.store,
    requests: o.requests,
    rounds: o.rounds,
    machine: { ...machine, loadAtEnd: machineInfo().loadAtStart },
    rows,
  };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  const file = path.join(
    ROOT,
    "bench/results",
    `${result.date.slice(0, 16).replace(":", "")}-${o.size}-${o.store}-overhead-${commit.slice(0, 7)}.json`,
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const pad = (s: unknown, n: number) => String(s).padEnd(n);
  console.log(`commit ${commit.slice(0, 7)}${dirty ? " (with changes)" : ""}, load ${machine.loadAtStart.join(" ")}`);
  console.log(
    `${pad("route", 16)}${pad("bare", 9)}${pad("request", 9)}${pad("p95", 9)}${pad("overhead", 10)}${pad("ratio", 8)}` +
      `${pad("cpu bare", 10)}${pad("cpu server", 12)}cpu ratio`,
  );
  for (const x of rows)
    console.log(
      `${pad(x.route, 16)}${pad(x.bareMedianMs, 9)}${pad(x.requestMedianMs, 9)}${pad(x.requestP95Ms, 9)}` +
        `${pad(x.overheadMs, 10)}${pad(`${x.ratio}×`, 8)}${pad(x.bareCpuMs, 10)}${pad(x.serverCpuMs, 12)}${x.cpuRatio}×`,
    );
  console.log(`→ ${path.relative(ROOT, file)}`);
  return result;
}
