/**
 * Row validation: roster values as offices write them ("Dự bị", "5/9/1990", "0912 345 678") become the API's
 * member fields, and then pass through the API's own create-member schema (model.ts). One set of rules: a row
 * the preview calls ready is one the API would store, so the import cannot fail on it afterwards.
 */
import { issueMessage } from "../../core/http/problem.js";
import type { Locale } from "../../core/i18n/index.js";
import { createMemberBody, dateOrderIssues } from "./model.js";
import {
  DATE_FIELDS,
  ROSTER_COLUMNS,
  catalogueProblem,
  cleanText,
  column,
  foldText,
  formatRosterDate,
  parseRosterDate,
  problem,
  quote,
  type Gender,
  type MemberStatus,
  type ParsedMember,
  type RosterField,
  type RosterProblemCode,
  type RosterRow,
  type RosterValidation,
  type RowProblem,
} from "./roster-columns.js";

/** The API's member fields without the organisation, which a roster row gives as a cell code (or not at all). */
const memberSchema = createMemberBody.omit({ organizationId: true });

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

export interface ValidatedRow {
  rowNumber: number;
  /** null when the row has an error. */
  member: ParsedMember | null;
  problems: RowProblem[];
}

/**
 * A validator for one file, fed row by row so that a large file can be checked while it is read
 * (it remembers card numbers to find repeats). Returns null for a row whose values are all blank.
 */
export function rosterRowValidator(): (row: RosterRow) => ValidatedRow | null {
  const firstRowByCard = new Map<string, number>();

  return (row) => {
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
    if (!any) return null;

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
      err(
        "fullName",
        "missing_name",
        `thiếu ${quote(column("fullName").header)}`,
        `${quote(column("fullName").headerEn)} is missing`,
      );
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
      else
        invalid(
          "status",
          "bad_status",
          v.status,
          ` (dùng "Chính thức" hoặc "Dự bị")`,
          ` (use "Chính thức" or "Dự bị")`,
        );
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
      const kept = v.phone
        .replace(/[^\d+ ]/g, "")
        .replace(/ +/g, " ")
        .trim();
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

    const values: ParsedMember = {
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
    const member = applyMemberSchema(n, values, rowProblems);
    return {
      rowNumber: n,
      member: rowProblems.some((p) => p.severity === "error") ? null : member,
      problems: rowProblems,
    };
  };
}

/**
 * Validates rows already mapped to fields. Pure and linear in the number of
 * rows. Rows whose values are all blank are skipped without a trace.
 */
export function validateRosterRows(rows: readonly RosterRow[]): RosterValidation {
  const validate = rosterRowValidator();
  const out: RosterValidation["rows"] = [];
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const checked = validate(row);
    if (!checked) continue;
    out.push({ rowNumber: checked.rowNumber, member: checked.member });
    for (const p of checked.problems) problems.push(p);
  }
  return { rows: out, problems };
}

/**
 * Runs the row through the API's member schema and its rule on the order of dates. Fields that already have a
 * roster problem are not reported twice. Returns the member as the API would store it, or null.
 */
function applyMemberSchema(n: number, values: ParsedMember, problems: RowProblem[]): ParsedMember | null {
  const flagged = new Set(problems.filter((p) => p.severity === "error").map((p) => p.field));
  const { cellCode, ...fields } = values;
  const parsed = memberSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Every rule of the schema is on one field; the first of its problems is enough.
      const field = issue.path[0] as RosterField;
      if (flagged.has(field) || !ROSTER_COLUMNS.some((c) => c.key === field)) continue;
      flagged.add(field);
      const { path, code, message, ...params } = issue;
      const rule = (locale: Locale) => {
        const text = issueMessage(locale, { keyword: code, instancePath: `/${path.join("/")}`, message, params });
        return text.charAt(0).toLowerCase() + text.slice(1);
      };
      const c = column(field);
      const label = (locale: Locale) => (locale === "vi" ? c.header : c.headerEn);
      problems.push(
        catalogueProblem(n, field, "field_rule", "errors.roster_field_rule", (l) => ({
          field: label(l),
          rule: rule(l),
        })),
      );
    }
    return null;
  }
  const { exemptFromActivities: _notInRoster, ...data } = parsed.data;
  const member: ParsedMember = { ...data, cellCode };
  for (const { field, earlier } of dateOrderIssues(member)) {
    if (flagged.has(field)) continue;
    const [a, b] = [member[earlier]!, member[field]!];
    const [ca, cb] = [column(earlier), column(field)];
    problems.push(
      problem(
        n,
        field,
        "date_order",
        "error",
        `${quote(cb.header)} (${formatRosterDate(b)}) sớm hơn ${quote(ca.header)} (${formatRosterDate(a)})`,
        `${quote(cb.headerEn)} (${formatRosterDate(b)}) is before ${quote(ca.headerEn)} (${formatRosterDate(a)})`,
      ),
    );
  }
  return member;
}
