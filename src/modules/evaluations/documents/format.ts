import { issuerHeader, type IssuerInfo } from "../../documents/compose.js";
import {
  fill,
  formatNumberLine,
  formatPlaceDate,
  type Block,
  type DocumentModel,
  type DocumentTemplate,
  type Signature,
} from "../../documents/model.js";
import { compareVietnameseNames } from "../../members/names.js";
import { LEVELS, type Books, type FactSource, type Level, type Period } from "./types.js";

/** Formatting shared by the evaluation documents: Vietnamese numbers and dates, templates, the page frame. */

/** "2026-01-05" → "05/01/2026" */
export function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** A score as Vietnamese writes it: 87 → "87", 87.5 → "87,5", 87.25 → "87,25". */
export function decimal(n: number): string {
  return String(Math.round(n * 100) / 100).replace(".", ",");
}

/** Part of a whole as "33,3%" (one decimal, comma); a whole of nothing is "0%". */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  return `${decimal(Math.round((part * 1000) / whole) / 10)}%`;
}

const ROMAN: [number, string][] = [
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

export function roman(n: number): string {
  let out = "";
  let rest = n;
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** The template a document is written from; a rulebook without it is a configuration error, not a user's. */
export function templateOf(books: Books, key: string): DocumentTemplate {
  const template = books.templates.templates[key];
  if (!template) throw new Error(`The document-template rulebook has no template ${key}`);
  return template;
}

/** A label of the template, filled; a missing label prints its key so an office sees what to add. */
export function label(template: DocumentTemplate, key: string, values: Record<string, string> = {}): string {
  return fill(template.labels[key] ?? `{${key}}`, values);
}

export const levelLabel = (template: DocumentTemplate, level: Level) => label(template, `level.${level}`);

export const tableHeader = (template: DocumentTemplate, key: string) => label(template, key).split("|");

export function periodLabel(template: DocumentTemplate, period: Period): string {
  if (period.kind === "term") return label(template, "period.term", { term: period.term });
  return period.kind === "quarter"
    ? label(template, "period.quarter", { quarter: roman(period.quarter), year: String(period.year) })
    : label(template, "period.year", { year: String(period.year) });
}

export const byName =
  <T>(name: (x: T) => string) =>
  (a: T, b: T) =>
    compareVietnameseNames(name(a), name(b));

/** "Hoàn thành tốt nhiệm vụ 9/12; …" for the levels that received votes, best first. */
export function voteCounts(template: DocumentTemplate, counts: Partial<Record<Level, number>>, of: number): string {
  return LEVELS.filter((l) => (counts[l] ?? 0) > 0)
    .map((l) => `${levelLabel(template, l)} ${counts[l]}/${of}`)
    .join("; ");
}

export const p = (text: string, extra: Partial<Extract<Block, { kind: "paragraph" }>> = {}): Block => ({
  kind: "paragraph",
  spans: [{ text }],
  indent: true,
  ...extra,
});
export const italic = (text: string, align?: "center"): Block => ({
  kind: "paragraph",
  spans: [{ text, italic: true }],
  indent: align !== "center",
  ...(align ? { align } : {}),
});
export const subheading = (text: string): Block => ({
  kind: "paragraph",
  spans: [{ text, bold: true, italic: true }],
  indent: true,
});

/** Part headings ("I. …") stand out bold; numbered sub-sections ("1. …") are bold italic, as forms print them. */
export function headingBlock(text: string): Block {
  return /^[IVX]+\./.test(text) ? { kind: "heading", text } : subheading(text);
}

/** A member's or committee's own text as paragraphs (the documents module's plain-text rules), or "Không.". */
export function written(text: string | undefined, none: string): Block[] {
  const paras = (text ?? "").trim();
  if (!paras) return [p(none)];
  return paras
    .split(/\n\s*\n/)
    .flatMap((para) => para.split("\n"))
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => p(line));
}

/** The page frame every evaluation document shares: the party header, number, place and date, title. */
export function frame(
  books: Books,
  issuer: IssuerInfo,
  input: {
    type: string | null;
    number: number | null;
    day: string;
    draft: boolean;
    typeName: string;
    summary: string;
    body: Block[];
    signatures: Signature[];
    recipients: string[] | null;
  },
): DocumentModel {
  const { layout } = books;
  const archive = fill(layout.recipients.archive, { archive: layout.recipients.archiveBy[issuer.kind] ?? issuer.name });
  return {
    layout,
    header: issuerHeader(issuer, issuer.superiorName),
    // A personal self-assessment carries no number: it is not issued in the register.
    numberLine: input.type ? formatNumberLine(input.number, input.type, issuer.abbreviation, layout.number) : "",
    placeDate: formatPlaceDate(issuer.place, input.day, layout.date),
    typeName: input.typeName,
    summary: input.summary,
    draft: input.draft,
    body: input.body,
    signatures: input.signatures,
    recipients: input.recipients ? [...input.recipients, archive] : null,
  };
}

export const emptyLevels = (): Record<Level, number> => ({ excellent: 0, good: 0, completed: 0, not_completed: 0 });

/** "Nhiệm vụ chi bộ giao, số liệu ngày 03/12/2026": the kind of record a fact was read from, and when. */
export function sourceText(t: DocumentTemplate, source: FactSource): string {
  return label(t, "sourceLine", { what: label(t, `source.${source.module}`), date: ddmmyyyy(source.readAt) });
}
