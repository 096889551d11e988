import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import PDFDocument from "pdfkit";
import { unzipSync, strFromU8 } from "fflate";
import { centralBooks, modelOfSample } from "./test-models.js";
import { SAMPLES, longPlan, type SampleDocument } from "./samples.js";
import { renderPdf } from "./render-pdf.js";
import { renderDocx } from "./render-docx.js";
import { fontFile, fontName, splitBySubset, SUBSETS, STYLES, subsetOf } from "./fonts.js";

/**
 * Rendering: every document type in both formats; the PDF's pages compared with committed reference
 * images (pdftoppm, 50 dpi) within a tolerance; the DOCX read back from its XML; every Vietnamese
 * letter with every tone drawn with a real glyph.
 *
 * Regenerate references after an intended layout change: CHIBO_UPDATE_REFERENCES=1 npx vitest run <this file>,
 * then look at every image in test/fixtures/documents/ before committing it.
 */

const { layout } = centralBooks();
const REF_DIR = path.resolve("test/fixtures/documents");
const UPDATE = process.env.CHIBO_UPDATE_REFERENCES === "1";

const modelOf = (sample: SampleDocument, number: number | null = 7) => modelOfSample(sample, number);

function pdftoppm(pdf: Buffer, dpi: number): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-ppm-"));
  writeFileSync(path.join(dir, "doc.pdf"), pdf);
  execFileSync("pdftoppm", ["-r", String(dpi), "-gray", "-png", path.join(dir, "doc.pdf"), path.join(dir, "p")]);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".png"))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
}

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-txt-"));
  writeFileSync(path.join(dir, "doc.pdf"), pdf);
  return execFileSync("pdftotext", ["-layout", path.join(dir, "doc.pdf"), "-"]).toString("utf8");
}

/** Share of pixels whose grey level differs by more than 64 (0–1). */
function pixelDiff(a: Buffer, b: Buffer): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let differing = 0;
  for (let i = 0; i < pa.data.length; i += 4) if (Math.abs(pa.data[i]! - pb.data[i]!) > 64) differing++;
  return differing / (pa.width * pa.height);
}

const TOLERANCE = 0.001;

describe("visual regression: every document type's PDF against its reference images", () => {
  it("has pdftoppm (poppler-utils), which CI installs", () => {
    expect(existsSync("/usr/bin/pdftoppm")).toBe(true);
  });

  for (const sample of SAMPLES) {
    it(`${sample.type} matches test/fixtures/documents/${sample.type}-*.png`, async () => {
      const pages = pdftoppm(await renderPdf(modelOf(sample)), 50);
      expect(pages.length).toBeGreaterThan(0);
      if (UPDATE) {
        mkdirSync(REF_DIR, { recursive: true });
        pages.forEach((png, i) => writeFileSync(path.join(REF_DIR, `${sample.type}-${i + 1}.png`), png));
      }
      const refs = readdirSync(REF_DIR).filter((f) => f.startsWith(`${sample.type}-`) && f.endsWith(".png"));
      expect(refs.length).toBe(pages.length);
      pages.forEach((png, i) => {
        const diff = pixelDiff(png, readFileSync(path.join(REF_DIR, `${sample.type}-${i + 1}.png`)));
        expect(diff, `${sample.type} page ${i + 1} differs in ${(diff * 100).toFixed(2)}% of pixels`).toBeLessThan(
          TOLERANCE,
        );
      });
    });
  }

  it("the comparison notices a changed document (a different number line)", async () => {
    const sample = SAMPLES[0]!;
    const [changed] = pdftoppm(await renderPdf(modelOf(sample, 123)), 50);
    expect(pixelDiff(changed!, readFileSync(path.join(REF_DIR, `${sample.type}-1.png`)))).toBeGreaterThan(0);
    const moved = modelOf(sample);
    moved.summary = "một trích yếu hoàn toàn khác với bản tham chiếu để dòng chữ đổi";
    const [other] = pdftoppm(await renderPdf(moved), 50);
    expect(pixelDiff(other!, readFileSync(path.join(REF_DIR, `${sample.type}-1.png`)))).toBeGreaterThan(TOLERANCE);
  });
});

