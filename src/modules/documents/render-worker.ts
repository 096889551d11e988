import { serveWorker } from "../../core/workers.js";
import type { DocumentModel } from "./model.js";
import { renderDocx } from "./render-docx.js";
import { renderPdf } from "./render-pdf.js";

/** A worker thread's task: one document model to PDF or DOCX bytes (see render-file.ts). */
export interface RenderJob {
  format: "pdf" | "docx";
  model: DocumentModel;
  /** The PDF's creation date. */
  createdAt: Date;
}

serveWorker<RenderJob, Uint8Array>(async (job) => (job.format === "docx" ? renderDocx(job.model) : renderPdf(job.model, job.createdAt)));
