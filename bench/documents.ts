// DOCX and PDF generation time for a ten-page plan: median of several warm runs.
// Run: node --import tsx bench/documents.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { longPlan } from "../src/modules/documents/samples.js";
import { modelOfSample } from "../src/modules/documents/test-models.js";
import { renderDocx } from "../src/modules/documents/render-docx.js";
import { renderPdf } from "../src/modules/documents/render-pdf.js";

const RUNS = 9;
const model = modelOfSample(longPlan());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<Buffer>) {
  await fn(); // warm-up: fonts read and inflated once per process
  const times: number[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), bytes: last.length, last };
}

const pdf = await time(() => renderPdf(model));
const docx = await time(() => renderDocx(model));
const dir = mkdtempSync(path.join(tmpdir(), "chibo-bench-"));
writeFileSync(path.join(dir, "plan.pdf"), pdf.last);
let pages = "?";
try {
  pages = /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [path.join(dir, "plan.pdf")]).toString())?.[1] ?? "?";
} catch {
  // pdfinfo (poppler-utils) missing: the page count is left out.
}
console.log(`plan: ${pages} pages (PDF)`);
console.log(
  `PDF : median ${pdf.median.toFixed(0)} ms (min ${pdf.min.toFixed(0)}, max ${pdf.max.toFixed(0)}), ${(pdf.bytes / 1024).toFixed(0)} KiB, ${RUNS} runs`,
);
console.log(
  `DOCX: median ${docx.median.toFixed(0)} ms (min ${docx.min.toFixed(0)}, max ${docx.max.toFixed(0)}), ${(docx.bytes / 1024).toFixed(0)} KiB, ${RUNS} runs`,
);
