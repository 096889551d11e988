/**
 * Reading a roster file: bytes → field-mapped rows plus file-level problems, with no database access.
 * A file is read as a stream of rows (CSV record by record, XLSX through exceljs's streaming reader) and reading
 * stops after `maxRows` data rows. The reader gives the event loop a turn every few milliseconds, so a large file
 * does not hold up the server's other requests (ADR 0096).
 */
import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { checkFileSize, inspectFile, UploadRejectedError } from "../../core/uploads/index.js";
import {
  DATE_FIELDS,
  MAX_YEAR,
  catalogueProblem,
  cleanText,
  column,
  columnLetter,
  dmyFromUtcDate,
  headerRole,
  problem,
  quote,
  unreadableSheet,
  type CsvEncoding,
  type RosterField,
  type RosterFormat,
  type RosterRow,
  type RosterSheet,
  type RowProblem,
} from "./roster-columns.js";

// exceljs is large and only needed when a roster file is read or written: load it then, not at server start.
export const loadExcel = async () => (await import("exceljs")).default;

/**
 * Data rows one roster file may hold: through the web, a đảng bộ's roster in one go (the largest have a few
 * thousand members); through `chibo import-members`, ten times that and the 100,000-row benchmark. ADR 0096.
 */
export const ROSTER_MAX_ROWS = 20_000;
export const ROSTER_MAX_ROWS_CLI = 200_000;

export interface ReadOptions {
  /** Data rows kept at most; one more makes the file a "too_many_rows" error with no rows. */
  maxRows: number;
  /** Called between rows; resolves when the caller is ready for more (see `cooperative`). */
  pause?: () => Promise<void>;
}

/**
 * A pause that gives the event loop a turn once `sliceMs` of work has gone by since the last turn. Awaited
 * between rows, it keeps any one stretch of parsing well under the 100 ms other requests may wait.
 */
export function cooperative(sliceMs = 15): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

const VIETNAMESE_MARKERS = new Set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323");

function vietnameseScore(text: string): number {
  let n = 0;
  for (const ch of text) if (VIETNAMESE_MARKERS.has(ch)) n++;
  return n;
}

const CHUNK_BYTES = 256 * 1024;

// Characters NFC may join to the one before them: combining marks and Hangul jamo. Before any other
// character, text can be cut and each piece normalised alone with the same result as the whole.
const JOINS_BACK = /[\p{M}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uDC00-\uDFFF]/u;

/** Where to cut decoded text so both pieces normalise on their own: before the last character that joins nothing. */
function safeCut(text: string): number {
  for (let i = text.length - 1; i > 0 && i > text.length - 64; i--) {
    if (!JOINS_BACK.test(text.charAt(i))) return i;
  }
  return 0;
}

/**
 * Decodes the bytes a chunk at a time into NFC-normalised pieces of text (windows-1258 writes tones as combining
 * marks). Each piece ends before a character that joins nothing, so pieces normalise alone as the whole would.
 */
async function* decodeInChunks(
  bytes: Uint8Array,
  decode: (chunk: Uint8Array, last: boolean) => string,
): AsyncGenerator<string> {
  let carry = "";
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const last = at + CHUNK_BYTES >= bytes.length;
    const text = carry + decode(bytes.subarray(at, at + CHUNK_BYTES), last);
    const cut = last ? text.length : safeCut(text);
    yield text.slice(0, cut).normalize("NFC");
    carry = text.slice(cut);
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes CSV bytes, piece by piece. UTF-8 (with or without BOM) wins whenever the bytes are
 * valid UTF-8; otherwise it is a legacy Windows export, and windows-1258 vs
 * windows-1252 is decided by which decoding yields more Vietnamese letters.
 */
async function decodeCsvPieces(
  bytes: Uint8Array,
  pause: () => Promise<void>,
): Promise<{ encoding: CsvEncoding; pieces: AsyncGenerator<string> }> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    // Excel's "Unicode Text" export.
    const decoder = new TextDecoder("utf-16le");
    return {
      encoding: "utf-16le",
      pieces: decodeInChunks(bytes.subarray(2), (c, last) => decoder.decode(c, { stream: !last })),
    };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) {
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    return { encoding: "utf-8", pieces: decodeInChunks(body, (c, last) => decoder.decode(c, { stream: !last })) };
  }
  // Both are single-byte code pages, so each chunk decodes on its own.
  let vn = 0;
  let west = 0;
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const chunk = asBuffer(bytes.subarray(at, at + CHUNK_BYTES));
    vn += vietnameseScore(iconv.decode(chunk, "windows-1258"));
    west += vietnameseScore(iconv.decode(chunk, "windows-1252"));
    await pause();
  }
  // Ties go to 1252: with no Vietnamese-specific letters, 1252 is the more faithful reading.
  const encoding: CsvEncoding = vn > west ? "windows-1258" : "windows-1252";
  return { encoding, pieces: decodeInChunks(bytes, (c) => iconv.decode(asBuffer(c), encoding)) };
}

