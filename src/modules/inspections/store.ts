import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { queryRows } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import { getMember } from "../members/store.js";
import type { InspectionRules, StepKey } from "./model.js";
import {
  confidentialCaseOpenings,
  confidentialCasePeople,
  confidentialCases,
  confidentialCaseSteps,
  disciplineCases,
  inspectionFindings,
  inspectionProgrammeItems,
  inspectionProgrammes,
  inspectionReports,
  inspections,
  inspectionSteps,
} from "./schema.js";

export type ProgrammeRow = typeof inspectionProgrammes.$inferSelect;
export type ProgrammeItemRow = typeof inspectionProgrammeItems.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type CaseRow = typeof confidentialCases.$inferSelect;
export type StepRow = typeof inspectionSteps.$inferSelect;
export type FindingRow = typeof inspectionFindings.$inferSelect;
export type DisciplineRow = typeof disciplineCases.$inferSelect;

/** An inspection as loaded: an ordinary one, or a confidential case with its named people. */
export type LoadedInspection =
  | (InspectionRow & { confidential: false })
  | (CaseRow & { confidential: true; namedMemberIds: string[] });

export async function inspectionRules(ex: Executor, orgPath: string, onDate: string): Promise<InspectionRules> {
  return (await rulebookInForce<InspectionRules>(ex, "inspection", orgPath, onDate)).data;
}

/** The holiday calendar in force for an organisation on a day: an appeal's resolution counts working days. */
export async function holidayCalendar(ex: Executor, orgPath: string, onDate: string): Promise<HolidayCalendar> {
  return (await rulebookInForce<HolidayCalendar>(ex, HOLIDAYS_KIND, orgPath, onDate)).data;
}

/** The decided discipline of one member, newest first: what the member reads on their own page. */
export async function listOwnDiscipline(ex: Executor, memberId: string) {
  return ex
    .select()
    .from(disciplineCases)
    .where(
      and(
        eq(disciplineCases.memberId, memberId),
        isNotNull(disciplineCases.decidedOn),
        isNull(disciplineCases.deletedAt),
      ),
    )
    .orderBy(desc(disciplineCases.decidedOn));
}

