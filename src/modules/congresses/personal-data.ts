import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { checklistItems } from "./schema.js";
import { congressDelegates, preparationSteps } from "./preparation-schema.js";

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

// The congress preparation: the steps put in a person's charge, and their seat as a delegate.
registerPersonalData(
  "congressPreparationSteps",
  async (ex, { memberId }) =>
    memberId
      ? ex
          .select({ id: preparationSteps.id, title: preparationSteps.title, dueOn: preparationSteps.dueOn })
          .from(preparationSteps)
          .where(eq(preparationSteps.ownerMemberId, memberId))
          .orderBy(asc(preparationSteps.dueOn))
      : null,
  [preparationSteps.ownerMemberId],
);
registerPersonalData(
  "congressDelegates",
  async (ex, { memberId }) =>
    memberId
      ? ex
          .select({
            preparationId: congressDelegates.preparationId,
            kind: congressDelegates.kind,
            credential: congressDelegates.credential,
            credentialNote: congressDelegates.credentialNote,
            present: congressDelegates.present,
          })
          .from(congressDelegates)
          .where(eq(congressDelegates.memberId, memberId))
      : null,
  [congressDelegates.memberId],
);
