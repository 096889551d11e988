import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import type { Response as InjectResponse } from "light-my-request";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { plansFixture } from "./support/plans-fixture.js";
import { fakePdf, garbageZip, minimalPdf, unclosedParagraphsDocx, zipBomb } from "./support/files.js";

/**
 * Crafted uploads, sent to every route that takes a file: each is refused (or read) with a 4xx at once, while
 * /api/health keeps answering and the server's memory grows by less than 100 MB. The server runs in this process,
 * so a file parsed on the event loop would hold up the health checks measured here. The speed targets (a second,
 * 100 ms) are measured by bench/hostile-uploads.ts.
 */
let s: TestServer;
let secretary: Session;
let office: Session;
let cell: string;
let root: string;

const octet = { "content-type": "application/octet-stream" };

interface Measured {
  res: InjectResponse;
  ms: number;
  healthWorstMs: number;
  /** The same, over as long with nothing uploading, just before: the machine's own stalls. */
  idleWorstMs: number;
  /** The longest the event loop was held up (what a parse on it would show), for the record. */
  loopDelayMaxMs: number;
  rssGrowthMb: number;
}

/** Runs one request while polling /api/health back to back, and samples the resident memory. */
async function whileServing(send: () => Promise<InjectResponse>): Promise<Measured> {
  const idle = await pollHealth(() => new Promise((r) => setTimeout(r, 500)));
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  let healthWorstMs = 0;
  let done = false;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const health = await s.request(null, { method: "GET", url: "/api/health" });
      expect(health.statusCode).toBe(200);
      healthWorstMs = Math.max(healthWorstMs, performance.now() - started);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const started = performance.now();
  const res = await send();
  const ms = performance.now() - started;
  done = true;
  await poll;
  loop.disable();
  const rssGrowthMb = (rssPeak - rssBefore) / 2 ** 20;
  return { res, ms, healthWorstMs, idleWorstMs: idle.worstMs, loopDelayMaxMs: loop.max / 1e6, rssGrowthMb };
}

/** The worst /api/health latency while `during` runs. */
async function pollHealth(during: () => Promise<unknown>): Promise<{ worstMs: number }> {
  let worstMs = 0;
  let done = false;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      await s.request(null, { method: "GET", url: "/api/health" });
      worstMs = Math.max(worstMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await during();
  done = true;
  await poll;
  return { worstMs };
}

const uploadDraft = (bytes: Uint8Array, fileName = "du-thao.docx") =>
  s.request(secretary, {
    method: "POST",
    url: `/api/organizations/${cell}/documents/upload?fileName=${encodeURIComponent(fileName)}&summary=du%20thao`,
    payload: Buffer.from(bytes),
    headers: octet,
  });

const roster = (step: "preview" | "import", bytes: Uint8Array, fileName = "danh-sach.xlsx") =>
  s.request(office, {
    method: "POST",
    url: `/api/organizations/${root}/roster/${step}?fileName=${fileName}`,
    payload: Buffer.from(bytes),
    headers: octet,
  });

function report(label: string, m: Measured) {
  const figures = [
    `${m.res.statusCode} in ${m.ms.toFixed(0)} ms`,
    `health worst ${m.healthWorstMs.toFixed(0)} ms (idle ${m.idleWorstMs.toFixed(0)} ms)`,
    `event loop held ≤ ${m.loopDelayMaxMs.toFixed(0)} ms`,
    `RSS +${m.rssGrowthMb.toFixed(0)} MB`,
  ];
  console.info(`[hostile] ${label}: ${figures.join(", ")}`);
}

function expectRefusedCalmly(m: Measured, status: number[] = [413, 422]) {
  expect(status, m.res.body).toContain(m.res.statusCode);
  expect(m.res.headers["content-type"]).toContain("application/problem+json");
  // Bounds far from the faults (9.5 s, 34 s of a blocked server), not speed targets: bench/hostile-uploads.ts
  // measures those (docs/reliability.md).
  expect(m.ms).toBeLessThan(3000);
  // 100 ms on top of what the machine itself costs: on a quiet machine the idle worst is a few ms; on a shared
  // one, stalls that happen with nothing uploading are not the upload's.
  expect(m.healthWorstMs).toBeLessThan(250 + m.idleWorstMs);
  expect(m.rssGrowthMb).toBeLessThan(100);
}

const WORDS = "nghị quyết chi bộ đảng viên nhiệm vụ kế hoạch thực hiện năm tháng kết quả".split(" ");
/** Text that compresses like prose (a few times), not like a repeated phrase. */
const prose = (seed: number, words: number) =>
  Array.from({ length: words }, (_, k) => WORDS[(seed * 7919 + k * k * 31 + k) % WORDS.length]).join(" ");

const docxOf = (paragraphs: string[]) =>
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "word/document.xml": strToU8(
      `<w:document><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join("")}</w:body></w:document>`,
    ),
  });

