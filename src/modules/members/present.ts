import { z } from "zod";
import { historyEntry, timestamp, type Wire } from "../../core/http/present.js";
import { MEMBER_STATUSES } from "./model.js";
import { STATUS_KINDS } from "./status-history.js";

// What the members module answers. A field not named here never leaves the server (the search text and sort key,
// the organisation's path).

const nullableDate = z.string().nullable();

/** The fields every member of the cell may see of each other (model.ts PUBLIC_MEMBER_FIELDS). */
const publicFields = {
  id: z.uuid(),
  organizationId: z.uuid(),
  fullName: z.string(),
  status: z.enum(MEMBER_STATUSES),
  unit: z.string().nullable(),
  exemptFromActivities: z.boolean(),
  leftOn: nullableDate,
};

const personalFields = {
  cardNumber: z.string().nullable(),
  dateOfBirth: nullableDate,
  gender: z.enum(["male", "female"]).nullable(),
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  admissionDate: nullableDate,
  ceremonyDate: nullableDate,
  officialDate: nullableDate,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  leftReason: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
};

/** A member's record as those who may read it in full receive it (the card number masked for some, ADR 0041). */
export const memberSchema = z.object({ ...publicFields, ...personalFields });

export const probationSchema = z.object({
  endsOn: z.string(),
  daysLeft: z.number(),
  stage: z.enum(["running", "due", "overdue"]),
});

/** A list row; the personal fields are only there when the list says `detail: true`. */
export const memberListSchema = z.object({
  total: z.number(),
  detail: z.boolean(),
  items: z.array(
    z.object({
      ...publicFields,
      organizationName: z.string(),
      ...z.object(personalFields).partial().shape,
      probation: probationSchema.nullable().optional(),
    }),
  ),
});

export const transferSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  fromOrganizationId: z.uuid().nullable(),
  toOrganizationId: z.uuid(),
  transferredOn: z.string(),
  note: z.string().nullable(),
  createdAt: timestamp(),
});

/** One period of the member's status history: [startsOn, endsOn), either end open. */
export const statusPeriodSchema = z.object({
  id: z.uuid().nullable(),
  kind: z.enum(STATUS_KINDS),
  startsOn: nullableDate,
  endsOn: nullableDate,
  reason: z.string().nullable(),
  source: z.enum(["record", "change"]),
});

export const memberDetailSchema = memberSchema.extend({
  organizationName: z.string(),
  probation: probationSchema.nullable(),
  transfers: z.array(transferSchema),
  statusHistory: z.array(statusPeriodSchema),
  permissions: z.object({ manage: z.boolean(), account: z.boolean() }),
});

export const memberHistorySchema = z.object({
  transfers: z.array(transferSchema),
  events: z.array(
    historyEntry.extend({
      actorUserId: z.uuid().nullable(),
      organizationId: z.uuid().nullable(),
      entityType: z.string(),
      entityId: z.string(),
    }),
  ),
});

const plannedAction = z.enum(["create", "update", "unchanged", "error"]);

/** A roster import's dry run (and, once applied, what was done). */
export const rosterPlanSchema = z.object({
  rows: z.array(
    z.object({
      rowNumber: z.number(),
      action: plannedAction,
      fullName: z.string().nullable(),
      organizationId: z.uuid().nullable(),
      organizationName: z.string().nullable(),
      memberId: z.uuid().nullable(),
    }),
  ),
  problems: z.array(
    z.object({
      rowNumber: z.number(),
      field: z.string().nullable(),
      code: z.string(),
      severity: z.enum(["error", "warning"]),
      message: z.object({ vi: z.string(), en: z.string() }),
    }),
  ),
  counts: z.record(plannedAction, z.number()),
  ready: z.boolean(),
  format: z.string(),
  encoding: z.string().optional(),
});

export type Member = Wire<typeof memberDetailSchema>;
export type MemberList = Wire<typeof memberListSchema>;
export type MemberListItem = MemberList["items"][number];
export type Probation = Wire<typeof probationSchema>;
export type Transfer = Wire<typeof transferSchema>;
export type StatusPeriodView = Wire<typeof statusPeriodSchema>;
export type RosterPlan = Wire<typeof rosterPlanSchema>;
export type PlannedAction = z.infer<typeof plannedAction>;
