import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { changeWithEvent } from "../../core/audit/index.js";
import type { Database } from "../../core/db/index.js";
import { registerPeriodicJob } from "../../core/outbox/index.js";
import { hanoiAt } from "../../core/time.js";
import { getOrganization } from "../organizations/store.js";
import { DOCUMENT_STATUSES, wasIssued } from "./model.js";
import { documentInput } from "./operations.js";
import { type FileFormat, renderInWorker } from "./render-file.js";
import { documents } from "./schema.js";
import { fileValue, getDocument, getDocumentFile } from "./store.js";

/**
 * An issued document's files are rendered after the issue has committed (ADR 0177): issuing draws the number and
 * freezes the content in its transaction, and the DOCX and PDF are made from that row in worker threads, then stored
 * with their hashes and their audit event in one statement. Rendering takes a quarter of a second or more; inside the
 * issue's transaction it held the embedded store's one connection, and every other request waited.
 *
 * Three ways reach the same function, which renders a document at most once at a time in a process and stores its
 * files only while none are stored (two servers may both render; the first to store wins, with one audit entry):
 * - the commit starts it at once (`afterCommit`);
 * - a download that comes first renders and stores, so the files are never missing for a user;
 * - the periodic job catches what a stopped server left.
 */

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

type Files = Record<FileFormat, Buffer>;
const inFlight = new Map<string, Promise<Files | null>>();

/** Renders and stores an issued document's files unless stored already; null when it has none to make. */
export function renderIssuedFiles(database: Database, documentId: string): Promise<Files | null> {
  let pending = inFlight.get(documentId);
  if (!pending) {
    pending = render(database, documentId).finally(() => inFlight.delete(documentId));
    inFlight.set(documentId, pending);
  }
  return pending;
}

async function render(database: Database, documentId: string): Promise<Files | null> {
  const ex = database.db;
  const doc = await getDocument(ex, documentId);
  if (!doc || !wasIssued(doc.status) || doc.origin === "upload" || doc.pdfSha256) return null;
  const org = await getOrganization(ex, doc.organizationId);
  if (!org) return null;
  // The row holds everything the files are made from: the number, the issue day and the frozen content.
  const { input } = await documentInput(ex, org, doc);
  const [docx, pdf] = await Promise.all([
    renderInWorker("docx", input, new Date()),
    renderInWorker("pdf", input, hanoiAt(doc.issuedOn!, "08:00")),
  ]);
  const files = { docxSha256: sha256(docx), pdfSha256: sha256(pdf) };
  // The files and their audit event in one statement, not a transaction: the store is held only while it runs.
  const stored = await changeWithEvent(
    ex,
    ex
      .update(documents)
      .set({ docx: fileValue(docx), pdf: fileValue(pdf), ...files })
      .where(and(eq(documents.id, doc.id), isNull(documents.pdfSha256)))
      .returning({ id: documents.id })
      .getSQL(),
    {
      actorUserId: null,
      organizationId: doc.organizationId,
      entityType: "document",
      action: "files",
      before: null,
      after: files,
    },
  );
  if (stored.length === 0) {
    // Another server stored them first: answer with what is stored, so every download gives the same bytes.
    const [d, p] = [await getDocumentFile(ex, doc.id, "docx"), await getDocumentFile(ex, doc.id, "pdf")];
    return d && p ? { docx: d, pdf: p } : null;
  }
  return { docx, pdf };
}

/** An issued document's stored file, rendered and stored first when the rendering has not finished yet. */
export async function issuedDocumentFile(database: Database, documentId: string, format: FileFormat): Promise<Buffer> {
  const stored = await getDocumentFile(database.db, documentId, format);
  if (stored) return stored;
  const made = await renderIssuedFiles(database, documentId);
  if (!made) throw new Error(`Issued document ${documentId} has no ${format} file`);
  return made[format];
}

/** Every issued document still without its files (a server stopped mid-render), a few at a time. */
export async function renderPendingIssuedFiles(database: Database, limit = 20): Promise<number> {
  const rows = await database.db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        isNull(documents.pdfSha256),
        inArray(documents.status, DOCUMENT_STATUSES.filter(wasIssued)),
        ne(documents.origin, "upload"),
        isNull(documents.deletedAt),
      ),
    )
    .orderBy(documents.issuedOn)
    .limit(limit);
  for (const r of rows) await renderIssuedFiles(database, r.id);
  return rows.length;
}

/** Waits for the renderings this process has started (a server closing, a test reading the hashes). */
export async function settleIssuedFiles(): Promise<void> {
  await Promise.allSettled([...inFlight.values()]);
}

export function registerIssuedFiles(): void {
  registerPeriodicJob("documents.issued-files", async (database) => {
    await renderPendingIssuedFiles(database);
  });
}
