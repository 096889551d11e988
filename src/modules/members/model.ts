import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addMonths, daysBetween } from "../../core/time.js";

export const MEMBER_STATUSES = ["full", "probationary"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

const memberFields = {
  fullName: text(120),
  status: z.enum(MEMBER_STATUSES),
  cardNumber: optionalText(30).refine((v) => v === null || /^[\p{L}\p{N}.\-/ ]+$/u.test(v), {
    message: "validation.invalid_value",
  }),
  dateOfBirth: optionalDate(),
  gender: z
    .enum(["male", "female"])
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  ethnicity: optionalText(60),
  education: optionalText(120),
  admissionDate: optionalDate(),
  ceremonyDate: optionalDate(),
  officialDate: optionalDate(),
  phone: optionalText(30).refine((v) => v === null || /^[0-9+ ().-]{6,30}$/.test(v), {
    message: "validation.invalid_value",
  }),
  email: z
    .union([z.email().max(200), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  unit: optionalText(120),
  exemptFromActivities: z.boolean().optional().default(false),
};

type DateRuleInput = {
  dateOfBirth: string | null;
  admissionDate: string | null;
  ceremonyDate: string | null;
  officialDate: string | null;
};

/** Dates must follow life's order; each broken pair names the later field. */
export function dateOrderIssues(m: DateRuleInput): { field: keyof DateRuleInput; earlier: keyof DateRuleInput }[] {
  const order: (keyof DateRuleInput)[] = ["dateOfBirth", "admissionDate", "ceremonyDate", "officialDate"];
  const issues: { field: keyof DateRuleInput; earlier: keyof DateRuleInput }[] = [];
  for (let i = 1; i < order.length; i++) {
    const later = order[i]!;
    const value = m[later];
    if (!value) continue;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = order[j]!;
      const before = m[earlier];
      if (before) {
        if (value < before) issues.push({ field: later, earlier });
        break;
      }
    }
  }
  return issues;
}

export const createMemberBody = z.object({ organizationId: z.uuid(), ...memberFields });
export const updateMemberBody = z.object({ ...memberFields, version: version() });
export type MemberInput = z.infer<typeof updateMemberBody>;

export const transferBody = z.object({
  toOrganizationId: z.uuid(),
  transferredOn: isoDate(),
  note: optionalText(500),
  version: version(),
});
export const leaveBody = z.object({ leftOn: isoDate(), leftReason: text(500), version: version() });

export const listMembersQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  includeLeft: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export interface ProbationStatus {
  endsOn: string;
  daysLeft: number;
  /** "running" before the warning window; "due" inside it; "overdue" once the probation has ended. */
  stage: "running" | "due" | "overdue";
}

/** Probation runs 12 months (rulebook) from the admission ceremony (Điều lệ Đảng, Điều 5). */
export function probationStatus(
  member: { status: MemberStatus; ceremonyDate: string | null },
  rules: { months: number; warnDaysBefore: number[] },
  today: string,
): ProbationStatus | null {
  if (member.status !== "probationary" || !member.ceremonyDate) return null;
  const endsOn = addMonths(member.ceremonyDate, rules.months);
  const daysLeft = daysBetween(today, endsOn);
  const window = Math.max(0, ...rules.warnDaysBefore);
  return { endsOn, daysLeft, stage: daysLeft < 0 ? "overdue" : daysLeft <= window ? "due" : "running" };
}

/** Fields every member of the cell may see of each other; the rest needs member.view (personal data, Decree 13/2023). */
export const PUBLIC_MEMBER_FIELDS = [
  "id",
  "organizationId",
  "fullName",
  "status",
  "unit",
  "exemptFromActivities",
  "leftOn",
] as const;

/**
 * A party card number for readers who do not manage members (the overseeing đảng ủy member, the UBKT,
 * viewers): enough to tell two records apart, not enough to copy. The member and the managers see it whole.
 */
export function maskCardNumber(card: string | null): string | null {
  if (!card) return card;
  const visible = Math.min(3, Math.max(0, card.length - 3));
  return "•".repeat(card.length - visible) + card.slice(card.length - visible);
}
