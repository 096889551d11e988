// node --import tsx bench/render-limits.ts [--out DIR]
// The largest document DOCUMENT_LIMITS allows, rendered to PDF and DOCX the way a download does (compose and
// render in the worker thread): time, the process's RSS before / at its peak / after, and the longest the
// event loop was held meanwhile. With --out, writes the PDFs of a normal and of the largest document.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { hanoiAt } from "../src/core/time.js";
import { parseArgs } from "node:util";
import { DOCUMENT_LIMITS } from "../src/modules/documents/model.js";
import { renderInWorker } from "../src/modules/documents/render-file.js";
import { SAMPLES } from "../src/modules/documents/samples.js";
import { inputOfSample } from "../test/support/document-models.js";

const { values: args } = parseArgs({ options: { out: { type: "string" } } });
const PARAGRAPH =
  "Chi bộ đã lãnh đạo đảng viên thực hiện tốt các nhiệm vụ chính trị của địa phương, phát triển kinh tế, " +
  "bảo đảm quốc phòng, an ninh; công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức, tổ chức và cán bộ " +
  "được chú trọng. ";

/** `count` sections whose headings and texts add up to exactly `total` characters, in paragraphs of ~1,400. */
function sections(count: number, total: number) {
  const headings = Array.from({ length: count }, (_, i) => `${i + 1}. Phần thứ ${i + 1}`);
  const room = total - headings.reduce((n, h) => n + h.length, 0);
  return headings.map((heading, i) => {
    const n = Math.floor(room / count) + (i < room % count ? 1 : 0);
    let text = "";
    while (text.length < n) text += (text ? "\n\n" : "") + PARAGRAPH.repeat(6).trim();
    return { key: `s${i + 1}`, heading, text: text.slice(0, n) };
  });
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const normal = SAMPLES.find((s) => s.type === "BC")!;
const largest = { ...normal, sections: sections(40, DOCUMENT_LIMITS.totalChars) };
const at = hanoiAt("2026-11-20", "08:00");

// A running server has its worker thread warm; start it with the normal document.
const normalPdf = await renderInWorker("pdf", inputOfSample(normal, null), at);
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const results: Record<string, unknown> = {};
let largestPdf: Buffer | null = null;
for (const format of ["pdf", "docx"] as const) {
  const t0 = performance.now();
  const bytes = await renderInWorker(format, inputOfSample(largest, null), at);
  results[format] = { ms: Math.round(performance.now() - t0), bytes: bytes.length };
  if (format === "pdf") largestPdf = bytes;
}
loop.disable();
clearInterval(sampler);
// The thread ends when idle (core/workers.ts) and hands its memory back.
await new Promise((r) => setTimeout(r, 25_000));
console.log(
  JSON.stringify(
    {
      limits: DOCUMENT_LIMITS,
      ...results,
      rssMiB: {
        before: mib(rssBefore),
        peak: mib(peak),
        growth: mib(peak - rssBefore),
        afterIdle: mib(process.memoryUsage().rss),
      },
      eventLoopMaxDelayMs: Math.round(loop.max / 1e6),
    },
    null,
    2,
  ),
);
if (args.out) {
  writeFileSync(path.join(args.out, "normal.pdf"), normalPdf);
  writeFileSync(path.join(args.out, "largest.pdf"), largestPdf!);
}
