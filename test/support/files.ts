// Files built in the tests: a minimal real PDF, and the hostile uploads the upload limits exist for.
import { randomBytes } from "node:crypto";
import { strToU8, zipSync, type Zippable } from "fflate";

/** A one-page PDF with a correct cross-reference table (what the upload check demands of a PDF). */
export function minimalPdf(note = "chibo"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    `<< /Producer (${note.replace(/[^\x20-\x7e]/g, "?")}) >>`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const CONTENT_TYPES = strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');

/** A DOCX whose document.xml holds `count` unclosed <w:p> (about 1 KB zipped for 80,000). */
export function unclosedParagraphsDocx(count = 80_000): Buffer {
  const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  const xml = `<?xml version="1.0"?><w:document xmlns:w="${w}"><w:body>${"<w:p>".repeat(count)}</w:body></w:document>`;
  return Buffer.from(
    zipSync({ "[Content_Types].xml": CONTENT_TYPES, "word/document.xml": strToU8(xml) }, { level: 9 }),
  );
}

/**
 * A ZIP bomb: one entry of `mb` megabytes of zeros (100 MB zip to about 100 KB). With `lie`, the central directory
 * declares the entry 1,000 bytes long, so only counting what actually inflates can catch it. Compressing 100 MB
 * takes seconds, so each bomb is made once per test file.
 */
export function zipBomb(kind: "docx" | "xlsx", o: { mb?: number; lie?: boolean } = {}): Buffer {
  const mb = o.mb ?? 100;
  const key = `${kind}-${mb}`;
  let zip = bombs.get(key);
  if (!zip) {
    const big = new Uint8Array(mb * 1024 * 1024);
    const files: Zippable =
      kind === "docx"
        ? { "[Content_Types].xml": CONTENT_TYPES, "word/document.xml": big }
        : {
            "[Content_Types].xml": CONTENT_TYPES,
            "xl/workbook.xml": strToU8("<workbook/>"),
            "xl/worksheets/sheet1.xml": big,
          };
    zip = Buffer.from(zipSync(files, { level: 1 }));
    bombs.set(key, zip);
  }
  const out = Buffer.from(zip);
  if (o.lie) {
    // The central directory entry's "uncompressed size" field, 24 bytes after its signature.
    const size = mb * 1024 * 1024;
    for (let i = 0; i + 28 <= out.length; i++) {
      if (out.readUInt32LE(i) === 0x02014b50 && out.readUInt32LE(i + 24) === size) out.writeUInt32LE(1000, i + 24);
    }
  }
  return out;
}
const bombs = new Map<string, Buffer>();

/** "%PDF-" (or another header) and then random bytes: a PDF by its first bytes only. */
export function fakePdf(size = 64 * 1024, header = "%PDF-"): Buffer {
  return Buffer.concat([Buffer.from(header, "latin1"), randomBytes(size)]);
}

/** "PK\x03\x04" and then noise: a ZIP by its first bytes only. */
export function garbageZip(size = 4096): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 256;
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes]);
}
