import { Inflate } from "fflate";
import { RATIO_GRACE_BYTES, type UploadLimits } from "./limits.js";
import { fileTooLarge, unzippedTooLarge, UploadRejected } from "./rejection.js";

/**
 * A ZIP reader that cannot be made to inflate more than the limits allow (DOCX and XLSX are ZIP files).
 *
 * It reads the central directory, as Word, Excel and exceljs do, refuses too many entries or declared sizes over
 * the limits at once, then inflates every entry in small slices and stops the moment the bytes actually produced
 * pass the total or an entry's ratio passes the limit. Declared sizes are never trusted: a bomb that lies about
 * its size is caught by the count of what comes out. Only the entries asked for are kept; the others are
 * inflated and dropped, so what the file holds is measured without holding it.
 */

/** Compressed bytes pushed per step: deflate yields at most ~1,032× its input, so one step adds at most ~4 MB. */
const SLICE = 4 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const damaged = (why: string) => new UploadRejected("damaged", { why });

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** The central directory's entries, after checking the count and the declared sizes. */
export function zipEntries(bytes: Uint8Array, limits: UploadLimits): ZipEntry[] {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged("no end of central directory");
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  // ZIP64 markers: no file within the limits needs them.
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw damaged("zip64");
  const oneDisk = u16(bytes, eocd + 4) === 0 && u16(bytes, eocd + 6) === 0 && u16(bytes, eocd + 8) === count;
  if (!oneDisk) throw damaged("multi-disk");
  if (count > limits.maxEntries) throw new UploadRejected("too_many_entries", { count: limits.maxEntries });
  if (offset + size > eocd) throw damaged("central directory out of range");
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || u32(bytes, p) !== CENTRAL) throw damaged("bad central directory entry");
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressedSize = u32(bytes, p + 20);
    const declaredSize = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const next = p + 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (next > eocd) throw damaged("bad central directory entry");
    if (flags & 1) throw damaged("encrypted");
    if (method !== 0 && method !== 8) throw damaged(`compression method ${method}`);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    declaredTotal += declaredSize;
    if (declaredTotal > limits.maxUnzippedBytes) throw unzippedTooLarge(limits);
    checkRatio(declaredSize, compressedSize, limits);
    entries.push({ name, method, compressedSize, declaredSize, localOffset: u32(bytes, p + 42) });
    p = next;
  }
  return entries;
}

function checkRatio(produced: number, compressed: number, limits: UploadLimits) {
  if (produced > RATIO_GRACE_BYTES && produced > Math.max(compressed, 1) * limits.maxRatio) {
    throw new UploadRejected("ratio", { ratio: limits.maxRatio });
  }
}

/** Where an entry's compressed bytes are, from its local header. */
function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const p = e.localOffset;
  if (p + 30 > bytes.length || u32(bytes, p) !== LOCAL) throw damaged("bad local header");
  const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw damaged("entry out of range");
  return bytes.subarray(start, end);
}

/**
 * Inflates every entry within the limits and returns the ones `keep` asks for. Throws UploadRejected as soon as
 * a limit is passed or the file turns out not to be a sound ZIP.
 */
export function boundedUnzip(
  bytes: Uint8Array,
  limits: UploadLimits,
  keep: (name: string) => boolean = () => false,
): Map<string, Uint8Array> {
  if (bytes.length > limits.maxFileBytes) throw fileTooLarge(limits);
  const entries = zipEntries(bytes, limits);
  const kept = new Map<string, Uint8Array>();
  let total = 0;
  for (const e of entries) {
    const data = entryData(bytes, e);
    const chunks: Uint8Array[] | null = keep(e.name) ? [] : null;
    let produced = 0;
    /** Compressed bytes pushed so far: the ratio is of what came out to what went in, so a bomb stops at once. */
    let consumed = data.length;
    const take = (chunk: Uint8Array) => {
      produced += chunk.length;
      total += chunk.length;
      if (total > limits.maxUnzippedBytes) throw unzippedTooLarge(limits);
      checkRatio(produced, consumed, limits);
      chunks?.push(chunk);
    };
    if (e.method === 0) take(data);
    else {
      let ended = false;
      const inflate = new Inflate((chunk, final) => {
        take(chunk);
        if (final) ended = true;
      });
      try {
        for (let i = 0; i < data.length; i += SLICE) {
          consumed = Math.min(i + SLICE, data.length);
          inflate.push(data.subarray(i, consumed), consumed === data.length);
        }
        if (data.length === 0) inflate.push(new Uint8Array(0), true);
      } catch (err) {
        if (err instanceof UploadRejected) throw err;
        throw damaged("invalid deflate data");
      }
      if (!ended) throw damaged("truncated entry");
    }
    if (chunks) kept.set(e.name, concat(chunks, produced));
  }
  return kept;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
