import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
// This file is shared with the browser: zod and plain functions only, no database code.

/** Committee roles, in the order they are shown. */
export const POSITION_ROLES = [
  "secretary",
  "deputy_secretary",
  "committee_member",
  "inspection_chair",
  "inspection_deputy",
  "inspection_member",
  "group_leader",
] as const;
export type PositionRole = (typeof POSITION_ROLES)[number];

export const ORG_KINDS = ["party_committee", "cell", "group"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which kind may sit under which: đảng bộ → chi bộ → tổ đảng (a đảng bộ may also sit under a đảng bộ). */
const ALLOWED_PARENTS: Record<OrgKind, readonly (OrgKind | null)[]> = {
  party_committee: [null, "party_committee"],
  cell: [null, "party_committee"],
  group: ["cell"],
};

export function parentAllowed(kind: OrgKind, parentKind: OrgKind | null): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? "/"}${id}/`;
}

const code = () => text(40).pipe(z.string().regex(/^[\p{L}\p{N}._-]+$/u, { message: "validation.invalid_value" }));

export const createOrganizationBody = z.object({
  parentId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  kind: z.enum(ORG_KINDS),
  name: text(200),
  code: code(),
  abbreviation: text(20),
  superiorName: optionalText(200),
  place: optionalText(100),
});

export const updateOrganizationBody = z.object({
  name: text(200),
  code: code(),
  abbreviation: text(20),
  superiorName: optionalText(200),
  place: optionalText(100),
  /** A cell's usual meeting place and time ("HH:MM"); left as they are when not sent. */
  usualMeetingPlace: optionalText(200).optional(),
  usualMeetingTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "validation.invalid_value" })
    .nullable()
    .optional(),
  version: version(),
});

export const moveOrganizationBody = z.object({ parentId: z.uuid(), version: version() });
export const closeOrganizationBody = z.object({ closedOn: isoDate(), closedReason: text(500), version: version() });

export const termBody = z
  .object({ label: text(60), startsOn: isoDate(), endsOn: isoDate() })
  .refine((v) => v.endsOn > v.startsOn, { path: ["endsOn"], message: "validation.invalid_date" });

export const positionBody = z.object({
  memberId: z.uuid(),
  role: z.enum(POSITION_ROLES),
  termId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  startsOn: isoDate(),
  endsOn: optionalDate(),
});

export const endPositionBody = z.object({ endsOn: isoDate() });

export const oversightBody = z.object({ memberId: z.uuid(), startsOn: isoDate() });

export const localRulebookBody = z.object({
  kind: text(40),
  key: text(80),
  title: text(200),
  source: text(300),
  effectiveFrom: isoDate(),
  data: z.record(z.string(), z.unknown()),
});

/** Rule data of the membership rulebook (DOMAIN §3.4). */
export const membershipRulesSchema = z.object({
  cell: z.object({
    minFullMembers: z.number().int().min(1),
    committeeFromFullMembers: z.number().int().min(1),
    maxCommitteeMembers: z.number().int().min(1),
    maxDeputySecretaries: z.number().int().min(0),
    source: z.string(),
  }),
  probation: z.object({
    months: z.number().int().min(1),
    considerWithinWorkingDays: z.number().int().min(1),
    warnDaysBefore: z.array(z.number().int().min(0)),
    source: z.string(),
  }),
  admission: z.object({ quorumNumerator: z.number().int(), quorumDenominator: z.number().int(), source: z.string() }),
});
export type MembershipRules = z.infer<typeof membershipRulesSchema>;

export interface Warning {
  code: string;
  messageKey: string;
  params: Record<string, string | number>;
  source: string;
}

/**
 * Composition checks for a cell's current committee (DOMAIN §3.4). They are warnings with the rule's
 * source, never blocks: the office must be able to record reality even when it breaks the rule.
 */
export function committeeWarnings(
  input: { kind: OrgKind; fullMembers: number; positions: { role: PositionRole }[] },
  rules: MembershipRules,
): Warning[] {
  if (input.kind !== "cell") return [];
  const c = rules.cell;
  const warnings: Warning[] = [];
  const count = (role: PositionRole) => input.positions.filter((p) => p.role === role).length;
  const secretaries = count("secretary");
  const deputies = count("deputy_secretary");
  const committeeSize = secretaries + deputies + count("committee_member");
  if (input.fullMembers < c.minFullMembers) {
    warnings.push({
      code: "cell_too_small",
      messageKey: "warnings.cell_too_small",
      params: { count: input.fullMembers, min: c.minFullMembers },
      source: c.source,
    });
  }
  if (secretaries === 0)
    warnings.push({ code: "no_secretary", messageKey: "warnings.no_secretary", params: {}, source: c.source });
  if (count("committee_member") > 0 && input.fullMembers < c.committeeFromFullMembers) {
    warnings.push({
      code: "committee_too_small_cell",
      messageKey: "warnings.committee_too_small_cell",
      params: { count: input.fullMembers, min: c.committeeFromFullMembers },
      source: c.source,
    });
  }
  if (committeeSize > c.maxCommitteeMembers) {
    warnings.push({
      code: "committee_too_large",
      messageKey: "warnings.committee_too_large",
      params: { count: committeeSize, max: c.maxCommitteeMembers },
      source: c.source,
    });
  }
  if (deputies > c.maxDeputySecretaries) {
    warnings.push({
      code: "too_many_deputies",
      messageKey: "warnings.too_many_deputies",
      params: { count: deputies, max: c.maxDeputySecretaries },
      source: c.source,
    });
  }
  return warnings;
}

/** A position counts on `onDate` when it has started and not ended. */
export function positionActive(p: { startsOn: string; endsOn: string | null }, onDate: string): boolean {
  return p.startsOn <= onDate && (p.endsOn === null || p.endsOn >= onDate);
}
