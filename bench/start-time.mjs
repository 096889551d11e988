#!/usr/bin/env node
// Server start time, spawn to a healthy /api/health: first start on an empty data directory (loads the demo)
// and starts on the existing directory. Medians of several runs. Usage: node bench/start-time.mjs [runs]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-start-"));
const port = 3900 + Math.floor(Math.random() * 90);

async function once() {
  const started = performance.now();
  const child = spawn(process.execPath, ["bin/chibo.mjs", "start"], {
    env: { ...process.env, CHIBO_DATA_DIR: dir, PORT: String(port), LOG_LEVEL: "silent" },
  });
  const deadline = started + 120_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {}
    if (performance.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = [];
for (let i = 0; i < Math.max(1, Math.floor(runs / 2)); i++) {
  rmSync(dir, { recursive: true, force: true });
  first.push(await once());
}
const existing = [];
for (let i = 0; i < runs; i++) existing.push(await once());
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    firstStartWithDemoMs: Math.round(median(first)),
    existingDataDirMs: Math.round(median(existing)),
    runs: { first: first.map(Math.round), existing: existing.map(Math.round) },
  }),
);
