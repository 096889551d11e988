import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { admissionCandidates, admissionFormFiles } from "./schema.js";

// What the admissions module holds about a member: the path that made them a member (their own candidate record,
// linked at the ceremony), and the candidates they were assigned to help — by stage only, since the candidate's
// record is the candidate's own personal data, not the helper's. A candidate has no account, so no export of their
// own; the cell's committee answers a candidate's request from the candidate page. The dossier's files are listed
// (form, name, size, dates) with the member's own record; the files themselves are downloaded from the page. An
// account that uploaded files is told which forms and when, not whose: the candidate's name is the candidate's.
registerPersonalData(
  "admissions",
  async (ex, { userId, memberId }) => {
    const uploaded = await queryRows(
      ex,
      sql`SELECT form, file_name AS "fileName", size, uploaded_at AS "uploadedAt", replaced_at AS "replacedAt"
            FROM admission_form_files WHERE uploaded_by = ${userId} ORDER BY uploaded_at`,
    );
    if (!memberId) return uploaded.length ? { uploaded } : null;
    const admission = await queryRows(
      ex,
      sql`SELECT full_name AS "fullName", date_of_birth::text AS "dateOfBirth", unit,
                 course_certificate_on::text AS "courseCertificateOn", stage, resolution_on::text AS "resolutionOn",
                 decision_on::text AS "decisionOn", ceremony_on::text AS "ceremonyOn",
                 recognition_vote_on::text AS "recognitionVoteOn", recognition_outcome AS "recognitionOutcome",
                 official_on::text AS "officialOn"
            FROM admission_candidates WHERE member_id = ${memberId} AND deleted_at IS NULL`,
    );
    const helping = await queryRows(
      ex,
      sql`SELECT stage, created_at AS "since" FROM admission_candidates
           WHERE helper_ids @> ${JSON.stringify([memberId])}::jsonb AND deleted_at IS NULL ORDER BY created_at`,
    );
    const dossierFiles = await queryRows(
      ex,
      sql`SELECT f.form, f.file_name AS "fileName", f.kind, f.size, f.uploaded_at AS "uploadedAt",
                 f.replaced_at AS "replacedAt"
            FROM admission_form_files f JOIN admission_candidates c ON c.id = f.candidate_id
           WHERE c.member_id = ${memberId} AND c.deleted_at IS NULL ORDER BY f.form, f.uploaded_at`,
    );
    return { admission, dossierFiles, helping, uploaded };
  },
  [admissionCandidates.memberId, admissionCandidates.helperIds, admissionFormFiles.uploadedBy],
);
