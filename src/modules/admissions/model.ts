import { createHash } from "node:crypto";
import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addMonths, daysBetween } from "../../core/time.js";
import { addWorkingDays, type HolidayCalendar } from "../../core/working-days.js";

/**
 * Admission and recognition (kết nạp, công nhận đảng viên chính thức), DOMAIN §3.5. The pipeline of a candidate:
 * followed by the cell → dossier → the cell's resolution (6-KNĐ) → the đảng ủy's decision (9-KNĐ) → the ceremony,
 * which makes a probationary member → 12 months → the recognition vote → the decision, or a proposal to remove.
 */

export const ADMISSION_STAGES = [
  "following", // quần chúng ưu tú the cell follows, dossier being gathered
  "resolved", // the cell voted to admit (6-KNĐ); the đảng ủy must decide
  "decided", // the đảng ủy decided (9-KNĐ); the ceremony must be held
  "probation", // admitted: a probationary member for 12 months
  "recognition_voted", // the cell voted to recognise; the đảng ủy must decide
  "full", // recognised as a full member
  "removal_proposed", // the cell refused recognition: proposal to remove from the list (xóa tên)
] as const;
export type AdmissionStage = (typeof ADMISSION_STAGES)[number];
export type RecognitionOutcome = "recognized" | "refused";

export const DOSSIER_FORMS = [
  "1-KNĐ",
  "2-KNĐ",
  "3-KNĐ",
  "4-KNĐ",
  "5-KNĐ",
  "6-KNĐ",
  "7-KNĐ",
  "8-KNĐ",
  "9-KNĐ",
  "10-KNĐ",
  "11-KNĐ",
  "12-KNĐ",
  "13-KNĐ",
  "14-KNĐ",
  "15-KNĐ",
  "16-KNĐ",
] as const;
export type DossierForm = (typeof DOSSIER_FORMS)[number];
/** Forms the product writes itself from the record, through the document register. */
export const GENERATED_FORMS: readonly DossierForm[] = ["6-KNĐ", "9-KNĐ", "13-KNĐ", "16-KNĐ"];

const documentTemplate = z.object({
  summary: z.string(),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
  recipients: z.array(z.string()),
});

/** The rulebook of kind `admission`. */
export const admissionRulesSchema = z.object({
  /** Age at the cell's vote, counted in whole months: 18 years (216) to 60 years (720). */
  age: z.object({ minMonths: z.number().int().positive(), maxMonths: z.number().int().positive() }),
  certificateValidYears: z.number().int().positive(),
  /** Share of the cell's full members who must vote for (admission and recognition). */
  vote: z.object({ numerator: z.number().int().positive(), denominator: z.number().int().positive() }),
  probationMonths: z.number().int().positive(),
  workingDays: z.object({
    decision: z.number().int().positive(),
    ceremony: z.number().int().positive(),
    recognitionVote: z.number().int().positive(),
    recognitionDecision: z.number().int().positive(),
  }),
  /** Calendar days before a deadline at which the secretary and the office are warned. */
  warnDaysBefore: z.array(z.number().int().positive()),
  /** Forms that must be in the dossier before the cell votes to admit. */
  requiredBeforeVote: z.array(z.enum(DOSSIER_FORMS)),
  /** Forms that must be in before the recognition vote. */
  requiredBeforeRecognition: z.array(z.enum(DOSSIER_FORMS)),
  forms: z.array(z.object({ code: z.enum(DOSSIER_FORMS), title: z.string() })),
  /** Wording of the generated 6-KNĐ (the cell's resolution) and 9-KNĐ (the đảng ủy's decision), with {placeholders}. */
  /** The cell's resolution and the đảng ủy's decision, to admit (6-KNĐ, 9-KNĐ) and to recognise (13-KNĐ, 16-KNĐ). */
  documents: z.object({
    resolution: documentTemplate,
    decision: documentTemplate,
    recognitionResolution: documentTemplate,
    recognitionDecision: documentTemplate,
  }),
  source: z.string(),
});
export type AdmissionRules = z.infer<typeof admissionRulesSchema>;

// ── pure rules ──

