import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { partyTransfers, temporaryStays } from "./schema.js";

// What the transfers module holds about a member: their moves across the đảng bộ's edge and their temporary stays,
// with the host's comments. A member of another đảng bộ staying here has no account, so no export of their own.
registerPersonalData(
  "transfers",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    const transfers = await queryRows(
      ex,
      sql`SELECT direction, counterpart, decision_ref AS "decisionRef", decision_on::text AS "decisionOn", reason,
                 letter_number AS "letterNumber", letter_issued_on::text AS "letterIssuedOn",
                 effective_on::text AS "effectiveOn", late_reason AS "lateReason",
                 cancelled_on::text AS "cancelledOn", cancel_reason AS "cancelReason"
            FROM party_transfers WHERE member_id = ${memberId} ORDER BY letter_issued_on`,
    );
    const stays = await queryRows(
      ex,
      sql`SELECT purpose, starts_on::text AS "startsOn", ends_on::text AS "endsOn", host_name AS "hostName",
                 letter_number AS "letterNumber", host_comment AS "hostComment",
                 host_comment_on::text AS "hostCommentOn", cancelled_on::text AS "cancelledOn",
                 cancel_reason AS "cancelReason"
            FROM temporary_stays WHERE member_id = ${memberId} ORDER BY starts_on`,
    );
    return { transfers, stays };
  },
  [partyTransfers.memberId, temporaryStays.memberId],
);
