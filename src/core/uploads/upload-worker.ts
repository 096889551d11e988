import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { serveWorker } from "../workers.js";
import { inspectUpload, type Inspection, type InspectOptions } from "./inspect.js";
import type { UploadLimits } from "./limits.js";
import { UploadRejected, type RejectionCode, type RejectionParams } from "./rejection.js";

/** The worker thread's side of runner.ts: one inspection per task, the answer or the refusal sent back. */
export interface InspectRequest {
  bytes: Uint8Array;
  limits: UploadLimits;
  options: InspectOptions;
}

export type InspectReply =
  | { ok: true; result: Inspection }
  | { ok: false; code: RejectionCode; params: RejectionParams };

// Reading a file yields the processor to serving requests: on Linux this thread's own nice value is raised (its
// thread id from /proc/thread-self), so when cores are scarce the event loop is scheduled first. Elsewhere, as is.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 10);
} catch {
  // not Linux, or not permitted
}

serveWorker<InspectRequest, InspectReply>((request) => {
  try {
    return { ok: true, result: inspectUpload(request.bytes, request.limits, request.options) };
  } catch (err) {
    // Anything else thrown while reading a file (a library's own error) means the file could not be read.
    const why = err instanceof Error ? err.message : String(err);
    const rejected = err instanceof UploadRejected ? err : new UploadRejected("damaged", { why });
    return { ok: false, code: rejected.code, params: rejected.params };
  }
});
