import { megabytes, type UploadLimits } from "./limits.js";

/**
 * Why a file was refused. Plain data, so it crosses from the worker thread to the server unchanged; the server
 * turns it into a problem+json answer (see index.ts).
 */
export type RejectionCode =
  | "file_too_large"
  | "unzipped_too_large"
  | "too_many_entries"
  | "ratio"
  | "damaged"
  | "pdf_damaged"
  | "wrong_kind"
  | "text_too_long"
  | "timeout";

export type RejectionParams = Record<string, string | number>;

export class UploadRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly params: RejectionParams = {},
  ) {
    super(`upload rejected: ${code}`);
  }
}

export const fileTooLarge = (limits: UploadLimits) =>
  new UploadRejected("file_too_large", { mb: megabytes(limits.maxFileBytes) });
export const unzippedTooLarge = (limits: UploadLimits) =>
  new UploadRejected("unzipped_too_large", { mb: megabytes(limits.maxUnzippedBytes) });