/** The whole text of CSV bytes and its encoding (see decodeCsvPieces). */
export async function decodeCsvBytes(bytes: Uint8Array): Promise<{ text: string; encoding: CsvEncoding }> {
  const { encoding, pieces } = await decodeCsvPieces(bytes, async () => {});
  let text = "";
  for await (const piece of pieces) text += piece;
  return { text, encoding };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const AFTER_CR = 4;

/**
 * RFC 4180 records from text that arrives in pieces. Lenient where Excel and hand-edited files are: an
 * unterminated quote runs to end of input, text after a closing quote is kept, and bare CR, LF or CRLF all end
 * a record. A field or record may span any number of pieces.
 */
export class CsvParser {
  private readonly d: number;
  private record: string[] = [];
  private field = "";
  private state = FIELD_START;
  private atRecordStart = true;

  constructor(delimiter: string) {
    this.d = delimiter.charCodeAt(0);
  }

  /** The records completed by this piece. */
  *push(text: string): Generator<string[]> {
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case AFTER_CR:
          if (text.charCodeAt(i) === LF) i++;
          this.state = FIELD_START;
          break;
        case FIELD_START:
          this.atRecordStart = false;
          if (text.charCodeAt(i) === QUOTE) {
            i++;
            this.state = QUOTED;
          } else this.state = UNQUOTED;
          break;
        case QUOTED: {
          const q = text.indexOf('"', i);
          this.field += text.slice(i, q === -1 ? n : q);
          i = q === -1 ? n : q + 1;
          if (q !== -1) this.state = QUOTE_IN_QUOTED;
          break;
        }
        case QUOTE_IN_QUOTED:
          // Two quotes are one literal quote; one quote closed the field.
          if (text.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
            this.state = QUOTED;
          } else this.state = UNQUOTED;
          break;
        default: {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === this.d || c === LF || c === CR) break;
            k++;
          }
          this.field += text.slice(i, k);
          i = k;
          if (k === n) break;
          const c = text.charCodeAt(k);
          i++;
          this.record.push(this.field);
          this.field = "";
          this.state = FIELD_START;
          if (c !== this.d) {
            yield this.record;
            this.record = [];
            this.atRecordStart = true;
            if (c === CR) this.state = AFTER_CR;
          }
        }
      }
    }
  }

  /** The last record, when the text does not end with a line break. */
  *end(): Generator<string[]> {
    if (this.atRecordStart) return;
    this.record.push(this.field);
    yield this.record;
    this.record = [];
    this.field = "";
    this.atRecordStart = true;
    this.state = FIELD_START;
  }
}

export function* csvRecords(text: string, delimiter: string): Generator<string[]> {
  const parser = new CsvParser(delimiter);
  yield* parser.push(text);
  yield* parser.end();
}

export function parseCsvRecords(text: string, delimiter: string): string[][] {
  return Array.from(csvRecords(text, delimiter));
}

const DELIMITERS = [";", ",", "\t"] as const;
const HEADER_SEARCH_ROWS = 20;

