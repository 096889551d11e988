import { inspectFile, type FileKind } from "../../core/uploads/index.js";
import type { SectionContent, UploadKind } from "./model.js";

/**
 * An uploaded draft from the level above, read outside any transaction: the file is inspected in a worker thread
 * within the upload limits (core/uploads) — a DOCX's paragraphs read in linear time, a PDF checked for its
 * structure — and a DOCX is split into sections so members can comment section by section. PDF uploads are
 * kept as files only: their text is not extracted.
 */
export async function readDraftFile(bytes: Uint8Array): Promise<{ kind: UploadKind; sections: SectionContent[] }> {
  const accept = { kinds: ["docx", "pdf"] as FileKind[], expected: "errors.upload_expect_docx_pdf" };
  const inspected = await inspectFile(bytes, { docxText: true, accept });
  const kind = inspected.kind as UploadKind;
  return { kind, sections: kind === "docx" ? sectionsOf(inspected.paragraphs ?? []) : [] };
}

const HEADING = /^(Phần|PHẦN|Chương|CHƯƠNG|[IVXLC]+\.|Điều \d+)/u;

/**
 * Paragraphs → sections, split at headings ("I.", "Phần", "Chương", "Điều" or a short paragraph in capitals).
 * One pass; each test is anchored or bounded, so the time stays linear in the text.
 */
export function sectionsOf(paragraphs: readonly string[]): SectionContent[] {
  const sections: SectionContent[] = [];
  let current: SectionContent = { key: "s0", heading: "", text: "" };
  let texts: string[] = [];
  const close = () => {
    current.text = texts.join("\n\n");
    if (current.heading || current.text) sections.push(current);
  };
  for (const p of paragraphs) {
    if (!p) continue;
    const isHeading = HEADING.test(p) || (p.length < 120 && p === p.toLocaleUpperCase("vi") && /\p{L}/u.test(p));
    if (isHeading) {
      close();
      current = { key: "", heading: p, text: "" };
      texts = [];
    } else texts.push(p);
  }
  close();
  return sections.map((s, i) => ({ ...s, key: `s${i + 1}` }));
}
