import { z } from "zod";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { and, inArray, isNull, like, sql } from "drizzle-orm";
import { registerPersonalData } from "../../core/personal-data.js";
import { authorize, can, type Actor } from "../../core/access/index.js";
import { inTransaction, queryRows } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { contentDisposition } from "../../core/http/download.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { organizations } from "../organizations/schema.js";
import { getOrganization, visibleSubtreeIds } from "../organizations/store.js";
import { countCompleteChecklists, latestCongresses, listChecklist } from "../congresses/store.js";
import { checklistStage, summarizeChecklist } from "../congresses/model.js";
import { loadRollUp } from "../plans/progress.js";
import { listResolutions, listTargets } from "../resolutions/store.js";
import { targetAttainment } from "../resolutions/model.js";
import * as ops from "./operations.js";
import {
  byUrgency,
  checkBulkRows,
  createTaskBody,
  progressBody,
  taskStatus,
  updateTaskBody,
  type TaskRules,
} from "./model.js";
import { readProgressSheet, writeProgressSheet } from "./spreadsheet.js";
import {
  countTasksByStatus,
  getEvidence,
  getTask,
  listTasks,
  listUpdates,
  listUrgentTasks,
  memberNames,
  taskRules,
  type TaskRow,
} from "./store.js";

import { monthMeeting } from "../meetings/official.js";
import { inspectFile, uploadBodyLimit, UploadRejectedError } from "../../core/uploads/index.js";

const tags = ["tasks"];
/** The cells of a đảng bộ's home, 50 at a time. */
const cellsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// What the tasks module holds about a person: the tasks they carry or help with, and the progress they reported.
registerPersonalData("tasks", async (ex, { memberId }) => {
  if (!memberId) return null;
  const rows = await listTasks(ex, { memberId });
  const reports = await queryRows(
    ex,
    sql`SELECT u.task_id AS "taskId", u.reported_on::text AS "reportedOn", u.percent, u.note, u.evidence_name AS "evidenceName" FROM task_updates u WHERE u.member_id = ${memberId} ORDER BY u.created_at`,
  );
  return {
    tasks: rows.map((t) => ({
      id: t.id,
      title: t.title,
      organizationName: t.organizationName,
      role: t.responsibleMemberId === memberId ? "responsible" : "helper",
      source: t.sourceKind,
      startsOn: t.startsOn,
      dueOn: t.dueOn,
      progress: t.progress,
      doneOn: t.doneOn,
    })),
    progressReports: reports,
  };
});

/** Who may report on a task: its responsible member, a helper, or whoever manages the organisation's plans. */
export function mayReport(actor: Actor, task: TaskRow, org: { id: string; path: string }): boolean {
  if (actor.memberId && (task.responsibleMemberId === actor.memberId || task.helperIds.includes(actor.memberId)))
    return true;
  return can(actor, "plan.manage", org);
}

