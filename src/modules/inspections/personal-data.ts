import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import {
  confidentialCaseOpenings,
  confidentialCasePeople,
  confidentialCases,
  disciplineCases,
  inspectionFindings,
  inspectionProgrammeItems,
  inspections,
} from "./schema.js";

// What inspections hold about a person. A confidential case reaches its subject's export only once concluded, and
// then only its conclusion, as the subject reads it in the app; a discipline file only once decided, with the
// member's own appeal (their words) and its resolution. The denouncer is free text, never a member reference, so no
// export names them.
registerPersonalData(
  "inspections",
  async (ex, { memberId, userId }) => {
    const openings = await queryRows(
      ex,
      sql`SELECT case_id AS "caseId", opened_at AS "openedAt" FROM confidential_case_openings
           WHERE user_id = ${userId} ORDER BY opened_at`,
    );
    if (!memberId) return { openings };
    const programmeItems = await queryRows(
      ex,
      sql`SELECT type, content, starts_on::text AS "startsOn", ends_on::text AS "endsOn",
                 (subject_member_id = ${memberId}) AS "asSubject"
            FROM inspection_programme_items
           WHERE deleted_at IS NULL AND (subject_member_id = ${memberId} OR lead_member_id = ${memberId})`,
    );
    const ordinary = await queryRows(
      ex,
      sql`SELECT type, content, concluded_on::text AS "concludedOn", (subject_member_id = ${memberId}) AS "asSubject"
            FROM inspections
           WHERE deleted_at IS NULL AND (subject_member_id = ${memberId} OR lead_member_id = ${memberId})`,
    );
    const confidential = await queryRows(
      ex,
      sql`SELECT c.type, c.concluded_on::text AS "concludedOn",
                 (SELECT s.text FROM confidential_case_steps s WHERE s.case_id = c.id AND s.step = 'conclusion'
                   LIMIT 1) AS conclusion
            FROM confidential_cases c
           WHERE c.deleted_at IS NULL AND c.subject_member_id = ${memberId} AND c.concluded_on IS NOT NULL`,
    );
    const asTeam = await queryRows(
      ex,
      sql`SELECT c.id, c.type FROM confidential_cases c
           WHERE c.deleted_at IS NULL AND (c.lead_member_id = ${memberId}
              OR EXISTS (SELECT 1 FROM confidential_case_people p WHERE p.case_id = c.id AND p.member_id = ${memberId}))`,
    );
    const findings = await queryRows(
      ex,
      sql`SELECT text, remedy, due_on::text AS "dueOn", report, closed_on::text AS "closedOn"
            FROM inspection_findings WHERE deleted_at IS NULL AND owner_member_id = ${memberId}`,
    );
    const discipline = await queryRows(
      ex,
      sql`SELECT form, body, decided_on::text AS "decidedOn", number_text AS "numberText",
                 appealed_on::text AS "appealedOn", appeal_text AS "appealText",
                 appeal_resolve_by::text AS "appealResolveBy", appeal_outcome AS "appealOutcome",
                 appeal_resolved_on::text AS "appealResolvedOn", appeal_form AS "appealForm",
                 appeal_resolution_text AS "appealResolutionText",
                 appeal_number_text AS "appealNumberText"
            FROM discipline_cases
           WHERE deleted_at IS NULL AND member_id = ${memberId} AND decided_on IS NOT NULL`,
    );
    return { programmeItems, ordinary, confidential, asTeam, findings, discipline, openings };
  },
  [
    inspectionProgrammeItems.subjectMemberId,
    inspectionProgrammeItems.leadMemberId,
    inspections.subjectMemberId,
    inspections.leadMemberId,
    confidentialCases.subjectMemberId,
    confidentialCases.leadMemberId,
    confidentialCasePeople.memberId,
    confidentialCaseOpenings.userId,
    inspectionFindings.ownerMemberId,
    disciplineCases.memberId,
  ],
);
