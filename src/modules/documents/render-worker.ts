import { serveWorker } from "../../core/workers.js";
import { composeDocument, type ComposeInput } from "./compose.js";
import { renderDocx } from "./render-docx.js";
import { renderPdf } from "./render-pdf.js";

/** A worker thread's task: one document composed and rendered to PDF or DOCX bytes (see render-file.ts). */
export interface RenderJob {
  format: "pdf" | "docx";
  /** Composed here too: for the largest document that is tens of milliseconds kept off the event loop. */
  input: ComposeInput;
  /** The PDF's creation date. */
  createdAt: Date;
}

serveWorker<RenderJob, Uint8Array>(async (job) => {
  const model = composeDocument(job.input);
  return job.format === "docx" ? renderDocx(model) : renderPdf(model, job.createdAt);
});
