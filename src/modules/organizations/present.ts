import { z } from "zod";
import { ACTIONS } from "../../core/access/index.js";
import { historyEntry, itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { rulebookEnvelopeSchema } from "../../core/rulebooks/model.js";
import { type MembershipRules, ORG_KINDS, POSITION_ROLES } from "./model.js";

// What the organisations module answers. A field not named here never leaves the server.

/** What the signed-in person may do on an organisation: one flag per access action. */
export const permissionsSchema = z.record(z.enum(ACTIONS), z.boolean());

export const organizationSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  path: z.string(),
  kind: z.enum(ORG_KINDS),
  name: z.string(),
  code: z.string(),
  abbreviation: z.string(),
  superiorName: z.string().nullable(),
  place: z.string().nullable(),
  usualMeetingPlace: z.string().nullable(),
  usualMeetingTime: z.string().nullable(),
  closedOn: z.string().nullable(),
  closedReason: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

/** An organisation in the tree, with what the reader may do on it. */
export const organizationListSchema = itemsOf(organizationSchema.extend({ permissions: permissionsSchema }));

export const termSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  label: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  createdAt: timestamp(),
  version: z.number(),
});

export const positionSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  termId: z.uuid().nullable(),
  memberId: z.uuid(),
  role: z.enum(POSITION_ROLES),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  createdAt: timestamp(),
});

export const oversightSchema = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  organizationId: z.uuid(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  createdAt: timestamp(),
});

/** A composition warning of the committee, with the rule's source (model.ts committeeWarnings). */
export const warningSchema = z.object({
  code: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  source: z.string(),
});

export const organizationDetailSchema = organizationSchema.extend({
  parentName: z.string().nullable(),
  fullMembers: z.number(),
  terms: z.array(termSchema),
  positions: z.array(positionSchema.omit({ createdAt: true }).extend({ fullName: z.string(), sortKey: z.string() })),
  oversights: z.array(
    oversightSchema.omit({ createdAt: true }).extend({ fullName: z.string(), organizationName: z.string() }),
  ),
  warnings: z.array(warningSchema),
  rulebook: z.object({ key: z.string(), title: z.string() }),
  permissions: permissionsSchema,
});

/** One event of an organisation's history (its subtree's audit trail). */
export const auditEventSchema = historyEntry.extend({
  actorUserId: z.uuid().nullable(),
  organizationId: z.uuid().nullable(),
  entityType: z.string(),
  entityId: z.string(),
});
export const auditEventListSchema = itemsOf(auditEventSchema);

/** The rulebook in force for an organisation: central, or a local variant an ancestor adopted. */
export const rulebookSchema = rulebookEnvelopeSchema.extend({
  adoptedBy: z.object({ organizationId: z.uuid(), depth: z.number() }).optional(),
});

export const localRulebookSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.string(),
  key: z.string(),
  title: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  data: z.unknown(),
  createdAt: timestamp(),
  createdBy: z.uuid().nullable(),
});

export type Permissions = Wire<typeof permissionsSchema>;
/** An organisation as created or changed (the tree's rows add the reader's permissions). */
export type OrganizationRecord = Wire<typeof organizationSchema>;
export type OrganizationList = Wire<typeof organizationListSchema>;
export type Organization = OrganizationList["items"][number];
export type OrganizationDetail = Wire<typeof organizationDetailSchema>;
export type Term = Wire<typeof termSchema>;
export type Position = OrganizationDetail["positions"][number];
export type Oversight = OrganizationDetail["oversights"][number];
export type RuleWarning = Wire<typeof warningSchema>;
export type AuditEvent = Wire<typeof auditEventSchema>;
export type AuditEventList = Wire<typeof auditEventListSchema>;
/** The membership rulebook as the UI reads it: the envelope, with the data its kind's schema describes. */
export type MembershipRulebook = Omit<Wire<typeof rulebookSchema>, "data"> & { data: MembershipRules };