export async function taskRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  async function loadTask(id: string) {
    const task = await getTask(db(), id);
    if (!task) throw new NotFoundError("task");
    return task;
  }

  async function decorate<T extends { startsOn: string; dueOn: string; progress: number; organizationId: string }>(
    rows: T[],
    today: string,
  ) {
    const rulesByOrg = new Map<string, TaskRules>();
    const out = [];
    for (const r of rows) {
      let rules = rulesByOrg.get(r.organizationId);
      if (!rules) {
        const org = await getOrganization(db(), r.organizationId);
        rules = await taskRules(db(), org!.path, today);
        rulesByOrg.set(r.organizationId, rules);
      }
      out.push({ ...r, status: taskStatus(r, today, rules.atRisk) });
    }
    return out;
  }

  app.get(
    "/api/organizations/:id/tasks",
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.object({ status: z.enum(["late", "at_risk", "on_track", "done"]).optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const today = todayIso();
      const wanted = request.query.status;
      // The status filter runs in SQL: a cell's five years of tasks are not loaded to return the few late ones.
      const status = wanted ? { is: wanted, today, rules: (await taskRules(db(), ref.path, today)).atRisk } : undefined;
      return { items: byUrgency(await decorate(await listTasks(db(), { organizationIds: [ref.id], status }), today)) };
    },
  );

  app.post(
    "/api/organizations/:id/tasks",
    { schema: { tags, params: idParams, body: createTaskBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.manage", request.params.id);
      const row = await inTransaction(app.database, (tx) =>
        ops.createTask(tx, actor, { ...request.body, organizationId: ref.id }),
      );
      return reply.status(201).send(row);
    },
  );

  app.get("/api/me/tasks", { schema: { tags, summary: "My tasks, most urgent first" } }, async (request) => {
    const actor = requireActor(request);
    if (!actor.memberId) return { items: [] };
    const today = todayIso();
    const rows = await listTasks(db(), { memberId: actor.memberId });
    return {
      items: byUrgency(await decorate(rows, today)).map((r) => ({
        ...r,
        role: r.responsibleMemberId === actor.memberId ? "responsible" : "helper",
      })),
    };
  });

  app.get("/api/tasks/:id", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const task = await loadTask(request.params.id);
    const ref = await authorize(db(), actor, "plan.view", task.organizationId);
    const today = todayIso();
    const [[decorated], updates, names] = await Promise.all([
      decorate([task], today),
      listUpdates(db(), task.id),
      memberNames(db(), [task.responsibleMemberId, ...task.helperIds]),
    ]);
    return {
      ...decorated!,
      responsibleName: names.get(task.responsibleMemberId) ?? null,
      helpers: task.helperIds.map((id) => ({ id, fullName: names.get(id) ?? null })),
      updates,
      mayReport: mayReport(actor, task, ref),
      mayManage: can(actor, "plan.manage", ref),
    };
  });

  app.put("/api/tasks/:id", { schema: { tags, params: idParams, body: updateTaskBody } }, async (request) => {
    const actor = requireActor(request);
    const task = await loadTask(request.params.id);
    await authorize(db(), actor, "plan.manage", task.organizationId);
    return inTransaction(app.database, (tx) => ops.updateTask(tx, actor, task, request.body));
  });

  app.post("/api/tasks/:id/progress", { schema: { tags, params: idParams, body: progressBody } }, async (request) => {
    const actor = requireActor(request);
    const task = await loadTask(request.params.id);
    const ref = await authorize(db(), actor, "plan.view", task.organizationId);
    if (!mayReport(actor, task, ref)) throw new ForbiddenError();
    // Evidence is checked like every upload (a ZIP within the limits, a PDF that is one), before the transaction.
    if (request.body.evidence) await inspectFile(Buffer.from(request.body.evidence.base64, "base64"));
    return inTransaction(app.database, (tx) => ops.reportProgress(tx, actor, task, request.body, todayIso()));
  });

  app.get("/api/task-updates/:id/evidence", { schema: { tags, params: idParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const evidence = await getEvidence(db(), request.params.id);
    if (!evidence) throw new NotFoundError("evidence");
    await authorize(db(), actor, "plan.view", evidence.organizationId);
    if (!evidence.data) throw new NotFoundError("evidence");
    return reply
      .header("content-type", evidence.type ?? "application/octet-stream")
      .header("content-disposition", contentDisposition(evidence.name ?? "minh-chung"))
      .header("x-content-type-options", "nosniff")
      .send(evidence.data);
  });

  // ── Bulk progress: export → edit in Excel → upload with a preview; all rows or none ──
  app.get(
    "/api/organizations/:id/tasks.xlsx",
    { config: { rateLimit: "export" }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.manage", request.params.id);
      const rows = (await listTasks(db(), { organizationIds: [ref.id] })).filter((t) => t.progress < 100);
      const file = await writeProgressSheet(rows);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", contentDisposition("tien-do-nhiem-vu.xlsx"))
        .send(file);
    },
  );

  const sheetBody = z.instanceof(Buffer);
  async function checkSheet(orgId: string, body: Buffer) {
    // Within the upload limits, in a worker, before exceljs inflates anything.
    await inspectFile(body, { accept: { kinds: ["xlsx"], expected: "errors.upload_expect_xlsx" } }).catch(
      (err: unknown) => {
        const code = err instanceof UploadRejectedError ? err.rejection.code : null;
        if (code === "damaged" || code === "wrong_kind")
          throw new RuleError("bulk_unreadable", "file", "errors.bulk_unreadable");
        throw err;
      },
    );
    const rows = await readProgressSheet(new Uint8Array(body));
    if (!rows) throw new RuleError("bulk_unreadable", "file", "errors.bulk_unreadable");
    const known = new Map(
      (await listTasks(db(), { organizationIds: [orgId] })).map((t) => [
        t.id,
        { title: t.title, progress: t.progress },
      ]),
    );
    const checked = checkBulkRows(rows, known);
    const errors = checked.filter((r) => !r.ok);
    return {
      rows: checked.map((r) => ({ ...r, currentProgress: known.get(r.taskId)?.progress ?? null })),
      errors: errors.length,
      ready: errors.length === 0 && checked.length > 0,
      checked,
    };
  }

  app.post(
    "/api/organizations/:id/tasks/progress-preview",
    {
      config: { rateLimit: "upload" },
      schema: { tags, params: idParams, consumes: ["application/octet-stream"], body: sheetBody },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.manage", request.params.id);
      const { checked: _checked, ...preview } = await checkSheet(ref.id, request.body);
      return preview;
    },
  );

  app.post(
    "/api/organizations/:id/tasks/progress-import",
    {
      config: { rateLimit: "upload" },
      schema: { tags, params: idParams, consumes: ["application/octet-stream"], body: sheetBody },
    },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.manage", request.params.id);
      const { checked, ...preview } = await checkSheet(ref.id, request.body);
      if (!preview.ready)
        throw new RuleError("bulk_has_errors", "file", "errors.bulk_has_errors", { count: preview.errors });
      await inTransaction(app.database, (tx) =>
        ops.applyBulkProgress(
          tx,
          actor,
          checked.filter((r) => r.ok),
          todayIso(),
        ),
      );
      return preview;
    },
  );

  // ── The dashboard behind the home pages: late work, targets at risk, checklist, progress ──
  // Read for the organisation itself, never cell by cell across the tree: at a province (8,000 cells) reading
  // every cell's plans made one request take 38 s and 1.6 GB (docs/performance.md). Tree-wide figures are SQL
  // aggregates (task counts, congresses held, checklists complete).
  app.get("/api/organizations/:id/dashboard", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const ref = await authorize(db(), actor, "plan.view", request.params.id);
    const org = (await getOrganization(db(), ref.id))!;
    const today = todayIso();
    const rules = await taskRules(db(), org.path, today);
    const { ids, cells } = await visibleTree(actor, ref);
    const [counts, lateList, rolled, ownResolutions, congresses] = await Promise.all([
      countTasksByStatus(db(), ids, today, rules.atRisk),
      listUrgentTasks(db(), ids, today, rules.atRisk, 20),
      loadRollUp(db(), [org.id]),
      listResolutions(db(), [org.id]),
      latestCongresses(db(), [org.id, ...cells.map((c) => c.id)]),
    ]);
    const sum = (key: "total" | "late" | "atRisk" | "done") => [...counts.values()].reduce((n, c) => n + c[key], 0);
    // The organisation's own resolutions: a cell's targets are on the cell's dashboard.
    const open = ownResolutions.filter((r) => r.state !== "concluded" && r.state !== "draft");
    const targetRows = await listTargets(
      db(),
      open.map((r) => r.id),
    );
    const targets = targetRows.map((t) => {
      const attainment = targetAttainment(t, t.measurements);
      const workProgress = rolled.result.targets[t.id] ?? null;
      const measure = attainment ?? workProgress;
      const resolution = open.find((r) => r.id === t.resolutionId)!;
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
    const ownChecklist = ownCongress ? await listChecklist(db(), [ownCongress.id]) : [];
    const cellCongressIds = cells.map((c) => congresses.get(c.id)?.id).filter((id): id is string => !!id);
    const rootPlans = rolled.plans.filter((p) => !p.parentId && p.organizationId === org.id);
    return {
      organization: { id: org.id, name: org.name, kind: org.kind },
      today,
      // This month's cell meeting (held or not, attendance, rating): the portfolio of a đảng ủy member shows it per overseen cell.
      meeting: org.kind === "cell" ? await monthMeeting(db(), org.id, today) : null,
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
      // Across every visible cell; the cells themselves come a page at a time from /dashboard/cells.
      cellSummary: {
        total: cells.length,
        congressesHeld: cellCongressIds.length,
        checklistsComplete: await countCompleteChecklists(db(), cellCongressIds),
      },
    };
  });

  // The cells of the đảng bộ's home, a page at a time, each with its tasks, programme progress and checklist.
  app.get(
    "/api/organizations/:id/dashboard/cells",
    { schema: { tags, params: idParams, querystring: cellsQuery } },
    async (request) => {
      const actor = requireActor(request);
      const ref = await authorize(db(), actor, "plan.view", request.params.id);
      const today = todayIso();
      const rules = await taskRules(db(), ref.path, today);
      const { cells } = await visibleTree(actor, ref);
      const { offset, limit } = request.query;
      const page = cells.slice(offset, offset + limit);
      const ids = page.map((c) => c.id);
      const [counts, rolled, congresses] = await Promise.all([
        countTasksByStatus(db(), ids, today, rules.atRisk),
        loadRollUp(db(), ids),
        latestCongresses(db(), ids),
      ]);
      const checklist = await listChecklist(
        db(),
        [...congresses.values()].map((c) => c.id),
      );
      const items = page.map((c) => {
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
      return { total: cells.length, offset, items };
    },
  );

  /** The open organisations under ref the actor may see, and among them the cells, sorted the Vietnamese way. */
  async function visibleTree(actor: Actor, ref: { id: string; path: string }) {
    const subtree = await db()
      .select({ id: organizations.id, name: organizations.name, kind: organizations.kind })
      .from(organizations)
      .where(
        and(
          like(organizations.path, `${ref.path}%`),
          isNull(organizations.closedOn),
          inArray(organizations.id, await visibleSubtreeIds(db(), actor, "plan.view", ref)),
        ),
      );
    const cells = subtree
      .filter((o) => o.kind === "cell" && o.id !== ref.id)
      .sort((a, b) => compareVietnamese(a.name, b.name));
    return { ids: subtree.map((o) => o.id), cells };
  }
}
