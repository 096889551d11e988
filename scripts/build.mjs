#!/usr/bin/env node
// Builds what `chibo start` serves: the web UI (Vite → dist/web) and the server bundle (esbuild → dist/server/cli.mjs).
// With --if-stale each part is skipped when it is newer than every source it is made from,
// so `npm start` is quick after the first run and still picks up changes.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";

// What users get, whoever runs the build: the browser suite's setup runs it from a test runner that sets NODE_ENV to
// "test", and Vite would then build React's development code into the pages and the first screen's bundle.
process.env.NODE_ENV = "production";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ifStale = process.argv.includes("--if-stale");

function newest(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name.endsWith(".test.ts") || entry.name === "node_modules") continue;
    max = Math.max(max, newest(path.join(p, entry.name)));
  }
  return max;
}

const stale = (output, inputs) =>
  !ifStale ||
  !existsSync(output) ||
  statSync(output).mtimeMs < Math.max(...inputs.map((i) => newest(path.join(root, i))));

const web = path.join(root, "dist/web/index.html");
const firstScreen = path.join(root, "dist/web-ssr/first-screen.js");
if (stale(web, ["src", "package-lock.json", "vite.config.ts"]) || !existsSync(firstScreen)) {
  console.log("Đang dựng giao diện web (vite build)…");
  const { build } = await import("vite");
  await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  precompress(path.join(root, "dist/web"));
  // The server's own bundle of the home's first screen (ADR 0191): the same components, drawn to HTML in Node.
  // Self-contained, React included in its production build, whatever NODE_ENV the server runs with.
  await build({
    configFile: path.join(root, "vite.config.ts"),
    logLevel: "warn",
    build: {
      ssr: "first-screen.tsx",
      outDir: path.join(root, "dist/web-ssr"),
      emptyOutDir: true,
      copyPublicDir: false,
    },
    ssr: { noExternal: true },
    // Vite leaves this to the server's environment in a server bundle; ours does not set it.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
  });
}

/**
 * Each text file of the web build gets a Brotli (.br) and a gzip (.gz) copy beside it, made once here at the
 * strongest levels; the server sends the copy the browser accepts (ADR 0169). On a phone at 1.6 Mbit/s the first
 * screen's scripts go from about 700 KB to under 200 KB.
 */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) precompress(file);
    else if (/\.(js|css|html|svg|json|webmanifest|txt)$/.test(entry.name)) {
      const bytes = readFileSync(file);
      if (bytes.length < 1024) continue;
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    }
  }
}

const server = path.join(root, "dist/server/cli.mjs");
/** Each module a worker thread runs; its bundle is dist/server/<name>.mjs. */
const WORKER_ENTRIES = [
  "src/modules/documents/render-worker.ts",
  "src/core/uploads/upload-worker.ts",
  "src/modules/evaluations/documents/evaluation-render-worker.ts",
  "src/modules/inspections/inspection-render-worker.ts",
];
if (stale(server, ["src", "package-lock.json"])) {
  const esbuild = await import("esbuild");
  // Dependencies stay in node_modules; only our own TypeScript is bundled, so start-up skips per-file transpiling.
  // Worker-thread tasks (core/workers.ts) are entries of their own: a thread starts from a file, beside the server.
  const workers = Object.fromEntries(
    WORKER_ENTRIES.map((entry) => [path.basename(entry, ".ts"), path.join(root, entry)]),
  );
  await esbuild.build({
    entryPoints: { cli: path.join(root, "src/cli.ts"), ...workers },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir: path.dirname(server),
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
}
