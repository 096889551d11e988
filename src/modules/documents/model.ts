import { z } from "zod";
import { optionalText, text, isoDate, version } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";

/**
 * Official documents: the document model both renderers read, the layout and template rulebooks,
 * numbering and lifecycle rules. Pure and browser-safe: no I/O here.
 */

// ---------------------------------------------------------------------------
// Rulebook kinds

const mm = z.number().min(0).max(60);
const pt = z.number().min(6).max(30);

/** Kind "document-layout": the format guide (36-HD/VPTW 2018, 05-HD/VPTW 2026 …) as data. */
export const layoutRulesSchema = z.object({
  partyName: z.string().min(1),
  page: z.object({ size: z.literal("A4"), marginsMm: z.object({ top: mm, bottom: mm, left: mm, right: mm }) }),
  /** What the DOCX names; the PDF embeds Tinos, metric-compatible with it. */
  fontFamily: z.string().min(1),
  sizes: z.object({
    partyHeader: pt,
    superior: pt,
    issuer: pt,
    number: pt,
    placeDate: pt,
    type: pt,
    summary: pt,
    body: pt,
    table: pt,
    recipientsLabel: pt,
    recipients: pt,
    signature: pt,
  }),
  /** Line height as a multiple of the font size, space after a paragraph (pt), first-line indent (mm). */
  lineSpacing: z.number().min(1).max(2),
  paragraphAfterPt: z.number().min(0).max(24),
  firstLineIndentMm: mm,
  separator: z.string(),
  date: z.object({
    /** "{place}, ngày {day} tháng {month} năm {year}" */
    pattern: z.string().includes("{day}"),
    /** Days below this number get a leading zero (10 → 01…09). */
    padDayBelow: z.number().int().min(0).max(32),
    /** Months written with a leading zero (by default 1 and 2 only). */
    padMonths: z.array(z.number().int().min(1).max(12)),
  }),
  number: z.object({
    /** "Số {number}-{type}/{issuer}" */
    pattern: z.string().includes("{number}"),
    digits: z.number().int().min(1).max(4),
    /** What a draft shows before it has a number. */
    draftPattern: z.string(),
  }),
  /** Type abbreviation → type name as printed ("NQ" → "NGHỊ QUYẾT"). */
  typeNames: z.record(z.string(), z.string()),
  /** Signature wording by issuer kind ("cell", "party_committee", "congress"). */
  signature: z.record(z.string(), z.object({ authority: z.string(), titles: z.record(z.string(), z.string()) })),
  /** Which types an issuer of each kind may issue, and the rule that says so. */
  issuable: z.object({ byKind: z.record(z.string(), z.array(z.string())), rule: z.string() }),
  /**
   * "- Lưu {archive}." with who keeps the file by issuer level; a congress's file is kept by its organisation's
   * office, so a congress is looked up by the organisation's kind.
   */
  recipients: z.object({ label: z.string(), archive: z.string(), archiveBy: z.record(z.string(), z.string()) }),
  /** Issuer abbreviation of a congress's documents ("ĐH"). */
  congressIssuer: z.string(),
  /**
   * Bodies that issue under an organisation's name with their own header line and number suffix (the inspection
   * committee: "ỦY BAN KIỂM TRA", "Số 05-KL/UBKTĐU"); `abbreviation` may name the organisation's as {issuer}.
   */
  bodies: z.record(z.string(), z.object({ header: z.string().min(1), abbreviation: z.string().min(1) })),
  /**
   * The header's left column as a share of the text width, and the smallest size (pt) a header line may be set in
   * to stay on one line before it wraps instead.
   */
  header: z.object({ leftShare: z.number().min(0.3).max(0.7), minSize: pt }),
  /** Types that are adopted by a vote before they may be issued, and the rule that says so. */
  adoption: z.object({ byVote: z.array(z.string()), rule: z.string() }),
  /** Details not confirmed against the primary text; an office may correct them with a local rulebook. */
  unconfirmed: z.array(z.string()),
});
export type LayoutRules = z.infer<typeof layoutRulesSchema>;

export const templateSectionSchema = z.object({
  key: z.string().min(1),
  heading: z.string(),
  /** Fixed wording printed before what the author writes. */
  fixed: z.array(z.string()).default([]),
  /** A hint shown in the editor. */
  hint: z.string().default(""),
  /** Text the editor starts with. */
  starter: z.string().default(""),
});

