import { and, eq } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import type { MinutesData } from "../meetings/minutes.js";
import { listTerms, type OrganizationRow } from "../organizations/store.js";
import { formatNumberLine, type LayoutRules, mayIssue, sequenceKey, termOn } from "./model.js";
import { documentInput } from "./operations.js";
import { documentCounters } from "./schema.js";
import { type FileFormat, forgetRenderings, minutesSubject, renderCached } from "./render-file.js";
import { type DocumentSummary, getDocument } from "./store.js";

/** What the meetings module asks the register about a meeting's minutes (BB). */

/** The minutes document of a meeting while it stands issued (null once superseded or when there is none). */
export async function issuedMinutesDocument(
  ex: Executor,
  documentId: string | null,
): Promise<Pick<DocumentSummary, "id" | "numberText" | "issuedOn" | "summary" | "createdAt"> | null> {
  if (!documentId) return null;
  const doc = await getDocument(ex, documentId);
  if (doc?.status !== "issued") return null;
  return {
    id: doc.id,
    numberText: doc.numberText,
    issuedOn: doc.issuedOn,
    summary: doc.summary,
    createdAt: doc.createdAt,
  };
}

/** The stored, hashed file of an issued document (rendered and stored first if the issue's rendering is not done). */
export { issuedDocumentFile } from "./issued-files.js";

/**
 * Minutes not issued yet, rendered as the register would lay them out, without a number. Approved minutes are the
 * record as adopted: not a draft, only not yet numbered. The rendering is kept until the minutes are issued.
 */
export async function renderUnissuedMinutes(
  ex: Executor,
  org: OrganizationRow,
  meetingId: string,
  minutes: MinutesData,
  format: FileFormat,
): Promise<Buffer> {
  const { input } = await documentInput(ex, org, unissuedMinutes(org.id, meetingId, minutes));
  const shown = { ...input, data: { ...input.data, draft: minutes.status !== "approved" } };
  return renderCached(ex, minutesSubject(meetingId), format, shown);
}

/** Once the minutes are issued, their own files are served: the unissued rendering is dropped. */
export async function forgetUnissuedMinutes(ex: Executor, meetingId: string): Promise<void> {
  await forgetRenderings(ex, minutesSubject(meetingId));
}

/** The minutes as a document that is not in the register: the fields a rendering reads, nothing stored. */
function unissuedMinutes(organizationId: string, meetingId: string, minutes: MinutesData): DocumentSummary {
  const now = new Date();
  return {
    id: meetingId,
    organizationId,
    type: "BB",
    templateKey: "BB",
    status: minutes.status === "approved" ? "adopted" : "draft",
    summary: minutes.meetingTitle,
    sections: [],
    recipients: [],
    signerName: minutes.chair,
    signerRole: "secretary",
    minutes,
    origin: "minutes",
    originRef: meetingId,
    placeholders: {},
    congress: null,
    termId: null,
    sequenceScope: null,
    sequenceType: null,
    number: null,
    numberText: null,
    issuedOn: null,
    issuedBy: null,
    layoutKey: null,
    docxSha256: null,
    pdfSha256: null,
    uploadKind: null,
    uploadName: null,
    replacesId: null,
    supersededById: null,
    revokedOn: null,
    revokeReason: null,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    version: 1,
  };
}

/**
 * The number the register would give a cell's minutes (BB) issued on a date — "Số 02-BB/CB" — read without taking
 * it, so "Ban hành biên bản" can say what it will do. Null when the organisation may not issue minutes that day (no
 * term, or the layout does not allow it): the issue itself then says why. Another issue in between may take it first.
 */
export async function nextMinutesNumber(ex: Executor, org: OrganizationRow, issuedOn: string): Promise<string | null> {
  const layout = await rulebookInForce<LayoutRules>(ex, "document-layout", org.path, issuedOn);
  if (!mayIssue(layout.data, org.kind, "BB")) return null;
  const term = termOn(await listTerms(ex, org.id), issuedOn);
  if (!term) return null;
  const seq = sequenceKey({ termId: term.id, congress: null, type: "BB" });
  const [row] = await ex
    .select({ last: documentCounters.last })
    .from(documentCounters)
    .where(
      and(
        eq(documentCounters.organizationId, org.id),
        eq(documentCounters.scope, seq.scope),
        eq(documentCounters.type, seq.type),
      ),
    );
  return formatNumberLine((row?.last ?? 0) + 1, "BB", org.abbreviation, layout.data.number);
}
