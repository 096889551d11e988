import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addDays, daysBetween } from "../../core/time.js";
import { addWorkingDays, type HolidayCalendar } from "../../core/working-days.js";
// This file is shared with the browser: zod and plain functions only, no database code.

export const INSPECTION_TYPES = [
  "compliance",
  "violation",
  "thematic_supervision",
  "routine_supervision",
  "finance",
  "denunciation",
] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

export const STEP_KEYS = [
  "decision",
  "plan",
  "intake",
  "acceptance",
  "notice",
  "self_report",
  "verification",
  "conclusion_meeting",
  "conclusion",
  "observation",
] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const DISCIPLINE_FORMS = ["reprimand", "warning", "dismissal", "expulsion"] as const;
export type DisciplineForm = (typeof DISCIPLINE_FORMS)[number];

export const DISCIPLINE_BODIES = [
  "cell",
  "cell_committee",
  "party_committee",
  "inspection_committee",
  "level_above",
] as const;
export type DisciplineBody = (typeof DISCIPLINE_BODIES)[number];

/** Who runs a programme or an inspection: the đảng ủy, its UBKT, or a cell. */
export const PROGRAMME_BODIES = ["party_committee", "inspection_committee", "cell"] as const;
export type ProgrammeBody = (typeof PROGRAMME_BODIES)[number];

const sourced = { source: z.string().min(1) };

/** The inspection rulebook (kind "inspection"): types with their steps, the authority table, the deadlines. */
export const inspectionRulesSchema = z.object({
  types: z.record(
    z.enum(INSPECTION_TYPES),
    z.object({
      activity: z.enum(["inspection", "supervision", "denunciation"]),
      confidential: z.boolean(),
      programmable: z.boolean(),
      steps: z.array(z.enum(STEP_KEYS)).min(1),
      ...sourced,
    }),
  ),
  steps: z.record(
    z.enum(STEP_KEYS),
    z.object({
      /** Each entry must be done before; "a|b" means either. */
      requires: z.array(z.string()),
      documentType: z.string().optional(),
      /** A body that may not issue `documentType` issues its step as another type (a chi bộ issues no QĐ). */
      documentTypeFor: z
        .object({ bodies: z.partialRecord(z.enum(PROGRAMME_BODIES), z.string().min(1)), source: z.string().min(1) })
        .optional(),
      /** Whether the subject may read this step's record before the conclusion. */
      subjectSees: z.boolean(),
    }),
  ),
  bodies: z.record(z.enum(DISCIPLINE_BODIES), z.object({ forms: z.array(z.enum(DISCIPLINE_FORMS)), ...sourced })),
  forms: z.object({
    order: z.array(z.enum(DISCIPLINE_FORMS)),
    probationary: z.array(z.enum(DISCIPLINE_FORMS)),
    postHoldersOnly: z.array(z.enum(DISCIPLINE_FORMS)),
    ...sourced,
  }),
  appeal: z.object({
    windowDays: z.number().int().positive(),
    ...sourced,
    /** How long the appeal's resolution may take, in working days from the day it was lodged, and its reminders. */
    resolution: z.object({
      workingDays: z.number().int().positive(),
      reminderDaysBefore: z.array(z.number().int().nonnegative()),
      /** The number was not found in a primary text (DOMAIN §3.6 tags). */
      unconfirmed: z.boolean().optional(),
      ...sourced,
    }),
  }),
  denunciation: z.object({
    acceptWithinDays: z.number().int().positive(),
    resolveWithinDays: z.number().int().positive(),
    reminderDaysBefore: z.array(z.number().int().nonnegative()),
    ...sourced,
  }),
  externalNoticeDays: z.object({ days: z.number().int().positive(), ...sourced }),
  /** Days before a remedy's deadline and before the end of an appeal window when a reminder goes out. */
  reminders: z.object({
    remedyDaysBefore: z.array(z.number().int().nonnegative()),
    appealDaysBefore: z.array(z.number().int().nonnegative()),
    ...sourced,
  }),
});
export type InspectionRules = z.infer<typeof inspectionRulesSchema>;

// ---------------------------------------------------------------------------
// Pure rules

