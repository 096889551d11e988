#!/usr/bin/env node
// Runs the server bundle built by `npm run build` when it is up to date with src/; otherwise runs the
// TypeScript sources directly through tsx, so a developer's change is never hidden by an old bundle.
import { existsSync, readdirSync, statSync } from "node:fs";

const bundle = new URL("../dist/server/cli.mjs", import.meta.url);
const sources = new URL("../src/", import.meta.url);

function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir);
    max = Math.max(max, entry.isDirectory() ? newest(url) : statSync(url).mtimeMs);
  }
  return max;
}

if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(sources)) {
  await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
