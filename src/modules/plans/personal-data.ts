import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { personalPlans, planItems, plans } from "./schema.js";

// What the plans module holds about a person: their personal plans (one a year) and the plan items they answer for.
registerPersonalData(
  "plans",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    return {
      personalPlans: await ex
        .select({
          id: personalPlans.id,
          year: personalPlans.year,
          items: personalPlans.items,
          registeredOn: personalPlans.registeredOn,
          reviewedOn: personalPlans.reviewedOn,
          reviewNote: personalPlans.reviewNote,
        })
        .from(personalPlans)
        .where(eq(personalPlans.memberId, memberId))
        .orderBy(asc(personalPlans.year)),
      planItems: await ex
        .select({
          id: planItems.id,
          planTitle: plans.title,
          what: planItems.what,
          dueOn: planItems.dueOn,
          closedOn: planItems.closedOn,
        })
        .from(planItems)
        .innerJoin(plans, eq(plans.id, planItems.planId))
        .where(eq(planItems.responsibleMemberId, memberId))
        .orderBy(asc(planItems.dueOn), asc(planItems.id)),
    };
  },
  [personalPlans.memberId, planItems.responsibleMemberId],
);
