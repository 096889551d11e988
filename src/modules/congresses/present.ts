import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { ELECTED_ROLES } from "./model.js";

// What the congresses module answers. A field not named here never leaves the server.

const checklistStage = z.enum(["done", "overdue", "due_soon", "open"]);

export const congressSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  termId: z.uuid().nullable(),
  heldOn: z.string(),
  termLabel: z.string(),
  delegatesTotal: z.number(),
  delegatesPresent: z.number(),
  elected: z.array(
    z.object({ memberId: z.uuid(), role: z.enum(ELECTED_ROLES), votes: z.number().nullable().optional() }),
  ),
  note: z.string().nullable(),
  submissionNumber: z.string().nullable(),
  submittedOn: z.string().nullable(),
  ratifiedOn: z.string().nullable(),
  ratificationNumber: z.string().nullable(),
  createdAt: timestamp(),
  version: z.number(),
});

export const checklistItemSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  congressId: z.uuid(),
  rulebookKey: z.string(),
  itemKey: z.string(),
  position: z.number(),
  title: z.string(),
  titleEn: z.string(),
  dueOn: z.string(),
  ownerMemberId: z.uuid().nullable(),
  fulfilledBy: z.string().nullable(),
  recordKind: z.string().nullable(),
  recordId: z.uuid().nullable(),
  done: z.boolean(),
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});

/** A congress as its organisation's page lists it: with its checklist, each item's owner and stage. */
export const congressListSchema = itemsOf(
  congressSchema.extend({
    checklist: z.array(checklistItemSchema.extend({ ownerName: z.string().nullable(), stage: checklistStage })),
  }),
);

/** A congress just recorded, with the checklist started from the rulebook in force (none for an old congress). */
export const recordedCongressSchema = congressSchema.extend({ checklist: z.array(checklistItemSchema) });

/** The post-congress checklists across a đảng bộ's cells ("5/5 chi bộ"). */
export const checklistOverviewSchema = z.object({
  cells: z.array(
    z.object({
      organization: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
      congress: z
        .object({
          id: z.uuid(),
          heldOn: z.string(),
          termLabel: z.string(),
          ratifiedOn: z.string().nullable(),
        })
        .nullable(),
      summary: z.object({
        organizationId: z.uuid(),
        done: z.number(),
        total: z.number(),
        overdue: z.number(),
        complete: z.boolean(),
      }),
      items: z.array(
        checklistItemSchema
          .pick({ id: true, itemKey: true, title: true, titleEn: true, dueOn: true, done: true })
          .extend({ stage: checklistStage }),
      ),
    }),
  ),
  held: z.number(),
  complete: z.number(),
  total: z.number(),
});

export type CongressListItem = Wire<typeof congressListSchema>["items"][number];
export type ChecklistItemView = CongressListItem["checklist"][number];
export type ChecklistOverview = Wire<typeof checklistOverviewSchema>;