export interface RuleProblem {
  code: string;
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/** The steps of a type still allowed now: declared for the type, not yet done, with every requirement met. */
export function nextSteps(rules: InspectionRules, type: InspectionType, done: readonly StepKey[]): StepKey[] {
  return rules.types[type].steps.filter((s) => !done.includes(s) && requirementsMet(rules, type, s, done));
}

function requirementsMet(rules: InspectionRules, type: InspectionType, step: StepKey, done: readonly StepKey[]) {
  const declared = rules.types[type].steps;
  return rules.steps[step].requires.every((req) => {
    // An alternative names steps of several types ("decision|plan"); only those of this type count.
    const options = req.split("|").filter((o) => declared.includes(o as StepKey));
    return options.length === 0 || options.some((o) => done.includes(o as StepKey));
  });
}

/** Why a step may not be recorded now, or null: a step of another type, a repeat, or one out of order. */
export function stepProblem(
  rules: InspectionRules,
  type: InspectionType,
  done: readonly StepKey[],
  step: StepKey,
): RuleProblem | null {
  if (!rules.types[type].steps.includes(step))
    return { code: "inspection_step_unknown", field: "step", key: "errors.inspection_step_unknown" };
  if (done.includes(step)) return { code: "inspection_step_done", field: "step", key: "errors.inspection_step_done" };
  if (!requirementsMet(rules, type, step, done)) {
    const missing = rules.types[type].steps.find((s) => !done.includes(s) && s !== step)!;
    return { code: "inspection_step_order", field: "step", key: "errors.inspection_step_order", params: { missing } };
  }
  return null;
}

/** Whether every declared step of the type is done. */
/** The document a step issues for this body ("QĐ", "KH", "TB"), or null when the step issues none. */
export function stepDocumentType(rules: InspectionRules, step: StepKey, body: ProgrammeBody): string | null {
  const declared = rules.steps[step];
  return declared.documentTypeFor?.bodies[body] ?? declared.documentType ?? null;
}

export function isConcluded(rules: InspectionRules, type: InspectionType, done: readonly StepKey[]): boolean {
  return rules.types[type].steps.every((s) => done.includes(s));
}

export interface DisciplineCase {
  body: DisciplineBody;
  form: DisciplineForm;
  status: "full" | "probationary";
  holdsPost: boolean;
}

/**
 * Why this body may not give this form to this member, or null. Checked in this order so the message names the
 * first rule broken: a body without the power (a chi ủy), a probationary member's limit, a post-only form, the
 * body's ceiling.
 */
export function disciplineProblem(rules: InspectionRules, c: DisciplineCase): RuleProblem | null {
  const allowed = rules.bodies[c.body].forms;
  if (allowed.length === 0)
    return { code: "discipline_body_cannot", field: "body", key: "errors.discipline_body_cannot" };
  if (c.status === "probationary" && !rules.forms.probationary.includes(c.form))
    return { code: "discipline_probationary", field: "form", key: "errors.discipline_probationary" };
  if (!c.holdsPost && rules.forms.postHoldersOnly.includes(c.form))
    return { code: "discipline_needs_post", field: "form", key: "errors.discipline_needs_post" };
  if (!allowed.includes(c.form))
    return { code: "discipline_above_authority", field: "form", key: "errors.discipline_above_authority" };
  return null;
}

/** The last day an appeal is accepted: the window counts from the day the decision was received, that day excluded. */
export function appealDeadline(rules: InspectionRules, receivedOn: string): string {
  return addDays(receivedOn, rules.appeal.windowDays);
}

export function appealProblem(rules: InspectionRules, receivedOn: string, appealedOn: string): RuleProblem | null {
  if (appealedOn < receivedOn)
    return { code: "appeal_before_decision", field: "appealedOn", key: "errors.appeal_before_decision" };
  const last = appealDeadline(rules, receivedOn);
  if (appealedOn > last)
    return { code: "appeal_too_late", field: "appealedOn", key: "errors.appeal_too_late", params: { last } };
  return null;
}

export const APPEAL_OUTCOMES = ["upheld", "changed", "annulled"] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/**
 * The day an appeal must be resolved by: the rulebook's working days counted from the day it was lodged, that day
 * excluded (ADR 0151).
 */
export function appealResolveBy(rules: InspectionRules, calendar: HolidayCalendar, appealedOn: string): string {
  return addWorkingDays(calendar, appealedOn, rules.appeal.resolution.workingDays);
}

/**
 * Why an appeal's resolution may not be recorded as given, or null: not before the appeal, and a changed decision
 * names a form other than the one appealed against (upheld and annulled name none).
 */
export function appealResolutionProblem(
  appeal: { appealedOn: string; form: DisciplineForm },
  input: { outcome: AppealOutcome; resolvedOn: string; form: DisciplineForm | null },
): RuleProblem | null {
  if (input.resolvedOn < appeal.appealedOn)
    return { code: "appeal_resolved_before", field: "resolvedOn", key: "errors.appeal_resolved_before" };
  if (input.outcome === "changed" && (input.form === null || input.form === appeal.form))
    return { code: "appeal_changed_form", field: "form", key: "errors.appeal_changed_form" };
  if (input.outcome !== "changed" && input.form !== null)
    return { code: "appeal_form_unchanged", field: "form", key: "errors.appeal_form_unchanged" };
  return null;
}

/** The dates a denunciation must be accepted and resolved by, counted from the day it was received. */
export function denunciationDeadlines(rules: InspectionRules, receivedOn: string) {
  return {
    acceptBy: addDays(receivedOn, rules.denunciation.acceptWithinDays),
    resolveBy: addDays(receivedOn, rules.denunciation.resolveWithinDays),
  };
}

/** The days reminders go out before a deadline, each once; none in the past of `today`. */
export function reminderDays(rules: InspectionRules, deadline: string, today: string): string[] {
  return rules.denunciation.reminderDaysBefore.map((d) => addDays(deadline, -d)).filter((d) => d >= today);
}

/**
 * The reminder due today for a deadline, or null: the nearest threshold of `daysBefore` reached (one key per
 * threshold, so each goes out once however often the job runs), and once more when the deadline has passed.
 */
export function reminderDue(
  base: string,
  dueOn: string,
  today: string,
  daysBefore: readonly number[],
): { key: string; days: number; passed: boolean } | null {
  const left = daysBetween(today, dueOn);
  if (left < 0) return { key: `${base}:${dueOn}:passed`, days: -left, passed: true };
  const threshold = [...daysBefore].sort((a, b) => a - b).find((d) => left <= d);
  return threshold === undefined ? null : { key: `${base}:${dueOn}:before:${threshold}`, days: left, passed: false };
}

// ---------------------------------------------------------------------------
// Input schemas (shared with the UI)

export const programmeBody = z.object({
  body: z.enum(PROGRAMME_BODIES),
  year: z.number().int().min(2000).max(2100),
  title: text(300),
});

export const programmeItemBody = z
  .object({
    subjectOrganizationId: z.uuid().nullable().default(null),
    subjectMemberId: z.uuid().nullable().default(null),
    type: z.enum(INSPECTION_TYPES),
    content: text(2000),
    leadMemberId: z.uuid(),
    startsOn: isoDate(),
    endsOn: isoDate(),
  })
  .refine((b) => (b.subjectOrganizationId === null) !== (b.subjectMemberId === null), {
    path: ["subjectOrganizationId"],
    message: "errors.inspection_subject_one",
  })
  .refine((b) => b.endsOn >= b.startsOn, { path: ["endsOn"], message: "errors.inspection_period_order" });

export const adoptProgrammeBody = z.object({ adoptedOn: isoDate(), version: version() });

export const inspectionBody = z
  .object({
    body: z.enum(PROGRAMME_BODIES),
    programmeItemId: z.uuid().nullable().default(null),
    type: z.enum(INSPECTION_TYPES),
    subjectOrganizationId: z.uuid().nullable().default(null),
    subjectMemberId: z.uuid().nullable().default(null),
    content: text(2000),
    leadMemberId: z.uuid(),
    meetingId: z.uuid().nullable().default(null),
    namedMemberIds: z.array(z.uuid()).max(20).default([]),
  })
  .refine((b) => (b.subjectOrganizationId === null) !== (b.subjectMemberId === null), {
    path: ["subjectOrganizationId"],
    message: "errors.inspection_subject_one",
  });

export const denunciationBody = z
  .object({
    subjectOrganizationId: z.uuid().nullable().default(null),
    subjectMemberId: z.uuid().nullable().default(null),
    content: text(4000),
    leadMemberId: z.uuid(),
    receivedOn: isoDate(),
    receiverName: text(200),
    denouncer: optionalText(300),
  })
  .refine((b) => (b.subjectOrganizationId === null) !== (b.subjectMemberId === null), {
    path: ["subjectOrganizationId"],
    message: "errors.inspection_subject_one",
  });

export const stepBody = z.object({
  step: z.enum(STEP_KEYS),
  on: isoDate(),
  text: optionalText(20000),
  version: version(),
});

export const findingBody = z.object({
  text: text(2000),
  remedy: text(2000),
  ownerMemberId: z.uuid(),
  dueOn: isoDate(),
});

/**
 * A routine supervision (giám sát thường xuyên) as the overseer records it after attending a cell's meeting: the
 * cell, the meeting of that cell, who supervised, the notes, and the shortcomings seen, each followed to closure.
 */
export const routineSupervisionBody = z.object({
  body: z.enum(["party_committee", "inspection_committee"]),
  subjectOrganizationId: z.uuid(),
  meetingId: z.uuid(),
  leadMemberId: z.uuid(),
  /** What was supervised ("Dự sinh hoạt chi bộ…"); the notes are what the supervisor saw. */
  content: text(2000),
  notes: text(4000),
  findings: z.array(findingBody).max(10).default([]),
});

export const remedyReportBody = z.object({ report: text(4000), reportedOn: isoDate(), version: version() });
export const closeFindingBody = z.object({ closedOn: isoDate(), version: version() });

export const disciplineProposalBody = z.object({
  memberId: z.uuid(),
  inspectionId: z.uuid().nullable().default(null),
  form: z.enum(DISCIPLINE_FORMS),
  reason: text(2000),
  proposedOn: isoDate(),
});

export const disciplineDecisionBody = z.object({
  body: z.enum(DISCIPLINE_BODIES),
  form: z.enum(DISCIPLINE_FORMS),
  decidedOn: isoDate(),
  receivedOn: optionalDate(),
  number: optionalText(60),
  version: version(),
});

export const appealBody = z.object({ appealedOn: isoDate(), text: text(4000), version: version() });

/** The subject's own appeal: lodged today, so no date is sent. */
export const ownAppealBody = z.object({ text: text(4000), version: version() });

export const appealResolutionBody = z.object({
  outcome: z.enum(APPEAL_OUTCOMES),
  resolvedOn: isoDate(),
  form: z.enum(DISCIPLINE_FORMS).nullable().default(null),
  text: text(4000),
  version: version(),
});