export const documentTemplateSchema = z.object({
  /** The summary (trích yếu) the editor proposes, with {placeholders}. */
  summary: z.string(),
  preamble: z.array(z.string()).default([]),
  sections: z.array(templateSectionSchema).min(1),
  closing: z.array(z.string()).default([]),
  recipients: z.array(z.string()).default([]),
  /** Labels a generated document uses (the minutes), by key. */
  labels: z.record(z.string(), z.string()).default({}),
});
export type DocumentTemplate = z.infer<typeof documentTemplateSchema>;

/**
 * Kind "document-template": one template per document type, adjustable by an office without code. The key is the
 * type ("NQ") or a variant ("NQSH", "BCYK"); "NQ@party_committee" is the same template as a đảng ủy words it
 * (see ISSUER_LEVELS). A level without its own entry uses the plain key.
 */
export const templateRulesSchema = z.object({ templates: z.record(z.string(), documentTemplateSchema) });
export type TemplateRules = z.infer<typeof templateRulesSchema>;

/**
 * Who issues a document, as the template and layout rulebooks tell them apart: a chi bộ, a đảng ủy, the đảng ủy's
 * inspection committee (UBKT), a congress, a tổ đảng.
 */
export const ISSUER_LEVELS = ["cell", "party_committee", "inspection_committee", "congress", "group"] as const;
export type IssuerLevel = (typeof ISSUER_LEVELS)[number];

/** The issuer level's own template, else the plain one. */
export function templateFor(templates: TemplateRules, key: string, level: string): DocumentTemplate | null {
  return templates.templates[`${key}@${level}`] ?? templates.templates[key] ?? null;
}

// ---------------------------------------------------------------------------
// The document model: pure data, fed to both renderers

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; spans: Span[]; align?: "justify" | "center" | "left"; indent?: boolean }
  /** `labels`: each item's marker as the author typed it ("2.", "+"); without them 1., 2., … or "-". */
  | { kind: "list"; ordered: boolean; items: string[]; labels?: string[] }
  | { kind: "table"; header: string[]; rows: string[][]; widths?: number[] };

export interface Signature {
  /** "T/M CHI BỘ"; null for a personal signature (the minute-taker). */
  authority: string | null;
  title: string;
  name: string;
}

export interface DocumentModel {
  layout: LayoutRules;
  header: { superior: string | null; issuer: string };
  numberLine: string;
  placeDate: string;
  typeName: string;
  summary: string;
  /** A draft carries "DỰ THẢO" above the type name. */
  draft: boolean;
  body: Block[];
  signatures: Signature[];
  /** Null: no recipients block (minutes). */
  recipients: string[] | null;
}

// ---------------------------------------------------------------------------
// Formatting rules

const pad = (n: number) => String(n).padStart(2, "0");

/** "Lâm Đồng, ngày 05 tháng 02 năm 2026" by the rulebook's padding rule. */
export function formatPlaceDate(place: string, isoDay: string, rules: LayoutRules["date"]): string {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const day = d < rules.padDayBelow ? pad(d) : String(d);
  const month = rules.padMonths.includes(m) ? pad(m) : String(m);
  return rules.pattern
    .replace("{place}", place)
    .replace("{day}", day)
    .replace("{month}", month)
    .replace("{year}", String(y));
}

/** "Số 01-NQ/CB"; a draft (number null) shows the blank the rulebook gives. */
export function formatNumberLine(n: number | null, type: string, issuer: string, rules: LayoutRules["number"]): string {
  const pattern = n === null ? rules.draftPattern : rules.pattern;
  return pattern
    .replace("{number}", n === null ? "" : String(n).padStart(rules.digits, "0"))
    .replace("{type}", type)
    .replace("{issuer}", issuer);
}

/** Fills {placeholders}; unknown ones stay as written so an office sees what it forgot. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

/** May an issuer of this kind issue this type under the rulebook in force? */
export function mayIssue(layout: LayoutRules, issuerKind: string, type: string): boolean {
  return (layout.issuable.byKind[issuerKind] ?? []).includes(type);
}

/** The marker printed before a list item. */
export function listLabel(block: Extract<Block, { kind: "list" }>, i: number): string {
  return block.labels?.[i] ?? (block.ordered ? `${i + 1}.` : "-");
}

/**
 * The recipients as printed: the author's lines and the archive line ("- Lưu Chi bộ."), unless the author already
 * wrote an archive line (one starting as the rulebook's archive pattern does), so it never appears twice.
 */
