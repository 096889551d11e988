import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
// Shared with the browser: zod and pure functions only.

export const RESOLUTION_KINDS = ["congress", "monthly", "thematic", "committee", "higher"] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export const RESOLUTION_STATES = [
  "draft",
  "adopted",
  "issued",
  "in_implementation",
  "interim_review",
  "concluded",
] as const;
export type ResolutionState = (typeof RESOLUTION_STATES)[number];

/**
 * The resolution workflow, declared as data: each state lists the states it may move to.
 * draft → adopted (voted in a meeting) → issued → in implementation ⇄ interim review → concluded.
 */
export const RESOLUTION_WORKFLOW: Record<ResolutionState, readonly ResolutionState[]> = {
  draft: ["adopted"],
  adopted: ["issued"],
  issued: ["in_implementation"],
  in_implementation: ["interim_review", "concluded"],
  interim_review: ["in_implementation", "concluded"],
  concluded: [],
};

export function canTransition(from: ResolutionState, to: ResolutionState): boolean {
  return RESOLUTION_WORKFLOW[from].includes(to);
}

/** A resolution of the level above arrives already issued; the cell's own start as drafts. */
export function initialState(kind: ResolutionKind): ResolutionState {
  return kind === "higher" ? "issued" : "draft";
}

/** Plans and targets may be attached while the resolution is being drafted or carried out, not after it is concluded. */
export function isOpen(state: ResolutionState): boolean {
  return state !== "concluded";
}

/**
 * How far a target has come from its baseline towards its goal, in percent (0–100), from the latest measurement.
 * Works for targets that go down (goal below baseline) as well as up. Null when nothing was measured.
 */
export function targetAttainment(
  target: { baseline: number; goal: number },
  measurements: { measuredOn: string; value: number }[],
): number | null {
  if (measurements.length === 0) return null;
  const latest = [...measurements]
    .sort((a, b) => (a.measuredOn < b.measuredOn ? -1 : a.measuredOn > b.measuredOn ? 1 : 0))
    .at(-1)!;
  const span = target.goal - target.baseline;
  if (span === 0) return latest.value === target.goal ? 100 : 0;
  const ratio = (latest.value - target.baseline) / span;
  return Math.max(0, Math.min(100, ratio * 100));
}

export const targetBody = z.object({
  name: text(300),
  measureUnit: text(40),
  baseline: z.number().finite(),
  goal: z.number().finite(),
  dueOn: optionalDate(),
});

export const resolutionTaskBody = z.object({
  title: text(500),
  focal: z.boolean().default(false),
  breakthrough: z.boolean().default(false),
});

export const createResolutionBody = z.object({
  kind: z.enum(RESOLUTION_KINDS),
  number: optionalText(60),
  title: text(300),
  summary: optionalText(5000),
  congressId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  targets: z.array(targetBody).max(60).default([]),
  tasks: z.array(resolutionTaskBody).max(60).default([]),
});
export type CreateResolutionInput = z.infer<typeof createResolutionBody>;

export const transitionBody = z.object({
  to: z.enum(RESOLUTION_STATES),
  on: isoDate(),
  meetingId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  number: optionalText(60),
  version: version(),
});

export const issueResolutionBody = z.object({ issuedOn: isoDate().optional(), version: version() });

export const measurementBody = z.object({ measuredOn: isoDate(), value: z.number().finite(), note: optionalText(500) });
