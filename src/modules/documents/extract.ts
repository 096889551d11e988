import { strFromU8, unzipSync } from "fflate";
import type { SectionContent } from "./model.js";

/**
 * Text of an uploaded DOCX, read from word/document.xml (paragraphs → lines), split into sections at
 * headings ("I.", "Phần", "Chương", "Điều" or a paragraph in capitals) so members can comment section
 * by section. PDF uploads are kept as files only: their text is not extracted.
 */
export function extractDocxSections(bytes: Buffer): SectionContent[] {
  const files = unzipSync(new Uint8Array(bytes), { filter: (f) => f.name === "word/document.xml" });
  const xml = files["word/document.xml"];
  if (!xml) throw new Error("not a Word document");
  const paragraphs = [...strFromU8(xml).matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    decode([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((t) => t[1] ?? "\t").join("")).trim(),
  );
  const sections: SectionContent[] = [];
  let current: SectionContent = { key: "s0", heading: "", text: "" };
  for (const p of paragraphs) {
    if (!p) continue;
    const isHeading = /^(Phần|PHẦN|Chương|CHƯƠNG|[IVXLC]+\.|Điều \d+)/u.test(p) || (p.length < 120 && p === p.toLocaleUpperCase("vi") && /\p{L}/u.test(p));
    if (isHeading) {
      if (current.heading || current.text) sections.push(current);
      current = { key: `s${sections.length + 1}`, heading: p, text: "" };
    } else {
      current.text += (current.text ? "\n\n" : "") + p;
    }
  }
  if (current.heading || current.text) sections.push(current);
  return sections.map((s, i) => ({ ...s, key: `s${i + 1}` }));
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}
