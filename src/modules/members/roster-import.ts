import { and, eq, isNull, like } from "drizzle-orm";
import type { Executor, Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { t } from "../../core/i18n/index.js";
import { organizations } from "../organizations/schema.js";
import type { OrganizationRow } from "../organizations/store.js";
import { members } from "./schema.js";
import { foldForSearch, normalizeName } from "./names.js";
import { createMembers, transferMember, updateMember, type MemberFields } from "./operations.js";
import type { ParsedMember, RosterParseResult, RowProblem } from "./roster.js";
import type { MemberRow } from "./store.js";

export type PlannedAction = "create" | "update" | "unchanged" | "error";

export interface PlannedRow {
  rowNumber: number;
  action: PlannedAction;
  fullName: string | null;
  organizationId: string | null;
  organizationName: string | null;
  memberId: string | null;
}

export interface ImportPlan {
  rows: PlannedRow[];
  problems: RowProblem[];
  counts: Record<PlannedAction, number>;
  /** Only when there is no error may the plan be applied. */
  ready: boolean;
  format: string;
  encoding?: string;
}

function problem(
  rowNumber: number,
  field: RowProblem["field"],
  code: string,
  key: string,
  params: Record<string, string | number>,
): RowProblem {
  return {
    rowNumber,
    field,
    code: code as RowProblem["code"],
    severity: "error",
    message: { vi: t("vi", key, params), en: t("en", key, params) },
  };
}

function fieldsOf(m: ParsedMember, existing?: MemberRow): MemberFields {
  return {
    fullName: m.fullName,
    status: m.status,
    cardNumber: m.cardNumber,
    dateOfBirth: m.dateOfBirth,
    gender: m.gender,
    ethnicity: m.ethnicity,
    education: m.education,
    admissionDate: m.admissionDate,
    ceremonyDate: m.ceremonyDate,
    officialDate: m.officialDate,
    phone: m.phone,
    email: m.email,
    unit: m.unit,
    // Not a roster column: keep what the record says.
    exemptFromActivities: existing?.exemptFromActivities ?? false,
  };
}

function sameFields(a: MemberFields, b: MemberRow): boolean {
  return (Object.keys(a) as (keyof MemberFields)[]).every((k) =>
    k === "fullName" ? normalizeName(a.fullName) === b.fullName : a[k] === b[k],
  );
}

/**
 * Decides, row by row, what importing the roster into `target` would do. Nothing is written.
 * Rows match existing members by card number, or — without one — by name and date of birth in the same cell,
 * so importing the same file twice changes nothing.
 */
export async function planRosterImport(
  ex: Executor,
  target: OrganizationRow,
  parsed: RosterParseResult,
): Promise<{ plan: ImportPlan; work: Work[] }> {
  const problems = [...parsed.problems];
  const scopeOrgs = await ex
    .select()
    .from(organizations)
    .where(and(like(organizations.path, `${target.path}%`), isNull(organizations.closedOn)));
  const byCode = new Map(scopeOrgs.filter((o) => o.kind !== "party_committee").map((o) => [o.code.toLowerCase(), o]));
  const scopeIds = new Set(scopeOrgs.map((o) => o.id));
  const active = await ex
    .select({ m: members, path: organizations.path, orgName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(isNull(members.leftOn));
  const byCard = new Map(active.filter((r) => r.m.cardNumber).map((r) => [r.m.cardNumber!, r]));
  const byNameDob = new Map(
    active
      .filter((r) => scopeIds.has(r.m.organizationId))
      .map((r) => [`${r.m.organizationId}|${foldForSearch(r.m.fullName)}|${r.m.dateOfBirth ?? ""}`, r]),
  );

  const rows: PlannedRow[] = [];
  const work: Work[] = [];
  for (const { rowNumber, member } of parsed.rows) {
    if (!member) {
      rows.push({
        rowNumber,
        action: "error",
        fullName: null,
        organizationId: null,
        organizationName: null,
        memberId: null,
      });
      continue;
    }
    const org = member.cellCode
      ? byCode.get(member.cellCode.toLowerCase())
      : target.kind === "party_committee"
        ? undefined
        : target;
    if (!org) {
      problems.push(
        problem(rowNumber, "cellCode", "unknown_cell", "errors.roster_unknown_cell", {
          row: rowNumber,
          code: member.cellCode ?? "",
        }),
      );
      rows.push({
        rowNumber,
        action: "error",
        fullName: member.fullName,
        organizationId: null,
        organizationName: null,
        memberId: null,
      });
      continue;
    }
    const match = member.cardNumber
      ? byCard.get(member.cardNumber)
      : byNameDob.get(`${org.id}|${foldForSearch(member.fullName)}|${member.dateOfBirth ?? ""}`);
    if (match && !scopeIds.has(match.m.organizationId)) {
      problems.push(
        problem(rowNumber, "cardNumber", "card_elsewhere", "errors.roster_card_elsewhere", {
          row: rowNumber,
          card: member.cardNumber ?? "",
          org: match.orgName,
        }),
      );
      rows.push({
        rowNumber,
        action: "error",
        fullName: member.fullName,
        organizationId: org.id,
        organizationName: org.name,
        memberId: match.m.id,
      });
      continue;
    }
    const fields = fieldsOf(member, match?.m);
    const action: PlannedAction = !match
      ? "create"
      : sameFields(fields, match.m) && match.m.organizationId === org.id
        ? "unchanged"
        : "update";
    rows.push({
      rowNumber,
      action,
      fullName: member.fullName,
      organizationId: org.id,
      organizationName: org.name,
      memberId: match?.m.id ?? null,
    });
    if (action !== "unchanged") work.push({ rowNumber, org, fields, existing: match?.m ?? null });
  }
  problems.sort((a, b) => a.rowNumber - b.rowNumber);
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 } as Record<PlannedAction, number>;
  for (const r of rows) counts[r.action]++;
  const ready = !problems.some((p) => p.severity === "error");
  return { plan: { rows, problems, counts, ready, format: parsed.format, encoding: parsed.encoding }, work };
}

export interface Work {
  rowNumber: number;
  org: OrganizationRow;
  fields: MemberFields;
  existing: MemberRow | null;
}

/** Applies a ready plan inside the caller's transaction: all rows or none. */
export async function applyRosterImport(tx: Tx, actor: Actor, work: Work[], today: string): Promise<void> {
  await createMembers(
    tx,
    actor,
    work.filter((w) => !w.existing).map((w) => ({ org: w.org, fields: w.fields })),
  );
  for (const w of work) {
    if (!w.existing) continue;
    let current = w.existing;
    if (current.organizationId !== w.org.id) {
      current = await transferMember(tx, actor, current, w.org, {
        toOrganizationId: w.org.id,
        transferredOn: today,
        note: "roster import",
        version: current.version,
      });
    }
    await updateMember(tx, actor, current, { ...w.fields, version: current.version });
  }
}
