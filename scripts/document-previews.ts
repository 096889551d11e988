/**
 * The Word files as a secretary's Word or LibreOffice lays them out: every sample type (and a đảng ủy's and a UBKT's
 * document, whose headers are longer) rendered to DOCX, converted by LibreOffice to PDF and by pdftoppm to PNG
 * (60 dpi) in docs/screenshots/documents/. Look at every page after a layout change, then commit them.
 *
 *   node --import tsx scripts/document-previews.ts
 *
 * Needs `soffice` (libreoffice-writer-nogui), `pdftoppm` (poppler-utils) and a Times New Roman metric font
 * (fonts-liberation2); without it LibreOffice substitutes a wider font and the pictures lie.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inputOfSample } from "../test/support/document-models.js";
import { composeDocument, type ComposeInput } from "../src/modules/documents/compose.js";
import { renderDocx } from "../src/modules/documents/render-docx.js";
import { SAMPLES } from "../src/modules/documents/samples.js";

const OUT = path.resolve("docs/screenshots/documents");
const PARTY_COMMITTEE = {
  kind: "party_committee",
  name: "Đảng bộ Trường Chính trị tỉnh Lâm Đồng",
  abbreviation: "ĐU",
  place: "Lâm Đồng",
  superiorName: "Đảng bộ Khối các cơ quan tỉnh Lâm Đồng",
  termLabel: "2025–2030",
};

const inputs: [string, ComposeInput][] = SAMPLES.map((s) => [s.type, inputOfSample(s, 3)]);
const nq = inputOfSample(SAMPLES[0]!, 3);
inputs.push(["NQ-dang-uy", { ...nq, issuer: PARTY_COMMITTEE, data: { ...nq.data, recipients: [] } }]);
const kh = inputOfSample(SAMPLES.find((s) => s.type === "KH")!, 5);
inputs.push([
  "KH-ubkt",
  { ...kh, issuer: PARTY_COMMITTEE, data: { ...kh.data, issuingBody: "inspection_committee", recipients: [] } },
]);

const work = mkdtempSync(path.join(tmpdir(), "chibo-docx-"));
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.startsWith("docx-")) rmSync(path.join(OUT, f));
for (const [name, input] of inputs) {
  writeFileSync(path.join(work, `${name}.docx`), await renderDocx(composeDocument(input)));
  execFileSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", work, path.join(work, `${name}.docx`)], {
    stdio: "ignore",
  });
  execFileSync("pdftoppm", ["-png", "-r", "60", path.join(work, `${name}.pdf`), path.join(work, `docx-${name}`)]);
}
for (const f of readdirSync(work)) if (f.endsWith(".png")) renameSync(path.join(work, f), path.join(OUT, f));
console.log(
  readdirSync(OUT)
    .filter((f) => f.startsWith("docx-"))
    .join("\n"),
);
