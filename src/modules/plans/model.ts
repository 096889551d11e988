import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
// Shared with the browser: zod and pure functions only.

export const PLAN_KINDS = ["programme", "yearly", "quarterly", "monthly", "sub_plan"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export type PlanState = "draft" | "issued";

/** Which plan may sit under which: programme → yearly → quarterly → monthly; sub-plans under a programme or a yearly plan. */
const ALLOWED_PARENTS: Record<PlanKind, readonly (PlanKind | null)[]> = {
  programme: [null],
  yearly: [null, "programme"],
  quarterly: [null, "yearly"],
  monthly: [null, "quarterly", "yearly"],
  sub_plan: [null, "programme", "yearly"],
};

export function planParentAllowed(kind: PlanKind, parentKind: PlanKind | null): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

export const createPlanBody = z
  .object({
    kind: z.enum(PLAN_KINDS),
    title: text(300),
    parentId: z
      .uuid()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    resolutionId: z
      .uuid()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    resolutionTaskId: z
      .uuid()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    startsOn: isoDate(),
    endsOn: isoDate(),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "validation.invalid_date" });
export type CreatePlanInput = z.infer<typeof createPlanBody>;

const itemFields = {
  what: text(1000),
  how: optionalText(2000),
  dueOn: isoDate(),
  responsibleMemberId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  responsibleUnit: optionalText(200),
  coordinating: optionalText(500),
  checking: optionalText(1000),
  targetIds: z.array(z.uuid()).max(30).default([]),
  weight: z.number().int().min(1).max(100).default(1),
};

export const createItemBody = z.object({ ...itemFields, reason: optionalText(1000) });
export type ItemInput = Omit<z.infer<typeof createItemBody>, "reason">;
export const updateItemBody = z.object({ ...itemFields, version: version(), reason: optionalText(1000) });
export const deleteItemBody = z.object({ version: version() });
export const closeItemBody = z.object({ closedOn: isoDate(), closedReason: text(1000), version: version() });
export const issuePlanBody = z.object({ issuedOn: isoDate(), version: version() });

/**
 * Checks a plan item against its plan. Returns the field and message key of the first problem, or null.
 * Someone must answer for every item: a member or a named unit (party group, department, committee).
 */
export function itemProblem(
  plan: { startsOn: string; endsOn: string },
  item: { dueOn: string; responsibleMemberId: string | null; responsibleUnit: string | null },
): { field: string; key: string; params?: Record<string, string> } | null {
  if (item.dueOn < plan.startsOn)
    return { field: "dueOn", key: "errors.due_before_plan_start", params: { start: plan.startsOn } };
  if (item.dueOn > plan.endsOn)
    return { field: "dueOn", key: "errors.due_after_plan_end", params: { end: plan.endsOn } };
  if (!item.responsibleMemberId && !item.responsibleUnit)
    return { field: "responsibleMemberId", key: "errors.no_responsible" };
  return null;
}

// ── Roll-up ──────────────────────────────────────────────────────────────────────────────

export interface Weighted {
  weight: number;
  progress: number;
}

/** Weighted mean of progress (0–100); null when there is nothing to measure. */
export function weightedProgress(parts: Weighted[]): number | null {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  if (parts.length === 0 || total <= 0) return null;
  return parts.reduce((s, p) => s + p.weight * clamp(p.progress), 0) / total;
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));

export interface RollUpInput {
  plans: { id: string; parentId: string | null; resolutionId: string | null }[];
  items: { id: string; planId: string; weight: number; targetIds: string[]; closed: boolean }[];
  tasks: { planItemId: string | null; progress: number }[];
}

export interface RollUpResult {
  /** Per plan item: mean of its tasks' progress (tasks weigh equally); 0 when it has no task yet. */
  items: Record<string, number>;
  /** Per plan: the weighted mean of every open item in its subtree (its own and its sub-plans'). */
  plans: Record<string, number | null>;
  /** Per target: the weighted mean of the items that serve it. */
  targets: Record<string, number | null>;
  /** Per resolution: the weighted mean of every item of the plans that implement it. */
  resolutions: Record<string, number | null>;
}

/**
 * Progress flows up: task → plan item → plan (and its parents) → target and resolution.
 * Closed items keep their history but leave the arithmetic; each item counts with its weight (1 by default).
 */
