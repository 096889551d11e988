/**
 * Member roster import/export: bytes in → typed rows + problems out, and
 * members → XLSX bytes out. No database access here, so the whole pipeline can
 * be previewed (dry run) before anything is written.
 */
import type ExcelJS from "exceljs";

// exceljs is large and only needed when a roster file is read or written: load it then, not at server start.
const loadExcel = async () => (await import("exceljs")).default;
import iconv from "iconv-lite";
import { checkFileSize, inspectFile, UploadRejectedError } from "../../core/uploads/index.js";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type RosterField =
  | "fullName"
  | "cardNumber"
  | "status"
  | "cellCode"
  | "dateOfBirth"
  | "gender"
  | "ethnicity"
  | "education"
  | "admissionDate"
  | "ceremonyDate"
  | "officialDate"
  | "phone"
  | "email"
  | "unit";

export interface RosterColumn {
  readonly key: RosterField;
  /** Canonical Vietnamese header; also what `writeRosterXlsx` emits. */
  readonly header: string;
  /** English label, used in English problem messages. */
  readonly headerEn: string;
  /** Alternative headers accepted on import (matched case/diacritics-insensitively). */
  readonly aliases: readonly string[];
}

export interface RosterRow {
  /** 1-based row (XLSX) or record (CSV) number in the file; the header is usually 1. */
  rowNumber: number;
  values: Partial<Record<RosterField, string>>;
}

export type MemberStatus = "full" | "probationary";
export type Gender = "male" | "female";

export interface ParsedMember {
  fullName: string;
  cardNumber: string | null;
  status: MemberStatus;
  cellCode: string | null;
  /** ISO yyyy-mm-dd, like every other date here. */
  dateOfBirth: string | null;
  gender: Gender | null;
  ethnicity: string | null;
  education: string | null;
  admissionDate: string | null;
  ceremonyDate: string | null;
  officialDate: string | null;
  phone: string | null;
  email: string | null;
  unit: string | null;
}

export type ProblemSeverity = "error" | "warning";

export type RosterProblemCode =
  // row level, severity "error" (the row's member becomes null)
  | "missing_name"
  | "bad_date"
  | "bad_card_number"
  | "duplicate_card_in_file"
  | "bad_status"
  | "bad_gender"
  | "bad_email"
  | "bad_phone"
  // row level, severity "warning"
  | "official_date_on_probationary"
  | "date_order"
  // file/header level
  | "unknown_column" // warning
  | "duplicate_column" // warning
  | "missing_name_column" // error
  | "empty_file" // error
  | "unreadable_file" // error
  | "unsupported_xls"; // error

export interface RowProblem {
  rowNumber: number;
  field: RosterField | null;
  code: RosterProblemCode;
  severity: ProblemSeverity;
  message: { vi: string; en: string };
}

export type RosterFormat = "xlsx" | "csv" | "xls";
export type CsvEncoding = "utf-8" | "utf-16le" | "windows-1258" | "windows-1252";

/** Result of the pure validation step; it knows nothing about the file format. */
export interface RosterValidation {
  /** One entry per non-empty data row, in file order. */
  rows: { rowNumber: number; member: ParsedMember | null }[];
  problems: RowProblem[];
}

export interface RosterParseResult extends RosterValidation {
  format: RosterFormat;
  encoding?: CsvEncoding;
}

/** What the reader found in the file before any value validation. */
export interface RosterSheet {
  format: RosterFormat;
  encoding?: CsvEncoding;
  /** null when no usable header row was found. */
  headerRowNumber: number | null;
  /** Every non-blank header cell and how it was interpreted. */
  columns: { column: string; header: string; field: RosterField | null }[];
  rows: RosterRow[];
  /** File/header level problems (unknown columns, unreadable file, …). */
  problems: RowProblem[];
}

