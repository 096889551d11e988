import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { duesBases, duesPayments } from "./schema.js";

// What the dues module holds about a member: their dues basis with its history (income is personal data), and
// their payments with the receipts. The handover is the cell's sum, about nobody in particular.
registerPersonalData(
  "dues",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    const bases = await queryRows(
      ex,
      sql`SELECT kind, amount, from_month::text AS "fromMonth", exemption, reduction_percent AS "reductionPercent",
                 reduction_reason AS "reductionReason", reduction_until::text AS "reductionUntil", note,
                 deleted_at AS "replacedAt"
            FROM dues_bases WHERE member_id = ${memberId} ORDER BY from_month, created_at`,
    );
    const payments = await queryRows(
      ex,
      sql`SELECT to_char(month, 'YYYY-MM') AS month, amount, due, method, reference, paid_on::text AS "paidOn",
                 receipt_number AS "receiptNumber", deleted_at AS "cancelledAt"
            FROM dues_payments WHERE member_id = ${memberId} ORDER BY month, created_at`,
    );
    return { bases, payments };
  },
  [duesBases.memberId, duesPayments.memberId],
);
