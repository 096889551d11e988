import { UploadRejected } from "./rejection.js";

/**
 * A structural check that a file really is a PDF, without a PDF parser (none is installed, and pdfkit only
 * writes). What every reader relies on to open a PDF is checked, in linear time:
 *  - the header "%PDF-1.x" or "%PDF-2.x";
 *  - "startxref" with an offset, then "%%EOF", in the last 2 KB;
 *  - at that offset, either a cross-reference table ("xref", well-formed subsections of 20-byte entries whose
 *    offsets lie inside the file) followed by a trailer naming /Root, or a cross-reference stream
 *    ("N G obj" whose dictionary has /Type /XRef and /Root).
 * It does not decode page content: a PDF that passes may still render badly, but random bytes behind a PDF
 * header, a truncated download or another file renamed .pdf do not pass.
 */

const latin1 = (b: Uint8Array, start: number, end: number) =>
  Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, end - start)).toString("latin1");
const damaged = (why: string) => new UploadRejected("pdf_damaged", { why });

/** Entries of one xref table checked at most; a table longer than this is checked in its first part only. */
const MAX_CHECKED_ENTRIES = 200_000;

export function checkPdf(bytes: Uint8Array): void {
  if (!/^%PDF-[12]\.\d/.test(latin1(bytes, 0, 8))) throw damaged("header");
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = latin1(bytes, tailStart, bytes.length);
  const sx = tail.lastIndexOf("startxref");
  if (sx < 0) throw damaged("no startxref");
  const m = /^startxref\s+(\d{1,12})\s+%%EOF/.exec(tail.slice(sx));
  if (!m) throw damaged("no %%EOF after startxref");
  const offset = Number(m[1]);
  if (offset <= 0 || offset >= tailStart + sx) throw damaged("startxref out of range");
  // Allow whitespace before the section, as readers do.
  const head = latin1(bytes, offset, Math.min(bytes.length, offset + 1024));
  const lead = head.length - head.trimStart().length;
  if (head.startsWith("xref", lead)) checkXrefTable(bytes, offset + lead);
  else checkXrefStream(head.slice(lead));
}

function checkXrefTable(bytes: Uint8Array, at: number) {
  let p = at + 4;
  const end = bytes.length;
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
  const skipSpace = () => {
    while (p < end && isSpace(bytes[p]!)) p++;
  };
  const readInt = (): number | null => {
    const start = p;
    while (p < end && bytes[p]! >= 0x30 && bytes[p]! <= 0x39 && p - start < 12) p++;
    return p > start ? Number(latin1(bytes, start, p)) : null;
  };
  let checked = 0;
  let sections = 0;
  for (;;) {
    skipSpace();
    if (latin1(bytes, p, p + 7) === "trailer") break;
    const first = readInt();
    if (first === null) throw damaged("bad xref subsection");
    skipSpace();
    const count = readInt();
    if (count === null) throw damaged("bad xref subsection");
    sections++;
    for (let n = 0; n < count; n++) {
      skipSpace();
      // "oooooooooo ggggg n" (the line end is part of the 20 bytes)
      const entry = latin1(bytes, p, p + 18);
      const e = /^(\d{10}) (\d{5}) ([nf])$/.exec(entry);
      if (!e) throw damaged("bad xref entry");
      if (e[3] === "n" && Number(e[1]) >= bytes.length) throw damaged("xref offset out of range");
      p += 18;
      if (++checked > MAX_CHECKED_ENTRIES) return;
    }
  }
  if (!sections) throw damaged("empty xref");
  const trailer = latin1(bytes, p, Math.min(end, p + 4096));
  if (!/^trailer\s*<<[\s\S]*\/Root\s+\d+\s+\d+\s+R/.test(trailer)) throw damaged("trailer without /Root");
}

function checkXrefStream(head: string) {
  const m = /^\d{1,10}\s+\d{1,5}\s+obj\s*<<([\s\S]*?)>>\s*stream/.exec(head);
  if (!m) throw damaged("startxref points at neither xref nor an object");
  const dict = m[1]!;
  const isXref = /\/Type\s*\/XRef\b/.test(dict) && /\/Root\s+\d+\s+\d+\s+R/.test(dict);
  if (!isXref) throw damaged("not a cross-reference stream");
}
