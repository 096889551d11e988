#!/usr/bin/env node
// Builds the web UI with Vite. With --if-stale it skips the build when dist/web is newer than every UI source,
// so `npm start` is fast after the first run and still picks up changes.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "dist/web/index.html");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const inputs = [path.join(root, "src"), path.join(root, "package-lock.json"), path.join(root, "vite.config.ts")];
const newestInput = Math.max(...inputs.map((p) => (statSync(p).isDirectory() ? newestSource(p) : statSync(p).mtimeMs)));
if (process.argv.includes("--if-stale") && existsSync(output) && statSync(output).mtimeMs >= newestInput) process.exit(0);

console.log("Đang dựng giao diện web (vite build)…");
await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
