import { and, asc, eq, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { DisciplineForm } from "./model.js";
import { disciplineCases, inspectionFindings, inspections } from "./schema.js";

/**
 * What the year-end evaluation reads from inspections: the shortcomings named to an organisation and whether each
 * was closed by the team's acceptance ("every shortcoming named last time fixed"), and a member's discipline
 * decided in the period (the veto). Ordinary inspections only: a confidential case reaches an evaluation through
 * the discipline it ends in, never through its file.
 */
export async function findingsOf(
  ex: Executor,
  subjectOrganizationIds: string[],
  from: string,
  to: string,
): Promise<{ id: string; organizationId: string; text: string; dueOn: string; closedOn: string | null }[]> {
  if (subjectOrganizationIds.length === 0) return [];
  const rows = await ex
    .select({
      id: inspectionFindings.id,
      organizationId: inspections.subjectOrganizationId,
      text: inspectionFindings.text,
      dueOn: inspectionFindings.dueOn,
      closedOn: inspectionFindings.closedOn,
    })
    .from(inspectionFindings)
    .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
    .where(
      and(
        inArray(inspections.subjectOrganizationId, subjectOrganizationIds),
        isNull(inspectionFindings.deletedAt),
        gte(inspections.concludedOn, from),
        lte(inspections.concludedOn, to),
      ),
    )
    .orderBy(asc(inspectionFindings.dueOn));
  return rows.map((r) => ({ ...r, organizationId: r.organizationId! }));
}

/**
 * A member's discipline decided between `from` and `to` (inclusive), with its dates: a decision annulled on appeal
 * is left out, one changed on appeal counts with its new form.
 */
export async function disciplineOf(
  ex: Executor,
  memberId: string,
  from: string,
  to: string,
): Promise<{ form: DisciplineForm; decidedOn: string; numberText: string | null; appealedOn: string | null }[]> {
  const rows = await ex
    .select()
    .from(disciplineCases)
    .where(
      and(
        eq(disciplineCases.memberId, memberId),
        isNull(disciplineCases.deletedAt),
        isNotNull(disciplineCases.decidedOn),
        gte(disciplineCases.decidedOn, from),
        lte(disciplineCases.decidedOn, to),
      ),
    )
    .orderBy(asc(disciplineCases.decidedOn));
  return rows
    .filter((r) => r.appealOutcome !== "annulled")
    .map((r) => ({
      form: r.appealForm ?? r.form!,
      decidedOn: r.decidedOn!,
      numberText: r.numberText,
      appealedOn: r.appealedOn,
    }));
}
