/**
 * What a roster file is made of: its columns and their headers, the row and problem types, dates as offices
 * write them. Shared by reading (roster-read), validating (roster-validate) and writing (roster-write).
 */
import { t, type Locale, type Params } from "../../core/i18n/index.js";

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
  | "date_order" // the API's own order of a member's dates (model.ts)
  | "field_rule" // any other rule of the API's member schema (length, characters, e-mail…)
  // row level, severity "warning"
  | "official_date_on_probationary"
  // file/header level
  | "unknown_column" // warning
  | "duplicate_column" // warning
  | "missing_name_column" // error
  | "empty_file" // error
  | "unreadable_file" // error
  | "unsupported_xls" // error
  | "too_many_rows"; // error

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

export const DATE_FIELDS: ReadonlySet<RosterField> = new Set<RosterField>([
  "dateOfBirth",
  "admissionDate",
  "ceremonyDate",
  "officialDate",
]);

const COLUMN_BY_KEY = new Map<RosterField, RosterColumn>(ROSTER_COLUMNS.map((c) => [c.key, c]));

export function column(key: RosterField): RosterColumn {
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

export type HeaderRole =
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
    const same =
      prev.kind === role.kind && (prev.kind !== "field" || (role.kind === "field" && prev.field === role.field));
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

export function headerRole(text: string): HeaderRole | null {
  const direct = HEADER_ROLES.get(foldText(text));
  if (direct) return direct;
  // Headers often carry a format hint, e.g. "Ngày sinh (dd/mm/yyyy)" or "Họ và tên (*)".
  const withoutNotes = text.replace(/[([{][^)\]}]*[)\]}]/g, " ");
  return withoutNotes === text ? null : (HEADER_ROLES.get(foldText(withoutNotes)) ?? null);
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

const QUOTE_MAX = 60;

/** Quotes a value back to the user, shortened: a 1 MB cell must not become a 1 MB message. */
export function quote(s: string): string {
  if (s.length <= QUOTE_MAX) return `"${s}"`;
  // Never cut a surrogate pair in half.
  const cut = /[\uD800-\uDBFF]/.test(s.charAt(QUOTE_MAX - 2)) ? QUOTE_MAX - 2 : QUOTE_MAX - 1;
  return `"${s.slice(0, cut)}…"`;
}

export function problem(
  rowNumber: number,
  field: RosterField | null,
  code: RosterProblemCode,
  severity: ProblemSeverity,
  vi: string,
  en: string,
): RowProblem {
  return {
    rowNumber,
    field,
    code,
    severity,
    message: { vi: `Dòng ${rowNumber}: ${vi}`, en: `Row ${rowNumber}: ${en}` },
  };
}

/** A problem whose text comes from the message catalogue (the newer messages; the older ones are above). */
export function catalogueProblem(
  rowNumber: number,
  field: RosterField | null,
  code: RosterProblemCode,
  key: string,
  params: Params | ((locale: Locale) => Params) = {},
): RowProblem {
  const p = (locale: Locale) => ({ row: rowNumber, ...(typeof params === "function" ? params(locale) : params) });
  return {
    rowNumber,
    field,
    code,
    severity: "error",
    message: { vi: t("vi", key, p("vi")), en: t("en", key, p("en")) },
  };
}

/** A file that cannot be read as a roster at all: no rows, one file-level error. */
export function unreadableSheet(format: RosterFormat, code: RosterProblemCode, vi: string, en: string): RosterSheet {
  return { format, headerRowNumber: null, columns: [], rows: [], problems: [problem(1, null, code, "error", vi, en)] };
}

export function columnLetter(index0: number): string {
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

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const TIME_SUFFIX = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?)?`;
const DMY_RE = new RegExp(`${String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})` + TIME_SUFFIX}$`);
const YMD_RE = new RegExp(`${String.raw`^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})` + TIME_SUFFIX}$`);

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

export function dmyFromUtcDate(d: Date): string {
  // exceljs materialises serials as UTC midnights; local parts would shift the
  // day for servers west of UTC.
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

export function cleanText(s: string): string {
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}
