import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addMonths, daysInMonth } from "../../core/time.js";

/**
 * Mass organisations (đoàn thể), DOMAIN §3.9: the trade union, the youth union, the women's union, the veterans'
 * association… of a cell or of the đảng bộ. The committee assigns one of its members to each, who works with its
 * leaders monthly or quarterly; the organisation introduces its members for admission (4-KNĐ) and comments on them
 * (5-KNĐ). Shared with the browser: zod and plain functions only.
 */

export const CADENCES = ["monthly", "quarterly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** Forms of the admission dossier a mass organisation provides. */
export const PROVIDED_FORMS = ["4-KNĐ", "5-KNĐ"] as const;
export type ProvidedForm = (typeof PROVIDED_FORMS)[number];

/** Committee roles that may be assigned to a mass organisation (a chi ủy or đảng ủy member). */
export const ASSIGNABLE_ROLES = ["secretary", "deputy_secretary", "committee_member"] as const;

/** The rulebook of kind `mass-organization`: the kinds an organisation may have, and what each provides. */
export const massOrganizationRulesSchema = z.object({
  kinds: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z_]+$/),
        title: z.string(),
        /** How often the assigned member works with it unless the committee decides otherwise. */
        cadence: z.enum(CADENCES),
        /** The dossier forms it may provide: the youth and trade unions introduce (4-KNĐ); any may comment (5-KNĐ). */
        forms: z.array(z.enum(PROVIDED_FORMS)),
      }),
    )
    .min(1),
  source: z.string(),
});
export type MassOrganizationRules = z.infer<typeof massOrganizationRulesSchema>;

// ── pure rules ──

export interface SessionPeriod {
  /** "2026-03" for a month, "2026-Q1" for a quarter. */
  key: string;
  from: string;
  to: string;
}

/** The month or quarter a day falls in. */
export function sessionPeriod(cadence: Cadence, day: string): SessionPeriod {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const first = cadence === "monthly" ? m : Math.floor((m - 1) / 3) * 3 + 1;
  const last = cadence === "monthly" ? m : first + 2;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    key: cadence === "monthly" ? `${y}-${pad(m)}` : `${y}-Q${(first + 2) / 3}`,
    from: `${y}-${pad(first)}-01`,
    to: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}`,
  };
}

export interface SessionStatus {
  current: SessionPeriod;
  /** A session was held in the current period. */
  heldThisPeriod: boolean;
  lastHeldOn: string | null;
  /** Whole periods since the organisation was recorded (its first period included) that had no session. */
  missed: SessionPeriod[];
}

/**
 * Where the assigned member stands with the sessions: held this month (or quarter) or not yet, and the past
 * periods since `since` that had none. A session held in a period counts for that period only.
 */
export function sessionStatus(cadence: Cadence, since: string, heldOn: string[], today: string): SessionStatus {
  const current = sessionPeriod(cadence, today);
  const held = new Set(heldOn.filter((d) => d <= today).map((d) => sessionPeriod(cadence, d).key));
  const missed: SessionPeriod[] = [];
  const step = cadence === "monthly" ? 1 : 3;
  for (let p = sessionPeriod(cadence, since); p.key !== current.key && p.from < current.from; ) {
    if (!held.has(p.key)) missed.push(p);
    p = sessionPeriod(cadence, addMonths(p.from, step));
  }
  const past = heldOn.filter((d) => d <= today).sort();
  return {
    current,
    heldThisPeriod: held.has(current.key),
    lastHeldOn: past.length ? past[past.length - 1]! : null,
    missed,
  };
}

/** Whether a kind of mass organisation may provide the form (only the youth and trade unions introduce, 4-KNĐ). */
export function mayProvide(rules: MassOrganizationRules, kind: string, form: ProvidedForm): boolean {
  return rules.kinds.find((k) => k.key === kind)?.forms.includes(form) ?? false;
}

/** Whether a member held a committee post of the organisation on the day (the one who may be assigned). */
export function onCommitteeOn(
  positions: { memberId: string; role: string; startsOn: string; endsOn: string | null }[],
  memberId: string,
  day: string,
): boolean {
  return positions.some(
    (p) =>
      p.memberId === memberId &&
      (ASSIGNABLE_ROLES as readonly string[]).includes(p.role) &&
      p.startsOn <= day &&
      (p.endsOn === null || day < p.endsOn),
  );
}

/** The due date of a task handed out at a session: the end of the next period unless the session says otherwise. */
export function defaultTaskDue(cadence: Cadence, heldOn: string): string {
  return sessionPeriod(cadence, addMonths(sessionPeriod(cadence, heldOn).from, cadence === "monthly" ? 1 : 3)).to;
}

// ── input ──

const size = z.number().int().min(0).max(100_000);

export const createMassOrganizationBody = z.object({
  kind: z.string().regex(/^[a-z_]+$/, { message: "massorg.kind_unknown" }),
  name: text(160),
  leaderName: optionalText(120),
  leaderTitle: optionalText(120),
  memberCount: size
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  assignedMemberId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  cadence: z
    .enum(CADENCES)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type CreateMassOrganizationInput = z.infer<typeof createMassOrganizationBody>;

export const updateMassOrganizationBody = z.object({
  name: text(160),
  leaderName: optionalText(120),
  leaderTitle: optionalText(120),
  memberCount: size
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  assignedMemberId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  cadence: z.enum(CADENCES),
  version: version(),
});
export type UpdateMassOrganizationInput = z.infer<typeof updateMassOrganizationBody>;

export const sessionTaskInput = z.object({
  title: text(300),
  responsibleMemberId: z.uuid({ message: "errors.no_responsible" }),
  dueOn: isoDate()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export const createSessionBody = z.object({
  heldOn: isoDate(),
  notes: text(4000),
  tasks: z.array(sessionTaskInput).max(10).default([]),
  version: version(),
});
export type CreateSessionInput = z.infer<typeof createSessionBody>;

export const introductionBody = z.object({
  candidateId: z.uuid(),
  form: z.enum(PROVIDED_FORMS),
  receivedOn: isoDate(),
  content: optionalText(2000),
  version: version(),
});
export type IntroductionInput = z.infer<typeof introductionBody>;
