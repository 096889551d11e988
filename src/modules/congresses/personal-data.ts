import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { checklistItems } from "./schema.js";

// What the congresses module holds about a person: the congress checklist items put in their charge.
registerPersonalData(
  "congressChecklist",
  async (ex, { memberId }) =>
    memberId
      ? ex
          .select({
            id: checklistItems.id,
            congressId: checklistItems.congressId,
            title: checklistItems.title,
            dueOn: checklistItems.dueOn,
            done: checklistItems.done,
          })
          .from(checklistItems)
          .where(eq(checklistItems.ownerMemberId, memberId))
          .orderBy(asc(checklistItems.dueOn), asc(checklistItems.position))
      : null,
  [checklistItems.ownerMemberId],
);
