import type { CommentResolution, DocumentModel, DocumentStatus, SectionContent } from "../model";

/** The shapes the documents API answers with. */
export interface DocumentSummary {
  id: string;
  organizationId: string;
  type: string;
  templateKey: string;
  status: DocumentStatus;
  summary: string;
  sections: SectionContent[];
  recipients: string[];
  signerName: string | null;
  signerRole: string | null;
  origin: string;
  number: number | null;
  numberText: string | null;
  issuedOn: string | null;
  docxSha256: string | null;
  pdfSha256: string | null;
  uploadKind: string | null;
  uploadName: string | null;
  replacesId: string | null;
  supersededById: string | null;
  createdAt: string;
  version: number;
  hasMinutes: boolean;
  /** Set in a đảng bộ's whole register (subtree). */
  organizationName?: string | null;
}

export interface DocumentPermissions {
  view: boolean;
  comment: boolean;
  manage: boolean;
}

/** A row of the list: the list carries no body. */
export type DocumentListItem = Omit<DocumentSummary, "sections">;

export interface DocumentListResponse {
  items: DocumentListItem[];
  types: { type: string; name: string; template: boolean }[];
  layout: { key: string; title: string; unconfirmed: string[] };
  permissions: DocumentPermissions;
  /** The reader may open organisations under this one: the whole register can be asked for. */
  subtreeAvailable: boolean;
  /** With subtree: the organisations it spans, those the reader may open. */
  organizations?: { id: string; name: string }[];
}

export interface DocumentComment {
  id: string;
  sectionKey: string;
  authorName: string;
  text: string;
  resolution: CommentResolution | null;
  response: string | null;
  createdAt: string;
  version: number;
}

export interface DocumentDetail extends DocumentSummary {
  organizationName: string;
  comments: DocumentComment[];
  model: Omit<DocumentModel, "layout">;
  layout: { key: string; source: string };
  permissions: DocumentPermissions;
}