describe("PDF text", () => {
  it("carries the header, number, date, type, summary, signature and recipients", async () => {
    const text = pdftotext(await renderPdf(modelOf(SAMPLES[0]!, 1)));
    for (const expected of [
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      "ĐẢNG BỘ TRƯỜNG CHÍNH TRỊ",
      "CHI BỘ KHOA LÝ LUẬN CƠ SỞ",
      "Số 01-NQ/CB",
      "Lâm Đồng, ngày 05 tháng 11 năm 2026",
      "NGHỊ QUYẾT",
      "lãnh đạo thực hiện nhiệm vụ tháng 11 năm 2026",
      "T/M CHI BỘ",
      "BÍ THƯ",
      "Nguyễn Thị Thu Hà",
      "Nơi nhận:",
      "- Lưu Chi bộ.",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("the minutes carry both signatures and the vote from the meeting's data", async () => {
    const text = pdftotext(await renderPdf(modelOf(SAMPLES.find((s) => s.type === "BB")!)));
    expect(text).toContain("NGƯỜI GHI BIÊN BẢN");
    expect(text).toContain("CHỦ TRÌ");
    expect(text).toContain("Lê Thị Ngọc Ánh");
    expect(text).toMatch(/12\/12\s+tán\s+thành/);
    expect(text).toContain("Đỗ Văn Hải (đi công tác)");
    expect(text).not.toContain("Nơi nhận");
  });

  it("a ten-page plan breaks across pages and numbers them from the second", async () => {
    const pdf = await renderPdf(modelOf(longPlan()));
    const pages = pdftotext(pdf)
      .split("\f")
      .filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pages[1]!.trimStart().startsWith("2")).toBe(true);
  });
});

const BASES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
const LETTERS = [...BASES.flatMap((b) => TONES.map((t) => (b + t).normalize("NFC"))), "đ"];
const ALL = [...LETTERS, ...LETTERS.map((l) => l.toLocaleUpperCase("vi"))];

describe("font coverage", () => {
  it("every Vietnamese letter with every tone, in every style, maps to a real glyph of its subset", () => {
    expect(ALL.length).toBe(2 * (12 * 6 + 1));
    const doc = new PDFDocument();
    for (const subset of SUBSETS)
      for (const style of STYLES) doc.registerFont(fontName(subset, style), fontFile(subset, style));
    const missing: string[] = [];
    for (const style of STYLES)
      for (const letter of ALL) {
        expect([...letter].length, letter).toBe(1);
        const cp = letter.codePointAt(0)!;
        doc.font(fontName(subsetOf(cp), style));
        const font = (doc as unknown as { _font: { font: { glyphForCodePoint(cp: number): { id: number } } } })._font
          .font;
        if (font.glyphForCodePoint(cp).id === 0) missing.push(`${style}:${letter}`);
      }
    expect(missing).toEqual([]);
  });

  it("one subset alone would not do (the split is needed)", () => {
    const doc = new PDFDocument();
    doc.registerFont("latin-only", fontFile("latin", "regular"));
    doc.font("latin-only");
    const font = (doc as unknown as { _font: { font: { glyphForCodePoint(cp: number): { id: number } } } })._font.font;
    expect(font.glyphForCodePoint("ệ".codePointAt(0)!).id).toBe(0);
    expect(splitBySubset("Việt").map((r) => r.subset)).toEqual(["latin", "vietnamese", "latin"]);
  });

  it("a PDF of every letter reads back exactly (pdftotext)", async () => {
    const m = modelOf(SAMPLES[0]!);
    m.body = [{ kind: "paragraph", spans: [{ text: ALL.join(" ") }], indent: false, align: "left" }];
    const text = pdftotext(await renderPdf(m));
    // Spaces are gaps in a PDF, not characters; compare the letters themselves.
    expect(text.replace(/\s+/g, "")).toContain(ALL.join(""));
  });
});

function documentXml(docx: Buffer): string {
  return strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]!);
}

describe("DOCX", () => {
  for (const sample of SAMPLES) {
    it(`${sample.type}: Times New Roman, the rulebook's sizes, the header and number in document.xml`, async () => {
      const xml = documentXml(await renderDocx(modelOf(sample, 3)));
      expect(xml).toContain('w:ascii="Times New Roman"');
      expect(xml).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
      expect(xml).toContain(`Số 03-${sample.type}/CB`);
      expect(xml).toContain(layout.typeNames[sample.type]!);
      // Party header 15 pt, type 16 pt (half-points in the XML).
      expect(xml).toContain('<w:sz w:val="30"/>');
      expect(xml).toContain('<w:sz w:val="32"/>');
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    });
  }
});
