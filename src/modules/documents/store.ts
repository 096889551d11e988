import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { queryRows } from "../../core/db/index.js";
import { foldForSearch } from "../members/names.js";
import { documentComments, documentCounters, documents } from "./schema.js";
import type { DocumentStatus, SectionContent } from "./model.js";

export type DocumentRow = typeof documents.$inferSelect;

// Everything but the files and the search text (a folded copy of the whole body): lists and detail pages
// never carry megabytes they do not show.
const { docx: _docx, pdf: _pdf, upload: _upload, searchText: _search, ...rowColumns } = getTableColumns(documents);
export type DocumentSummary = Omit<DocumentRow, "docx" | "pdf" | "upload" | "searchText">;

/** A document as the store reads it: its summary, and whether it holds a meeting's minutes (lists omit them). */
export type StoredDocument = DocumentSummary & { hasMinutes: boolean };
const summaryColumns = { ...rowColumns, hasMinutes: sql<boolean>`${documents.minutes} IS NOT NULL` };

// A list carries no body either: the sections (an uploaded draft's text), the minutes and the search text stay
// behind, so a list answers in kilobytes whatever the documents hold.
const { sections: _sections, minutes: _minutes, ...listColumns } = summaryColumns;
export type DocumentListItem = Omit<StoredDocument, "sections" | "minutes">;

export async function getDocument(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredDocument | null> {
  const q = ex
    .select(summaryColumns)
    .from(documents)
    .where(and(eq(documents.id, id), isNull(documents.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/**
 * A stored file. It travels as base64 text, which the embedded store encodes natively: its bytea output
 * costs about a second of the event loop per megabyte, base64 a few tens of milliseconds.
 */
export async function getDocumentFile(
  ex: Executor,
  id: string,
  kind: "docx" | "pdf" | "upload",
): Promise<Buffer | null> {
  const [row] = await ex
    .select({ file: sql<string | null>`encode(${documents[kind]}, 'base64')` })
    .from(documents)
    .where(and(eq(documents.id, id), isNull(documents.deletedAt)));
  return row?.file == null ? null : Buffer.from(row.file, "base64");
}

/** A file as the value of an insert or update: base64 text decoded by the database (see getDocumentFile). */
export const fileValue = (bytes: Buffer) => sql`decode(${bytes.toString("base64")}, 'base64')`;

export interface DocumentQuery {
  q?: string;
  type?: string;
  from?: string;
  to?: string;
  status?: DocumentStatus;
  year?: number;
  limit: number;
}

/**
 * The register of some issuing bodies (one, or a đảng bộ and its cells): newest first; search ignores
 * diacritics and case.
 */
export async function listDocuments(
  ex: Executor,
  organizationIds: string[],
  query: DocumentQuery,
): Promise<DocumentListItem[]> {
  if (organizationIds.length === 0) return [];
  const folded = query.q ? foldForSearch(query.q) : "";
  const words = folded.split(" ").filter(Boolean);
  return ex
    .select(listColumns)
    .from(documents)
    .where(
      and(
        inArray(documents.organizationId, organizationIds),
        isNull(documents.deletedAt),
        query.year ? gte(documents.issuedOn, `${query.year}-01-01`) : undefined,
        query.year ? lte(documents.issuedOn, `${query.year}-12-31`) : undefined,
        query.type ? eq(documents.type, query.type) : undefined,
        query.status ? eq(documents.status, query.status) : undefined,
        query.from ? gte(documents.issuedOn, query.from) : undefined,
        query.to ? lte(documents.issuedOn, query.to) : undefined,
        ...words.map((w) => sql`${documents.searchText} LIKE ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
      ),
    )
    .orderBy(sql`${documents.issuedOn} DESC NULLS FIRST`, desc(documents.createdAt))
    .limit(query.limit);
}

export function searchTextOf(doc: {
  numberText: string | null;
  type: string;
  summary: string;
  sections: SectionContent[];
  signerName: string | null;
}): string {
  return foldForSearch(
    [
      doc.numberText ?? "",
      doc.type,
      doc.summary,
      doc.signerName ?? "",
      ...doc.sections.flatMap((s) => [s.heading, s.text]),
    ].join(" "),
  );
}

/**
 * The next number of a sequence, atomically: the counter row is created or bumped in one statement,
 * which holds its row lock until the transaction ends — a rolled-back issue gives its number back.
 */
export async function reserveNumber(
  ex: Executor,
  organizationId: string,
  scope: string,
  type: string,
): Promise<number> {
  const [row] = await queryRows<{ last: number }>(
    ex,
    sql`INSERT INTO ${documentCounters} (organization_id, scope, type, last) VALUES (${organizationId}, ${scope}, ${type}, 1)
        ON CONFLICT (organization_id, scope, type) DO UPDATE SET last = ${documentCounters.last} + 1
        RETURNING last`,
  );
  return Number(row!.last);
}

/** The number the next issue of a sequence would draw, read without drawing it (the issue preview). */
export async function peekNumber(ex: Executor, organizationId: string, scope: string, type: string): Promise<number> {
  const [row] = await ex
    .select({ last: documentCounters.last })
    .from(documentCounters)
    .where(
      and(
        eq(documentCounters.organizationId, organizationId),
        eq(documentCounters.scope, scope),
        eq(documentCounters.type, type),
      ),
    );
  return (row?.last ?? 0) + 1;
}

/** The latest issue date among the documents numbered in one sequence (superseded ones keep their number). */
export async function latestIssuedOn(
  ex: Executor,
  organizationId: string,
  scope: string,
  type: string,
): Promise<string | null> {
  const [row] = await ex
    .select({ latest: sql<string | null>`max(${documents.issuedOn})::text` })
    .from(documents)
    .where(
      and(
        eq(documents.organizationId, organizationId),
        eq(documents.sequenceScope, scope),
        eq(documents.sequenceType, type),
        isNull(documents.deletedAt),
      ),
    );
  return row?.latest ?? null;
}

export type CommentRow = typeof documentComments.$inferSelect;

export async function listComments(ex: Executor, documentId: string): Promise<CommentRow[]> {
  return ex
    .select()
    .from(documentComments)
    .where(eq(documentComments.documentId, documentId))
    .orderBy(asc(documentComments.createdAt));
}

/** One comment of a document, locked for a write (`forUpdate`), or null. */
export async function getComment(
  ex: Executor,
  documentId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CommentRow | null> {
  const q = ex
    .select()
    .from(documentComments)
    .where(and(eq(documentComments.id, id), eq(documentComments.documentId, documentId)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}
