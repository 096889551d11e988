import { describe, expect, it } from "vitest";
import { strToU8, zipSync } from "fflate";
import { fakePdf, garbageZip, minimalPdf, unclosedParagraphsDocx, zipBomb } from "../../../test/support/files.js";
import { renderPdf } from "../../modules/documents/render-pdf.js";
import { renderDocx } from "../../modules/documents/render-docx.js";
import { SAMPLES } from "../../modules/documents/samples.js";
import { modelOfSample } from "../../../test/support/document-models.js";
import { docxParagraphs, MAX_DEPTH } from "./docx-text.js";
import { inspectFile, readUploadLimits, sniff, UploadRejectedError, type UploadLimits } from "./index.js";
import { inspectUpload } from "./inspect.js";
import { DEFAULT_UPLOAD_LIMITS } from "./limits.js";
import { checkPdf } from "./pdf.js";
import { UploadRejected } from "./rejection.js";
import { boundedUnzip } from "./zip.js";

const L = DEFAULT_UPLOAD_LIMITS;

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof UploadRejected) return err.code;
    throw err;
  }
  return "accepted";
}

const docxOf = (body: string) =>
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "word/document.xml": strToU8(`<w:document><w:body>${body}</w:body></w:document>`),
  });

describe("limits", () => {
  it("are declared once with defaults, and the environment may change each", () => {
    expect(readUploadLimits({})).toEqual(DEFAULT_UPLOAD_LIMITS);
    const mb = 2 ** 20;
    expect(DEFAULT_UPLOAD_LIMITS).toMatchObject({
      maxFileBytes: 20 * mb,
      maxUnzippedBytes: 50 * mb,
      maxEntries: 2000,
      maxRatio: 100,
    });
    const env = { CHIBO_UPLOAD_MAX_MB: "5", CHIBO_UPLOAD_MAX_ENTRIES: "10", CHIBO_UPLOAD_MAX_RATIO: "nonsense" };
    const changed = readUploadLimits(env);
    expect(changed).toMatchObject({ maxFileBytes: 5 * 2 ** 20, maxEntries: 10, maxRatio: 100 });
  });
});

describe("bounded unzip", () => {
  it("a 100 MB bomb is refused from its declared size, and a bomb that lies about it while inflating", () => {
    const honest = zipBomb("docx");
    expect(honest.length).toBeLessThan(200 * 1024);
    expect(rejection(() => boundedUnzip(honest, L))).toBe("unzipped_too_large");
    const liar = zipBomb("docx", { lie: true });
    const before = process.memoryUsage().rss;
    const started = performance.now();
    expect(rejection(() => boundedUnzip(liar, L))).toBe("ratio");
    // Stopped after the first slices: well under the 100 MB it would inflate to.
    // Not a speed target (bench/hostile-uploads.ts measures it): far below inflating 100 MB.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 2 ** 20);
    // Without the ratio the total stops it at the unzipped limit.
    expect(rejection(() => boundedUnzip(liar, { ...L, maxRatio: 1e9 }))).toBe("unzipped_too_large");
  });

  it("counts entries, and refuses what is not a sound ZIP", () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, strToU8("x")])));
    expect(rejection(() => boundedUnzip(many, { ...L, maxEntries: 29 }))).toBe("too_many_entries");
    expect(rejection(() => boundedUnzip(many, { ...L, maxEntries: 30 }))).toBe("accepted");
    expect(rejection(() => boundedUnzip(garbageZip(), L))).toBe("damaged");
    const truncated = zipSync({ "a.xml": strToU8("<a>".repeat(1000)) }).subarray(0, 40);
    expect(rejection(() => boundedUnzip(truncated, L))).toBe("damaged");
  });

  it("keeps the entries asked for, whole", () => {
    const text = "Nghị quyết ".repeat(50_000);
    const kept = boundedUnzip(zipSync({ "a.txt": strToU8(text), "b.txt": strToU8("b") }), L, (n) => n === "a.txt");
    expect([...kept.keys()]).toEqual(["a.txt"]);
    expect(new TextDecoder().decode(kept.get("a.txt"))).toBe(text);
  });
});

