import type { Actor, OrgRef } from "../../core/access/index.js";
import type { Db } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { checklistStage, summarizeChecklist } from "../congresses/model.js";
import { countCompleteChecklists, latestCongresses, listChecklist } from "../congresses/store.js";
import { monthMeeting } from "../meetings/official.js";
import { openSubtreeSet } from "../organizations/public-tasks.js";
import { getOrganization } from "../organizations/store.js";
import { loadRollUp } from "../plans/progress.js";
import { targetAttainment } from "../resolutions/model.js";
import { listResolutions, listTargets } from "../resolutions/store.js";
import { countTasksByStatus, listUrgentTasks, taskRules } from "./store.js";

// The dashboard behind the home pages: late work, targets at risk, checklist, progress.
// Read for the organisation itself, never cell by cell across the tree: at a province (8,000 cells) reading every
// cell's plans made one request take 38 s and 1.6 GB (docs/performance.md). Tree-wide figures are SQL aggregates
// (task counts, congresses held, checklists complete). Both functions read on the database, not in a transaction:
// their independent reads run in parallel on the pool (two scans of the tasks table at a province).

/**
 * The open organisations under `root` the actor may see, the set of their ids as the store's queries take it, and
 * among them the cells (in no order: sorting a province's 8,000 names the Vietnamese way takes 20 ms, and only the
 * page of cells shows them).
 */
async function visibleTree(db: Db, actor: Actor, root: OrgRef) {
  const { organizations: subtree, set } = await openSubtreeSet(db, actor, "plan.view", root);
  return { ids: set, cells: subtree.filter((o) => o.kind === "cell" && o.id !== root.id) };
}

/** An organisation's home: its work, targets, programmes, resolutions and checklist, and a summary of its cells. */
export async function homeDashboard(db: Db, actor: Actor, ref: OrgRef, today: string) {
  const org = await getOrganization(db, ref.id);
  if (!org) throw new NotFoundError("organization");
  const rules = await taskRules(db, org.path, today);
  const { ids, cells } = await visibleTree(db, actor, ref);
  const [counts, lateList, rolled, ownResolutions, congresses] = await Promise.all([
    countTasksByStatus(db, ids, today, rules.atRisk),
    listUrgentTasks(db, ids, today, rules.atRisk, 20),
    loadRollUp(db, [org.id]),
    listResolutions(db, [org.id]),
    // The subtree's congresses: the organisation's own and its cells' are looked up in it.
    latestCongresses(db, ids),
  ]);
  const sum = (key: "total" | "late" | "atRisk" | "done") => [...counts.values()].reduce((n, c) => n + c[key], 0);
  // The organisation's own resolutions: a cell's targets are on the cell's dashboard.
  const open = ownResolutions.filter((r) => r.state !== "concluded" && r.state !== "draft");
  const resolutionOf = new Map(open.map((r) => [r.id, r]));
  const targetRows = await listTargets(
    db,
    open.map((r) => r.id),
  );
  const targets = targetRows.flatMap((t) => {
    const resolution = resolutionOf.get(t.resolutionId);
    if (!resolution) return [];
    const attainment = targetAttainment(t, t.measurements);
    const workProgress = rolled.result.targets[t.id] ?? null;
    const measure = attainment ?? workProgress;
    return {
      id: t.id,
      name: t.name,
      unit: t.measureUnit,
      goal: t.goal,
      baseline: t.baseline,
      latest: t.measurements.at(-1)?.value ?? null,
      attainment,
      workProgress,
      atRisk: measure === null || measure < rules.atRisk.targetBelowPercent,
      resolutionId: resolution.id,
      resolutionTitle: resolution.title,
      organizationId: resolution.organizationId,
    };
  });
  const ownCongress = congresses.get(org.id) ?? null;
  const ownChecklist = ownCongress ? await listChecklist(db, [ownCongress.id]) : [];
  const cellCongressIds = cells.map((c) => congresses.get(c.id)?.id).filter((id): id is string => !!id);
  const rootPlans = rolled.plans.filter((p) => !p.parentId && p.organizationId === org.id);
  return {
    organization: { id: org.id, name: org.name, kind: org.kind },
    today,
    // This month's cell meeting (held or not, attendance, rating): a đảng ủy member's portfolio shows it per cell.
    meeting: org.kind === "cell" ? await monthMeeting(db, org.id, today) : null,
    tasks: { total: sum("total"), late: sum("late"), atRisk: sum("atRisk"), done: sum("done"), lateList },
    targets,
    programmes: rootPlans.map((p) => ({
      id: p.id,
      title: p.title,
      kind: p.kind,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      progress: rolled.result.plans[p.id] ?? null,
    })),
    resolutions: open.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      progress: rolled.result.resolutions[r.id] ?? null,
    })),
    checklist: ownCongress
      ? {
          congressId: ownCongress.id,
          heldOn: ownCongress.heldOn,
          items: ownChecklist.map((i) => ({ ...i, stage: checklistStage(i, today) })),
        }
      : null,
    // Across every visible cell; the cells themselves come a page at a time from dashboardCells.
    cellSummary: {
      total: cells.length,
      congressesHeld: cellCongressIds.length,
      checklistsComplete: await countCompleteChecklists(db, cellCongressIds),
    },
  };
}

/** The cells of a đảng bộ's home, a page at a time, each with its tasks, programme progress and checklist. */
export async function dashboardCells(
  db: Db,
  actor: Actor,
  ref: OrgRef,
  today: string,
  page: { offset: number; limit: number },
) {
  const rules = await taskRules(db, ref.path, today);
  const cells = (await visibleTree(db, actor, ref)).cells.sort((a, b) => compareVietnamese(a.name, b.name));
  const shown = cells.slice(page.offset, page.offset + page.limit);
  const ids = shown.map((c) => c.id);
  const [counts, rolled, congresses] = await Promise.all([
    countTasksByStatus(db, ids, today, rules.atRisk),
    loadRollUp(db, ids),
    latestCongresses(db, ids),
  ]);
  const checklist = await listChecklist(
    db,
    [...congresses.values()].map((c) => c.id),
  );
  const items = shown.map((c) => {
    const inCell = counts.get(c.id);
    const congress = congresses.get(c.id);
    const roots = rolled.plans.filter((p) => !p.parentId && p.organizationId === c.id);
    const progresses = roots
      .map((p) => rolled.result.plans[p.id])
      .filter((v): v is number => v !== null && v !== undefined);
    return {
      id: c.id,
      name: c.name,
      late: inCell?.late ?? 0,
      atRisk: inCell?.atRisk ?? 0,
      tasks: inCell?.total ?? 0,
      progress: progresses.length ? progresses.reduce((a, b) => a + b, 0) / progresses.length : null,
      congressHeldOn: congress?.heldOn ?? null,
      checklist: congress
        ? summarizeChecklist(
            c.id,
            checklist.filter((i) => i.congressId === congress.id),
            today,
          )
        : null,
    };
  });
  return { total: cells.length, offset: page.offset, items };
}