/** Whole months of age on `onDate`: the largest n with birth + n months ≤ onDate (29/02 turns a year on 28/02). */
export function ageInMonths(dateOfBirth: string, onDate: string): number {
  const [by, bm] = dateOfBirth.split("-").map(Number) as [number, number];
  const [oy, om] = onDate.split("-").map(Number) as [number, number];
  let months = (oy - by) * 12 + (om - bm);
  while (months > 0 && addMonths(dateOfBirth, months) > onDate) months--;
  return Math.max(0, months);
}

/** Why the age on the vote date bars admission, or null: "too_young" / "too_old" with the age in years and months. */
export function ageProblem(
  dateOfBirth: string,
  voteOn: string,
  rules: AdmissionRules["age"],
): { code: "too_young" | "too_old"; years: number; months: number } | null {
  const m = ageInMonths(dateOfBirth, voteOn);
  const shown = { years: Math.floor(m / 12), months: m % 12 };
  if (m < rules.minMonths) return { code: "too_young", ...shown };
  if (m > rules.maxMonths) return { code: "too_old", ...shown };
  return null;
}

/** The last day the course certificate counts (issued + N years, clamped like addMonths). */
export function certificateValidUntil(issuedOn: string, years: number): string {
  return addMonths(issuedOn, years * 12);
}

/** Whether `votesFor` out of the cell's full members reaches the share the rulebook asks (two thirds). */
export function votePasses(votesFor: number, fullMembers: number, rule: AdmissionRules["vote"]): boolean {
  return fullMembers > 0 && votesFor * rule.denominator >= fullMembers * rule.numerator;
}

/** Probation ends 12 months (rulebook) after the ceremony; the member is full from that day, even if voted later. */
export function probationEndsOn(ceremonyOn: string, months: number): string {
  return addMonths(ceremonyOn, months);
}

export interface CandidateDates {
  stage: AdmissionStage;
  resolutionOn: string | null;
  decisionOn: string | null;
  ceremonyOn: string | null;
  recognitionVoteOn: string | null;
}

export type DeadlineKind = "decision" | "ceremony" | "recognitionVote" | "recognitionDecision";
export interface Deadline {
  kind: DeadlineKind;
  /** The day the step counts from. */
  from: string;
  dueOn: string;
}

/** Every deadline of the candidate's path that has started, in order; the open one is the stage's (see `openDeadline`). */
export function deadlines(c: CandidateDates, rules: AdmissionRules, calendar: HolidayCalendar): Deadline[] {
  const out: Deadline[] = [];
  const wd = rules.workingDays;
  if (c.resolutionOn)
    out.push({ kind: "decision", from: c.resolutionOn, dueOn: addWorkingDays(calendar, c.resolutionOn, wd.decision) });
  if (c.decisionOn)
    out.push({ kind: "ceremony", from: c.decisionOn, dueOn: addWorkingDays(calendar, c.decisionOn, wd.ceremony) });
  if (c.ceremonyOn) {
    const ends = probationEndsOn(c.ceremonyOn, rules.probationMonths);
    out.push({ kind: "recognitionVote", from: ends, dueOn: addWorkingDays(calendar, ends, wd.recognitionVote) });
  }
  if (c.recognitionVoteOn)
    out.push({
      kind: "recognitionDecision",
      from: c.recognitionVoteOn,
      dueOn: addWorkingDays(calendar, c.recognitionVoteOn, wd.recognitionDecision),
    });
  return out;
}

const OPEN_DEADLINE: Partial<Record<AdmissionStage, DeadlineKind>> = {
  resolved: "decision",
  decided: "ceremony",
  probation: "recognitionVote",
  recognition_voted: "recognitionDecision",
};

/** The stages that wait on a deadline. */
export const WAITING_STAGES = Object.keys(OPEN_DEADLINE) as AdmissionStage[];

/**
 * Names what a candidate's deadlines are counted with — the working days of each step, the probation and the holiday
 * calendar — so a kept due day is trusted only where the rules in force are still the ones it was counted with.
 */
export function deadlineStamp(rules: AdmissionRules, calendar: HolidayCalendar): string {
  const counted = { workingDays: rules.workingDays, probationMonths: rules.probationMonths, calendar };
  return createHash("sha256").update(JSON.stringify(counted)).digest("base64url").slice(0, 22);
}

/** The deadline the candidate's current stage is waiting on, if any. */
export function openDeadline(c: CandidateDates, rules: AdmissionRules, calendar: HolidayCalendar): Deadline | null {
  const kind = OPEN_DEADLINE[c.stage];
  return kind ? (deadlines(c, rules, calendar).find((d) => d.kind === kind) ?? null) : null;
}

