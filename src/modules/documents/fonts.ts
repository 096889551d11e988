import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import path from "node:path";
import PDFDocument from "pdfkit";

/**
 * Tinos (metric-compatible with Times New Roman) from @fontsource/tinos. The package ships the font
 * split into unicode subsets (latin, vietnamese, latin-ext …); no single file holds every Vietnamese
 * letter. Each subset is registered as its own font and text is split into runs by the subset whose
 * unicode range holds each character — the ranges come from the package's own unicode.json.
 */

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic";
export const SUBSETS = ["latin", "vietnamese", "latin-ext"] as const;
export type Subset = (typeof SUBSETS)[number];

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve("@fontsource/tinos/package.json"));

const STYLE_FILE: Record<FontStyle, string> = {
  regular: "400-normal",
  bold: "700-normal",
  italic: "400-italic",
  boldItalic: "700-italic",
};

type Range = [number, number];
let ranges: Record<Subset, Range[]> | null = null;

function parseRanges(spec: string): Range[] {
  return spec.split(",").map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, "").split("-");
    const start = parseInt(a!, 16);
    return [start, b ? parseInt(b, 16) : start];
  });
}

export function subsetRanges(): Record<Subset, Range[]> {
  if (!ranges) {
    const json = JSON.parse(readFileSync(path.join(PACKAGE_DIR, "unicode.json"), "utf8")) as Record<string, string>;
    ranges = Object.fromEntries(SUBSETS.map((s) => [s, parseRanges(json[s]!)])) as Record<Subset, Range[]>;
  }
  return ranges;
}

/** The subset holding a code point: latin first, then vietnamese, then latin-ext; latin when none does. */
export function subsetOf(codePoint: number): Subset {
  const r = subsetRanges();
  for (const s of SUBSETS) if (r[s].some(([a, b]) => codePoint >= a && codePoint <= b)) return s;
  return "latin";
}

/** Splits text into runs that one subset font can draw. */
export function splitBySubset(text: string): { subset: Subset; text: string }[] {
  const runs: { subset: Subset; text: string }[] = [];
  for (const ch of text.normalize("NFC")) {
    const subset = subsetOf(ch.codePointAt(0)!);
    const last = runs[runs.length - 1];
    if (last && last.subset === subset) last.text += ch;
    else runs.push({ subset, text: ch });
  }
  return runs;
}

const fileCache = new Map<string, Buffer>();

/**
 * WOFF 1.0 → plain TrueType (sfnt): the same tables, inflated with node's zlib. fontkit reads WOFF
 * itself, but with a JavaScript inflater that costs hundreds of milliseconds per document.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString("latin1", 0, 4) !== "wOFF") throw new Error("not a WOFF file");
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: Buffer; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.subarray(e, e + 4),
      checksum: woff.readUInt32BE(e + 16),
      data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw),
    });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + numTables * 16;
  const total = headerSize + tables.reduce((n, t) => n + ((t.data.length + 3) & ~3), 0);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const r = 12 + i * 16;
    t.tag.copy(out, r);
    out.writeUInt32BE(t.checksum, r + 4);
    out.writeUInt32BE(offset, r + 8);
    out.writeUInt32BE(t.data.length, r + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}

/** The TrueType bytes of one subset in one style (read and inflated once per process). */
export function fontFile(subset: Subset, style: FontStyle): Buffer {
  const name = `tinos-${subset}-${STYLE_FILE[style]}.woff`;
  let bytes = fileCache.get(name);
  if (!bytes) {
    bytes = woffToSfnt(readFileSync(path.join(PACKAGE_DIR, "files", name)));
    fileCache.set(name, bytes);
  }
  return bytes;
}

export const fontName = (subset: Subset, style: FontStyle) => `Tinos-${style}-${subset}`;

export const STYLES: FontStyle[] = ["regular", "bold", "italic", "boldItalic"];

export const styleOf = (bold?: boolean, italic?: boolean): FontStyle =>
  bold ? (italic ? "boldItalic" : "bold") : italic ? "italic" : "regular";

let measurer: PDFKit.PDFDocument | null = null;
const measured = new Set<string>();

/**
 * Width in points of text set in Tinos (Times New Roman's metrics) — what the DOCX renderer fits its header to,
 * since Word and LibreOffice lay out the same metrics. One measuring document per process.
 */
export function textWidth(text: string, style: FontStyle, size: number): number {
  measurer ??= new PDFDocument({ autoFirstPage: false });
  let width = 0;
  for (const run of splitBySubset(text)) {
    const name = fontName(run.subset, style);
    // Only the fonts a header line uses are read (a header is capitals in two styles).
    if (!measured.has(name)) {
      measurer.registerFont(name, fontFile(run.subset, style));
      measured.add(name);
    }
    width += measurer.font(name).fontSize(size).widthOfString(run.text);
  }
  return width;
}
