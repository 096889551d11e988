import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, NotFoundError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { formatDate } from "../../core/i18n/index.js";
import { todayIso } from "../../core/time.js";
import { getOrganization, listPositions, listTerms, type OrganizationRow } from "../organizations/store.js";
import type { MinutesData } from "../meetings/minutes.js";
import { composeDocument, placeholderValues, type ComposeInput, type IssuerInfo } from "./compose.js";
import {
  canMove,
  documentSizeProblem,
  fill,
  issueDateProblem,
  mayIssue,
  sequenceKey,
  starterSections,
  termOn,
  type CommentResolution,
  type DocumentStatus,
  type LayoutRules,
  type SectionContent,
  type TemplateRules,
  type UploadKind,
} from "./model.js";
import { documentSubject, forgetRenderings, renderInWorker } from "./render-file.js";
import { documentComments, documents } from "./schema.js";
import {
  fileValue,
  getDocument,
  latestIssuedOn,
  listComments,
  reserveNumber,
  searchTextOf,
  type DocumentSummary,
} from "./store.js";

/**
 * Domain operations on documents: plain functions taking (tx, actor, …), each writing its audit event
 * in the caller's transaction. Other modules (resolutions, plans, reviews, meetings) call
 * `createDocument` and `issueDocument`.
 */

export interface CreateDocumentInput {
  type: string;
  /** Defaults to the type; "BCYK" is the summary report of opinions (type BC). */
  templateKey?: string;
  summary?: string | null;
  sections?: SectionContent[];
  recipients?: string[];
  congress?: string | null;
  replacesId?: string | null;
  minutes?: MinutesData | null;
  origin?: string;
  originRef?: string | null;
  signerName?: string | null;
  signerRole?: "secretary" | "deputy_secretary" | null;
  /** The state the document starts in (an upload opens for comments at once); draft by default. */
  status?: DocumentStatus;
  /** Placeholder values from the originating record (e.g. meetingDate), kept with the document. */
  placeholders?: Record<string, string>;
  /** Body text per template section key: the template's sections, in its order and wording, filled with these texts. */
  sectionTexts?: Record<string, string>;
}

async function templatesFor(ex: Executor, org: OrganizationRow, day: string): Promise<TemplateRules> {
  return (await rulebookInForce<TemplateRules>(ex, "document-template", org.path, day)).data;
}

async function issuerInfo(ex: Executor, org: OrganizationRow, day: string): Promise<IssuerInfo> {
  const parent = org.parentId ? await getOrganization(ex, org.parentId) : null;
  const term = termOn(await listTerms(ex, org.id), day);
  return {
    kind: org.kind,
    name: org.name,
    abbreviation: org.abbreviation,
    place: org.place ?? parent?.place ?? "",
    superiorName: org.superiorName ?? parent?.name ?? null,
    termLabel: term?.label ?? null,
  };
}

/** The organisation's current secretary (or deputy), who signs by default. */
async function defaultSigner(
  ex: Executor,
  org: OrganizationRow,
  day: string,
): Promise<{ name: string; role: "secretary" | "deputy_secretary" } | null> {
  const active = (await listPositions(ex, org.id)).filter((p) => p.startsOn <= day && (!p.endsOn || p.endsOn >= day));
  const sec = active.find((p) => p.role === "secretary") ?? active.find((p) => p.role === "deputy_secretary");
  return sec ? { name: sec.fullName, role: sec.role as "secretary" | "deputy_secretary" } : null;
}

