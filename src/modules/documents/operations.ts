import { eq } from "drizzle-orm";
import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { afterCommit, type Database, type Executor, type Tx } from "../../core/db/index.js";
import { updateVersioned, updateVersionedQuietly } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import {
  getOrganization,
  listPositions,
  listTerms,
  type OrganizationRow,
  organizationNames,
  visibleSubtreeIds,
} from "../organizations/store.js";
import type { MinutesData } from "../meetings/minutes.js";
import { composeDocument, issuerLevel, placeholderValues, type ComposeInput, type IssuerInfo } from "./compose.js";
import {
  canMove,
  wasIssued,
  documentSizeProblem,
  downloadName,
  fill,
  issueDateProblem,
  mayIssue,
  sequenceKey,
  starterSections,
  templateFor,
  termOn,
  type CommentResolution,
  type DocumentStatus,
  type LayoutRules,
  type SectionContent,
  type TemplateRules,
  type UploadKind,
} from "./model.js";
import { issuedDocumentFile, renderIssuedFiles } from "./issued-files.js";
import { documentSubject, forgetRenderings, renderCached } from "./render-file.js";
import { documentComments, documents } from "./schema.js";
import {
  type CommentRow,
  type DocumentQuery,
  type DocumentSummary,
  getComment,
  getDocument,
  getDocumentFile,
  latestIssuedOn,
  listComments,
  listDocuments,
  peekNumber,
  reserveNumber,
  type StoredDocument,
  searchTextOf,
} from "./store.js";

/**
 * Domain operations on documents: plain functions taking (tx, actor, …), each writing its audit event
 * in the caller's transaction. Other modules (resolutions, plans, reviews, meetings) call
 * `createDocument` and `issueDocument`.
 */

type DocumentEvents = {
  create: Change<null, DocumentSummary>;
  update: Change<DocumentSummary, DocumentSummary>;
  [status: `status:${string}`]: Change<{ status: DocumentStatus }, { status: DocumentStatus }>;
  supersede: Change<null, { supersededById: string }>;
  issue: Change<
    { status: DocumentStatus },
    {
      status: "issued";
      numberText: string;
      issuedOn: string;
      layoutKey: string;
    }
  >;
};
type CommentEvents = {
  create: Change<null, CommentRow>;
  resolve: Change<null, { resolution: CommentResolution | null; response: string | null }>;
};

const documentAudit = auditTrail<DocumentEvents>("document");
const commentAudit = auditTrail<CommentEvents>("document_comment");

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
): Promise<StoredDocument> {
  const today = todayIso();
  const templates = await templatesFor(tx, org, today);
  const templateKey = input.templateKey ?? input.type;
  const template = templateFor(templates, templateKey, issuerLevel(org.kind, { congress: input.congress ?? null }));
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
  const { docx: _d, pdf: _p, upload: _u, searchText: _s, ...summaryRow } = row!;
  await documentAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: summaryRow.id },
    {
      before: null,
      after: summaryRow,
    },
  );
  return { ...summaryRow, hasMinutes: summaryRow.minutes !== null };
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
  if (wasIssued(doc.status)) throw new ConflictError("document_issued", "errors.document_issued");
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
): Promise<StoredDocument> {
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
  // A draft from the editor carries no file yet, so the returned row is light.
  const row = await updateVersioned(tx, documents, doc.id, input.version, {
    ...next,
    searchText: searchTextOf({ ...doc, ...next }),
  });
  await forgetRenderings(tx, documentSubject(doc.id));
  const { docx: _d, pdf: _p, upload: _u, searchText: _s, ...after } = row;
  await documentAudit(
    tx,
    actor,
    "update",
    { organizationId: doc.organizationId, entityId: doc.id },
    {
      before: doc,
      after,
    },
  );
  return { ...after, hasMinutes: after.minutes !== null };
}

export async function moveDocument(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  to: DocumentStatus,
  version: number,
): Promise<StoredDocument> {
  if (!canMove(doc.status, to) || wasIssued(to)) {
    throw new ConflictError("document_transition", "errors.document_transition", {
      from: `ui.documents.status.${doc.status}`,
      to: `ui.documents.status.${to}`,
    });
  }
  // An uploaded draft holds its file: nothing of the row is read back.
  await updateVersionedQuietly(tx, documents, doc.id, version, { status: to });
  await documentAudit(
    tx,
    actor,
    `status:${to}`,
    { organizationId: doc.organizationId, entityId: doc.id },
    {
      before: { status: doc.status },
      after: { status: to },
    },
  );
  return mustGetDocument(tx, doc.id);
}

