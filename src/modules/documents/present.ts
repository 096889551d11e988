import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { COMMENT_RESOLUTIONS, DOCUMENT_STATUSES } from "./model.js";

// What the documents module answers. A field not named here never leaves the server: the files, the search text,
// the minutes' data (only `hasMinutes` is said), the numbering sequence, who created or issued it, the template
// placeholders and the deletion mark stay inside.

export const sectionSchema = z.object({ key: z.string(), heading: z.string(), text: z.string() });

export const documentSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  type: z.string(),
  templateKey: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  summary: z.string(),
  sections: z.array(sectionSchema),
  recipients: z.array(z.string()),
  signerName: z.string().nullable(),
  signerRole: z.string().nullable(),
  /** The document holds a meeting's minutes (edited in the meeting, not in the document editor). */
  hasMinutes: z.boolean(),
  origin: z.string(),
  originRef: z.string().nullable(),
  congress: z.string().nullable(),
  number: z.number().nullable(),
  numberText: z.string().nullable(),
  issuedOn: z.string().nullable(),
  docxSha256: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  uploadKind: z.string().nullable(),
  uploadName: z.string().nullable(),
  replacesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  revokedOn: z.string().nullable(),
  revokeReason: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

const permissionsSchema = z.object({ view: z.boolean(), comment: z.boolean(), manage: z.boolean() });

/** A row of the register: no body. In a đảng bộ's whole register, each row names its organisation. */
export const documentListItemSchema = documentSchema.omit({ sections: true }).extend({
  organizationName: z.string().nullable().optional(),
});

export const documentListSchema = itemsOf(documentListItemSchema).extend({
  /** The reader may open organisations under this one: the whole register can be asked for. */
  subtreeAvailable: z.boolean(),
  /** With subtree: the organisations it spans, those the reader may open. */
  organizations: z.array(z.object({ id: z.uuid(), name: z.string() })).optional(),
  types: z.array(z.object({ type: z.string(), name: z.string(), template: z.boolean() })),
  layout: z.object({ key: z.string(), title: z.string(), unconfirmed: z.array(z.string()) }),
  permissions: permissionsSchema,
});

export const commentSchema = z.object({
  id: z.uuid(),
  documentId: z.uuid(),
  sectionKey: z.string(),
  authorName: z.string(),
  text: z.string(),
  resolution: z.enum(COMMENT_RESOLUTIONS).nullable(),
  response: z.string().nullable(),
  createdAt: timestamp(),
  version: z.number(),
});

const spanSchema = z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional() });
const blockSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("heading"), text: z.string() }),
  z.object({
    kind: z.literal("paragraph"),
    spans: z.array(spanSchema),
    align: z.enum(["justify", "center", "left"]).optional(),
    indent: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("list"),
    ordered: z.boolean(),
    items: z.array(z.string()),
    labels: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal("table"),
    header: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    widths: z.array(z.number()).optional(),
  }),
]);

/** The composed document (model.ts DocumentModel) without its layout rules: what the print view lays out. */
const documentModelSchema = z.object({
  header: z.object({ superior: z.string().nullable(), issuer: z.string() }),
  numberLine: z.string(),
  placeDate: z.string(),
  typeName: z.string(),
  summary: z.string(),
  draft: z.boolean(),
  body: z.array(blockSchema),
  signatures: z.array(z.object({ authority: z.string().nullable(), title: z.string(), name: z.string() })),
  recipients: z.array(z.string()).nullable(),
});

export const documentDetailSchema = documentSchema.extend({
  organizationName: z.string(),
  comments: z.array(commentSchema),
  model: documentModelSchema,
  layout: z.object({ key: z.string(), source: z.string() }),
  permissions: permissionsSchema,
});

export type DocumentView = Wire<typeof documentSchema>;

/** What "Ban hành" will do: the number it will give (not yet drawn) and the date line it will print. */
export const issuePreviewSchema = z.object({
  numberText: z.string(),
  issuedOn: z.string(),
  placeDate: z.string(),
  typeName: z.string(),
  summary: z.string(),
  /** The issued document a correction supersedes, by its number. */
  replacesNumber: z.string().nullable(),
  layoutKey: z.string(),
});
export type IssuePreviewView = Wire<typeof issuePreviewSchema>;
export type DocumentListResponse = Wire<typeof documentListSchema>;
export type DocumentComment = Wire<typeof commentSchema>;
export type DocumentDetail = Wire<typeof documentDetailSchema>;
