import { AppError } from "../http/errors.js";
import type { FileKind, Inspection, InspectOptions } from "./inspect.js";
import { UPLOAD_LIMITS, type UploadLimits } from "./limits.js";
import { fileTooLarge, UploadRejected } from "./rejection.js";
import { inspectInWorker } from "./runner.js";

/**
 * The one way into the server for an uploaded file (drafts, rosters, progress sheets, evidence): its size is
 * checked, then its content is inspected in a worker thread with a time limit (inspect.ts, runner.ts) — ZIP
 * containers inflated within the limits, PDFs checked for their structure, a DOCX's text read in linear time.
 * Callers do this before opening a database transaction and store only what passed.
 */
export { DEFAULT_UPLOAD_LIMITS, UPLOAD_LIMITS, readUploadLimits, type UploadLimits } from "./limits.js";
export { sniff, type FileKind, type Inspection } from "./inspect.js";
export { UploadRejected, type RejectionCode } from "./rejection.js";

/** A refused file as a problem+json answer: 413 when it is too large to take, 422 when its content is wrong. */
export class UploadRejectedError extends AppError {
  constructor(readonly rejection: UploadRejected) {
    const key = `errors.upload_${rejection.code}`;
    const params = Object.fromEntries(Object.entries(rejection.params).filter(([k]) => k !== "why"));
    const status = rejection.code === "file_too_large" ? 413 : 422;
    super(status, `upload_${rejection.code}`, key, params, { file: { key, params } });
  }
}

export interface CheckOptions extends InspectOptions {
  /** The kinds the caller takes; any other is refused as "wrong_kind" with `expected` in the message. */
  accept?: { kinds: FileKind[]; expected: string };
  limits?: UploadLimits;
}

/** The size as sent, checked before anything else: for a file that is not opened further (a CSV, a photo). */
export function checkFileSize(bytes: Uint8Array, limits: UploadLimits = UPLOAD_LIMITS): void {
  if (bytes.length > limits.maxFileBytes) throw new UploadRejectedError(fileTooLarge(limits));
}

export async function inspectFile(bytes: Uint8Array, options: CheckOptions = {}): Promise<Inspection> {
  const limits = options.limits ?? UPLOAD_LIMITS;
  checkFileSize(bytes, limits);
  try {
    const result = await inspectInWorker(bytes, limits, { docxText: options.docxText });
    const { accept } = options;
    if (accept && !accept.kinds.includes(result.kind)) {
      throw new UploadRejected("wrong_kind", { expected: accept.expected });
    }
    return result;
  } catch (err) {
    throw err instanceof UploadRejected ? new UploadRejectedError(err) : err;
  }
}

/** The request body limit of an upload route: the file limit plus room for nothing else. */
export const uploadBodyLimit = (limits: UploadLimits = UPLOAD_LIMITS) => limits.maxFileBytes + 1024;
