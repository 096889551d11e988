import { asc, eq } from "drizzle-orm";
import { personalDataColumns, registerPersonalData } from "../../core/personal-data.js";
import { memberStatusPeriods, memberTransfers } from "./schema.js";

// The "member" section (registered beside the routes) reads the member's record and their transfers.
personalDataColumns("member", [memberTransfers.memberId]);

// A member's status over time (probation, full membership, exemption, suspension, leaving) is theirs to read back.
registerPersonalData(
  "statusHistory",
  async (ex, { memberId }) =>
    memberId
      ? ex
          .select({
            kind: memberStatusPeriods.kind,
            startsOn: memberStatusPeriods.startsOn,
            endsOn: memberStatusPeriods.endsOn,
            reason: memberStatusPeriods.reason,
          })
          .from(memberStatusPeriods)
          .where(eq(memberStatusPeriods.memberId, memberId))
          .orderBy(asc(memberStatusPeriods.startsOn))
      : null,
  [memberStatusPeriods.memberId],
);
