// How long issuing holds the embedded store, transaction by transaction (issue 19: "never blocked more than 50 ms by
// rendering"). The bench's issuing run measures a read's whole wait, which also counts the issues' own transactions
// queued ahead of it and the CPU the render workers take; this measures the store itself. In one process, on a copy of
// the S set (run `npm run bench -- --size S` once first): 20, 20 and 50 new drafts issued 1, 10 and 50 at a time, every
// transaction timed from its start to its commit, every statement of the files' store (documents/issued-files.ts,
// after the issue's commit: ADRs 0177, 0189) while PGlite runs it; told apart by where they were started — the files'
// store, or anything else (the issue itself, sign-in). Prints one JSON line.
// Run: node --import tsx bench/issue-store-hold.ts [data directory, bench/.data/S-pglite by default]
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../src/core/db/index.js";
import { settleIssuedFiles } from "../src/modules/documents/issued-files.js";
import { buildServer } from "../src/server.js";
import { BENCH_ACCOUNTS, BENCH_PASSWORD } from "./generate.js";
import { context } from "./harness.js";

const source = path.resolve(process.argv[2] ?? "bench/.data/S-pglite");
const dir = mkdtempSync(path.join(tmpdir(), "chibo-hold-"));
cpSync(source, dir, { recursive: true });
const database = await openDatabase({ dataDir: dir });
const holds: { kind: "files" | "other"; ms: number }[] = [];
// A transaction holds the store from its start to its commit, across the event loop between its statements.
const transaction = database.db.transaction.bind(database.db);
database.db.transaction = ((fn: Parameters<typeof transaction>[0], config?: Parameters<typeof transaction>[1]) => {
  const kind = new Error().stack?.includes("issued-files") ? "files" : "other";
  let started = 0;
  return transaction((tx) => {
    started = performance.now();
    return fn(tx);
  }, config).finally(() => holds.push({ kind, ms: performance.now() - started }));
}) as typeof transaction;
// A statement outside a transaction holds it while PGlite runs it: from its Parse message to its Sync, which PGlite's
// own lock keeps together. The files' statement is known by its text (async stacks do not survive PGlite's lock).
const FILES_STATEMENT = 'update "documents" set "docx"';
const pglite = database.pglite!;
const execProtocolRaw = pglite.execProtocolRaw.bind(pglite);
let filesSince: number | null = null;
pglite.execProtocolRaw = (async (...args: Parameters<typeof execProtocolRaw>) => {
  const message = args[0];
  const started = performance.now();
  if (message[0] === 0x50 && Buffer.from(message).includes(FILES_STATEMENT)) filesSince = started;
  try {
    return await execProtocolRaw(...args);
  } finally {
    if (message[0] === 0x53 && filesSince !== null) {
      holds.push({ kind: "files", ms: performance.now() - filesSince });
      filesSince = null;
    }
  }
}) as typeof execProtocolRaw;

const app = await buildServer({ database, webDir: null });
try {
  await app.ready();
  const ctx = await context(database);
  const login = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { login: BENCH_ACCOUNTS.secretary, password: BENCH_PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === "chibo_session")!.value;
  const me = await app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie } });
  const csrf = me.json().csrfToken as string;
  const issuedOn = new Date().toISOString().slice(0, 10);
  // Drafts of its own, as the editor saves them: the bench's issuing run uses up the set's pool.
  const drafts: { id: string; version: number }[] = [];
  for (let i = 0; i < 90; i++) {
    const made = await app.inject({
      method: "POST",
      url: `/api/organizations/${ctx.cellId}/documents`,
      cookies: { chibo_session: cookie },
      headers: { "x-csrf-token": csrf },
      payload: {
        type: "TB",
        summary: `Thông báo lịch sinh hoạt chi bộ số ${i + 1}`,
        sections: [{ key: "body", heading: "", text: "Chi bộ thông báo lịch sinh hoạt định kỳ tháng này." }],
      },
    });
    if (made.statusCode !== 200 && made.statusCode !== 201) throw new Error(`draft: ${made.statusCode} ${made.body}`);
    drafts.push({ id: made.json().id, version: made.json().version });
  }
  let next = 0;
  const levels: Record<string, unknown> = {};
  for (const [concurrent, count] of [
    [1, 20],
    [10, 20],
    [50, 50],
  ] as const) {
    holds.length = 0;
    let issued = 0;
    let failed = 0;
    const started = performance.now();
    for (let i = 0; i < count; i += concurrent) {
      const batch = drafts.slice(next, next + Math.min(concurrent, count - i));
      next += batch.length;
      const answers = await Promise.all(
        batch.map((doc) =>
          app.inject({
            method: "POST",
            url: `/api/documents/${doc.id}/issue`,
            cookies: { chibo_session: cookie },
            headers: { "x-csrf-token": csrf },
            payload: { issuedOn, version: doc.version },
          }),
        ),
      );
      issued += answers.filter((a) => a.statusCode === 200).length;
      failed += answers.filter((a) => a.statusCode !== 200).length;
    }
    await settleIssuedFiles();
    const summary = (kind: "files" | "other") => {
      const ms = holds
        .filter((h) => h.kind === kind)
        .map((h) => h.ms)
        .sort((a, b) => a - b);
      const at = (p: number) => Number((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1));
      return { n: ms.length, p50: at(0.5), p95: at(0.95), max: at(1) };
    };
    levels[`c${concurrent}`] = {
      issued,
      failed,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      filesStoreHoldMs: summary("files"),
      otherHoldMs: summary("other"),
    };
  }
  console.log(JSON.stringify(levels));
} finally {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
