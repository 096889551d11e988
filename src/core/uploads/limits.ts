/**
 * The limits every uploaded file is held to, declared once. Each can be changed by an environment variable;
 * the defaults fit the files a party organisation exchanges (a draft of the level above, a roster, a progress
 * sheet, a photo or scan as evidence) with room to spare, and keep a hostile file from costing the server more
 * than a fraction of a second or a few tens of megabytes.
 */
export interface UploadLimits {
  /** Bytes as sent (the compressed size of a DOCX/XLSX). CHIBO_UPLOAD_MAX_MB, default 20. */
  maxFileBytes: number;
  /** Bytes all entries of a ZIP (DOCX, XLSX) may inflate to, together. CHIBO_UPLOAD_MAX_UNZIPPED_MB, default 50. */
  maxUnzippedBytes: number;
  /** Entries in a ZIP container. CHIBO_UPLOAD_MAX_ENTRIES, default 2,000. */
  maxEntries: number;
  /** Inflated ÷ compressed size of any one entry, past RATIO_GRACE_BYTES. CHIBO_UPLOAD_MAX_RATIO, default 100. */
  maxRatio: number;
  /** Characters of text kept from a document (a draft's sections). CHIBO_UPLOAD_MAX_TEXT_CHARS, default 1,000,000. */
  maxTextChars: number;
  /** Wall-clock time a file's inspection may take in its worker thread. CHIBO_UPLOAD_TIMEOUT_MS, default 10,000. */
  timeoutMs: number;
}

/** Small entries may compress very well (an empty sheet of styles); the ratio counts only past this size. */
export const RATIO_GRACE_BYTES = 1024 * 1024;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUnzippedBytes: 50 * 1024 * 1024,
  maxEntries: 2_000,
  maxRatio: 100,
  maxTextChars: 1_000_000,
  timeoutMs: 10_000,
};

function positive(value: string | undefined, fallback: number, scale = 1): number {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? Math.round(n * scale) : fallback;
}

export function readUploadLimits(env: NodeJS.ProcessEnv = process.env): UploadLimits {
  const d = DEFAULT_UPLOAD_LIMITS;
  return {
    maxFileBytes: positive(env.CHIBO_UPLOAD_MAX_MB, d.maxFileBytes, 1024 * 1024),
    maxUnzippedBytes: positive(env.CHIBO_UPLOAD_MAX_UNZIPPED_MB, d.maxUnzippedBytes, 1024 * 1024),
    maxEntries: positive(env.CHIBO_UPLOAD_MAX_ENTRIES, d.maxEntries),
    maxRatio: positive(env.CHIBO_UPLOAD_MAX_RATIO, d.maxRatio),
    maxTextChars: positive(env.CHIBO_UPLOAD_MAX_TEXT_CHARS, d.maxTextChars),
    timeoutMs: positive(env.CHIBO_UPLOAD_TIMEOUT_MS, d.timeoutMs),
  };
}

/** The limits in force for this process. */
export const UPLOAD_LIMITS: UploadLimits = readUploadLimits();

export const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