function chooseDelimiter(text: string): string {
  // Title lines above the header are common, so judge each delimiter by how
  // well the first lines split into known headers, not by counting characters.
  let end = -1;
  for (let lines = 0; lines < HEADER_SEARCH_ROWS * 2; lines++) {
    end = text.indexOf("\n", end + 1);
    if (end === -1) break;
  }
  const head = end === -1 ? text : text.slice(0, end);
  let best: string = DELIMITERS[0];
  let bestScore = 0;
  for (const delim of DELIMITERS) {
    const search = new HeaderSearch();
    let rowNumber = 0;
    for (const cells of csvRecords(head, delim)) if (!search.push({ rowNumber: ++rowNumber, cells })) break;
    const score = search.header?.score ?? search.best?.score ?? 0;
    if (score > bestScore) {
      best = delim;
      bestScore = score;
    }
  }
  if (bestScore > 0) return best;
  // Nothing recognisable: fall back to the most frequent delimiter on the first line.
  const firstLine = head.split(/\r\n|\r|\n/, 1)[0] ?? "";
  let maxCount = 0;
  for (const delim of DELIMITERS) {
    const count = firstLine.split(delim).length - 1;
    if (count > maxCount) {
      maxCount = count;
      best = delim;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// Rows → sheet (shared by XLSX and CSV)
// ---------------------------------------------------------------------------

export type CellScalar = string | number | boolean | Date | null;

export interface GridRow {
  rowNumber: number;
  /** index 0 = column A */
  cells: readonly CellScalar[];
}

interface HeaderMapping {
  rowNumber: number;
  score: number;
  fieldColumns: Map<RosterField, number>;
  familyColumn: number | null;
  givenColumn: number | null;
  columns: RosterSheet["columns"];
  unknown: string[];
  duplicates: { field: RosterField; first: number; again: number }[];
}

function isBlank(v: CellScalar): boolean {
  return v === null || (typeof v === "string" && v.trim() === "");
}

function scalarText(v: CellScalar): string {
  if (v === null) return "";
  // dd/mm/yyyy so that a rejected date is quoted back the way Excel shows it.
  if (v instanceof Date) return dmyFromUtcDate(v);
  return String(v);
}

const HEADER_CELL_MAX = 200;

function mapHeader(row: GridRow): HeaderMapping {
  const m: HeaderMapping = {
    rowNumber: row.rowNumber,
    score: 0,
    fieldColumns: new Map(),
    familyColumn: null,
    givenColumn: null,
    columns: [],
    unknown: [],
    duplicates: [],
  };
  row.cells.forEach((cell, col) => {
    if (isBlank(cell)) return;
    const raw = scalarText(cell);
    // No header is this long; a data row's long value need not be folded and looked up.
    if (raw.length > HEADER_CELL_MAX) {
      m.unknown.push(raw);
      m.columns.push({ column: columnLetter(col), header: raw.slice(0, HEADER_CELL_MAX), field: null });
      return;
    }
    const header = cleanText(raw);
    const role = headerRole(header);
    let field: RosterField | null = null;
    if (role === null) {
      m.unknown.push(header);
    } else if (role.kind === "field") {
      const first = m.fieldColumns.get(role.field);
      if (first === undefined) {
        m.fieldColumns.set(role.field, col);
        field = role.field;
      } else {
        m.duplicates.push({ field: role.field, first, again: col });
      }
    } else if (role.kind === "familyName") {
      m.familyColumn ??= col;
    } else if (role.kind === "givenName") {
      m.givenColumn ??= col;
    }
    m.columns.push({ column: columnLetter(col), header, field });
  });
  const hasName = m.fieldColumns.has("fullName") || (m.familyColumn !== null && m.givenColumn !== null);
  m.score = m.fieldColumns.size + (hasName ? 100 : 0);
  return m;
}

/**
 * Looks for the header: the first row (within the first few non-empty ones) that has a name column, else
 * remembers the best match for the error message.
 */
class HeaderSearch {
  header: HeaderMapping | null = null;
  best: HeaderMapping | null = null;
  firstNonEmpty: number | null = null;
  private seen = 0;

  /** False once the search is over (found, or given up). */
  push(row: GridRow): boolean {
    if (this.header) return false;
    if (row.cells.every(isBlank)) return true;
    this.firstNonEmpty ??= row.rowNumber;
    this.seen++;
    const m = mapHeader(row);
    if (m.score >= 100) {
      this.header = m;
      return false;
    }
    if (m.score > 0 && (this.best === null || m.score > this.best.score)) this.best = m;
    return this.seen < HEADER_SEARCH_ROWS;
  }
}

const COLUMN_NUMBER_RE = /^\(?\d{1,2}\)?$/;

/**
 * Official forms put a "(1) (2) (3) …" column-numbering row under the header;
 * read as data it would become a member named "(2)".
 */
function isColumnNumberingRow(row: GridRow): boolean {
  const filled = row.cells.filter((c) => !isBlank(c));
  return filled.length >= 3 && filled.every((c) => COLUMN_NUMBER_RE.test(scalarText(c).trim()));
}

function fieldText(v: CellScalar, field: RosterField, date1904: boolean): string {
  if (typeof v === "number") {
    if (DATE_FIELDS.has(field) && Number.isFinite(v) && v > MAX_YEAR && v < 2958466) {
      // An un-formatted date serial. Small numbers are left alone because a
      // bare birth year (e.g. 1968) is far likelier than a 1905 date.
      const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
      return dmyFromUtcDate(new Date(epoch + Math.floor(v) * 86_400_000));
    }
    if (field === "phone" && Number.isInteger(v) && v >= 100_000_000 && v <= 999_999_999) {
      // Excel drops the leading 0 of Vietnamese numbers typed into a numeric cell.
      return `0${v}`;
    }
  }
  return scalarText(v);
}

// Longer than any field the API accepts (names 120 characters, e-mail 200), so a value cut to this length is
// refused just as the whole would be, while validating it stays cheap however large the cell.
const CELL_MAX = 1_000;

function clipped(value: string): string {
  return value.length > CELL_MAX ? value.slice(0, CELL_MAX) : value;
}

/**
 * Turns a sheet's rows, fed one at a time, into a RosterSheet: finds the header, maps the columns, and keeps at
 * most `maxRows` data rows.
 */
class SheetBuilder {
  readonly search = new HeaderSearch();
  private readonly rows: RosterRow[] = [];
  private firstAfterHeader = true;
  private overflowRow: number | null = null;

  constructor(
    private readonly format: RosterFormat,
    private readonly maxRows: number,
    private readonly date1904: () => boolean,
  ) {}

  /** False once nothing more is needed from this sheet: no header in its first rows, or too many rows. */
  push(row: GridRow): boolean {
    const mapping = this.search.header;
    if (!mapping) return this.search.push(row) || this.search.header !== null;
    if (row.cells.every(isBlank)) return true;
    if (this.firstAfterHeader) {
      this.firstAfterHeader = false;
      if (isColumnNumberingRow(row)) return true;
    }
    const values: Partial<Record<RosterField, string>> = {};
    let any = false;
    for (const [field, col] of mapping.fieldColumns) {
      const cell = row.cells[col] ?? null;
      if (isBlank(cell)) continue;
      values[field] = clipped(fieldText(cell, field, this.date1904()));
      any = true;
    }
    if (!mapping.fieldColumns.has("fullName") && mapping.familyColumn !== null && mapping.givenColumn !== null) {
      // Many rosters split the name into "Họ đệm" + "Tên"; glue them back together.
      const family = scalarText(row.cells[mapping.familyColumn] ?? null).trim();
      const given = scalarText(row.cells[mapping.givenColumn] ?? null).trim();
      const full = [family, given].filter((s) => s !== "").join(" ");
      if (full !== "") {
        values.fullName = clipped(full);
        any = true;
      }
    }
    // Columns we do not import (STT, notes…) don't make a row non-empty:
    // templates are often pre-numbered far below the last real member.
    if (!any) return true;
    if (this.rows.length >= this.maxRows) {
      this.overflowRow = row.rowNumber;
      return false;
    }
    this.rows.push({ rowNumber: row.rowNumber, values });
    return true;
  }

  finish(encoding?: CsvEncoding): RosterSheet {
    const base = encoding === undefined ? { format: this.format } : { format: this.format, encoding };
    const { header: mapping, best, firstNonEmpty } = this.search;
    if (firstNonEmpty === null) {
      return {
        ...base,
        headerRowNumber: null,
        columns: [],
        rows: [],
        problems: [problem(1, null, "empty_file", "error", "tệp không có dữ liệu", "the file contains no data")],
      };
    }
    if (!mapping) {
      const c = column("fullName");
      const headerRowNumber = best?.rowNumber ?? null;
      return {
        ...base,
        headerRowNumber,
        columns: best?.columns ?? [],
        rows: [],
        problems: [
          problem(
            headerRowNumber ?? firstNonEmpty,
            "fullName",
            "missing_name_column",
            "error",
            `không tìm thấy cột ${quote(c.header)} trong ${HEADER_SEARCH_ROWS} dòng đầu của tệp`,
            `no ${quote(c.headerEn)} column (${quote(c.header)}) found in the first ${HEADER_SEARCH_ROWS} rows`,
          ),
        ],
      };
    }
    const headerRowNumber = mapping.rowNumber;
    const problems: RowProblem[] = [];
    if (mapping.unknown.length > 0) {
      const list = mapping.unknown.map(quote).join(", ");
      problems.push(
        problem(
          headerRowNumber,
          null,
          "unknown_column",
          "warning",
          `bỏ qua các cột không nhận diện được: ${list}`,
          `ignored unrecognised columns: ${list}`,
        ),
      );
    }
    for (const dup of mapping.duplicates) {
      const c = column(dup.field);
      const [a, b] = [columnLetter(dup.first), columnLetter(dup.again)];
      problems.push(
        problem(
          headerRowNumber,
          dup.field,
          "duplicate_column",
          "warning",
          `cột ${quote(c.header)} xuất hiện nhiều lần (cột ${a} và ${b}); chỉ dùng cột ${a}`,
          `column ${quote(c.headerEn)} appears more than once (columns ${a} and ${b}); only column ${a} is used`,
        ),
      );
    }
    if (this.overflowRow !== null) {
      // The whole file is refused: importing its first rows only would look like success.
      const max = (l: "vi" | "en") => this.maxRows.toLocaleString(l === "vi" ? "vi-VN" : "en-GB");
      problems.push(
        catalogueProblem(this.overflowRow, null, "too_many_rows", "errors.roster_too_many_rows", (l) => ({
          max: max(l),
        })),
      );
      return { ...base, headerRowNumber, columns: mapping.columns, rows: [], problems };
    }
    return { ...base, headerRowNumber, columns: mapping.columns, rows: this.rows, problems };
  }
}

async function readCsv(bytes: Uint8Array, options: Required<ReadOptions>): Promise<RosterSheet> {
  const { encoding, pieces } = await decodeCsvPieces(bytes, options.pause);
  // The delimiter is chosen from the first lines; gather pieces until they are in.
  let head = "";
  let lines = 0;
  let next = await pieces.next();
  while (!next.done && lines <= HEADER_SEARCH_ROWS * 2) {
    head += next.value;
    for (
      let k = next.value.indexOf("\n");
      k !== -1 && lines <= HEADER_SEARCH_ROWS * 2;
      k = next.value.indexOf("\n", k + 1)
    )
      lines++;
    next = await pieces.next();
  }
  const parser = new CsvParser(chooseDelimiter(head));
  const builder = new SheetBuilder("csv", options.maxRows, () => false);
  let rowNumber = 0;
  const feed = async (records: Iterable<string[]>): Promise<boolean> => {
    for (const cells of records) {
      if (!builder.push({ rowNumber: ++rowNumber, cells })) return false;
      await options.pause();
    }
    return true;
  };
  let more = await feed(parser.push(head));
  while (more && !next.done) {
    more = await feed(parser.push(next.value));
    await options.pause();
    next = await pieces.next();
  }
  if (more) await feed(parser.end());
  return builder.finish(encoding);
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

function unwrapCell(v: unknown): CellScalar {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v !== "object") return null;
  if ("richText" in v && Array.isArray(v.richText)) {
    return v.richText.map((r: unknown) => (r && typeof r === "object" && "text" in r ? String(r.text) : "")).join("");
  }
  // An #N/A in the name column must not become a member called "#N/A".
  if ("error" in v) return null;
  if ("formula" in v || "sharedFormula" in v) return "result" in v ? unwrapCell(v.result) : null;
  if ("hyperlink" in v && "text" in v) return unwrapCell(v.text);
  return null;
}

// The parts the streaming reader needs before any sheet, in that order.
const READ_FIRST = ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"];

/**
 * The same zip with the workbook's parts before its sheets. Excel writes the shared strings after the sheets,
 * and exceljs's streaming reader then copies every sheet to a temporary file to read it later — files that
 * stay behind when reading stops at the row cap. The entries' bytes are copied as they are, not unpacked.
 * Null when the zip's directory cannot be read (a damaged file, or ZIP64, which no roster needs).
 */
export function zipInReadingOrder(bytes: Uint8Array): { bytes: Buffer; names: Set<string> } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  const directory = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || directory === 0xffffffff || directory > eocd) return null;
  const entries: { name: string; offset: number }[] = [];
  for (let at = directory, k = 0; k < count; k++) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(at + 28);
    const offset = buf.readUInt32LE(at + 42);
    if (offset >= directory) return null;
    entries.push({ name: buf.toString("utf8", at + 46, at + 46 + nameLength), offset });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  entries.sort((a, b) => a.offset - b.offset);
  const ranges = entries.map((e, i) => ({ ...e, end: entries[i + 1]?.offset ?? directory }));
  const rank = (name: string) => (READ_FIRST.includes(name) ? READ_FIRST.indexOf(name) : READ_FIRST.length);
  const ordered = [...ranges].sort((a, b) => rank(a.name) - rank(b.name) || a.offset - b.offset);
  return {
    bytes: Buffer.concat([...ordered.map((r) => buf.subarray(r.offset, r.end)), buf.subarray(directory)]),
    names: new Set(entries.map((e) => e.name)),
  };
}

/**
 * exceljs's streaming reader decodes each chunk of a zip entry on its own, so a letter whose UTF-8 bytes fall
 * on both sides of a chunk boundary comes out as "��" ("Chính th��c"). Entries that decode themselves
 * (setEncoding) hand it whole characters: the unzip stream the reader pipes this input into is told so.
 */
export function entriesAsText(input: Readable): Readable {
  const pipe = input.pipe.bind(input);
  input.pipe = (<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }) => {
    const unzip = destination as T & { push(entry: unknown): boolean };
    const push = unzip.push.bind(unzip);
    unzip.push = (entry) => {
      (entry as { setEncoding?: (encoding: string) => void } | null)?.setEncoding?.("utf8");
      return push(entry);
    };
    return pipe(destination, options);
  }) as typeof input.pipe;
  return input;
}