export async function createDocument(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: CreateDocumentInput,
): Promise<DocumentSummary> {
  const today = todayIso();
  const templates = await templatesFor(tx, org, today);
  const templateKey = input.templateKey ?? input.type;
  const template = templates.templates[templateKey];
  const layout = (await rulebookInForce<LayoutRules>(tx, "document-layout", org.path, today)).data;
  if (!layout.typeNames[input.type])
    throw new RuleError("document_type_unknown", "type", "errors.document_type_unknown", { type: input.type });
  if (input.replacesId) {
    const replaced = await getDocument(tx, input.replacesId);
    if (!replaced || replaced.organizationId !== org.id)
      throw new RuleError("document_replaces_unknown", "replacesId", "errors.document_replaces_unknown");
    if (replaced.status !== "issued")
      throw new RuleError("document_replaces_not_issued", "replacesId", "errors.document_replaces_not_issued");
  }
  const info = await issuerInfo(tx, org, today);
  const values = placeholderValues(info, {
    day: today,
    minutes: input.minutes ?? null,
    placeholders: input.placeholders,
  });
  const starters = () => (template && !input.minutes ? starterSections(template, values) : []);
  const sections =
    input.sections ??
    (input.sectionTexts && template
      ? template.sections.map((s) => ({
          key: s.key,
          heading: fill(s.heading, values),
          text: input.sectionTexts![s.key] ?? "",
        }))
      : starters());
  assertWithinLimits({ sections, minutes: input.minutes });
  const summary = input.summary ?? (template ? fill(template.summary, values) : "");
  const signer = input.signerName
    ? { name: input.signerName, role: input.signerRole ?? "secretary" }
    : await defaultSigner(tx, org, today);
  const [row] = await tx
    .insert(documents)
    .values({
      organizationId: org.id,
      type: input.type,
      templateKey,
      status: input.status ?? "draft",
      summary,
      sections,
      recipients: input.recipients ?? template?.recipients ?? [],
      signerName: signer?.name ?? null,
      signerRole: signer?.role ?? null,
      minutes: input.minutes ?? null,
      origin: input.origin ?? (input.minutes ? "minutes" : "editor"),
      originRef: input.originRef ?? null,
      placeholders: input.placeholders ?? {},
      congress: input.congress ?? null,
      replacesId: input.replacesId ?? null,
      searchText: searchTextOf({
        numberText: null,
        type: input.type,
        summary,
        sections,
        signerName: signer?.name ?? null,
      }),
      createdBy: actor.userId,
    })
    .returning();
  const { docx: _d, pdf: _p, upload: _u, ...summaryRow } = row!;
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: org.id,
    entityType: "document",
    entityId: row!.id,
    action: "create",
    after: summaryRow,
  });
  return summaryRow;
}

/**
 * The size limits hold for every way a document is stored — the editor, the minutes, a resolution, a plan or
 * a review composed by another module — so no stored document is too large to render.
 */
function assertWithinLimits(doc: { sections: SectionContent[]; minutes?: MinutesData | null }) {
  const problem = documentSizeProblem(doc);
  if (!problem) return;
  throw new RuleError(problem.key.replace(/^errors\./, ""), problem.field, problem.key, { maximum: problem.max });
}

function assertEditable(doc: DocumentSummary) {
  if (doc.status === "issued" || doc.status === "superseded")
    throw new ConflictError("document_issued", "errors.document_issued");
}

export async function updateDraft(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  input: {
    summary: string | null;
    sections: SectionContent[];
    recipients: string[];
    signerName?: string | null;
    signerRole?: "secretary" | "deputy_secretary" | null;
    version: number;
  },
): Promise<DocumentSummary> {
  assertEditable(doc);
  if (doc.origin === "upload") throw new ConflictError("document_upload_readonly", "errors.document_upload_readonly");
  assertWithinLimits({ sections: input.sections, minutes: doc.minutes });
  const next = {
    summary: input.summary ?? "",
    sections: input.sections,
    recipients: input.recipients,
    signerName: input.signerName === undefined ? doc.signerName : input.signerName,
    signerRole: input.signerRole === undefined ? doc.signerRole : input.signerRole,
  };
  const [row] = await tx
    .update(documents)
    .set({
      ...next,
      searchText: searchTextOf({ ...doc, ...next }),
      updatedAt: new Date(),
      version: sql`${documents.version} + 1`,
    })
    .where(and(eq(documents.id, doc.id), eq(documents.version, input.version)))
    .returning({ id: documents.id });
  if (!row) throw new StaleVersionError();
  await forgetRenderings(tx, documentSubject(doc.id));
  const after = (await getDocument(tx, doc.id))!;
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: doc.organizationId,
    entityType: "document",
    entityId: doc.id,
    action: "update",
    before: doc,
    after,
  });
  return after;
}