// ---------------------------------------------------------------------------
// Column definitions
// ---------------------------------------------------------------------------

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  {
    key: "fullName",
    header: "Họ và tên",
    headerEn: "Full name",
    aliases: ["Họ tên", "Ho va ten", "Họ và tên đảng viên", "Họ và tên khai sinh", "Full name", "Name"],
  },
  {
    key: "cardNumber",
    header: "Số thẻ đảng viên",
    headerEn: "Party card number",
    aliases: ["Số thẻ", "So the", "Số thẻ ĐV", "Số thẻ Đảng", "Card number", "Party card number"],
  },
  {
    key: "status",
    header: "Loại đảng viên",
    headerEn: "Member type",
    aliases: ["Loại ĐV", "Chính thức/Dự bị", "Status", "Member type"],
  },
  { key: "cellCode", header: "Mã chi bộ", headerEn: "Cell code", aliases: ["Cell code"] },
  {
    key: "dateOfBirth",
    header: "Ngày sinh",
    headerEn: "Date of birth",
    aliases: ["Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Date of birth", "Birth date", "DOB"],
  },
  { key: "gender", header: "Giới tính", headerEn: "Gender", aliases: ["Nam/Nữ", "Gender", "Sex"] },
  { key: "ethnicity", header: "Dân tộc", headerEn: "Ethnicity", aliases: ["Ethnicity"] },
  {
    key: "education",
    header: "Trình độ",
    headerEn: "Education",
    aliases: ["Trình độ học vấn", "Trình độ chuyên môn", "Học vấn", "Education"],
  },
  {
    key: "admissionDate",
    header: "Ngày vào Đảng",
    headerEn: "Admission date",
    aliases: ["Admission date", "Date joined"],
  },
  {
    key: "ceremonyDate",
    header: "Ngày kết nạp",
    headerEn: "Ceremony date",
    aliases: ["Ngày kết nạp Đảng", "Ceremony date"],
  },
  {
    key: "officialDate",
    header: "Ngày chính thức",
    headerEn: "Official date",
    aliases: ["Ngày công nhận chính thức", "Ngày chuyển chính thức", "Official date"],
  },
  {
    key: "phone",
    header: "Điện thoại",
    headerEn: "Phone",
    aliases: ["Số điện thoại", "SĐT", "ĐT", "Phone", "Phone number", "Mobile"],
  },
  { key: "email", header: "Email", headerEn: "Email", aliases: ["E-mail", "Thư điện tử", "Mail"] },
  {
    key: "unit",
    header: "Đơn vị (Khoa/Phòng)",
    headerEn: "Unit (department)",
    aliases: ["Đơn vị", "Khoa/Phòng", "Đơn vị công tác", "Unit", "Department"],
  },
];

// Row-number columns are in almost every Vietnamese office sheet; they carry
// no data, so warning about them would only teach users to ignore warnings.
const IGNORED_HEADERS = ["STT", "TT", "Số TT", "Số thứ tự", "No", "No."];

// Many rosters split the name into "Họ đệm" + "Tên" (so they can sort by given
// name); we glue them back together when there is no full-name column.
const FAMILY_NAME_HEADERS = ["Họ", "Họ đệm", "Họ và đệm", "Họ và tên đệm", "Họ tên đệm", "Last name", "Surname"];
const GIVEN_NAME_HEADERS = ["Tên", "First name", "Given name"];

const DATE_FIELDS: ReadonlySet<RosterField> = new Set<RosterField>([
  "dateOfBirth",
  "admissionDate",
  "ceremonyDate",
  "officialDate",
]);

const COLUMN_BY_KEY = new Map<RosterField, RosterColumn>(ROSTER_COLUMNS.map((c) => [c.key, c]));

function column(key: RosterField): RosterColumn {
  const c = COLUMN_BY_KEY.get(key);
  if (!c) throw new Error(`unknown roster field ${key}`);
  return c;
}