/** A document the transaction has just written: reading it back cannot miss. */
async function mustGetDocument(ex: Executor, id: string): Promise<StoredDocument> {
  const doc = await getDocument(ex, id);
  if (!doc) throw new NotFoundError("document");
  return doc;
}

/** The model a draft or an issued document renders from (used by the print view and by issuing). */
export async function documentModel(ex: Executor, org: OrganizationRow, doc: DocumentSummary) {
  const { input, layoutKey, layoutSource } = await documentInput(ex, org, doc);
  return { model: composeDocument(input), input, layoutKey, layoutSource };
}

/** What a document's files are made from, before composing (a download composes it in the render worker). */
export async function documentInput(ex: Executor, org: OrganizationRow, doc: DocumentSummary) {
  const day = doc.issuedOn ?? todayIso();
  // One after another: `ex` may be a transaction, whose one connection runs one query at a time.
  const layoutBook = await rulebookInForce<LayoutRules>(ex, "document-layout", org.path, day);
  const templates = await templatesFor(ex, org, day);
  const info = await issuerInfo(ex, org, day);
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
      draft: !wasIssued(doc.status),
      congress: doc.congress,
      minutes: doc.minutes,
      placeholders: doc.placeholders,
    },
  };
  return { input, layoutKey: layoutBook.key, layoutSource: layoutBook.sources[0]?.ref ?? layoutBook.title };
}

/**
 * What issuing a document on `issuedOn` needs, or the first reason it is refused: the document complete, adopted
 * when its type is adopted by a vote, a type its issuer may issue, a term to number in. Shared by the issue and
 * its preview, so the preview refuses what the issue would.
 */
async function issueGround(ex: Executor, doc: StoredDocument, issuedOn: string) {
  if (!canMove(doc.status, "issued")) throw new ConflictError("document_issued", "errors.document_issued");
  if (doc.origin === "upload") throw new ConflictError("document_upload_readonly", "errors.document_upload_readonly");
  if (!doc.signerName?.trim())
    throw new RuleError("document_signer_required", "signerName", "errors.document_signer_required");
  if (!doc.summary.trim())
    throw new RuleError("document_summary_required", "summary", "errors.document_summary_required");
  if (!doc.minutes && !doc.sections.some((s) => s.text.trim()))
    throw new RuleError("document_body_required", "sections", "errors.document_body_required");
  const org = await getOrganization(ex, doc.organizationId);
  if (!org) throw new NotFoundError("organization");
  const layoutBook = await rulebookInForce<LayoutRules>(ex, "document-layout", org.path, issuedOn);
  const layout = layoutBook.data;
  const level = issuerLevel(org.kind, doc);
  if (!mayIssue(layout, level, doc.type)) {
    throw new RuleError("document_type_not_allowed", "type", "errors.document_type_not_allowed", {
      type: doc.type,
      rule: layout.issuable.rule,
    });
  }
  if (layout.adoption.byVote.includes(doc.type) && doc.status !== "adopted") {
    throw new ConflictError("document_not_adopted", "errors.document_not_adopted", {
      type: layout.typeNames[doc.type] ?? doc.type,
      rule: layout.adoption.rule,
    });
  }
  const term = termOn(await listTerms(ex, org.id), issuedOn);
  if (!term && !doc.congress) throw new RuleError("document_no_term", "issuedOn", "errors.document_no_term");
  const seq = sequenceKey({ termId: term?.id ?? null, congress: doc.congress, type: doc.type });
  return { org, layoutBook, term, seq, level };
}

/** An issue date refused by the sequence's order or by today, as the error the issue throws. */
function assertIssueDate(issuedOn: string, today: string, latest: string | null) {
  const problem = issueDateProblem(issuedOn, today, latest);
  if (!problem) return;
  const shown = Object.fromEntries(Object.entries(problem.params).map(([k, v]) => [k, formatDate(v)]));
  throw new RuleError(problem.code, "issuedOn", problem.key, shown);
}

/**
 * What "Ban hành" will do, said before it is done: the number the document will get on that date, drawn from
 * the sequence without consuming it, and the checks the issue makes (refused the same way). Another issue of the
 * same sequence in between takes the number first; the issue itself draws under the counter's lock.
 */