export async function moveDocument(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  to: DocumentStatus,
  version: number,
): Promise<DocumentSummary> {
  if (!canMove(doc.status, to) || to === "issued" || to === "superseded") {
    throw new ConflictError("document_transition", "errors.document_transition", {
      from: `ui.documents.status.${doc.status}`,
      to: `ui.documents.status.${to}`,
    });
  }
  const [row] = await tx
    .update(documents)
    .set({ status: to, updatedAt: new Date(), version: sql`${documents.version} + 1` })
    .where(and(eq(documents.id, doc.id), eq(documents.version, version)))
    .returning({ id: documents.id });
  if (!row) throw new StaleVersionError();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: doc.organizationId,
    entityType: "document",
    entityId: doc.id,
    action: `status:${to}`,
    before: { status: doc.status },
    after: { status: to },
  });
  return (await getDocument(tx, doc.id))!;
}

/** The model a draft or an issued document renders from (used by the print view and by issuing). */
export async function documentModel(ex: Executor, org: OrganizationRow, doc: DocumentSummary) {
  const { input, layoutKey, layoutSource } = await documentInput(ex, org, doc);
  return { model: composeDocument(input), input, layoutKey, layoutSource };
}

/** What a document's files are made from, before composing (a download composes it in the render worker). */
export async function documentInput(ex: Executor, org: OrganizationRow, doc: DocumentSummary) {
  const day = doc.issuedOn ?? todayIso();
  const [layoutBook, templates, info] = await Promise.all([
    rulebookInForce<LayoutRules>(ex, "document-layout", org.path, day),
    templatesFor(ex, org, day),
    issuerInfo(ex, org, day),
  ]);
  const input: ComposeInput = {
    layout: layoutBook.data,
    templates,
    issuer: info,
    data: {
      type: doc.type,
      templateKey: doc.templateKey,
      summary: doc.summary,
      sections: doc.sections,
      recipients: doc.recipients,
      signerName: doc.signerName ?? "",
      signerRole: doc.signerRole ?? "secretary",
      number: doc.number,
      day,
      draft: doc.status !== "issued" && doc.status !== "superseded",
      congress: doc.congress,
      minutes: doc.minutes,
      placeholders: doc.placeholders,
    },
  };
  return { input, layoutKey: layoutBook.key, layoutSource: layoutBook.sources[0]?.ref ?? layoutBook.title };
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * Issue: check the rules in force on the issue date, draw the next number of the sequence, render
 * both files, store them with their SHA-256 and freeze the document. A correction supersedes the
 * document it names.
 */
export async function issueDocument(
  tx: Tx,
  actor: Actor,
  documentId: string,
  input: { issuedOn: string; version: number },
  today = todayIso(),
): Promise<DocumentSummary> {
  const doc = await getDocument(tx, documentId, { forUpdate: true });
  if (!doc) throw new NotFoundError("document");
  if (doc.version !== input.version) throw new StaleVersionError();
  if (!canMove(doc.status, "issued")) throw new ConflictError("document_issued", "errors.document_issued");
  if (doc.origin === "upload") throw new ConflictError("document_upload_readonly", "errors.document_upload_readonly");
  if (!doc.signerName?.trim())
    throw new RuleError("document_signer_required", "signerName", "errors.document_signer_required");
  if (!doc.summary.trim())
    throw new RuleError("document_summary_required", "summary", "errors.document_summary_required");
  if (!doc.minutes && !doc.sections.some((s) => s.text.trim()))
    throw new RuleError("document_body_required", "sections", "errors.document_body_required");
  const org = (await getOrganization(tx, doc.organizationId))!;
  const layoutBook = await rulebookInForce<LayoutRules>(tx, "document-layout", org.path, input.issuedOn);
  const issuerKind = doc.congress ? "congress" : org.kind;
  if (!mayIssue(layoutBook.data, issuerKind, doc.type)) {
    throw new RuleError("document_type_not_allowed", "type", "errors.document_type_not_allowed", {
      type: doc.type,
      rule: layoutBook.data.issuable.rule,
    });
  }
  const term = termOn(await listTerms(tx, org.id), input.issuedOn);
  if (!term && !doc.congress) throw new RuleError("document_no_term", "issuedOn", "errors.document_no_term");
  const seq = sequenceKey({ termId: term?.id ?? null, congress: doc.congress, type: doc.type });
  const number = await reserveNumber(tx, org.id, seq.scope, seq.type);
  // Read under the counter's row lock, so two issues of one sequence cannot both pass with crossed dates.
  const dateProblem = issueDateProblem(input.issuedOn, today, await latestIssuedOn(tx, org.id, seq.scope, seq.type));
  if (dateProblem) {
    const shown = Object.fromEntries(Object.entries(dateProblem.params).map(([k, v]) => [k, formatDate(v)]));
    throw new RuleError(dateProblem.code, "issuedOn", dateProblem.key, shown);
  }
  const numbered = { ...doc, number, issuedOn: input.issuedOn, status: "issued" as const };
  const { model, input: made, layoutKey } = await documentModel(tx, org, numbered);
  const [docx, pdf] = await Promise.all([
    renderInWorker("docx", made, new Date()),
    renderInWorker("pdf", made, new Date(`${input.issuedOn}T08:00:00+07:00`)),
  ]);
  const numberText = model.numberLine;
  const [row] = await tx
    .update(documents)
    .set({
      status: "issued",
      number,
      numberText,
      issuedOn: input.issuedOn,
      issuedBy: actor.userId,
      termId: term?.id ?? null,
      sequenceScope: seq.scope,
      sequenceType: seq.type,
      layoutKey,
      docx: fileValue(docx),
      pdf: fileValue(pdf),
      docxSha256: sha256(docx),
      pdfSha256: sha256(pdf),
      searchText: searchTextOf({ ...doc, numberText }),
      updatedAt: new Date(),
      version: sql`${documents.version} + 1`,
    })
    .where(and(eq(documents.id, doc.id), eq(documents.version, input.version)))
    .returning({ id: documents.id });
  if (!row) throw new StaleVersionError();
  await forgetRenderings(tx, documentSubject(doc.id));
  if (doc.replacesId) {
    await tx
      .update(documents)
      .set({
        status: "superseded",
        supersededById: doc.id,
        updatedAt: new Date(),
        version: sql`${documents.version} + 1`,
      })
      .where(eq(documents.id, doc.replacesId));
    await recordEvent(tx, {
      actorUserId: actor.userId,
      organizationId: org.id,
      entityType: "document",
      entityId: doc.replacesId,
      action: "supersede",
      after: { supersededById: doc.id },
    });
  }
  const after = (await getDocument(tx, doc.id))!;
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: org.id,
    entityType: "document",
    entityId: doc.id,
    action: "issue",
    before: { status: doc.status },
    after: {
      status: "issued",
      numberText,
      issuedOn: input.issuedOn,
      layoutKey,
      docxSha256: after.docxSha256,
      pdfSha256: after.pdfSha256,
    },
  });
  return after;
}