/** Case-, diacritics- and punctuation-insensitive key ("Đơn vị (Khoa/Phòng)" → "don vi khoa phong"). */
export function foldText(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

type HeaderRole =
  | { kind: "field"; field: RosterField }
  | { kind: "ignored" }
  | { kind: "familyName" }
  | { kind: "givenName" };

const HEADER_ROLES: ReadonlyMap<string, HeaderRole> = (() => {
  const m = new Map<string, HeaderRole>();
  const put = (text: string, role: HeaderRole): void => {
    const k = foldText(text);
    const prev = m.get(k);
    if (prev === undefined) {
      m.set(k, role);
      return;
    }
    const same = prev.kind === role.kind && (prev.kind !== "field" || (role.kind === "field" && prev.field === role.field));
    // A collision would make one column silently capture another's header.
    if (!same) throw new Error(`roster header alias collision: "${text}"`);
  };
  for (const c of ROSTER_COLUMNS) {
    for (const h of [c.header, c.headerEn, ...c.aliases]) put(h, { kind: "field", field: c.key });
  }
  for (const h of IGNORED_HEADERS) put(h, { kind: "ignored" });
  for (const h of FAMILY_NAME_HEADERS) put(h, { kind: "familyName" });
  for (const h of GIVEN_NAME_HEADERS) put(h, { kind: "givenName" });
  return m;
})();

function headerRole(text: string): HeaderRole | null {
  const direct = HEADER_ROLES.get(foldText(text));
  if (direct) return direct;
  // Headers often carry a format hint, e.g. "Ngày sinh (dd/mm/yyyy)" or "Họ và tên (*)".
  const withoutNotes = text.replace(/[([{][^)\]}]*[)\]}]/g, " ");
  return withoutNotes === text ? null : (HEADER_ROLES.get(foldText(withoutNotes)) ?? null);
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

function quote(s: string): string {
  return `"${s}"`;
}

function problem(
  rowNumber: number,
  field: RosterField | null,
  code: RosterProblemCode,
  severity: ProblemSeverity,
  vi: string,
  en: string,
): RowProblem {
  return { rowNumber, field, code, severity, message: { vi: `Dòng ${rowNumber}: ${vi}`, en: `Row ${rowNumber}: ${en}` } };
}

/** A file that cannot be read as a roster at all: no rows, one file-level error. */
function unreadableSheet(format: RosterFormat, code: RosterProblemCode, vi: string, en: string): RosterSheet {
  return { format, headerRowNumber: null, columns: [], rows: [], problems: [problem(1, null, code, "error", vi, en)] };
}

function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const TIME_SUFFIX = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?)?`;
const DMY_RE = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})` + TIME_SUFFIX + "$");
const YMD_RE = new RegExp(String.raw`^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})` + TIME_SUFFIX + "$");

function isoFromParts(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Accepts dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd (an
 * optional trailing time is ignored); returns ISO yyyy-mm-dd, or null for
 * anything else, impossible dates and years outside 1900..2100.
 */
export function parseRosterDate(raw: string): string | null {
  const s = raw.trim();
  let m = DMY_RE.exec(s);
  if (m) return isoFromParts(Number(m[4]), Number(m[3]), Number(m[1]));
  m = YMD_RE.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[3]), Number(m[4]));
  return null;
}

/** ISO yyyy-mm-dd → dd/mm/yyyy, the format Vietnamese offices read and type. */
export function formatRosterDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

function dmyFromUtcDate(d: Date): string {
  // exceljs materialises serials as UTC midnights; local parts would shift the
  // day for servers west of UTC.
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

// ---------------------------------------------------------------------------
// Validation (pure)
// ---------------------------------------------------------------------------

function cleanText(s: string): string {
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}

const STATUS_VALUES: ReadonlyMap<string, MemberStatus> = new Map([
  ["chinh thuc", "full"],
  ["ct", "full"],
  ["full", "full"],
  ["official", "full"],
  ["du bi", "probationary"],
  ["db", "probationary"],
  ["probationary", "probationary"],
  ["probation", "probationary"],
]);

const GENDER_VALUES: ReadonlyMap<string, Gender> = new Map([
  ["nam", "male"],
  ["male", "male"],
  ["m", "male"],
  ["nu", "female"],
  ["female", "female"],
  ["f", "female"],
]);

const EMAIL_RE = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]{2,}$/u;

/**
 * Validates rows already mapped to fields. Pure and linear in the number of
 * rows. Rows whose values are all blank are skipped without a trace.
 */