/** One worksheet's rows as the streaming reader gives them. */
export interface StreamedRow {
  number: number;
  cellCount: number;
  findCell(col: number): { value: unknown; master: unknown } | undefined;
}

export function gridRow(row: StreamedRow): GridRow {
  const cells: CellScalar[] = [];
  for (let c = 1; c <= row.cellCount; c++) {
    const cell = row.findCell(c);
    // Only the top-left cell of a merged range holds its value; a footer such as
    // "Tổng số: 25 đồng chí" merged across A:D must not land in the name column.
    cells.push(cell && cell.master !== cell ? null : unwrapCell(cell?.value));
  }
  return { rowNumber: row.number, cells };
}

/**
 * Streams the workbook sheet by sheet and uses the first sheet with a roster header (cover sheets and
 * instructions come first in many files); without one, the first sheet explains what is missing.
 */
async function readXlsx(bytes: Uint8Array, options: Required<ReadOptions>): Promise<RosterSheet> {
  const zip = zipInReadingOrder(bytes);
  if (!zip) return unreadableXlsx();
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(entriesAsText(Readable.from([zip.bytes])), {
    sharedStrings: "cache",
    // Styles tell a date cell from a number.
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  // Without these two parts the reader would also park the sheets in temporary files; a workbook may lack them.
  const parts = reader as unknown as { sharedStrings?: unknown[]; workbookRels?: unknown[] };
  if (!zip.names.has("xl/sharedStrings.xml")) parts.sharedStrings = [];
  if (!zip.names.has("xl/_rels/workbook.xml.rels")) parts.workbookRels = [];
  const date1904 = () =>
    (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904 === true;
  let first: SheetBuilder | null = null;
  try {
    for await (const worksheet of reader) {
      const builder = new SheetBuilder("xlsx", options.maxRows, date1904);
      first ??= builder;
      let wanted = true;
      for await (const row of worksheet as AsyncIterable<StreamedRow>) {
        // The rest of a sheet that is not the roster is read through but not looked at.
        if (wanted) wanted = builder.push(gridRow(row));
        await options.pause();
        if (!wanted && builder.search.header) break;
      }
      if (builder.search.header) return builder.finish();
    }
  } catch {
    // The library's own error text ("End of data reached…") means nothing to an office: say what to do instead.
    return unreadableXlsx();
  }
  return (first ?? new SheetBuilder("xlsx", options.maxRows, date1904)).finish();
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

function unreadableXlsx(): RosterSheet {
  return unreadableSheet(
    "xlsx",
    "unreadable_file",
    "tệp Excel bị hỏng hoặc không đúng định dạng; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại",
    "the Excel file is damaged or not an .xlsx file; open it in Excel, save it as .xlsx and send it again",
  );
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOleCompound(bytes: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return sig.every((b, i) => bytes[i] === b);
}

/**
 * Reads a roster file into field-mapped rows plus file-level problems. The
 * format is decided by content, not by the name: a "PK" zip is XLSX, an OLE
 * compound file is legacy .xls, anything else is CSV — except that a file
 * named .xlsx/.xls that is neither is reported as unreadable, not parsed as text.
 */
export async function readRosterSheet(
  bytes: Uint8Array,
  fileName: string,
  options: Partial<ReadOptions> = {},
): Promise<RosterSheet> {
  const limits = { maxRows: ROSTER_MAX_ROWS, pause: async () => {}, ...options };
  checkFileSize(bytes);
  if (isZip(bytes)) {
    // Checked in a worker within the upload limits before exceljs inflates anything: a ZIP bomb is refused
    // (413/422), a damaged or foreign ZIP reported as unreadable.
    try {
      await inspectFile(bytes, { accept: { kinds: ["xlsx"], expected: "errors.upload_expect_xlsx" } });
    } catch (err) {
      const code = err instanceof UploadRejectedError ? err.rejection.code : null;
      if (code === "damaged" || code === "wrong_kind") return unreadableXlsx();
      throw err;
    }
    return readXlsx(bytes, limits);
  }
  if (isOleCompound(bytes) || /\.xls$/i.test(fileName)) {
    return unreadableSheet(
      "xls",
      "unsupported_xls",
      `tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại dạng .xlsx hoặc "CSV UTF-8"`,
      `Excel 97-2003 (.xls) files are not supported; open it in Excel and save as .xlsx or "CSV UTF-8"`,
    );
  }
  if (/\.xls[xm]$/i.test(fileName)) return unreadableXlsx();
  return readCsv(bytes, limits);
}