/** Create and issue in one go: what another module calls when it presses "Ban hành". */
export async function issueNewDocument(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: CreateDocumentInput,
  issuedOn: string,
): Promise<DocumentSummary> {
  const draft = await createDocument(tx, actor, org, input);
  return issueDocument(tx, actor, draft.id, { issuedOn, version: draft.version });
}

// ---------------------------------------------------------------------------
// Drafts from the level above, comments, the summary report of opinions

/**
 * A draft from the level above, already read by `readDraftFile` outside the transaction: only the writes happen
 * here, so no transaction waits on a file being parsed.
 */
export async function uploadDraft(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: { bytes: Buffer; kind: UploadKind; sections: SectionContent[]; fileName: string; summary: string },
): Promise<DocumentSummary> {
  const sections = input.sections.length ? input.sections : [{ key: "toan-van", heading: "", text: "" }];
  const doc = await createDocument(tx, actor, org, {
    type: "BC",
    templateKey: "upload",
    summary: input.summary,
    sections,
    recipients: [],
    origin: "upload",
    status: "consultation",
  });
  await tx
    .update(documents)
    .set({ upload: input.bytes, uploadKind: input.kind, uploadName: input.fileName })
    .where(eq(documents.id, doc.id));
  return (await getDocument(tx, doc.id))!;
}