export function recipientsWithArchive(layout: LayoutRules, recipients: string[], keeper: string): string[] {
  const prefix = (layout.recipients.archive.split("{archive}")[0] ?? "").trim().toLocaleLowerCase("vi");
  const written = prefix && recipients.some((r) => r.trim().toLocaleLowerCase("vi").startsWith(prefix));
  return written ? recipients : [...recipients, fill(layout.recipients.archive, { archive: keeper })];
}

/**
 * A header line set to fit its column: at the rulebook's size if it fits, else at the largest size down to
 * `minSize` (half a point at a time) that keeps it on one line, else at the rulebook's size over several lines.
 * Lines are filled greedily but never end with one syllable alone ("CƠ / SỞ"): the line before gives one up.
 * `measure(text, size)` is the renderer's width of the text in points.
 */
export function fitHeaderLine(
  text: string,
  size: number,
  minSize: number,
  width: number,
  measure: (text: string, size: number) => number,
): { size: number; lines: string[] } {
  for (let s = size; s >= minSize; s -= 0.5) if (measure(text, s) <= width) return { size: s, lines: [text] };
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[][] = [];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (line && measure([...line, word].join(" "), size) <= width) line.push(word);
    else lines.push([word]);
  }
  const last = lines[lines.length - 1]!;
  const before = lines[lines.length - 2];
  if (last.length === 1 && before && before.length > 2) last.unshift(before.pop()!);
  return { size, lines: lines.map((l) => l.join(" ")) };
}

export function signatureFor(layout: LayoutRules, issuerKind: string, role: string, name: string): Signature {
  const rule = layout.signature[issuerKind] ?? layout.signature.cell!;
  return { authority: rule.authority, title: rule.titles[role] ?? Object.values(rule.titles)[0] ?? "", name };
}

// ---------------------------------------------------------------------------
// Author's text → blocks

/**
 * Plain text as a secretary writes it: blank lines separate paragraphs; lines starting with "- ",
 * "+ " or "• " are bullets; "1. " or "1) " numbered items; lines "| a | b |" a table (first row the header).
 */
export function parseSectionText(input: string): Block[] {
  const blocks: Block[] = [];
  const lines = input.replace(/\r\n?/g, "\n").split("\n");
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: "paragraph", spans: [{ text: para.join(" ") }], indent: true });
    para = [];
  };
  const last = () => blocks[blocks.length - 1];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const bullet = /^([-+•*])\s+(.*)$/.exec(line);
    const numbered = /^(\d{1,3}[.)])\s+(.*)$/.exec(line);
    if (line.startsWith("|") && line.endsWith("|") && line.length > 1) {
      flush();
      const cells = line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim());
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue; // a markdown separator row
      const prev = last();
      if (prev?.kind === "table") prev.rows.push(cells);
      else blocks.push({ kind: "table", header: cells, rows: [] });
    } else if (bullet || numbered) {
      flush();
      const ordered = !!numbered;
      const [, typed, item] = (bullet ?? numbered)! as unknown as [string, string, string];
      // The number as typed ("2." after a paragraph stays 2.); "+" marks a sub-item; "•" and "*" print as "-".
      const label = ordered || typed === "+" ? typed : "-";
      const prev = last();
      if (prev?.kind === "list" && prev.ordered === ordered) {
        prev.items.push(item);
        prev.labels?.push(label);
      } else blocks.push({ kind: "list", ordered, items: [item], labels: [label] });
    } else {
      para.push(line);
    }
  }
  flush();
  // Table rows are padded to the header's width so renderers never meet a ragged row.
  for (const b of blocks) if (b.kind === "table") b.rows = b.rows.map((r) => b.header.map((_, i) => r[i] ?? ""));
  return blocks;
}

export interface SectionContent {
  key: string;
  heading: string;
  text: string;
}

/** The template's fixed wording plus what the author wrote, as blocks. */
export function sectionsToBlocks(
  template: DocumentTemplate | null,
  sections: SectionContent[],
  values: Record<string, string>,
): Block[] {
  const blocks: Block[] = [];
  for (const p of template?.preamble ?? [])
    blocks.push({ kind: "paragraph", spans: [{ text: fill(p, values), italic: true }], indent: true });
  for (const s of sections) {
    const fixed = template?.sections.find((t) => t.key === s.key)?.fixed ?? [];
    if (s.heading.trim()) blocks.push({ kind: "heading", text: fill(s.heading.trim(), values) });
    for (const f of fixed) blocks.push({ kind: "paragraph", spans: [{ text: fill(f, values) }], indent: true });
    blocks.push(...parseSectionText(s.text));
  }
  for (const c of template?.closing ?? [])
    blocks.push({ kind: "paragraph", spans: [{ text: fill(c, values) }], indent: true });
  return blocks;
}

