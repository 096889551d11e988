import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { studyAttendance, studyReflections } from "./schema.js";

// What the studies module holds about a member: the study sessions they attended and their reflections, with the
// text they typed.
registerPersonalData(
  "studies",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    const attended = await queryRows(
      ex,
      sql`SELECT s.held_on::text AS "heldOn", s.place, s.makeup_of_id IS NOT NULL AS "makeup"
            FROM study_attendance a JOIN study_sessions s ON s.id = a.session_id
           WHERE a.member_id = ${memberId} AND s.deleted_at IS NULL ORDER BY s.held_on`,
    );
    const reflections = await queryRows(
      ex,
      sql`SELECT via, content, received_on::text AS "receivedOn" FROM study_reflections
           WHERE member_id = ${memberId} ORDER BY received_on`,
    );
    return { attended, reflections };
  },
  [studyAttendance.memberId, studyReflections.memberId],
);
