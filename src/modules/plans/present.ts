import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { PLAN_KINDS } from "./model.js";
import { TASK_STATUSES } from "../tasks/model.js";

// What the plans module answers. A field not named here never leaves the server.

export const planSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  resolutionId: z.uuid().nullable(),
  resolutionTaskId: z.uuid().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  state: z.enum(["draft", "issued"]),
  issuedOn: z.string().nullable(),
  documentId: z.uuid().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

export const planItemSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  organizationId: z.uuid(),
  position: z.number(),
  what: z.string(),
  how: z.string().nullable(),
  dueOn: z.string(),
  responsibleMemberId: z.uuid().nullable(),
  responsibleUnit: z.string().nullable(),
  coordinating: z.string().nullable(),
  checking: z.string().nullable(),
  targetIds: z.array(z.uuid()),
  weight: z.number(),
  closedOn: z.string().nullable(),
  closedReason: z.string().nullable(),
  createdAt: timestamp(),
  version: z.number(),
});

/** A plan of an organisation's tree, with its rolled-up progress and its open items. */
export const planListSchema = itemsOf(planSchema.extend({ progress: z.number().nullable(), itemCount: z.number() }));

/** A change made to an issued plan, with the reason and the item as it was and became. */
const adjustmentSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  itemId: z.uuid().nullable(),
  reason: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  actorUserId: z.uuid().nullable(),
  at: timestamp(),
});

export const planDetailSchema = planSchema.extend({
  progress: z.number().nullable(),
  children: z.array(planSchema.extend({ progress: z.number().nullable() })),
  items: z.array(
    planItemSchema.extend({
      responsibleName: z.string().nullable(),
      progress: z.number(),
      /** The tasks assigned from the item, with who carries each and how it stands today. */
      tasks: z.array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          responsibleName: z.string(),
          dueOn: z.string(),
          progress: z.number(),
          status: z.enum(TASK_STATUSES),
        }),
      ),
    }),
  ),
  adjustments: z.array(adjustmentSchema),
  /** The plan as the document it is issued as: its title and the table of its items. */
  content: z.object({
    title: z.string(),
    sections: z.array(
      z.object({
        heading: z.string(),
        paragraphs: z.array(z.string()),
        table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }),
      }),
    ),
  }),
});

export const issuedPlanSchema = planSchema.extend({
  document: z.object({ id: z.uuid(), numberText: z.string().nullable(), issuedOn: z.string().nullable() }),
});

export const personalPlanSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  memberId: z.uuid(),
  year: z.number(),
  items: z.array(
    z.object({
      what: z.string(),
      dueOn: z.string().nullable(),
      planItemId: z.uuid().nullable(),
      result: z.string().nullable(),
    }),
  ),
  registeredOn: z.string(),
  reviewedOn: z.string().nullable(),
  reviewNote: z.string().nullable(),
  version: z.number(),
});

/** Who registered a personal plan for the year; the items only for the member and those who manage the plans. */
export const personalPlanListSchema = z.object({
  year: z.number(),
  items: z.array(personalPlanSchema.extend({ fullName: z.string() })),
});

/** A plan as every answer has it (the forms need no more). */
export type Plan = Wire<typeof planSchema>;
export type PlanView = Wire<typeof planListSchema>["items"][number];
export type PlanDetail = Wire<typeof planDetailSchema>;
export type PlanItemView = PlanDetail["items"][number];
export type IssuedPlan = Wire<typeof issuedPlanSchema>;
export type PersonalPlanList = Wire<typeof personalPlanListSchema>;
export type PersonalPlan = PersonalPlanList["items"][number];