export async function issuePreview(ex: Executor, doc: StoredDocument, issuedOn: string, today = todayIso()) {
  const { org, seq, layoutBook } = await issueGround(ex, doc, issuedOn);
  assertIssueDate(issuedOn, today, await latestIssuedOn(ex, org.id, seq.scope, seq.type));
  const number = await peekNumber(ex, org.id, seq.scope, seq.type);
  const { model } = await documentModel(ex, org, { ...doc, number, issuedOn, status: "issued" });
  return {
    numberText: model.numberLine,
    issuedOn,
    placeDate: model.placeDate,
    typeName: model.typeName,
    summary: model.summary,
    replacesNumber: doc.replacesId ? ((await getDocument(ex, doc.replacesId))?.numberText ?? null) : null,
    layoutKey: layoutBook.key,
  };
}

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
): Promise<StoredDocument> {
  const doc = await getDocument(tx, documentId, { forUpdate: true });
  if (!doc) throw new NotFoundError("document");
  if (doc.version !== input.version) throw new StaleVersionError();
  const { org, term, seq } = await issueGround(tx, doc, input.issuedOn);
  const number = await reserveNumber(tx, org.id, seq.scope, seq.type);
  // Read under the counter's row lock, so two issues of one sequence cannot both pass with crossed dates.
  assertIssueDate(input.issuedOn, today, await latestIssuedOn(tx, org.id, seq.scope, seq.type));
  const numbered = { ...doc, number, issuedOn: input.issuedOn, status: "issued" as const };
  const { model, layoutKey } = await documentModel(tx, org, numbered);
  const numberText = model.numberLine;
  // The number and the content are fixed here; the files are rendered from this row once it has committed (ADR 0177).
  await updateVersionedQuietly(tx, documents, doc.id, input.version, {
    status: "issued",
    number,
    numberText,
    issuedOn: input.issuedOn,
    issuedBy: actor.userId,
    termId: term?.id ?? null,
    sequenceScope: seq.scope,
    sequenceType: seq.type,
    layoutKey,
    searchText: searchTextOf({ ...doc, numberText }),
  });
  afterCommit(tx, (database) => {
    // A rendering that fails is done again by the periodic job, or by the first download.
    renderIssuedFiles(database, doc.id).catch(() => {});
  });
  await forgetRenderings(tx, documentSubject(doc.id));
  if (doc.replacesId) {
    await supersede(tx, actor, org.id, doc.replacesId, doc.id);
  }
  const after = await mustGetDocument(tx, doc.id);
  await documentAudit(
    tx,
    actor,
    "issue",
    { organizationId: org.id, entityId: doc.id },
    {
      before: { status: doc.status },
      after: {
        status: "issued",
        numberText,
        issuedOn: input.issuedOn,
        layoutKey,
      },
    },
  );
  return after;
}

/** The document a correction replaces becomes superseded (the server's own change: no version to compare). */
async function supersede(tx: Tx, actor: Actor, organizationId: string, replacedId: string, byId: string) {
  // The replaced document holds its issued files: nothing of the row is read back.
  await updateVersionedQuietly(tx, documents, replacedId, null, { status: "superseded", supersededById: byId });
  await documentAudit(
    tx,
    actor,
    "supersede",
    { organizationId, entityId: replacedId },
    {
      before: null,
      after: { supersededById: byId },
    },
  );
}

/**
 * Create and issue in one go: what another module calls when it presses "Ban hành" on its own record. That module
 * answers for the adoption (a resolution is issued only once its meeting adopted it), so the document is created
 * adopted unless the caller says otherwise.
 */
