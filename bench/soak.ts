// npm run soak -- [--minutes 10] [--connections 20] [--size S] [--store pglite|postgres] [--reuse]
// The soak: the real server on the generated data set, driven on loopback with the mixed load of bench/load-mix.ts
// (reads and versioned writes, four roles) for the duration. Promise: 0 errors, and the server's RSS grows by
// less than 10% from minute 2 to the end. Writes bench/results/<date>-soak-<size>-<store>.json and prints a summary.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/core/db/index.js";
import { mixedLoad, rssGrowth } from "./load-mix.js";
import {
  codeVersion,
  context,
  machineInfo,
  prepareDataSet,
  ROOT,
  sizeAndStore,
  signInAll,
  startServer,
  stopServer,
  storeEnv,
} from "./harness.js";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    size: { type: "string", default: "S" },
    store: { type: "string", default: "pglite" },
    reuse: { type: "boolean", default: false },
  },
});
const { size, store } = sizeAndStore(args);
const minutes = Number(args.minutes);
const connections = Number(args.connections);
const log = (s: string) => process.stderr.write(`${s}\n`);

const machine = machineInfo();
const { commit, dirty } = codeVersion();

// Its own PostgreSQL database: a benchmark running at the same time must not drop it.
const { dataDir, databaseUrl, load } = await prepareDataSet({
  size,
  store,
  reuse: args.reuse!,
  databaseName: `chibo_soak_${size.toLowerCase()}`,
});
const ctx = await (async () => {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    return await context(database);
  } finally {
    await database.close();
  }
})();

const port = 4100 + Math.floor(Math.random() * 800);
const server = await startServer(storeEnv(databaseUrl ? { databaseUrl } : { dataDir }), port);
log(
  `server started in ${server.ms} ms on ${server.base}; ${minutes} min at ${connections} connections on ${size}/${store}`,
);
const sessions = await signInAll(server.base);

let result: Awaited<ReturnType<typeof mixedLoad>>;
try {
  result = await mixedLoad({
    base: server.base,
    ctx,
    sessions,
    connections,
    seconds: Math.round(minutes * 60),
    pid: server.child.pid!,
    onSample: (s, served) => {
      if (s.t % 30 === 0)
        log(
          `  ${String(s.t).padStart(4)} s  ${String(served).padStart(8)} requests  RSS ${s.mib} MiB  load ${os.loadavg()[0]!.toFixed(2)}`,
        );
    },
  });
} finally {
  await stopServer(server.child);
}

// Minute 2 to the end: the first two minutes are warm-up (caches, JIT, the store's buffers filling).
const from = Math.min(120, Math.floor(result.seconds / 5));
const growth = rssGrowth(result.rss, from);
const budgets = [
  { budget: "errors = 0 (non-2xx + socket errors + timeouts)", value: String(result.errors), met: result.errors === 0 },
  {
    budget: `RSS growth from ${from} s to the end < 10%`,
    value: `${growth.fromMiB} → ${growth.endMiB} MiB (${growth.percent}%)`,
    met: growth.percent < 10,
  },
];
const date = new Date().toISOString().slice(0, 10);
const out = {
  date: new Date().toISOString(),
  kind: "soak",
  size,
  store,
  commit,
  dirty,
  machine,
  loadAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))),
  uptimeAtEnd: execFileSync("uptime").toString().trim(),
  command: `npm run soak -- --minutes ${minutes} --connections ${connections} --size ${size} --store ${store}`,
  load,
  serverStartMs: server.ms,
  requests: result.requests,
  rps: result.rps,
  errors: { total: result.errors, non2xx: result.non2xx, socket: result.socketErrors, timeouts: result.timeouts },
  latencyMs: result.latencyMs,
  rssMiB: {
    from: { second: from, mib: growth.fromMiB },
    end: growth.endMiB,
    growthPercent: growth.percent,
    peak: Math.max(...result.rss.map((s) => s.mib)),
  },
  byRequest: result.byRequest,
  failures: result.failures,
  slowAnswers: result.slow,
  errorsAt: result.errorsAt,
  budgets,
  rssSamples: result.rss,
};
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
const file = path.join(ROOT, "bench/results", `${date}-soak-${size}-${store}.json`);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);

console.log(
  `\nchibo soak — ${minutes} min, ${connections} connections, size ${size}, store ${store}, commit ${commit.slice(0, 10)}${dirty ? "+" : ""}`,
);
console.log(
  `machine: ${machine.cores} cores, ${machine.cpu}; load at start ${machine.loadAtStart.join(" ")}, at end ${out.loadAtEnd.join(" ")}`,
);
console.log(
  `requests ${result.requests} (${result.rps}/s) · errors ${result.errors} (non-2xx ${result.non2xx}, socket ${result.socketErrors}, timeouts ${result.timeouts})`,
);
console.log(
  `latency p50 ${result.latencyMs.p50} ms · p95 ${result.latencyMs.p95} ms · p99 ${result.latencyMs.p99} ms · max ${result.latencyMs.max} ms`,
);
console.log(
  `RSS at ${from} s ${growth.fromMiB} MiB · at the end ${growth.endMiB} MiB · growth ${growth.percent}% · peak ${out.rssMiB.peak} MiB`,
);
for (const [name, r] of Object.entries(result.byRequest))
  console.log(`  ${name.padEnd(32)} ${String(r.requests).padStart(8)}  failed ${r.failed}`);
if (result.errorsAt.length)
  console.log(
    `socket errors and timeouts (s into the run): ${result.errorsAt
      .map((e) => `${e.t} s ${e.error}`)
      .slice(0, 10)
      .join("; ")}`,
  );
if (result.slow.length)
  console.log(
    `answers over 2 s (s into the run: ms): ${result.slow
      .map((x) => `${x.t}: ${x.ms}`)
      .slice(0, 30)
      .join(", ")}`,
  );
if (result.failures.length) console.log(`first failures:\n  ${result.failures.join("\n  ")}`);
console.log("\nbudgets:");
for (const b of budgets) console.log(`  ${b.met ? "MET " : "MISS"}  ${b.budget}: ${b.value}`);
console.log(`\n→ ${path.relative(ROOT, file)}`);
process.exit(budgets.every((b) => b.met) ? 0 : 1);
