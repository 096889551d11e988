import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addDays } from "../../core/time.js";

/**
 * Studying the level above's resolutions (học tập, quán triệt nghị quyết), the chi ủy's first duty [003]: a study
 * session of the cell on a resolution or directive of the level above, with attendance; each member's written
 * reflection (bài thu hoạch), typed on a phone or handed in on paper; a make-up session for those absent; and the
 * cell's report upward, "x/y đảng viên đã học tập, nộp thu hoạch". Shared with the browser.
 */

export const REFLECTION_VIA = ["online", "paper"] as const;
export type ReflectionVia = (typeof REFLECTION_VIA)[number];

const documentTemplate = z.object({
  summary: z.string(),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
  recipients: z.array(z.string()),
});

/** The rulebook of kind `study`. */
export const studyRulesSchema = z.object({
  /** Days after the session by which reflections are due. */
  reflectionDays: z.number().int().positive(),
  /** Longest reflection typed in the app, in characters. */
  reflectionMaxChars: z.number().int().positive(),
  /** Whether members exempt from party activities (miễn sinh hoạt) are left out of the count, as for attendance. */
  excludeExempt: z.boolean(),
  /** Wording of the cell's report upward (BC), with {placeholders}; the lines it is built from. */
  report: documentTemplate.extend({
    /** One session in the list of sessions: {date}, {place}. */
    sessionLine: z.string(),
    /** A make-up session: {date}, {place}. */
    makeupLine: z.string(),
    /** Added when some did not study: {names}. */
    absentLine: z.string(),
  }),
  source: z.string(),
});
export type StudyRules = z.infer<typeof studyRulesSchema>;

// ── pure rules ──

export interface RosterEntry {
  id: string;
  exempt: boolean;
}

export interface StudyTally {
  /** Members the report counts (y). */
  total: number;
  /** Of them, those who attended the session or a make-up (x). */
  studied: number;
  /** Of them, those whose reflection was received. */
  reflected: number;
  /** Counted members who attended no session yet: those a make-up session is for. */
  absentIds: string[];
  /** Counted members who have not handed in a reflection. */
  missingReflectionIds: string[];
}

/** The cell's count for one resolution, from its roster on the session day and who attended and reflected. */
export function studyTally(
  roster: RosterEntry[],
  attended: ReadonlySet<string>,
  reflected: ReadonlySet<string>,
  rules: Pick<StudyRules, "excludeExempt">,
): StudyTally {
  const counted = roster.filter((m) => !(rules.excludeExempt && m.exempt && !attended.has(m.id)));
  return {
    total: counted.length,
    studied: counted.filter((m) => attended.has(m.id)).length,
    reflected: counted.filter((m) => reflected.has(m.id)).length,
    absentIds: counted.filter((m) => !attended.has(m.id)).map((m) => m.id),
    missingReflectionIds: counted.filter((m) => !reflected.has(m.id)).map((m) => m.id),
  };
}

/** "93,3" — a share in percent with one decimal and the Vietnamese comma; "0" for an empty base. */
export function percentText(part: number, total: number): string {
  if (total <= 0) return "0";
  return String(Math.round((part / total) * 1000) / 10).replace(".", ",");
}

/** The day reflections are due for a session. */
export function reflectionDueOn(heldOn: string, rules: Pick<StudyRules, "reflectionDays">): string {
  return addDays(heldOn, rules.reflectionDays);
}

/**
 * Who may be marked present at a make-up session: only members absent from every earlier session on the
 * resolution. Returns the ids that may not (they already studied it).
 */
export function alreadyStudied(presentIds: string[], attendedBefore: ReadonlySet<string>): string[] {
  return presentIds.filter((id) => attendedBefore.has(id));
}

// ── input ──

export const createStudySessionBody = z.object({
  resolutionId: z.uuid(),
  heldOn: isoDate(),
  place: text(200),
  presenter: optionalText(120),
  note: optionalText(1000),
  /** The main session this one makes up for (for those absent from it). */
  makeupOfId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type CreateStudySessionInput = z.infer<typeof createStudySessionBody>;

export const attendanceBody = z.object({
  presentIds: z.array(z.uuid()).max(1000),
  version: version(),
});

export const ownReflectionBody = z.object({ content: text(20_000) });

export const paperReflectionBody = z.object({
  memberId: z.uuid(),
  receivedOn: isoDate(),
});

export const reportBody = z.object({ issuedOn: isoDate(), version: version() });
