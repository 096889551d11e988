import { sql } from "drizzle-orm";
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { organizations, terms } from "../organizations/schema.js";
import { users } from "../accounts/schema.js";
import type { MinutesData } from "../meetings/minutes.js";
import type { CommentResolution, DocumentStatus, SectionContent } from "./model.js";

/** Files live in the database (bytea), so backup and restore carry them. Both drivers hand back bytes. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const documents = pgTable(
  "documents",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The issuing body (for a joint document, the lead body). */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    type: text().notNull(),
    templateKey: text("template_key").notNull(),
    status: text().$type<DocumentStatus>().notNull().default("draft"),
    summary: text().notNull().default(""),
    sections: jsonb().$type<SectionContent[]>().notNull().default([]),
    recipients: jsonb().$type<string[]>().notNull().default([]),
    signerName: text("signer_name"),
    signerRole: text("signer_role"),
    /** The minutes' data when the document is a meeting's minutes. */
    minutes: jsonb().$type<MinutesData>(),
    /** Where it came from: "editor", "minutes", "upload" (a draft from the level above), or another module's name. */
    origin: text().notNull().default("editor"),
    originRef: text("origin_ref"),
    /** Template placeholder values the originating record supplies (e.g. the meeting's exact date for "Căn cứ …"). */
    placeholders: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** A congress's documents share one sequence. */
    congress: text(),
    termId: uuid("term_id").references(() => terms.id),
    sequenceScope: text("sequence_scope"),
    sequenceType: text("sequence_type"),
    number: integer(),
    numberText: text("number_text"),
    issuedOn: date("issued_on", { mode: "string" }),
    issuedBy: uuid("issued_by").references(() => users.id),
    layoutKey: text("layout_key"),
    docx: bytea(),
    pdf: bytea(),
    docxSha256: text("docx_sha256"),
    pdfSha256: text("pdf_sha256"),
    /** An uploaded draft: its bytes, kind and name, and the text extracted from it. */
    upload: bytea(),
    uploadKind: text("upload_kind"),
    uploadName: text("upload_name"),
    /** A correction names the document it replaces; that one becomes superseded. */
    replacesId: uuid("replaces_id").references((): AnyPgColumn => documents.id),
    supersededById: uuid("superseded_by_id").references((): AnyPgColumn => documents.id),
    /** An issued document withdrawn by the act it served (a transfer called off): the day and the reason. */
    revokedOn: date("revoked_on", { mode: "string" }),
    revokeReason: text("revoke_reason"),
    /** Folded (no diacritics, lower case) number, summary and body, for search. */
    searchText: text("search_text").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("documents_org_idx").on(t.organizationId, t.issuedOn),
    uniqueIndex("documents_number_key")
      .on(t.organizationId, t.sequenceScope, t.sequenceType, t.number)
      .where(sql`${t.number} IS NOT NULL`),
    // Issued documents whose files are still to be rendered (ADR 0177): almost always none; the periodic job reads it.
    index("documents_files_pending_idx")
      .on(t.issuedOn)
      .where(
        sql`${t.pdfSha256} IS NULL AND ${t.status} IN ('issued', 'superseded', 'revoked') AND ${t.origin} <> 'upload' AND ${t.deletedAt} IS NULL`,
      ),
  ],
);

/** The last number drawn per issuer, sequence (term or congress) and type; bumped atomically. */
export const documentCounters = pgTable(
  "document_counters",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    scope: text().notNull(),
    type: text().notNull(),
    last: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.scope, t.type] })],
);

/** Members' comments on a draft, section by section, and how the secretary handled each. */
export const documentComments = pgTable(
  "document_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id),
    sectionKey: text("section_key").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    text: text().notNull(),
    resolution: text().$type<CommentResolution>(),
    response: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("document_comments_doc_idx").on(t.documentId)],
);

/**
 * The last rendering of a draft (or of a meeting's unissued minutes), per format: re-used while the key —
 * a hash of everything the file is made from — is unchanged, replaced when it changes (ADR 0095). The bytes
 * are kept in parts of at most RENDER_PART_BYTES, each written and read by a statement of its own, so the
 * embedded store never holds the event loop for a whole file. An issued document keeps its files in `documents`.
 */
export const renderedFiles = pgTable(
  "rendered_files",
  {
    /** "document:<id>" or "minutes:<meeting id>". */
    subject: text().notNull(),
    format: text().$type<"pdf" | "docx">().notNull(),
    part: integer().notNull(),
    /** How many parts the file has (the same on every part). */
    parts: integer().notNull(),
    key: text().notNull(),
    bytes: bytea().notNull(),
    renderedAt: timestamp("rendered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.format, t.part] })],
);