export async function addComment(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  input: { sectionKey: string; text: string },
) {
  if (doc.status !== "consultation") throw new ConflictError("document_not_open", "errors.document_not_open");
  if (!doc.sections.some((s) => s.key === input.sectionKey) && input.sectionKey !== "general") {
    throw new RuleError("comment_section_unknown", "sectionKey", "errors.comment_section_unknown");
  }
  const [row] = await tx
    .insert(documentComments)
    .values({
      documentId: doc.id,
      sectionKey: input.sectionKey,
      authorUserId: actor.userId,
      authorName: actor.displayName,
      text: input.text,
    })
    .returning();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: doc.organizationId,
    entityType: "document_comment",
    entityId: row!.id,
    action: "create",
    after: row,
  });
  return row!;
}

export async function resolveComment(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  commentId: string,
  input: { resolution: CommentResolution; response: string | null; version: number },
) {
  const [row] = await tx
    .update(documentComments)
    .set({ resolution: input.resolution, response: input.response, version: sql`${documentComments.version} + 1` })
    .where(
      and(
        eq(documentComments.id, commentId),
        eq(documentComments.documentId, doc.id),
        eq(documentComments.version, input.version),
      ),
    )
    .returning();
  if (!row) {
    const [exists] = await tx
      .select({ id: documentComments.id })
      .from(documentComments)
      .where(and(eq(documentComments.id, commentId), eq(documentComments.documentId, doc.id)));
    if (!exists) throw new NotFoundError("comment");
    throw new StaleVersionError();
  }
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: doc.organizationId,
    entityType: "document_comment",
    entityId: row.id,
    action: "resolve",
    after: { resolution: row.resolution, response: row.response },
  });
  return row;
}

const RESOLUTION_WORDS: Record<CommentResolution, string> = {
  accepted: "tiếp thu",
  explained: "giải trình",
  rejected: "không tiếp thu",
};

/** The summary report of opinions (BC tổng hợp ý kiến): a BC draft, comments grouped by section with their handling. */
export async function opinionReport(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  doc: DocumentSummary,
): Promise<DocumentSummary> {
  const comments = await listComments(tx, doc.id);
  const unresolved = comments.filter((c) => !c.resolution);
  if (unresolved.length)
    throw new RuleError("comments_unresolved", "comments", "errors.comments_unresolved", { count: unresolved.length });
  const authors = new Set(comments.map((c) => c.authorName));
  const groups = [...doc.sections, { key: "general", heading: "Ý kiến chung", text: "" }]
    .map((s) => ({ s, list: comments.filter((c) => c.sectionKey === s.key) }))
    .filter((g) => g.list.length);
  const opinions = groups
    .map(
      (g) => `${g.s.heading || "Toàn văn"}:\n${g.list.map((c) => `- Đồng chí ${c.authorName}: ${c.text}`).join("\n")}`,
    )
    .join("\n\n");
  const handling = groups
    .flatMap((g) =>
      g.list.map(
        (c) =>
          `| ${g.s.heading || "Toàn văn"} | ${c.text.replace(/\|/g, "/")} | ${RESOLUTION_WORDS[c.resolution!]}${c.response ? `: ${c.response.replace(/\|/g, "/")}` : ""} |`,
      ),
    )
    .join("\n");
  const sections: SectionContent[] = [
    {
      key: "process",
      heading: "I. QUÁ TRÌNH TỔ CHỨC GÓP Ý",
      text: `Chi bộ đã tổ chức cho đảng viên nghiên cứu, góp ý dự thảo ${doc.summary}. Có ${authors.size} đồng chí tham gia với ${comments.length} ý kiến.`,
    },
    { key: "opinions", heading: "II. TỔNG HỢP Ý KIẾN", text: opinions || "Không có ý kiến." },
    {
      key: "handling",
      heading: "III. TIẾP THU, GIẢI TRÌNH",
      text: handling ? `| Phần | Ý kiến | Tiếp thu, giải trình |\n${handling}` : "Không có ý kiến cần tiếp thu.",
    },
  ];
  return createDocument(tx, actor, org, {
    type: "BC",
    templateKey: "BCYK",
    summary: `tổng hợp ý kiến góp ý dự thảo ${doc.summary}`,
    sections,
    origin: "opinions",
    originRef: doc.id,
  });
}
