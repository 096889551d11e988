import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/http/errors.js";
import {
  runInWorker,
  workerEntry,
  WorkerFailedError,
  type WorkerLimits,
  WorkerTimeoutError,
} from "../../core/workers.js";
import type { ComposeInput } from "./compose.js";
import type { RenderJob } from "./render-worker.js";
import { renderedFiles } from "./schema.js";

/**
 * Documents become files in a worker thread, never on the event loop, and a draft's file is rendered once
 * and re-used until what it is made from changes (ADR 0095).
 */

export type FileFormat = "pdf" | "docx";

const ENTRY = workerEntry(import.meta.url, "render-worker");
/**
 * A document rendered to a file, here and by the modules that render their own (evaluations, inspections). The
 * largest allowed document (DOCUMENT_LIMITS) renders in about 3–7 s and 0.5 GB on a two-core machine; the limits leave
 * room for a slower PC and stop a runaway render long before it hurts the server. The young generation held at 6 MB
 * keeps about 35 MiB off the server while a render thread lives, for a 10-page plan's PDF about a fifth slower
 * (ADR 0194): files are rendered after the commit, not while someone waits on a save.
 */
export const RENDER_LIMITS: WorkerLimits = { timeoutMs: 120_000, maxHeapMb: 1024, youngGenerationMb: 6 };
/** Raise when a renderer's output changes, so cached drafts are made again. */
const RENDER_REVISION = "1";

/** A rendering that ran out of time or memory: the server is busy, not the user wrong. */
export class RenderUnavailableError extends AppError {
  constructor() {
    super(503, "document_render_failed", "errors.document_render_failed");
  }
}

/** The file, rendered in a worker thread with a time and memory limit. */
export function renderInWorker(format: FileFormat, input: ComposeInput, createdAt: Date): Promise<Buffer> {
  return renderInThread(ENTRY, { format, input, createdAt } satisfies RenderJob);
}

/**
 * A file rendered by a render worker (`entry`, beside its module) within RENDER_LIMITS. A render that ran out of time
 * or memory is the server being busy, not the user wrong: RenderUnavailableError.
 */
export async function renderInThread(entry: URL, job: unknown): Promise<Buffer> {
  try {
    const bytes = await runInWorker<Uint8Array>(entry, job, RENDER_LIMITS);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    const outOfMemory = error instanceof WorkerFailedError && error.code === "ERR_WORKER_OUT_OF_MEMORY";
    if (error instanceof WorkerTimeoutError || outOfMemory) throw new RenderUnavailableError();
    throw error;
  }
}

/**
 * The key of a rendering: the input holds everything the file is made from (the document's content, the
 * rulebooks in force, the issuer, the date line, the draft mark), so any change to any of them makes a new
 * key. The PDF's creation date is left out: a cached draft keeps the date it was first made.
 */
export function renderKey(format: FileFormat, input: ComposeInput): string {
  return createHash("sha256")
    .update(JSON.stringify([RENDER_REVISION, format, input]))
    .digest("hex");
}

/** A stored rendering is written and read in parts of this size (see rendered_files). */
export const RENDER_PART_BYTES = 256 * 1024;

const where = (subject: string, format: FileFormat, key: string, part: number) =>
  sql`subject = ${subject} AND format = ${format} AND key = ${key} AND part = ${part}`;

/** The stored rendering under this key, or null. Bytes travel as base64 text, decoded natively by the database. */
async function storedRendering(ex: Executor, subject: string, format: FileFormat, key: string): Promise<Buffer | null> {
  const [head] = await queryRows<{ parts: number }>(
    ex,
    sql`SELECT parts FROM ${renderedFiles} WHERE ${where(subject, format, key, 0)}`,
  );
  if (!head) return null;
  const parts: Buffer[] = [];
  for (let i = 0; i < Number(head.parts); i++) {
    const [row] = await queryRows<{ b: string }>(
      ex,
      sql`SELECT encode(bytes, 'base64') AS b FROM ${renderedFiles} WHERE ${where(subject, format, key, i)}`,
    );
    // Replaced meanwhile by a newer rendering: render again rather than mix two files.
    if (!row) return null;
    parts.push(Buffer.from(row.b, "base64"));
  }
  return Buffer.concat(parts);
}

async function storeRendering(ex: Executor, subject: string, format: FileFormat, key: string, bytes: Buffer) {
  const parts = Math.max(1, Math.ceil(bytes.length / RENDER_PART_BYTES));
  await ex.transaction(async (tx) => {
    await tx.delete(renderedFiles).where(and(eq(renderedFiles.subject, subject), eq(renderedFiles.format, format)));
    for (let i = 0; i < parts; i++) {
      const b64 = bytes.subarray(i * RENDER_PART_BYTES, (i + 1) * RENDER_PART_BYTES).toString("base64");
      await tx.execute(
        sql`INSERT INTO ${renderedFiles} (subject, format, part, parts, key, bytes)
            VALUES (${subject}, ${format}, ${i}, ${parts}, ${key}, decode(${b64}, 'base64'))`,
      );
    }
  });
}

const inFlight = new Map<string, Promise<Buffer>>();

/**
 * A draft's file: the stored rendering when its key matches, else rendered now in a worker and stored for
 * the next download. Concurrent requests for the same rendering share one worker.
 */
export async function renderCached(ex: Executor, subject: string, format: FileFormat, input: ComposeInput) {
  const key = renderKey(format, input);
  const stored = await storedRendering(ex, subject, format, key);
  if (stored) return stored;
  const flight = `${subject}|${format}|${key}`;
  let pending = inFlight.get(flight);
  if (!pending) {
    pending = (async () => {
      const bytes = await renderInWorker(format, input, new Date());
      await storeRendering(ex, subject, format, key, bytes);
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