export function validateRosterRows(rows: readonly RosterRow[]): RosterValidation {
  const out: RosterValidation["rows"] = [];
  const problems: RowProblem[] = [];
  const firstRowByCard = new Map<string, number>();

  for (const row of rows) {
    const n = row.rowNumber;
    const v: Partial<Record<RosterField, string>> = {};
    let any = false;
    for (const c of ROSTER_COLUMNS) {
      const raw = row.values[c.key];
      if (raw === undefined) continue;
      const t = cleanText(raw);
      if (t !== "") {
        v[c.key] = t;
        any = true;
      }
    }
    if (!any) continue;

    const rowProblems: RowProblem[] = [];
    const err = (field: RosterField, code: RosterProblemCode, vi: string, en: string): void => {
      rowProblems.push(problem(n, field, code, "error", vi, en));
    };
    const warn = (field: RosterField, code: RosterProblemCode, vi: string, en: string): void => {
      rowProblems.push(problem(n, field, code, "warning", vi, en));
    };
    const invalid = (field: RosterField, code: RosterProblemCode, raw: string, hintVi = "", hintEn = ""): void => {
      const c = column(field);
      err(
        field,
        code,
        `${quote(c.header)} không hợp lệ: ${quote(raw)}${hintVi}`,
        `${quote(c.headerEn)} is not valid: ${quote(raw)}${hintEn}`,
      );
    };

    const fullName = v.fullName ?? "";
    if (fullName === "") {
      err("fullName", "missing_name", `thiếu ${quote(column("fullName").header)}`, `${quote(column("fullName").headerEn)} is missing`);
    }

    let cardNumber: string | null = null;
    if (v.cardNumber !== undefined) {
      const compact = v.cardNumber.replace(/\s+/g, "").toUpperCase();
      if (!/^[A-Z0-9]+$/.test(compact)) {
        const c = column("cardNumber");
        err(
          "cardNumber",
          "bad_card_number",
          `${quote(c.header)} chỉ được gồm chữ và số: ${quote(v.cardNumber)}`,
          `${quote(c.headerEn)} may contain only letters and digits: ${quote(v.cardNumber)}`,
        );
      } else {
        cardNumber = compact;
        const first = firstRowByCard.get(compact);
        if (first === undefined) {
          firstRowByCard.set(compact, n);
        } else {
          const c = column("cardNumber");
          err(
            "cardNumber",
            "duplicate_card_in_file",
            `${quote(c.header)} ${quote(compact)} trùng với dòng ${first}`,
            `${quote(c.headerEn)} ${quote(compact)} duplicates row ${first}`,
          );
        }
      }
    }

    let status: MemberStatus = "full";
    if (v.status !== undefined) {
      const s = STATUS_VALUES.get(foldText(v.status).replace(/^dang vien /, ""));
      if (s) status = s;
      else invalid("status", "bad_status", v.status, ` (dùng "Chính thức" hoặc "Dự bị")`, ` (use "Chính thức" or "Dự bị")`);
    }

    let gender: Gender | null = null;
    if (v.gender !== undefined) {
      const g = GENDER_VALUES.get(foldText(v.gender));
      if (g) gender = g;
      else invalid("gender", "bad_gender", v.gender, ` (dùng "Nam" hoặc "Nữ")`, ` (use "Nam" or "Nữ")`);
    }

    const dates: Partial<Record<RosterField, string>> = {};
    for (const field of DATE_FIELDS) {
      const raw = v[field];
      if (raw === undefined) continue;
      const iso = parseRosterDate(raw);
      if (iso) {
        dates[field] = iso;
      } else {
        const c = column(field);
        err(
          field,
          "bad_date",
          `${quote(c.header)} không hợp lệ: ${quote(raw)} (định dạng dd/mm/yyyy)`,
          `${quote(c.headerEn)} is not a valid date: ${quote(raw)} (use dd/mm/yyyy)`,
        );
      }
    }

    let phone: string | null = null;
    if (v.phone !== undefined) {
      const kept = v.phone.replace(/[^\d+ ]/g, "").replace(/ +/g, " ").trim();
      const digits = kept.replace(/\D/g, "").length;
      // Letters mean a note or a second contact is mixed in; stripping them
      // would silently import something the office did not write.
      if (/\p{L}/u.test(v.phone) || digits < 8 || digits > 15 || kept.lastIndexOf("+") > 0) {
        invalid("phone", "bad_phone", v.phone);
      } else {
        phone = kept;
      }
    }

    let email: string | null = null;
    if (v.email !== undefined) {
      const e = v.email.replace(/^mailto:/i, "");
      if (EMAIL_RE.test(e)) email = e;
      else invalid("email", "bad_email", v.email);
    }

    if (status === "probationary" && dates.officialDate !== undefined) {
      const c = column("officialDate");
      warn(
        "officialDate",
        "official_date_on_probationary",
        `đảng viên dự bị nhưng có ${quote(c.header)} (${formatRosterDate(dates.officialDate)}); kiểm tra lại ${quote(column("status").header)}`,
        `probationary member has an ${quote(c.headerEn)} (${formatRosterDate(dates.officialDate)}); check ${quote(column("status").headerEn)}`,
      );
    }
    checkDateOrder(dates, warn);

    const member: ParsedMember = {
      fullName,
      cardNumber,
      status,
      cellCode: v.cellCode ?? null,
      dateOfBirth: dates.dateOfBirth ?? null,
      gender,
      ethnicity: v.ethnicity ?? null,
      education: v.education ?? null,
      admissionDate: dates.admissionDate ?? null,
      ceremonyDate: dates.ceremonyDate ?? null,
      officialDate: dates.officialDate ?? null,
      phone,
      email,
      unit: v.unit ?? null,
    };
    out.push({ rowNumber: n, member: rowProblems.some((p) => p.severity === "error") ? null : member });
    for (const p of rowProblems) problems.push(p);
  }
  return { rows: out, problems };
}