export type DeadlineState = "running" | "near" | "passed";

/** "near" inside the widest warning window, "passed" after the due day. */
export function deadlineState(dueOn: string, today: string, warnDaysBefore: number[]): DeadlineState {
  const left = daysBetween(today, dueOn);
  if (left < 0) return "passed";
  return left <= Math.max(0, ...warnDaysBefore) ? "near" : "running";
}

/**
 * The warning due today for an open deadline, or null. Before it: the nearest threshold (90/60/30/15/7 days) not yet
 * passed; after it: one "passed" warning. The key makes each go out once, however often the job runs.
 */
export function warningDue(
  candidateId: string,
  deadline: Deadline,
  today: string,
  warnDaysBefore: number[],
): { key: string; days: number; passed: boolean } | null {
  const left = daysBetween(today, deadline.dueOn);
  const base = `admission:${candidateId}:${deadline.kind}:${deadline.dueOn}`;
  if (left < 0) return { key: `${base}:passed`, days: -left, passed: true };
  const threshold = [...warnDaysBefore].sort((a, b) => a - b).find((d) => left <= d);
  return threshold === undefined ? null : { key: `${base}:before:${threshold}`, days: left, passed: false };
}

// ── input ──

export const createCandidateBody = z.object({
  fullName: text(120),
  dateOfBirth: isoDate(),
  gender: z
    .enum(["male", "female"])
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  unit: optionalText(120),
  helperIds: z.array(z.uuid()).min(1, { message: "admissions.helper_required" }).max(2),
  courseCertificateOn: isoDate()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type CreateCandidateInput = z.infer<typeof createCandidateBody>;

export const formBody = z.object({
  form: z.enum(DOSSIER_FORMS),
  receivedOn: isoDate(),
  note: optionalText(500),
  version: version(),
});

export const voteBody = z.object({
  votedOn: isoDate(),
  votesFor: z.number().int().min(0).max(10_000),
  version: version(),
});

export const decisionBody = z.object({ decidedOn: isoDate(), version: version() });
export const ceremonyBody = z.object({ ceremonyOn: isoDate(), version: version() });
/** The đảng ủy's board is read a page at a time: a province has thousands of candidates. */
export const pipelineQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
export const PIPELINE_PAGE_SIZE = 50;

// ── uploaded forms ──

/**
 * What a form's file may be: a scan or photo of the signed paper (PDF, JPEG, PNG) or the typed form (DOCX). Known by
 * the file's first bytes, never by its name (ADR 0157).
 */
export const DOSSIER_FILE_KINDS = ["pdf", "jpeg", "png", "docx"] as const;
export type DossierFileKind = (typeof DOSSIER_FILE_KINDS)[number];

export const DOSSIER_CONTENT_TYPES: Record<DossierFileKind, string> = {
  pdf: "application/pdf",
  jpeg: "image/jpeg",
  png: "image/png",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

const EXTENSIONS: Record<DossierFileKind, string[]> = {
  pdf: ["pdf"],
  jpeg: ["jpg", "jpeg"],
  png: ["png"],
  docx: ["docx"],
};

/**
 * The name a form's file is kept and downloaded under: the sender's name without any folder, at most 120 characters,
 * with the extension of what the file is (a JPEG sent as "scan.pdf" downloads as "scan.jpg"); the form's code when
 * the name has nothing left.
 */
export function dossierFileName(sent: string, kind: DossierFileKind, form: DossierForm): string {
  const base = sent
    .normalize("NFC")
    .split(/[\\/]/u)
    .pop()!
    .replace(/\p{Cc}/gu, "")
    .trim();
  const dot = base.lastIndexOf(".");
  const ext = dot >= 0 ? base.slice(dot + 1) : "";
  const stem = (dot >= 0 ? base.slice(0, dot) : base).trim().slice(0, 120).trim() || form;
  return `${stem}.${EXTENSIONS[kind].includes(ext.toLowerCase()) ? ext : EXTENSIONS[kind][0]}`;
}

export const formFileQuery = z.object({
  form: z.enum(DOSSIER_FORMS),
  fileName: z.string().min(1).max(255),
  version: z.coerce.number().int().min(1),
});