beforeAll(async () => {
  s = await createTestServer();
  secretary = await s.signIn("bithu.llcs");
  office = await s.signIn("vanphong");
  cell = await s.orgId("CB-LLCS");
  root = await s.orgId("DB-TCT");
  // Bombs take seconds to compress: made before anything is timed.
  zipBomb("docx");
  zipBomb("xlsx");
  // A server that has been running has its upload worker started; the first file should not pay for that here.
  expect((await uploadDraft(docxOf(["I. MỞ ĐẦU", "Nội dung."]))).statusCode).toBe(201);
}, 120_000);
afterAll(() => s.close());

describe("hostile uploads are refused without holding up the server", () => {
  it("a DOCX of 80,000 unclosed <w:p> (1 KB) is refused with a 4xx at once", async () => {
    const file = unclosedParagraphsDocx();
    expect(file.length).toBeLessThan(2048);
    const m = await whileServing(() => uploadDraft(file));
    expectRefusedCalmly(m);
    expect(m.res.json().code).toBe("upload_damaged");
    report("unclosed <w:p>", m);
  });

  it("a DOCX zip bomb (about 100 KB → 100 MB) is refused with a 4xx, also when it lies about its size", async () => {
    for (const lie of [false, true]) {
      const bomb = zipBomb("docx", { lie });
      expect(bomb.length).toBeLessThan(200 * 1024);
      const m = await whileServing(() => uploadDraft(bomb));
      expectRefusedCalmly(m);
      expect(m.res.json().code).toBe(lie ? "upload_ratio" : "upload_unzipped_too_large");
      expect(m.res.json().detail).toContain("bảo vệ máy chủ");
      report(`docx bomb${lie ? " (lying)" : ""}`, m);
    }
    const list = (await s.request(secretary, { method: "GET", url: `/api/organizations/${cell}/documents` })).json();
    const stored = list.items.filter((d: { uploadName: string | null }) => d.uploadName === "du-thao.docx");
    expect(stored).toHaveLength(1); // the warm-up only
  });

  it("a zip bomb XLSX is refused by the roster preview and import and by the progress sheet", async () => {
    for (const lie of [false, true]) {
      const bomb = zipBomb("xlsx", { lie });
      for (const step of ["preview", "import"] as const) {
        const m = await whileServing(() => roster(step, bomb));
        expectRefusedCalmly(m);
        expect(m.res.json().fields.file).toContain("bảo vệ máy chủ");
        report(`xlsx bomb${lie ? " (lying)" : ""} → roster ${step}`, m);
      }
      const url = `/api/organizations/${cell}/tasks/progress-preview`;
      const m = await whileServing(() => s.request(secretary, { method: "POST", url, payload: bomb, headers: octet }));
      expectRefusedCalmly(m);
    }
  });

  it("evidence that is a zip bomb is refused before anything is written", async () => {
    const f = await plansFixture(s);
    const task = (await s.request(office, { method: "GET", url: `/api/tasks/${f.task}` })).json();
    const base64 = zipBomb("docx", { mb: 4 }).toString("base64");
    const evidence = { name: "minh-chung.docx", type: "application/octet-stream", base64 };
    const payload = { percent: 60, note: null, evidence, version: task.version };
    const m = await whileServing(() =>
      s.request(office, { method: "POST", url: `/api/tasks/${f.task}/progress`, payload }),
    );
    expectRefusedCalmly(m, [422]);
    expect(m.res.json()).toMatchObject({ code: "upload_ratio" });
    const after = (await s.request(office, { method: "GET", url: `/api/tasks/${f.task}` })).json();
    expect(after.progress).toBe(task.progress);
  });
});

