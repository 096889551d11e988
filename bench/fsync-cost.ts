// What durability costs on the embedded store: 1,000 small committed inserts into a fresh data directory, with
// PGlite's own file layer (no fsync) and with the durable one (fsync of the WAL at each commit, ADR 0093).
// Rounds alternate so both see the same machine load. Prints one JSON line.
// Run: node --import tsx bench/fsync-cost.ts [writes] [rounds]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, sql } from "../src/core/db/index.js";

const writes = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 3);

async function run(durable: boolean): Promise<number[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-fsync-"));
  try {
    const database = await openDatabase({ dataDir: dir, durable });
    await database.db.execute(sql`CREATE TABLE bench_writes (id serial PRIMARY KEY, body text NOT NULL)`);
    const times: number[] = [];
    for (let i = 0; i < writes; i++) {
      const started = performance.now();
      await database.db.execute(sql`INSERT INTO bench_writes (body) VALUES (${`write ${i}`})`);
      times.push(performance.now() - started);
    }
    await database.close();
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;
const result: Record<string, { medianMs: number[]; p95Ms: number[] }> = {
  noFsync: { medianMs: [], p95Ms: [] },
  fsync: { medianMs: [], p95Ms: [] },
};
for (let r = 0; r < rounds; r++) {
  for (const durable of [false, true]) {
    const times = await run(durable);
    const into = result[durable ? "fsync" : "noFsync"]!;
    into.medianMs.push(Number(quantile(times, 0.5).toFixed(3)));
    into.p95Ms.push(Number(quantile(times, 0.95).toFixed(3)));
  }
}
console.log(JSON.stringify({ writes, rounds, ...result }));
