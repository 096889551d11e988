import { serveWorker } from "../../../core/workers.js";
import type { DocumentModel } from "../../documents/model.js";
import { renderDocx } from "../../documents/render-docx.js";
import { renderPdf } from "../../documents/render-pdf.js";
import type { Books, MemberResult, SummaryDoc } from "./types.js";
import { writeSummaryWorkbook } from "./xlsx.js";

/**
 * A worker thread's task (see render.ts): an evaluation document's model rendered to PDF or DOCX, or the
 * XLSX summary written. The model is composed by the caller: it is plain data and cheap to make; the
 * rendering and the workbook of a whole đảng bộ are what must stay off the event loop.
 */
export type EvaluationRenderJob =
  | { format: "pdf" | "docx"; model: DocumentModel; createdAt: Date }
  | { format: "xlsx"; books: Books; summary: SummaryDoc; members: MemberResult[] };

serveWorker<EvaluationRenderJob, Uint8Array>(async (job) => {
  if (job.format === "xlsx") return writeSummaryWorkbook(job.books, job.summary, job.members);
  return job.format === "docx" ? renderDocx(job.model) : renderPdf(job.model, job.createdAt);
});
