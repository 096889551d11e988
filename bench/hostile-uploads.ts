// Hostile uploads against the real server (`chibo start`, embedded store, demo data, on loopback): each file is
// sent while /api/health is polled back to back, and the server's resident memory is sampled. Prints one JSON line
// per file (status, time, worst health latency, RSS growth) and a summary.
// Run: node --import tsx bench/hostile-uploads.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";
import { fakePdf, garbageZip, unclosedParagraphsDocx, zipBomb } from "../test/support/files.js";
import { codeVersion, machineInfo, signIn, startServer, stopServer, watchHealth, type HttpSession } from "./harness.js";

const dir = mkdtempSync(path.join(tmpdir(), "chibo-hostile-"));
const env = { CHIBO_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", CHIBO_NO_DEMO: "" };
const server = await startServer(env, 3900 + Math.floor(Math.random() * 90));
const pid = server.child.pid!;
try {
  const secretary = await signIn(server.base, "bithu.llcs", DEMO_PASSWORD);
  const office = await signIn(server.base, "vanphong", DEMO_PASSWORD);
  const org = async (as: HttpSession, code: string) => {
    const res = await fetch(`${server.base}/api/organizations`, { headers: { cookie: as.cookie } });
    const all = (await res.json()) as { items?: { id: string; code: string }[] } | { id: string; code: string }[];
    const list = Array.isArray(all) ? all : (all.items ?? []);
    const found = list.find((o) => o.code === code);
    if (!found) throw new Error(`no organisation ${code}`);
    return found.id;
  };
  const cell = await org(secretary, "CB-LLCS");
  const root = await org(office, "DB-TCT");
  const post = (as: HttpSession, url: string, body: Uint8Array) =>
    fetch(`${server.base}${url}`, {
      method: "POST",
      headers: { cookie: as.cookie, "x-csrf-token": as.csrf, "content-type": "application/octet-stream" },
      body: new Uint8Array(body),
    });
  const draft = (body: Uint8Array) =>
    post(secretary, `/api/organizations/${cell}/documents/upload?fileName=du-thao.docx&summary=du%20thao`, body);
  const roster = (step: string, body: Uint8Array) =>
    post(office, `/api/organizations/${root}/roster/${step}?fileName=ds.xlsx`, body);

  // Bombs take seconds to compress: made before the worker is warmed (an idle worker ends after 30 s).
  zipBomb("docx");
  zipBomb("xlsx");
  // A running server has its upload worker started.
  const warm = zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "word/document.xml": strToU8(
      "<w:document><w:body><w:p><w:r><w:t>I. MỞ ĐẦU</w:t></w:r></w:p></w:body></w:document>",
    ),
  });
  if ((await draft(warm)).status !== 201) throw new Error("warm-up upload failed");

  const idle = async () => {
    await new Promise((r) => setTimeout(r, 10_000));
    return new Response(null, { status: 204 });
  };
  const cases: [string, Uint8Array, (file: Uint8Array) => Promise<Response>][] = [
    // What /api/health answers in on this machine with no upload at all: the floor the other rows compare to.
    ["nothing (baseline, 10 s)", new Uint8Array(0), idle],
    ["DOCX, 80,000 unclosed <w:p> → draft upload", unclosedParagraphsDocx(), draft],
    ["DOCX zip bomb 100 MB → draft upload", zipBomb("docx"), draft],
    ["DOCX zip bomb 100 MB, sizes lied → draft upload", zipBomb("docx", { lie: true }), draft],
    ["XLSX zip bomb 100 MB → roster preview", zipBomb("xlsx"), (f) => roster("preview", f)],
    ["XLSX zip bomb 100 MB, sizes lied → roster import", zipBomb("xlsx", { lie: true }), (f) => roster("import", f)],
    ["%PDF- + 64 KB random → draft upload", fakePdf(), draft],
    ["garbage XLSX → roster preview", garbageZip(), (f) => roster("preview", f)],
  ];
  const results = [];
  for (const [name, file, send] of cases) {
    const health = watchHealth(server.base, pid, 5);
    const t = performance.now();
    const res = await send(file);
    const body = await res.text();
    const ms = performance.now() - t;
    const watched = await health.stop();
    const json = res.headers.get("content-type")?.includes("json");
    const code = json ? ((JSON.parse(body) as { code?: string }).code ?? "") : "";
    const row = {
      file: name,
      bytes: file.length,
      status: res.status,
      code,
      ms: Math.round(ms),
      healthWorstMs: Math.round(watched.worstMs),
      healthPolls: watched.polls,
      rssBeforeMiB: watched.rssBeforeMiB,
      rssGrowthMiB: watched.rssPeakMiB - watched.rssBeforeMiB,
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const hostile = results.slice(1);
  const refused = hostile.filter((r) => (r.status >= 400 && r.status < 500) || r.file.startsWith("garbage"));
  console.log(
    JSON.stringify({
      summary: {
        all4xxOrReported: refused.length === hostile.length,
        slowestMs: Math.max(...hostile.map((r) => r.ms)),
        healthWorstMs: Math.max(...hostile.map((r) => r.healthWorstMs)),
        healthWorstIdleMs: results[0]!.healthWorstMs,
        rssGrowthMaxMiB: Math.max(...hostile.map((r) => r.rssGrowthMiB)),
      },
      machine: machineInfo(),
      code: codeVersion(),
    }),
  );
} finally {
  await stopServer(server.child);
  rmSync(dir, { recursive: true, force: true });
}