// Only orderings that are certain regardless of local practice: nobody joins
// before being born, and probation ends after admission.
const DATE_ORDER: readonly [RosterField, RosterField][] = [
  ["dateOfBirth", "admissionDate"],
  ["dateOfBirth", "ceremonyDate"],
  ["dateOfBirth", "officialDate"],
  ["admissionDate", "officialDate"],
  ["ceremonyDate", "officialDate"],
];

function checkDateOrder(
  dates: Partial<Record<RosterField, string>>,
  warn: (field: RosterField, code: RosterProblemCode, vi: string, en: string) => void,
): void {
  for (const [earlier, later] of DATE_ORDER) {
    const a = dates[earlier];
    const b = dates[later];
    // ISO strings compare chronologically.
    if (a !== undefined && b !== undefined && b < a) {
      const ca = column(earlier);
      const cb = column(later);
      warn(
        later,
        "date_order",
        `${quote(cb.header)} (${formatRosterDate(b)}) sớm hơn ${quote(ca.header)} (${formatRosterDate(a)})`,
        `${quote(cb.headerEn)} (${formatRosterDate(b)}) is before ${quote(ca.headerEn)} (${formatRosterDate(a)})`,
      );
    }
  }
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

/**
 * Decodes CSV bytes. UTF-8 (with or without BOM) wins whenever the bytes are
 * valid UTF-8; otherwise it is a legacy Windows export, and windows-1258 vs
 * windows-1252 is decided by which decoding yields more Vietnamese letters.
 * The text is NFC-normalised because windows-1258 stores tones as combining marks.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    // Excel's "Unicode Text" export.
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)).normalize("NFC"), encoding: "utf-16le" };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    return { text: text.normalize("NFC"), encoding: "utf-8" };
  } catch {
    // not UTF-8: fall through to the legacy code pages
  }
  const vn = iconv.decode(bytes, "windows-1258");
  const west = iconv.decode(bytes, "windows-1252");
  // Ties go to 1252: with no Vietnamese-specific letters, 1252 is the more faithful reading.
  if (vietnameseScore(vn) > vietnameseScore(west)) return { text: vn.normalize("NFC"), encoding: "windows-1258" };
  return { text: west.normalize("NFC"), encoding: "windows-1252" };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 records. Lenient where Excel and hand-edited files are: an
 * unterminated quote runs to end of input, text after a closing quote is kept,
 * and bare CR, LF or CRLF all end a record.
 */
export function parseCsvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  const n = text.length;
  if (n === 0) return records;
  const d = delimiter.charCodeAt(0);
  let record: string[] = [];
  let i = 0;
  const scanUnquoted = (from: number): number => {
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === d || c === LF || c === CR) break;
      k++;
    }
    return k;
  };
  for (;;) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      let value = "";
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q === -1) {
          value += text.slice(start);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      const k = scanUnquoted(i);
      field = value + text.slice(i, k);
      i = k;
    } else {
      const k = scanUnquoted(i);
      field = text.slice(i, k);
      i = k;
    }
    record.push(field);
    if (i >= n) {
      records.push(record);
      break;
    }
    if (text.charCodeAt(i) === d) {
      i++;
      continue;
    }
    i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push(record);
    record = [];
    if (i >= n) break;
  }
  return records;
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
    const grid = parseCsvRecords(head, delim).map((cells, i) => ({ rowNumber: i + 1, cells }));
    const found = findHeader(grid);
    const score = found ? found.score : 0;
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
// Grid → rows (shared by XLSX and CSV)
// ---------------------------------------------------------------------------

