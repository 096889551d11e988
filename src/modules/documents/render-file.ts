import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/http/errors.js";
import { runInWorker, workerEntry, WorkerFailedError, WorkerTimeoutError } from "../../core/workers.js";
import type { DocumentModel } from "./model.js";
import type { RenderJob } from "./render-worker.js";
import { renderedFiles } from "./schema.js";

/**
 * Documents become files in a worker thread, never on the event loop, and a draft's file is rendered once
 * and re-used until what it is made from changes (ADR 0095).
 */

export type FileFormat = "pdf" | "docx";

const ENTRY = workerEntry(import.meta.url, "render-worker");
/**
 * The largest allowed document (DOCUMENT_LIMITS) renders in about 3–7 s and 0.5 GB on a two-core machine;
 * the limits leave room for a slower PC and stop a runaway render long before it hurts the server.
 */
const LIMITS = { timeoutMs: 60_000, maxHeapMb: 1024 };
/** Raise when a renderer's output changes, so cached drafts are made again. */
const RENDER_REVISION = "1";

/** A rendering that ran out of time or memory: the server is busy, not the user wrong. */
export class RenderUnavailableError extends AppError {
  constructor() {
    super(503, "document_render_failed", "errors.document_render_failed");
  }
}

/** The file, rendered in a worker thread with a time and memory limit. */
export async function renderInWorker(format: FileFormat, model: DocumentModel, createdAt: Date): Promise<Buffer> {
  try {
    const bytes = await runInWorker<Uint8Array>(ENTRY, { format, model, createdAt } satisfies RenderJob, LIMITS);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (error instanceof WorkerTimeoutError || (error instanceof WorkerFailedError && error.code === "ERR_WORKER_OUT_OF_MEMORY")) {
      throw new RenderUnavailableError();
    }
    throw error;
  }
}

/**
 * The key of a rendering: the model holds everything the file shows (document version, rulebooks in force,
 * issuer, date line, draft mark), so any change to any of them makes a new key. The PDF's creation date is
 * left out: a cached draft keeps the date it was first made.
 */
export function renderKey(format: FileFormat, model: DocumentModel): string {
  return createHash("sha256").update(JSON.stringify([RENDER_REVISION, format, model])).digest("hex");
}

const inFlight = new Map<string, Promise<Buffer>>();

/**
 * A draft's file: the stored rendering when its key matches, else rendered now in a worker and stored for
 * the next download. Concurrent requests for the same rendering share one worker.
 */
export async function renderCached(ex: Executor, subject: string, format: FileFormat, model: DocumentModel): Promise<Buffer> {
  const key = renderKey(format, model);
  const [hit] = await ex
    .select({ bytes: renderedFiles.bytes })
    .from(renderedFiles)
    .where(and(eq(renderedFiles.subject, subject), eq(renderedFiles.format, format), eq(renderedFiles.key, key)));
  if (hit) return hit.bytes;
  const flight = `${subject}|${format}|${key}`;
  let pending = inFlight.get(flight);
  if (!pending) {
    pending = (async () => {
      const bytes = await renderInWorker(format, model, new Date());
      await ex
        .insert(renderedFiles)
        .values({ subject, format, key, bytes })
        .onConflictDoUpdate({ target: [renderedFiles.subject, renderedFiles.format], set: { key, bytes, renderedAt: new Date() } });
      return bytes;
    })().finally(() => inFlight.delete(flight));
    inFlight.set(flight, pending);
  }
  return pending;
}

/** Drops a subject's stored renderings (the document changed, or is issued and keeps its own files). */
export async function forgetRenderings(ex: Executor, subject: string): Promise<void> {
  await ex.delete(renderedFiles).where(eq(renderedFiles.subject, subject));
}

export const documentSubject = (id: string) => `document:${id}`;
export const minutesSubject = (meetingId: string) => `minutes:${meetingId}`;