/** Sections a new draft starts with, from the template. */
export function starterSections(template: DocumentTemplate, values: Record<string, string>): SectionContent[] {
  return template.sections.map((s) => ({
    key: s.key,
    heading: fill(s.heading, values),
    text: fill(s.starter, values),
  }));
}

// ---------------------------------------------------------------------------
// Terms and numbering

export interface TermRef {
  id: string;
  startsOn: string;
  endsOn: string;
}

/**
 * The committee term a document dated `day` belongs to: a term runs from the day after its congress
 * closes (startsOn) to the close of the next (endsOn). The first term also owns its own start day.
 */
export function termOn<T extends TermRef>(terms: T[], day: string): T | null {
  const sorted = [...terms].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  return sorted.find((t) => t.startsOn < day && day <= t.endsOn) ?? sorted.find((t) => t.startsOn === day) ?? null;
}

/**
 * The sequence a number is drawn from: per type per term; a congress's documents share one sequence
 * whatever their type.
 */
export function sequenceKey(input: { termId: string | null; congress: string | null; type: string }): {
  scope: string;
  type: string;
} {
  if (input.congress) return { scope: `congress:${input.congress}`, type: "*" };
  return { scope: `term:${input.termId ?? "none"}`, type: input.type };
}

/**
 * Why an issue date is refused, or null: a date after today (Vietnam time) has not come, and within one
 * sequence numbers follow dates, so a date before the latest issued document of the sequence would give a
 * later number to an earlier document. The same day is fine (several documents a day).
 */