type CellScalar = string | number | boolean | Date | null;

interface GridRow {
  rowNumber: number;
  /** index 0 = column A */
  cells: readonly CellScalar[];
}

interface HeaderMapping {
  headerIndex: number;
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

function mapHeader(row: GridRow, headerIndex: number): HeaderMapping {
  const m: HeaderMapping = {
    headerIndex,
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
    const header = cleanText(scalarText(cell));
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

/** The first row (within the first few non-empty ones) that has a name column, else the best match. */
function findHeader(grid: readonly GridRow[]): HeaderMapping | null {
  let best: HeaderMapping | null = null;
  let seen = 0;
  for (let i = 0; i < grid.length && seen < HEADER_SEARCH_ROWS; i++) {
    const row = grid[i];
    if (!row || row.cells.every(isBlank)) continue;
    seen++;
    const m = mapHeader(row, i);
    if (m.score >= 100) return m;
    if (m.score > 0 && (best === null || m.score > best.score)) best = m;
  }
  return best;
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

function gridToSheet(
  grid: readonly GridRow[],
  format: RosterFormat,
  encoding: CsvEncoding | undefined,
  date1904: boolean,
): RosterSheet {
  const base = encoding === undefined ? { format } : { format, encoding };
  const firstNonEmpty = grid.find((r) => !r.cells.every(isBlank));
  if (!firstNonEmpty) {
    return {
      ...base,
      headerRowNumber: null,
      columns: [],
      rows: [],
      problems: [problem(1, null, "empty_file", "error", "tệp không có dữ liệu", "the file contains no data")],
    };
  }
  const mapping = findHeader(grid);
  if (!mapping || mapping.score < 100) {
    const c = column("fullName");
    const headerRowNumber = mapping ? (grid[mapping.headerIndex]?.rowNumber ?? null) : null;
    return {
      ...base,
      headerRowNumber,
      columns: mapping?.columns ?? [],
      rows: [],
      problems: [
        problem(
          headerRowNumber ?? firstNonEmpty.rowNumber,
          "fullName",
          "missing_name_column",
          "error",
          `không tìm thấy cột ${quote(c.header)} trong ${HEADER_SEARCH_ROWS} dòng đầu của tệp`,
          `no ${quote(c.headerEn)} column (${quote(c.header)}) found in the first ${HEADER_SEARCH_ROWS} rows`,
        ),
      ],
    };
  }

  const headerRow = grid[mapping.headerIndex];
  const headerRowNumber = headerRow ? headerRow.rowNumber : 1;
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

  const fieldColumns = [...mapping.fieldColumns];
  const splitName =
    !mapping.fieldColumns.has("fullName") && mapping.familyColumn !== null && mapping.givenColumn !== null
      ? { family: mapping.familyColumn, given: mapping.givenColumn }
      : null;
  const rows: RosterRow[] = [];
  let firstAfterHeader = true;
  for (let i = mapping.headerIndex + 1; i < grid.length; i++) {
    const row = grid[i];
    if (!row || row.cells.every(isBlank)) continue;
    if (firstAfterHeader) {
      firstAfterHeader = false;
      if (isColumnNumberingRow(row)) continue;
    }
    const values: Partial<Record<RosterField, string>> = {};
    let any = false;
    for (const [field, col] of fieldColumns) {
      const cell = row.cells[col] ?? null;
      if (isBlank(cell)) continue;
      values[field] = fieldText(cell, field, date1904);
      any = true;
    }
    if (splitName) {
      const family = scalarText(row.cells[splitName.family] ?? null).trim();
      const given = scalarText(row.cells[splitName.given] ?? null).trim();
      const full = [family, given].filter((s) => s !== "").join(" ");
      if (full !== "") {
        values.fullName = full;
        any = true;
      }
    }
    // Columns we do not import (STT, notes…) don't make a row non-empty:
    // templates are often pre-numbered far below the last real member.
    if (any) rows.push({ rowNumber: row.rowNumber, values });
  }
  return { ...base, headerRowNumber, columns: mapping.columns, rows, problems };
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

function worksheetGrid(ws: ExcelJS.Worksheet, limit: number): GridRow[] {
  const grid: GridRow[] = [];
  const last = ws.rowCount;
  for (let r = 1; r <= last && grid.length < limit; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const cells: CellScalar[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.findCell(c);
      // exceljs repeats a merged range's value in every cell of it; only the
      // top-left one really holds it. Otherwise a footer such as "Tổng số: 25
      // đồng chí" merged across A:D would land in the name column.
      cells.push(cell && cell.master !== cell ? null : unwrapCell(cell?.value));
    }
    grid.push({ rowNumber: r, cells });
  }
  return grid;
}

function unreadableXlsx(): RosterSheet {
  return unreadableSheet(
    "xlsx",
    "unreadable_file",
    "tệp Excel bị hỏng hoặc không đúng định dạng; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại",
    "the Excel file is damaged or not an .xlsx file; open it in Excel, save it as .xlsx and send it again",
  );
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

async function readXlsx(bytes: Uint8Array): Promise<RosterSheet> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(toArrayBuffer(bytes));
  } catch {
    // The library's own error text ("End of data reached…") means nothing to an office: say what to do instead.
    return unreadableXlsx();
  }
  const date1904 = wb.properties.date1904 === true;
  // The roster is not always the first sheet (cover sheets, instructions…).
  let chosen = wb.worksheets[0];
  for (const ws of wb.worksheets) {
    const found = findHeader(worksheetGrid(ws, HEADER_SEARCH_ROWS * 2));
    if (found && found.score >= 100) {
      chosen = ws;
      break;
    }
  }
  const grid = chosen ? worksheetGrid(chosen, Number.POSITIVE_INFINITY) : [];
  return gridToSheet(grid, "xlsx", undefined, date1904);
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

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
export async function readRosterSheet(bytes: Uint8Array, fileName: string): Promise<RosterSheet> {
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
    return readXlsx(bytes);
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
  const { text, encoding } = decodeCsvBytes(bytes);
  const records = parseCsvRecords(text, chooseDelimiter(text));
  const grid = records.map((cells, i) => ({ rowNumber: i + 1, cells }));
  return gridToSheet(grid, "csv", encoding, false);
}


export async function parseRoster(bytes: Uint8Array, fileName: string): Promise<RosterParseResult> {
  const sheet = await readRosterSheet(bytes, fileName);
  const validation = validateRosterRows(sheet.rows);
  const result: RosterParseResult = {
    format: sheet.format,
    rows: validation.rows,
    problems: sheet.problems.concat(validation.problems),
  };
  if (sheet.encoding !== undefined) result.encoding = sheet.encoding;
  return result;
}

function memberCell(m: ParsedMember, key: RosterField): string {
  switch (key) {
    case "status":
      return m.status === "probationary" ? "Dự bị" : "Chính thức";
    case "gender":
      return m.gender === "male" ? "Nam" : m.gender === "female" ? "Nữ" : "";
    case "dateOfBirth":
    case "admissionDate":
    case "ceremonyDate":
    case "officialDate": {
      const iso = m[key];
      return iso === null ? "" : formatRosterDate(iso);
    }
    default:
      return m[key] ?? "";
  }
}

/**
 * Writes members with the import headers, every cell as text: dates as
 * dd/mm/yyyy, and card/phone numbers keep their leading zeros when the
 * office edits the file and imports it again.
 */
export async function writeRosterXlsx(members: readonly ParsedMember[]): Promise<Uint8Array> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet("Danh sách đảng viên", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length + 4, c.key === "fullName" || c.key === "unit" ? 28 : 0),
    // "@" keeps Excel from re-interpreting values the user types later.
    style: { numFmt: "@" },
  }));
  ws.getRow(1).font = { bold: true };
  for (const m of members) {
    ws.addRow(ROSTER_COLUMNS.map((c) => memberCell(m, c.key)));
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf);
}
