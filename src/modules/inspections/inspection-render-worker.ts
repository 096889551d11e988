import { serveWorker } from "../../core/workers.js";
import type { DocumentModel } from "../documents/model.js";
import { renderDocx } from "../documents/render-docx.js";
import { renderPdf } from "../documents/render-pdf.js";

/** A worker thread's task (see files.ts): one composed inspection document rendered to PDF or DOCX bytes. */
export interface InspectionRenderJob {
  format: "pdf" | "docx";
  model: DocumentModel;
  createdAt: Date;
}

serveWorker<InspectionRenderJob, Uint8Array>(async (job) =>
  job.format === "docx" ? renderDocx(job.model) : renderPdf(job.model, job.createdAt),
);