export async function issueNewDocument(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: CreateDocumentInput,
  issuedOn: string,
): Promise<DocumentSummary> {
  const draft = await createDocument(tx, actor, org, { status: "adopted", ...input });
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
): Promise<StoredDocument> {
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
  return mustGetDocument(tx, doc.id);
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
  await commentAudit(
    tx,
    actor,
    "create",
    { organizationId: doc.organizationId, entityId: row!.id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}

export async function resolveComment(
  tx: Tx,
  actor: Actor,
  doc: DocumentSummary,
  commentId: string,
  input: { resolution: CommentResolution; response: string | null; version: number },
) {
  const comment = await getComment(tx, doc.id, commentId, { forUpdate: true });
  if (!comment) throw new NotFoundError("comment");
  const row = await updateVersioned(tx, documentComments, comment.id, input.version, {
    resolution: input.resolution,
    response: input.response,
  });
  await commentAudit(
    tx,
    actor,
    "resolve",
    { organizationId: doc.organizationId, entityId: row.id },
    {
      before: null,
      after: { resolution: row.resolution, response: row.response },
    },
  );
  return row;
}

const RESOLUTION_WORDS: Record<CommentResolution, string> = {
  accepted: "tiếp thu",
  explained: "giải trình",
  rejected: "không tiếp thu",
};

/** The summary report of opinions (BC tổng hợp ý kiến): a BC draft, comments grouped by section with their handling. */
export async function opinionReport(tx: Tx, actor: Actor, doc: DocumentSummary): Promise<StoredDocument> {
  const org = await getOrganization(tx, doc.organizationId);
  if (!org) throw new NotFoundError("organization");
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

// ---------------------------------------------------------------------------
// What the register's pages read

/** What the actor may do with an organisation's documents, for the pages to show or hide their buttons. */
export function documentPermissions(actor: Actor, org: OrgRef) {
  return {
    view: can(actor, "document.view", org),
    comment: can(actor, "document.comment", org),
    manage: can(actor, "document.manage", org),
  };
}

/**
 * The register of an organisation (or, with `subtree`, of a đảng bộ and the cells the reader may open, ADR 0003),
 * with the types it may issue and the layout rulebook in force. Rows carry no body (store.ts).
 */
export async function documentRegister(
  ex: Executor,
  actor: Actor,
  org: OrganizationRow,
  query: DocumentQuery & { subtree: boolean; organizationId?: string },
) {
  const { subtree, organizationId, ...filters } = query;
  const visible = await visibleSubtreeIds(ex, actor, "document.view", org);
  const scope = subtree ? visible : [org.id];
  const ids = organizationId ? scope.filter((id) => id === organizationId) : scope;
  const rows = await listDocuments(ex, ids, filters);
  const organizations = subtree ? await organizationNames(ex, visible) : [];
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  const today = todayIso();
  const layout = await rulebookInForce<LayoutRules>(ex, "document-layout", org.path, today);
  const templates = await templatesFor(ex, org, today);
  return {
    items: rows.map((d) => ({ ...d, ...(subtree ? { organizationName: names.get(d.organizationId) ?? null } : {}) })),
    subtreeAvailable: visible.length > 1,
    ...(subtree ? { organizations } : {}),
    types: (layout.data.issuable.byKind[org.kind] ?? []).map((t) => ({
      type: t,
      name: layout.data.typeNames[t] ?? t,
      template: t in templates.templates,
    })),
    layout: { key: layout.key, title: layout.title, unconfirmed: layout.data.unconfirmed },
    permissions: documentPermissions(actor, org),
  };
}

/** A document's page: the document, its issuer's name, the comments and the composed model the print view lays out. */
export async function documentPage(ex: Executor, actor: Actor, doc: StoredDocument) {
  const org = await getOrganization(ex, doc.organizationId);
  if (!org) throw new NotFoundError("organization");
  const comments = await listComments(ex, doc.id);
  const { model, layoutKey, layoutSource } = await documentModel(ex, org, doc);
  return {
    ...doc,
    organizationName: org.name,
    comments,
    model,
    layout: { key: layoutKey, source: layoutSource },
    permissions: documentPermissions(actor, org),
  };
}

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

/**
 * A document's file: an upload's original bytes; an issued document's stored, hashed file; a draft rendered now
 * (marked "DỰ THẢO", without a number), once per version.
 */
export async function documentFile(
  database: Database,
  doc: DocumentSummary,
  format: "docx" | "pdf" | "original",
): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
  const ex = database.db;
  if (format === "original") {
    const kind = doc.uploadKind as UploadKind | null;
    const bytes = kind ? await getDocumentFile(ex, doc.id, "upload") : null;
    if (!kind || !bytes) throw new NotFoundError("document");
    const fileName = doc.uploadName ?? downloadName({ numberText: null, type: doc.type, summary: doc.summary }, kind);
    return { bytes, fileName, contentType: MIME[kind] };
  }
  if (doc.origin === "upload") throw new NotFoundError("document");
  let bytes: Buffer;
  if (wasIssued(doc.status)) bytes = await issuedDocumentFile(database, doc.id, format);
  else {
    const org = await getOrganization(ex, doc.organizationId);
    if (!org) throw new NotFoundError("organization");
    const { input } = await documentInput(ex, org, doc);
    bytes = await renderCached(ex, documentSubject(doc.id), format, input);
  }
  const fileName = downloadName({ numberText: doc.numberText, type: doc.type, summary: doc.summary }, format);
  return { bytes, fileName, contentType: MIME[format] };
}