export function rollUp(input: RollUpInput): RollUpResult {
  const tasksByItem = new Map<string, number[]>();
  for (const t of input.tasks) {
    if (!t.planItemId) continue;
    const list = tasksByItem.get(t.planItemId) ?? [];
    list.push(clamp(t.progress));
    tasksByItem.set(t.planItemId, list);
  }
  const items: Record<string, number> = {};
  for (const item of input.items) {
    const list = tasksByItem.get(item.id) ?? [];
    items[item.id] = list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0;
  }
  // Open items grouped once by plan and by target, so a đảng bộ's thousands of items are not rescanned per plan.
  const openByPlan = new Map<string, RollUpInput["items"]>();
  const openByTarget = new Map<string, RollUpInput["items"]>();
  const add = (map: Map<string, RollUpInput["items"]>, key: string, item: RollUpInput["items"][number]) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  for (const item of input.items) {
    if (item.closed) continue;
    add(openByPlan, item.planId, item);
    for (const target of new Set(item.targetIds)) add(openByTarget, target, item);
  }
  const children = new Map<string | null, string[]>();
  for (const p of input.plans) children.set(p.parentId, [...(children.get(p.parentId) ?? []), p.id]);
  const subtree = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    for (const c of children.get(id) ?? []) subtree(c, seen);
    return seen;
  };
  const of = (list: RollUpInput["items"]) =>
    weightedProgress(list.map((i) => ({ weight: i.weight, progress: items[i.id]! })));
  const inPlans = (planIds: Iterable<string>) => [...planIds].flatMap((id) => openByPlan.get(id) ?? []);
  const plans: Record<string, number | null> = {};
  const planSubtrees = new Map<string, Set<string>>();
  for (const p of input.plans) {
    const ids = subtree(p.id);
    planSubtrees.set(p.id, ids);
    plans[p.id] = of(inPlans(ids));
  }
  const targets: Record<string, number | null> = {};
  for (const [target, list] of openByTarget) targets[target] = of(list);
  const resolutions: Record<string, number | null> = {};
  const byResolution = new Map<string, Set<string>>();
  for (const p of input.plans) {
    if (!p.resolutionId) continue;
    const set = byResolution.get(p.resolutionId) ?? new Set<string>();
    for (const id of planSubtrees.get(p.id)!) set.add(id);
    byResolution.set(p.resolutionId, set);
  }
  for (const [resolutionId, planIds] of byResolution) resolutions[resolutionId] = of(inPlans(planIds));
  return { items, plans, targets, resolutions };
}

export const personalPlanBody = z.object({
  year: z.number().int().min(2000).max(2100),
  items: z
    .array(
      z.object({
        what: text(1000),
        dueOn: isoDate()
          .nullable()
          .optional()
          .transform((v) => v ?? null),
        planItemId: z
          .uuid()
          .nullable()
          .optional()
          .transform((v) => v ?? null),
        result: optionalText(1000),
      }),
    )
    .min(1)
    .max(50),
});
export const reviewPersonalPlanBody = z.object({
  reviewedOn: isoDate(),
  reviewNote: optionalText(2000),
  results: z.array(optionalText(1000)).max(50),
  version: version(),
});

/** The plan as structured content (title, table of items) for the documents module to render in the official format. */
export function planContent(
  plan: { title: string; kind: PlanKind; startsOn: string; endsOn: string },
  items: {
    what: string;
    how: string | null;
    dueOn: string;
    responsibleName: string | null;
    responsibleUnit: string | null;
    coordinating: string | null;
    checking: string | null;
    closedOn: string | null;
  }[],
) {
  const d = (iso: string) => iso.split("-").reverse().join("/");
  return {
    title: plan.title,
    sections: [
      {
        heading: `Thời gian thực hiện: từ ngày ${d(plan.startsOn)} đến ngày ${d(plan.endsOn)}`,
        paragraphs: [] as string[],
        table: {
          columns: [
            "TT",
            "Nội dung công việc",
            "Phương pháp",
            "Thời gian hoàn thành",
            "Người/bộ phận chịu trách nhiệm",
            "Phối hợp",
            "Kiểm tra, đôn đốc",
          ],
          rows: items
            .filter((i) => !i.closedOn)
            .map((i, n) => [
              String(n + 1),
              i.what,
              i.how ?? "",
              d(i.dueOn),
              [i.responsibleName, i.responsibleUnit].filter(Boolean).join(", "),
              i.coordinating ?? "",
              i.checking ?? "",
            ]),
        },
      },
    ],
  };
}