describe("a DOCX's paragraphs", () => {
  it("80,000 unclosed <w:p> are refused as damaged, at once", () => {
    const started = performance.now();
    expect(rejection(() => inspectUpload(unclosedParagraphsDocx(), L, { docxText: true }))).toBe("damaged");
    expect(performance.now() - started).toBeLessThan(3000); // the old scanner took 9.5 s
    expect(rejection(() => docxParagraphs(`<w:body>${"<w:p>".repeat(MAX_DEPTH + 1)}`, 1000))).toBe("damaged");
    expect(rejection(() => docxParagraphs("<w:p><w:r></w:p></w:r>", 1000))).toBe("damaged");
    expect(rejection(() => docxParagraphs('<!DOCTYPE x [<!ENTITY a "aaaa">]><w:p/>', 1000))).toBe("damaged");
  });

  it("takes time in proportion to the XML (linear), not its square", () => {
    const paragraph = (i: number) => `<w:p w:rsidR="00A${i % 9}"><w:r><w:t>Đoạn ${i}</w:t></w:r></w:p>`;
    const xmlOf = (n: number) => `<w:body>${Array.from({ length: n }, (_, i) => paragraph(i)).join("")}</w:body>`;
    const time = (xml: string, n: number) => {
      const started = performance.now();
      expect(docxParagraphs(xml, 10 ** 9)).toHaveLength(n);
      return performance.now() - started;
    };
    const [small, large] = [xmlOf(40_000), xmlOf(160_000)];
    const best = (xml: string, n: number) => Math.min(time(xml, n), time(xml, n), time(xml, n));
    const [a, b] = [best(small, 40_000), best(large, 160_000)];
    expect(b / a).toBeLessThan(8); // 4× the input: ~4× the time; a square would be ~16×
    // The shape that was quadratic before, paragraphs left open, stops at the nesting limit whatever its length.
    const open = (n: number) => `<w:body>${"<w:p><w:r><w:t>x</w:t></w:r></w:p><w:p>".repeat(n)}</w:body>`;
    const started = performance.now();
    expect(rejection(() => docxParagraphs(open(200_000), 10 ** 9))).toBe("damaged");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("reads text, tabs, entities and nested paragraphs; drops characters XML forbids; caps the text", () => {
    const xml = `<w:p><w:r><w:t xml:space="preserve">I. MỞ ĐẦU &amp; &#273;i&#x1EC1;u 1 &#0;</w:t></w:r></w:p>
      <w:p><w:r><w:t>a</w:t><w:tab/><w:t><![CDATA[b<c>]]></w:t></w:r>
        <w:r><w:txbxContent><w:p><w:r><w:t>hộp</w:t></w:r></w:p></w:txbxContent></w:r></w:p>
      <w:p w:rsidR="00AB" attr="x>y"><w:r><w:t>c\u0000d</w:t></w:r></w:p><w:p/>`;
    expect(docxParagraphs(xml, 1000)).toEqual(["I. MỞ ĐẦU & điều 1", "hộp", "a\tb<c>", "cd"]);
    expect(rejection(() => docxParagraphs(xml, 10))).toBe("text_too_long");
  });

  it("a document chibo renders reads back", async () => {
    const bytes = await renderDocx(modelOfSample(SAMPLES.find((x) => x.type === "BC")!));
    const { kind, paragraphs } = inspectUpload(bytes, L, { docxText: true });
    expect(kind).toBe("docx");
    expect(paragraphs).toContain("I. KẾT QUẢ THỰC HIỆN");
  });
});

describe("a PDF is checked by its structure", () => {
  it("real PDFs pass: chibo's own and a minimal one", async () => {
    const rendered = await renderPdf(modelOfSample(SAMPLES[0]!), new Date("2026-11-05T08:00:00+07:00"));
    expect(rejection(() => checkPdf(rendered))).toBe("accepted");
    expect(rejection(() => checkPdf(minimalPdf()))).toBe("accepted");
  });

  it("a PDF header and random bytes, a truncated PDF, or a broken cross-reference table do not", async () => {
    expect(rejection(() => checkPdf(fakePdf()))).toBe("pdf_damaged");
    expect(rejection(() => checkPdf(fakePdf(64 * 1024, "%PDF-1.7\n")))).toBe("pdf_damaged");
    const good = minimalPdf();
    expect(rejection(() => checkPdf(good.subarray(0, good.length - 30)))).toBe("pdf_damaged");
    const text = good.toString("latin1");
    const broken = (from: string | RegExp, to: string) =>
      rejection(() => checkPdf(Buffer.from(text.replace(from, to), "latin1")));
    expect(broken(/startxref\n\d+/, "startxref\n12")).toBe("pdf_damaged");
    expect(broken("/Root 1 0 R", "/Rooty 1 0 R")).toBe("pdf_damaged");
    expect(broken("0000000009 00000 n", "9999999999 00000 n")).toBe("pdf_damaged");
  });
});

describe("the worker thread", () => {
  it("sniffs content, not names", () => {
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1]))).toBe("zip");
    expect(sniff(strToU8("%PDF-1.7"))).toBe("pdf");
    expect(sniff(strToU8("MZ..."))).toBe("other");
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("jpeg");
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("png");
    // A PNG signature cut short is not a PNG.
    expect(sniff(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe("other");
  });

  it("inspects off the event loop: timers keep firing while a large file is read", async () => {
    const big = docxOf(
      Array.from({ length: 30_000 }, (_, i) => `<w:p><w:r><w:t>Đoạn số ${i}.</w:t></w:r></w:p>`).join(""),
    );
    await inspectFile(docxOf("<w:p/>"), { docxText: true }); // a worker ready, as on a running server
    let worst = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      worst = Math.max(worst, performance.now() - last);
      last = performance.now();
    }, 5);
    const result = await inspectFile(big, { docxText: true });
    clearInterval(tick);
    expect(result.paragraphs).toHaveLength(30_000);
    // Generous for a loaded machine; reading on the event loop holds the timers for the whole read.
    expect(worst).toBeLessThan(250);
  });

  it("a file that takes longer than the time limit is stopped and refused", async () => {
    const limits: UploadLimits = { ...L, timeoutMs: 1 };
    const big = docxOf(Array.from({ length: 60_000 }, (_, i) => `<w:p><w:r><w:t>Đoạn ${i}</w:t></w:r></w:p>`).join(""));
    const err = await inspectFile(big, { docxText: true, limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect((err as UploadRejectedError).code).toBe("upload_timeout");
    // The next file gets a fresh worker.
    const next = await inspectFile(docxOf("<w:p><w:r><w:t>An</w:t></w:r></w:p>"), { docxText: true });
    expect(next.paragraphs).toEqual(["An"]);
  });

  it("a refusal is a problem with a status, a code and the field", async () => {
    const err = (await inspectFile(zipBomb("xlsx", { lie: true })).catch((e: unknown) => e)) as UploadRejectedError;
    expect([err.status, err.code, Object.keys(err.fields)]).toEqual([422, "upload_ratio", ["file"]]);
    const refusal = (p: Promise<unknown>) => p.catch((e: unknown) => e) as Promise<UploadRejectedError>;
    const tooBig = await refusal(inspectFile(Buffer.alloc(10), { limits: { ...L, maxFileBytes: 5 } }));
    expect([tooBig.status, tooBig.code]).toEqual([413, "upload_file_too_large"]);
    const expected = "errors.upload_expect_xlsx";
    const wrong = await refusal(inspectFile(minimalPdf(), { accept: { kinds: ["xlsx"], expected } }));
    expect([wrong.status, wrong.code, wrong.params]).toEqual([422, "upload_wrong_kind", { expected }]);
  });
});
