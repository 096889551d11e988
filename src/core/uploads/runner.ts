import { runInWorker, workerEntry, WorkerFailedError, WorkerTimeoutError } from "../workers.js";
import type { Inspection, InspectOptions } from "./inspect.js";
import type { UploadLimits } from "./limits.js";
import { unzippedTooLarge, UploadRejected } from "./rejection.js";
import type { InspectReply, InspectRequest } from "./upload-worker.js";

/**
 * Runs a file's inspection in a worker thread (core/workers.ts), never on the event loop: the server keeps
 * answering while a file is read. A worker that passes the time limit is terminated, which stops any work however
 * it is stuck, and the file is refused.
 */
const entry = workerEntry(import.meta.url, "upload-worker");
/** Heap for a worker's strings (a document.xml within the unzipped limit, its paragraphs). */
const WORKER_HEAP_MB = 256;

/** Inspects a file in a worker thread; throws UploadRejected when the file is refused or takes too long. */
export async function inspectInWorker(
  bytes: Uint8Array,
  limits: UploadLimits,
  options: InspectOptions = {},
): Promise<Inspection> {
  const request: InspectRequest = { bytes, limits, options };
  let reply: InspectReply;
  try {
    reply = await runInWorker<InspectReply>(entry, request, { timeoutMs: limits.timeoutMs, maxHeapMb: WORKER_HEAP_MB });
  } catch (err) {
    if (err instanceof WorkerTimeoutError) throw new UploadRejected("timeout", { seconds: limits.timeoutMs / 1000 });
    // Out of memory is the file's doing; anything else (the worker could not start) is the server's.
    if (err instanceof WorkerFailedError && err.code === "ERR_WORKER_OUT_OF_MEMORY") throw unzippedTooLarge(limits);
    throw err;
  }
  if (!reply.ok) throw new UploadRejected(reply.code, reply.params);
  return reply.result;
}