export function issueDateProblem(
  issuedOn: string,
  today: string,
  latestInSequence: string | null,
): { code: string; key: string; params: Record<string, string> } | null {
  if (issuedOn > today) {
    return { code: "document_issued_future", key: "errors.document_issued_future", params: { today } };
  }
  if (latestInSequence && issuedOn < latestInSequence) {
    const code = "document_issued_out_of_order";
    return { code, key: `errors.${code}`, params: { latest: latestInSequence } };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Lifecycle

export const DOCUMENT_STATUSES = ["draft", "consultation", "adopted", "issued", "superseded", "revoked"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Issued once: numbered and frozen, whether it still stands, was replaced by a correction or was revoked. */
export const wasIssued = (status: DocumentStatus): boolean =>
  status === "issued" || status === "superseded" || status === "revoked";

/** Each state lists where it may go next; enforced by the server. */
export const TRANSITIONS: Record<DocumentStatus, readonly DocumentStatus[]> = {
  draft: ["consultation", "adopted", "issued"],
  consultation: ["draft", "adopted", "issued"],
  adopted: ["issued", "draft"],
  issued: ["superseded", "revoked"],
  superseded: [],
  revoked: [],
};

export function canMove(from: DocumentStatus, to: DocumentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The date the register shows: the issue date, or for a draft the day it was created, in Vietnam time. */
export function registerDay(doc: { issuedOn: string | null; createdAt: string }): string {
  return doc.issuedOn ?? todayIso(new Date(doc.createdAt));
}

export const COMMENT_RESOLUTIONS = ["accepted", "explained", "rejected"] as const;
export type CommentResolution = (typeof COMMENT_RESOLUTIONS)[number];

// ---------------------------------------------------------------------------
// Uploads

/** What a draft from the level above may be; the file's limits are the uploads' own (core/uploads). */
export type UploadKind = "docx" | "pdf";

/** "Số 01-NQ/CB" or "NQ" + summary → a file name safe on every system, keeping Vietnamese letters. */
export function downloadName(input: { numberText: string | null; type: string; summary: string }, ext: string): string {
  const base = `${input.numberText ? input.numberText.replace(/^Số\s*/u, "") : input.type} ${input.summary}`
    .normalize("NFC")
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, "-")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120)
    .trim();
  return `${base}.${ext}`;
}

// ---------------------------------------------------------------------------
// Input schemas (HTTP edge)

// ---------------------------------------------------------------------------
// Size limits

/**
 * How large a document may be, in one place (ADR 0095). A page of the official layout holds about 3,200
 * characters, so 600,000 characters is about 190 pages: room for the longest political report of a congress
 * (100–150 pages). Rendering the largest allowed document stays within seconds and a bounded memory.
 */
export const DOCUMENT_LIMITS = { sections: 100, sectionChars: 200_000, totalChars: 600_000 } as const;

/** Characters of a document's own text: section headings and bodies, and every string of a meeting's minutes. */
export function documentChars(doc: { sections: SectionContent[]; minutes?: unknown }): number {
  let n = 0;
  for (const s of doc.sections) n += s.heading.length + s.text.length;
  const walk = (v: unknown): void => {
    if (typeof v === "string") n += v.length;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(doc.minutes);
  return n;
}

/** The first limit a document breaks, as the field it names and the catalogue key that says so; null within them. */
export function documentSizeProblem(doc: {
  sections: SectionContent[];
  minutes?: unknown;
}): { field: string; key: string; max: number } | null {
  const L = DOCUMENT_LIMITS;
  if (doc.sections.length > L.sections) {
    return { field: "sections", key: "errors.document_too_many_sections", max: L.sections };
  }
  const long = doc.sections.findIndex((s) => s.text.length > L.sectionChars);
  if (long >= 0) {
    return { field: `sections.${long}.text`, key: "errors.document_section_too_long", max: L.sectionChars };
  }
  if (documentChars(doc) > L.totalChars) {
    return { field: doc.minutes ? "minutes" : "sections", key: "errors.document_too_long", max: L.totalChars };
  }
  return null;
}

const sectionInput = z.object({
  key: text(60),
  heading: z
    .string()
    .max(400)
    .transform((s) => s.normalize("NFC").trim()),
  // Counted after NFC, as stored: the length check sits behind the normalisation.
  text: z
    .string()
    .max(DOCUMENT_LIMITS.sectionChars * 2)
    .transform((s) => s.normalize("NFC"))
    .pipe(z.string().max(DOCUMENT_LIMITS.sectionChars, { message: "errors.document_section_too_long" })),
});

const sectionsInput = z
  .array(sectionInput)
  .max(DOCUMENT_LIMITS.sections, { message: "errors.document_too_many_sections" })
  .superRefine((sections, ctx) => {
    if (documentChars({ sections }) <= DOCUMENT_LIMITS.totalChars) return;
    // A too_big issue carries `maximum`, which the message names.
    ctx.addIssue({
      code: "too_big",
      origin: "string",
      maximum: DOCUMENT_LIMITS.totalChars,
      inclusive: true,
      input: sections,
      message: "errors.document_too_long",
    });
  });

export const createDraftBody = z.object({
  type: text(8),
  /** Omitted → the template's proposal; "" → no summary yet. */
  summary: z
    .string()
    .max(800)
    .transform((x) => x.normalize("NFC").trim())
    .pipe(z.string().max(400))
    .optional(),
  /** Sections; omitted → the template's starter sections. */
  sections: sectionsInput.optional(),
  recipients: z.array(text(200)).max(30).optional(),
  congress: optionalText(120),
  replacesId: z.uuid().nullable().optional(),
});

export const updateDraftBody = z.object({
  summary: optionalText(400),
  sections: sectionsInput,
  recipients: z.array(text(200)).max(30),
  /** Omitted → unchanged; null or "" → no signer. */
  signerName: optionalText(120).optional(),
  signerRole: z.enum(["secretary", "deputy_secretary"]).nullable().optional(),
  version: version(),
});

export const transitionBody = z.object({ to: z.enum(["draft", "consultation", "adopted"]), version: version() });

export const issueBody = z.object({
  issuedOn: isoDate(),
  version: version(),
});

/** The issue date "Ban hành" would use, for its preview. */
export const issuePreviewQuery = z.object({ issuedOn: isoDate() });

export const commentBody = z.object({ sectionKey: text(60), text: text(4000) });
export const resolveCommentBody = z.object({
  resolution: z.enum(COMMENT_RESOLUTIONS),
  response: optionalText(2000),
  version: version(),
});

export const searchQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.string().max(8).optional(),
  from: isoDate().optional(),
  to: isoDate().optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  /** The year of the issue date (drafts, having none, drop out). */
  year: z.coerce.number().int().min(1930).max(2100).optional(),
  /** The whole register under this organisation (a đảng bộ's cells included), as far as the reader may open it. */
  subtree: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  /** With `subtree`: one organisation of it. */
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
