import { workerEntry } from "../../../core/workers.js";
import type { DocumentModel } from "../../documents/model.js";
import { renderInThread } from "../../documents/render-file.js";
import type { EvaluationRenderJob } from "./evaluation-render-worker.js";
import type { Books, MemberResult, SummaryDoc } from "./types.js";

/**
 * Evaluation documents become files in a worker thread, never on the event loop, within the documents
 * module's limits (ADR 0095, 0194). The built server needs the entry listed in scripts/build.mjs.
 */

const ENTRY = workerEntry(import.meta.url, "evaluation-render-worker");

const run = (job: EvaluationRenderJob) => renderInThread(ENTRY, job);

/** A composed evaluation document as PDF or DOCX; `createdAt` fixes the PDF's creation date. */
export function renderEvaluationFile(format: "pdf" | "docx", model: DocumentModel, createdAt: Date): Promise<Buffer> {
  return run({ format, model, createdAt });
}

/** The XLSX summary for the level above (xlsx.ts), written in a worker thread. */
export function renderSummaryWorkbook(books: Books, summary: SummaryDoc, members: MemberResult[]): Promise<Buffer> {
  return run({ format: "xlsx", books, summary, members });
}
