import { sql } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { queryRows } from "../../core/db/index.js";
import { evaluationComments, evaluationSubjects } from "./schema.js";

// What the year-end review holds about a person: each period they were reviewed in, their own self-assessment and
// the level decided, the comments made on them, and the comments they made on others.
registerPersonalData(
  "evaluations",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    const reviews = await queryRows(
      ex,
      sql`SELECT p.kind, p.year, p.quarter, s.form, s.excluded, s.exclusion_reason AS "exclusionReason",
                 a.sections, a.scores, a.total, a.proposed_level AS "proposedLevel",
                 a.submitted_at AS "submittedAt", d.level AS "decidedLevel", d.decided_on::text AS "decidedOn"
            FROM evaluation_subjects s
            JOIN evaluation_periods p ON p.id = s.period_id
            LEFT JOIN self_assessments a ON a.subject_id = s.id AND a.deleted_at IS NULL
            LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
           WHERE s.member_id = ${memberId} AND s.deleted_at IS NULL
           ORDER BY p.starts_on`,
    );
    const commentsReceived = await queryRows(
      ex,
      sql`SELECT c.kind, c.author_name AS "authorName", c.text, c.created_at AS "createdAt"
            FROM evaluation_comments c JOIN evaluation_subjects s ON s.id = c.subject_id
           WHERE s.member_id = ${memberId} AND c.deleted_at IS NULL ORDER BY c.created_at`,
    );
    const commentsMade = await queryRows(
      ex,
      sql`SELECT c.kind, c.text, c.created_at AS "createdAt"
            FROM evaluation_comments c
           WHERE c.author_member_id = ${memberId} AND c.deleted_at IS NULL ORDER BY c.created_at`,
    );
    return { reviews, commentsReceived, commentsMade };
  },
  [evaluationSubjects.memberId, evaluationComments.authorMemberId],
);
