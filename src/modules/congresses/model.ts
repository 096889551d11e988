import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addDays } from "../../core/time.js";
// Shared with the browser: zod and pure functions only.

export const ELECTED_ROLES = ["secretary", "deputy_secretary", "committee_member"] as const;
export type ElectedRole = (typeof ELECTED_ROLES)[number];

export interface ElectionResult {
  memberId: string;
  role: ElectedRole;
  /** Votes received, and out of how many valid ballots, when recorded. */
  votes: number | null;
}

/** Which record fulfils a checklist item, so chibo can tick it when that record appears. */
export const FULFILLED_BY = [
  "ratification",
  "programme",
  "regulation",
  "draft_consultation",
  "ideological_work",
  "lessons_meeting",
  "oversights",
  "sub_plans",
  "personal_plans",
  "inspection_plan",
] as const;
export type FulfilledBy = (typeof FULFILLED_BY)[number];

const templateItem = z.object({
  key: z.string().min(1),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  /** Due this many days after the congress. */
  dueDays: z.number().int().min(0),
  owner: z.enum(["secretary", "deputy_secretary"]),
  fulfilledBy: z.enum(FULFILLED_BY).nullable(),
  source: z.string(),
});
export type ChecklistTemplateItem = z.infer<typeof templateItem>;

/** Rulebook kind "post-congress-checklist": what a cell ([000]) and a đảng bộ ([001], [004]) must do after a congress. */
export const checklistRulesSchema = z.object({
  cell: z.array(templateItem).min(1),
  party_committee: z.array(templateItem).min(1),
});
export type ChecklistRules = z.infer<typeof checklistRulesSchema>;

// Date arithmetic lives in one place (core/time); re-exported for the callers that import it from here.
export { addDays };

export interface ChecklistDraft {
  itemKey: string;
  position: number;
  title: string;
  titleEn: string;
  dueOn: string;
  ownerMemberId: string | null;
  fulfilledBy: FulfilledBy | null;
}

/**
 * The checklist a congress starts: one item per template line, due a fixed number of days after the congress,
 * owned by the newly elected secretary (or deputy, falling back to the secretary).
 */
export function instantiateChecklist(
  template: ChecklistTemplateItem[],
  heldOn: string,
  owners: { secretary: string | null; deputy_secretary: string | null },
): ChecklistDraft[] {
  return template.map((item, position) => ({
    itemKey: item.key,
    position,
    title: item.title,
    titleEn: item.titleEn,
    dueOn: addDays(heldOn, item.dueDays),
    ownerMemberId: owners[item.owner] ?? owners.secretary,
    fulfilledBy: item.fulfilledBy,
  }));
}

export type ChecklistStage = "done" | "overdue" | "due_soon" | "open";

export function checklistStage(item: { done: boolean; dueOn: string }, today: string, dueSoonDays = 7): ChecklistStage {
  if (item.done) return "done";
  if (item.dueOn < today) return "overdue";
  if (item.dueOn <= addDays(today, dueSoonDays)) return "due_soon";
  return "open";
}

export interface ChecklistSummary {
  organizationId: string;
  done: number;
  total: number;
  overdue: number;
  complete: boolean;
}

export function summarizeChecklist(
  organizationId: string,
  items: { done: boolean; dueOn: string }[],
  today: string,
): ChecklistSummary {
  const done = items.filter((i) => i.done).length;
  return {
    organizationId,
    done,
    total: items.length,
    overdue: items.filter((i) => checklistStage(i, today) === "overdue").length,
    complete: items.length > 0 && done === items.length,
  };
}

export const electedBody = z.object({
  memberId: z.uuid(),
  role: z.enum(ELECTED_ROLES),
  votes: z
    .number()
    .int()
    .min(0)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export const recordCongressBody = z
  .object({
    heldOn: isoDate(),
    termLabel: text(60),
    termEndsOn: isoDate(),
    delegatesTotal: z.number().int().min(1).max(10_000),
    delegatesPresent: z.number().int().min(0).max(10_000),
    elected: z.array(electedBody).min(1).max(60),
    note: optionalText(2000),
  })
  .refine((v) => v.termEndsOn > v.heldOn, { path: ["termEndsOn"], message: "validation.invalid_date" })
  .refine((v) => v.delegatesPresent <= v.delegatesTotal, {
    path: ["delegatesPresent"],
    message: "validation.invalid_value",
  });
export type RecordCongressInput = z.infer<typeof recordCongressBody>;

/** Exactly one secretary is elected; a member holds one elected seat. Returns the offending field or null. */
export function electionProblem(
  elected: { memberId: string; role: ElectedRole }[],
): { field: string; key: string } | null {
  const secretaries = elected.filter((e) => e.role === "secretary").length;
  if (secretaries !== 1) return { field: "elected", key: "errors.congress_one_secretary" };
  if (new Set(elected.map((e) => e.memberId)).size !== elected.length)
    return { field: "elected", key: "errors.congress_duplicate_member" };
  return null;
}

export const submissionBody = z.object({ submittedOn: isoDate(), submissionNumber: text(60), version: version() });
export const ratificationBody = z.object({ ratifiedOn: isoDate(), ratificationNumber: text(60), version: version() });
export const completeChecklistBody = z.object({ doneOn: isoDate(), note: optionalText(1000), version: version() });
