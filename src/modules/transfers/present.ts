import { z } from "zod";
import type { Wire } from "../../core/http/present.js";
import { STAY_PURPOSES } from "./model.js";

// What the transfers module answers. Names, dates and the other end of each move: personal data, so these leave the
// server only on routes that need member.view (the cell's committee, the office, the đảng ủy members who follow it).

export const transferSchema = z.object({
  id: z.uuid(),
  direction: z.enum(["out", "in"]),
  memberId: z.uuid(),
  fullName: z.string(),
  organizationId: z.uuid(),
  cellName: z.string(),
  counterpart: z.string(),
  decisionRef: z.string().nullable(),
  decisionOn: z.string().nullable(),
  /** Out: the last day to start, counted in working days from the decision. */
  startBy: z.string().nullable(),
  reason: z.string().nullable(),
  letterNumber: z.string().nullable(),
  letterIssuedOn: z.string(),
  /** The last day to present the letter to the receiving party organisation. */
  presentBy: z.string(),
  documentId: z.uuid().nullable(),
  effectiveOn: z.string(),
  lateReason: z.string().nullable(),
  /** Out: the letter still valid and the transfer not cancelled — it may still be withdrawn. */
  pending: z.boolean(),
  cancelledOn: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number(),
});

export const staySchema = z.object({
  id: z.uuid(),
  memberId: z.uuid().nullable(),
  fullName: z.string(),
  homeOrganizationId: z.uuid().nullable(),
  homeName: z.string(),
  hostOrganizationId: z.uuid().nullable(),
  hostName: z.string(),
  purpose: z.enum(STAY_PURPOSES),
  startsOn: z.string(),
  endsOn: z.string(),
  state: z.enum(["upcoming", "current", "ended", "cancelled"]),
  letterNumber: z.string().nullable(),
  hostComment: z.string().nullable(),
  hostCommentOn: z.string().nullable(),
  cancelledOn: z.string().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number(),
});

/** A host cell's comment on a member of ours in temporary activity there, as the official cell's review shows it. */
export const hostCommentSchema = z.object({
  stayId: z.uuid(),
  hostName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** Null while the host has not written it: the official cell sees that it is missing. */
  comment: z.string().nullable(),
  commentedOn: z.string().nullable(),
});

export const transfersPageSchema = z.object({
  organizationId: z.uuid(),
  kind: z.string(),
  /** Members on the roll of the organisation today: temporary members hosted here are not among them. */
  memberTotal: z.number(),
  transfers: z.array(transferSchema),
  /** Stays hosted by the organisation's cells: listed apart, not counted. */
  hosted: z.array(staySchema),
  /** Stays of the organisation's own members elsewhere: they are reviewed here, with the host's comments. */
  away: z.array(staySchema),
  /** Temporary members here today whose official cell is elsewhere: left out of memberTotal. */
  notCounted: z.number(),
  workingDays: z.object({ start: z.number(), present: z.number() }),
  temporary: z.object({ minMonths: z.number(), workMonthsUnder: z.number(), studyMonthsMax: z.number() }),
});

export type Transfer = Wire<typeof transferSchema>;
export type Stay = Wire<typeof staySchema>;
export type TransfersPage = Wire<typeof transfersPageSchema>;
