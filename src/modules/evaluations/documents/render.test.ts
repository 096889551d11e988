import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderDocx } from "../../documents/render-docx.js";
import { renderPdf } from "../../documents/render-pdf.js";
import { centralBooks } from "../../../../test/support/document-models.js";
import { composeCellReport } from "./cell-report.js";
import { renderEvaluationFile, renderSummaryWorkbook } from "./render.js";
import { CELL_REPORT, MEMBER_RESULTS, SELF_2B, SUMMARY } from "./samples.js";
import { composeSelfAssessment } from "./self-assessment.js";

/**
 * The 2B form and Mẫu 01 through both renderers: the words a reader checks are in each file; and the
 * rendering in a worker thread, as the server does it.
 */

const books = centralBooks();

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-eval-"));
  writeFileSync(path.join(dir, "doc.pdf"), pdf);
  // Without -layout: each line as it reads, so a phrase split over two columns does not interleave.
  return execFileSync("pdftotext", [path.join(dir, "doc.pdf"), "-"])
    .toString("utf8")
    .replace(/\s+/g, " ");
}

/** Pages at 50 dpi in grey, as the documents module's visual regression test reads them. */
function pdftoppm(pdf: Buffer): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), "chibo-eval-ppm-"));
  writeFileSync(path.join(dir, "doc.pdf"), pdf);
  execFileSync("pdftoppm", ["-r", "50", "-gray", "-png", path.join(dir, "doc.pdf"), path.join(dir, "p")]);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".png"))
    .sort()
    .map((f) => readFileSync(path.join(dir, f)));
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

/**
 * Regenerate after an intended layout or wording change:
 * CHIBO_UPDATE_REFERENCES=1 npx vitest run src/modules/evaluations/documents/render.test.ts — then look at every
 * image in fixtures/ before committing it.
 */
const REF_DIR = path.join(import.meta.dirname, "fixtures");
const UPDATE = process.env.CHIBO_UPDATE_REFERENCES === "1";

describe("visual regression: the 2B form and Mẫu 01 against their reference pages", () => {
  const cases = {
    "2B": () => composeSelfAssessment(books, SELF_2B),
    "01": () => composeCellReport(books, { ...CELL_REPORT, number: 12, draft: false }),
  };
  for (const [name, model] of Object.entries(cases)) {
    it(`${name} matches fixtures/${name}-*.png`, async () => {
      const pages = pdftoppm(await renderPdf(model()));
      if (UPDATE) {
        mkdirSync(REF_DIR, { recursive: true });
        pages.forEach((png, i) => writeFileSync(path.join(REF_DIR, `${name}-${i + 1}.png`), png));
      }
      const refs = readdirSync(REF_DIR).filter((f) => f.startsWith(`${name}-`));
      expect(refs.length).toBe(pages.length);
      pages.forEach((png, i) => {
        const diff = pixelDiff(png, readFileSync(path.join(REF_DIR, `${name}-${i + 1}.png`)));
        expect(diff, `${name} page ${i + 1} differs in ${(diff * 100).toFixed(2)}% of pixels`).toBeLessThan(0.001);
      });
    });
  }

  it("notices a change (another member's name)", async () => {
    const [page] = pdftoppm(
      await renderPdf(
        composeSelfAssessment(books, { ...SELF_2B, member: { ...SELF_2B.member, fullName: "Đoàn Thị Hồng Nhung" } }),
      ),
    );
    expect(pixelDiff(page!, readFileSync(path.join(REF_DIR, "2B-1.png")))).toBeGreaterThan(0.001);
  });
});

const documentXml = (docx: Buffer) => strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]!);

describe("2B in PDF and DOCX", () => {
  const model = composeSelfAssessment(books, SELF_2B);
  const expected = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "CHI BỘ KHOA LÝ LUẬN CƠ SỞ",
    "Lâm Đồng, ngày 10 tháng 12 năm 2026",
    "BẢN KIỂM ĐIỂM CÁ NHÂN",
    "Họ và tên: Trần Văn Bình",
    "Ngày sinh: 07/04/1986",
    "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC",
    "Nhiệm vụ chi bộ giao, số liệu ngày 05/12/2026",
    "Tổng cộng",
    "87,5",
    "Tự nhận mức xếp loại chất lượng: Hoàn thành tốt nhiệm vụ.",
    "NGƯỜI TỰ KIỂM ĐIỂM",
  ];

  it("the PDF carries the header, the details, the facts' source, the total and the signature", async () => {
    const text = pdftotext(await renderPdf(model));
    for (const e of expected) expect(text, e).toContain(e);
    expect(text).not.toContain("Nơi nhận");
    // The signer's name comes last, after the signature title, on the same page.
    const pages = text.split("\f");
    const last = pages.filter((p) => p.trim()).at(-1)!;
    expect(last.indexOf("NGƯỜI TỰ KIỂM ĐIỂM")).toBeLessThan(last.lastIndexOf("Trần Văn Bình"));
  });

  it("the DOCX carries the same words in Times New Roman", async () => {
    const xml = documentXml(await renderDocx(model));
    expect(xml).toContain('w:ascii="Times New Roman"');
    for (const e of expected) expect(xml, e).toContain(e);
  });
});

describe("Mẫu 01 in PDF and DOCX", () => {
  const model = composeCellReport(books, { ...CELL_REPORT, number: 12, draft: false });
  const expected = [
    "Số 12-BC/CB",
    "BÁO CÁO",
    "kiểm điểm tập thể Chi bộ Khoa Lý luận cơ sở năm 2026",
    "Hoàn thành tốt nhiệm vụ",
    "66,7%",
    "T/M CHI BỘ",
    "Nguyễn Thị Thu Hà",
    "- Lưu Chi bộ.",
  ];

  it("the PDF", async () => {
    const text = pdftotext(await renderPdf(model));
    for (const e of expected) expect(text, e).toContain(e);
    expect(text).not.toContain("DỰ THẢO");
  });

  it("the DOCX", async () => {
    const xml = documentXml(await renderDocx(model));
    for (const e of expected) expect(xml, e).toContain(e);
  });
});

describe("in a worker thread", () => {
  it("renders the same file as on the calling thread", async () => {
    const model = composeSelfAssessment(books, SELF_2B);
    const at = new Date("2026-12-10T08:00:00Z");
    const text = pdftotext(await renderEvaluationFile("pdf", model, at));
    expect(text).toBe(pdftotext(await renderPdf(model, at)));
    expect(documentXml(await renderEvaluationFile("docx", model, at))).toBe(documentXml(await renderDocx(model)));
  });

  it("writes the XLSX summary", async () => {
    const bytes = await renderSummaryWorkbook(books, SUMMARY, MEMBER_RESULTS);
    // An XLSX is a zip holding the three sheets.
    const files = Object.keys(unzipSync(new Uint8Array(bytes)));
    expect(files.filter((f) => f.startsWith("xl/worksheets/sheet"))).toHaveLength(3);
  });
});