export async function getProgramme(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = ex
    .select()
    .from(inspectionProgrammes)
    .where(and(eq(inspectionProgrammes.id, id), isNull(inspectionProgrammes.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listProgrammes(ex: Executor, organizationId: string) {
  return ex
    .select()
    .from(inspectionProgrammes)
    .where(and(eq(inspectionProgrammes.organizationId, organizationId), isNull(inspectionProgrammes.deletedAt)))
    .orderBy(desc(inspectionProgrammes.year), asc(inspectionProgrammes.body));
}

export async function listProgrammeItems(ex: Executor, programmeIds: string[]) {
  if (programmeIds.length === 0) return [];
  return ex
    .select()
    .from(inspectionProgrammeItems)
    .where(and(inArray(inspectionProgrammeItems.programmeId, programmeIds), isNull(inspectionProgrammeItems.deletedAt)))
    .orderBy(asc(inspectionProgrammeItems.position), asc(inspectionProgrammeItems.startsOn));
}

export async function getProgrammeItem(ex: Executor, id: string) {
  const [row] = await ex.select().from(inspectionProgrammeItems).where(eq(inspectionProgrammeItems.id, id));
  return row ?? null;
}

/** An inspection by id from either table; the confidential one carries its named people. */
export async function getInspection(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedInspection | null> {
  const q = ex
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, id), isNull(inspections.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  if (row) return { ...row, confidential: false };
  const cq = ex
    .select()
    .from(confidentialCases)
    .where(and(eq(confidentialCases.id, id), isNull(confidentialCases.deletedAt)));
  const [c] = opts.forUpdate ? await cq.for("update") : await cq;
  if (!c) return null;
  const people = await ex
    .select({ memberId: confidentialCasePeople.memberId })
    .from(confidentialCasePeople)
    .where(eq(confidentialCasePeople.caseId, c.id));
  return { ...c, confidential: true, namedMemberIds: people.map((p) => p.memberId) };
}

/**
 * Ordinary inspections run by a body of an organisation under `orgPath`, or concerning an organisation (or a
 * member of one) under it: a cell sees those of the đảng bộ about itself.
 */
export async function listInspections(ex: Executor, orgPath: string): Promise<InspectionRow[]> {
  const under = `${orgPath.replace(/[\\%_]/g, "\\$&")}%`;
  // A member subject's cell is the members module's to say: those rows are kept, then checked by getMember.
  const rows = await queryRows<{ id: string; member: string | null; here: boolean }>(
    ex,
    sql`SELECT i.id, i.subject_member_id AS member, (o.path LIKE ${under} OR so.path LIKE ${under}) AS here
          FROM inspections i
          JOIN organizations o ON o.id = i.organization_id
          LEFT JOIN organizations so ON so.id = i.subject_organization_id
         WHERE i.deleted_at IS NULL AND (o.path LIKE ${under} OR so.path LIKE ${under} OR i.subject_member_id IS NOT NULL)`,
  );
  const ids: string[] = [];
  for (const r of rows) {
    if (r.here || (r.member && (await getMember(ex, r.member))?.organizationPath.startsWith(orgPath))) ids.push(r.id);
  }
  if (ids.length === 0) return [];
  return ex.select().from(inspections).where(inArray(inspections.id, ids)).orderBy(asc(inspections.createdAt));
}

/** Every confidential case of the đảng bộ, with named people: the caller filters by confidentialReach. */
export async function listCases(ex: Executor, organizationId: string) {
  const rows = await ex
    .select()
    .from(confidentialCases)
    .where(and(eq(confidentialCases.organizationId, organizationId), isNull(confidentialCases.deletedAt)))
    .orderBy(asc(confidentialCases.createdAt));
  const people = rows.length
    ? await ex
        .select()
        .from(confidentialCasePeople)
        .where(
          inArray(
            confidentialCasePeople.caseId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => ({
    ...r,
    confidential: true as const,
    namedMemberIds: people.filter((p) => p.caseId === r.id).map((p) => p.memberId),
  }));
}

export async function listSteps(ex: Executor, inspection: LoadedInspection): Promise<StepRow[]> {
  const table = inspection.confidential ? confidentialCaseSteps : inspectionSteps;
  return ex.select().from(table).where(eq(table.inspectionId, inspection.id)).orderBy(asc(table.createdAt));
}

/**
 * The next number of a numbered step in the body's sequence for its document type and year. Ordinary and
 * confidential steps share the sequence, as they share the body's register; the UBKT's notices of an appeal's
 * resolution are TBs of the same sequence as its conclusion notices (ADR 0165).
 */
export async function nextStepNumber(
  ex: Executor,
  organizationId: string,
  body: string,
  stepKeys: StepKey[],
  year: number,
): Promise<number> {
  const [row] = await queryRows<{ n: number | null }>(
    ex,
    sql`SELECT max(n)::int AS n FROM (
          SELECT s.number AS n FROM inspection_steps s JOIN inspections i ON i.id = s.inspection_id
           WHERE i.organization_id = ${organizationId} AND i.body = ${body}
             AND s.step = ANY(${`{${stepKeys.join(",")}}`}::text[]) AND extract(year FROM s.on) = ${year}
          UNION ALL
          SELECT s.number FROM confidential_case_steps s JOIN confidential_cases c ON c.id = s.case_id
           WHERE c.organization_id = ${organizationId} AND c.body = ${body}
             AND s.step = ANY(${`{${stepKeys.join(",")}}`}::text[]) AND extract(year FROM s.on) = ${year}
          UNION ALL
          SELECT d.appeal_number FROM discipline_cases d
           WHERE d.organization_id = ${organizationId} AND ${body} = 'inspection_committee'
             AND ${stepKeys.includes("conclusion")} AND extract(year FROM d.appeal_resolved_on) = ${year}) x`,
  );
  return (row?.n ?? 0) + 1;
}

export async function listFindings(ex: Executor, inspectionIds: string[]): Promise<FindingRow[]> {
  if (inspectionIds.length === 0) return [];
  return ex
    .select()
    .from(inspectionFindings)
    .where(and(inArray(inspectionFindings.inspectionId, inspectionIds), isNull(inspectionFindings.deletedAt)))
    .orderBy(asc(inspectionFindings.createdAt));
}

export async function getFinding(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = ex
    .select()
    .from(inspectionFindings)
    .where(and(eq(inspectionFindings.id, id), isNull(inspectionFindings.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listOpenings(ex: Executor, caseId: string) {
  return ex
    .select()
    .from(confidentialCaseOpenings)
    .where(eq(confidentialCaseOpenings.caseId, caseId))
    .orderBy(desc(confidentialCaseOpenings.openedAt));
}

export async function getDiscipline(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = ex
    .select()
    .from(disciplineCases)
    .where(and(eq(disciplineCases.id, id), isNull(disciplineCases.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listDiscipline(ex: Executor, organizationId: string) {
  return ex
    .select()
    .from(disciplineCases)
    .where(and(eq(disciplineCases.organizationId, organizationId), isNull(disciplineCases.deletedAt)))
    .orderBy(asc(disciplineCases.proposedOn));
}

export type ReportRow = typeof inspectionReports.$inferSelect;

export async function getReport(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = ex
    .select()
    .from(inspectionReports)
    .where(and(eq(inspectionReports.id, id), isNull(inspectionReports.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listReports(ex: Executor, organizationId: string) {
  return ex
    .select()
    .from(inspectionReports)
    .where(and(eq(inspectionReports.organizationId, organizationId), isNull(inspectionReports.deletedAt)))
    .orderBy(desc(inspectionReports.year), desc(inspectionReports.fromOn), desc(inspectionReports.createdAt));
}

/** The next number of the UBKT's BC sequence for the year (the module's own, like its QĐ and TB). */
export async function nextReportNumber(ex: Executor, organizationId: string, year: number): Promise<number> {
  const [row] = await queryRows<{ n: number | null }>(
    ex,
    sql`SELECT max(number)::int AS n FROM inspection_reports
         WHERE organization_id = ${organizationId} AND extract(year FROM issued_on) = ${year}`,
  );
  return (row?.n ?? 0) + 1;
}

/** The first step of each case, by case id: when it began. */
export async function firstStepDays(ex: Executor, cases: LoadedInspection[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of cases) {
    const first = (await listSteps(ex, c)).map((s) => s.on).sort()[0];
    if (first) out.set(c.id, first);
  }
  return out;
}
