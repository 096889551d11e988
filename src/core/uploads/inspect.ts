import { strFromU8 } from "fflate";
import { docxParagraphs } from "./docx-text.js";
import type { UploadLimits } from "./limits.js";
import { checkPdf } from "./pdf.js";
import { fileTooLarge } from "./rejection.js";
import { boundedUnzip } from "./zip.js";

/**
 * What a file is, by its content: the one inspection every upload goes through, run in a worker thread
 * (runner.ts). Synchronous and pure, so it is also tested directly.
 */
export type FileKind = "docx" | "xlsx" | "zip" | "pdf" | "ole" | "jpeg" | "png" | "other";

export interface InspectOptions {
  /** Also return the paragraphs of a DOCX (a draft's text). */
  docxText?: boolean;
}

export interface Inspection {
  kind: FileKind;
  paragraphs?: string[];
}

const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The container a file claims by its first bytes (a scan or a photo: JPEG, PNG). */
export function sniff(bytes: Uint8Array): "zip" | "pdf" | "ole" | "jpeg" | "png" | "other" {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  return "other";
}

const DOCUMENT_XML = "word/document.xml";
const WORKBOOK_XML = "xl/workbook.xml";
const CONTENT_TYPES = "[Content_Types].xml";

export function inspectUpload(bytes: Uint8Array, limits: UploadLimits, options: InspectOptions = {}): Inspection {
  if (bytes.length > limits.maxFileBytes) throw fileTooLarge(limits);
  const container = sniff(bytes);
  if (container === "pdf") {
    checkPdf(bytes);
    return { kind: "pdf" };
  }
  if (container !== "zip") return { kind: container };
  const kept = boundedUnzip(bytes, limits, (name) => [DOCUMENT_XML, CONTENT_TYPES, WORKBOOK_XML].includes(name));
  const ooxml = kept.has(CONTENT_TYPES);
  const kind: FileKind = ooxml && kept.has(DOCUMENT_XML) ? "docx" : ooxml && kept.has(WORKBOOK_XML) ? "xlsx" : "zip";
  if (kind === "docx" && options.docxText) {
    return { kind, paragraphs: docxParagraphs(strFromU8(kept.get(DOCUMENT_XML)!), limits.maxTextChars) };
  }
  return { kind };
}