describe("file contents, not names", () => {
  it("%PDF- followed by random bytes is refused as a draft, with a Vietnamese message; a real PDF is taken", async () => {
    const m = await whileServing(() => uploadDraft(fakePdf(), "du-thao.pdf"));
    expectRefusedCalmly(m, [422]);
    const problem = m.res.json();
    expect(problem.code).toBe("upload_pdf_damaged");
    expect(problem.fields.file).toBe(
      "Tệp không phải PDF hợp lệ (thiếu phần cấu trúc của PDF hoặc tệp bị cắt cụt); hãy xuất lại tệp PDF rồi gửi lại.",
    );
    const real = await uploadDraft(minimalPdf(), "that.pdf");
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json().uploadKind).toBe("pdf");
  });

  it("a garbage XLSX to the roster import gets a Vietnamese message, never a library's error text", async () => {
    const unreadable =
      "Dòng 1: tệp Excel bị hỏng hoặc không đúng định dạng; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại";
    // Noise behind a ZIP signature, and a sound ZIP whose workbook is not XML.
    const brokenWorkbook = zipSync({
      "[Content_Types].xml": strToU8("<Types/>"),
      "xl/workbook.xml": strToU8("<<<not xml at all"),
      "xl/_rels/workbook.xml.rels": strToU8("{"),
    });
    for (const file of [garbageZip(), brokenWorkbook]) {
      const res = await roster("preview", file);
      expect(res.statusCode, res.body).toBe(200);
      const problems = res.json().problems as { code: string; message: { vi: string } }[];
      expect(problems.map((p) => [p.code, p.message.vi])).toEqual([["unreadable_file", unreadable]]);
      const refused = await roster("import", file);
      expect(refused.statusCode).toBe(422);
    }
  });

  it("a Word file renamed .pdf is read as what it is; a PDF sent to the roster is refused as not a spreadsheet", async () => {
    const res = await uploadDraft(docxOf(["I. MỞ ĐẦU", "Đoạn một."]), "thuc-ra-la-word.pdf");
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().uploadKind).toBe("docx");
    const pdfAsRoster = await roster("preview", minimalPdf(), "danh-sach.csv");
    // Not a ZIP: read as CSV text and found to have no name column, which is said in Vietnamese.
    expect(pdfAsRoster.json().ready).toBe(false);
  });
});

describe("lists never carry bodies", () => {
  it("the document list answers in kilobytes however long an uploaded draft is", async () => {
    // Four sections of 1,000 paragraphs: long, yet within the document limits (documents/model.ts).
    const part = (n: number) =>
      Array.from({ length: 1000 }, (_, i) => `Đoạn ${n * 1000 + i}: ${prose(n * 1000 + i, 20)}`);
    const long = [
      "I. MỞ ĐẦU",
      ...part(0),
      "II. NỘI DUNG",
      ...part(1),
      "III. GIẢI PHÁP",
      ...part(2),
      "IV. KẾT LUẬN",
      ...part(3),
    ];
    const up = await uploadDraft(docxOf(long), "dai.docx");
    expect(up.statusCode, up.body).toBe(201);
    const detail = (await s.request(secretary, { method: "GET", url: `/api/documents/${up.json().id}` })).json();
    expect(JSON.stringify(detail.sections).length).toBeGreaterThan(400_000);
    const list = await s.request(secretary, { method: "GET", url: `/api/organizations/${cell}/documents` });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((d: { id: string }) => d.id === up.json().id);
    expect(item).toMatchObject({ uploadName: "dai.docx", uploadKind: "docx" });
    for (const body of ["sections", "minutes", "searchText", "upload", "docx", "pdf"]) {
      expect(item).not.toHaveProperty(body);
    }
    expect(list.body.length).toBeLessThan(100_000);
  });

  it("a draft's text is capped, with a clear message", async () => {
    const huge = Array.from({ length: 12_000 }, (_, i) => `Đoạn ${i}: ${prose(i, 20)}`);
    const res = await uploadDraft(docxOf(huge), "qua-dai.docx");
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("upload_text_too_long");
    expect(res.json().fields.file).toBe("Văn bản trong tệp quá dài (tối đa 1000000 ký tự); hãy chia thành nhiều tệp.");
  });
});
