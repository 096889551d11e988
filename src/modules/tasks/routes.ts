import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../core/access/index.js";
import { queryRows, type Executor } from "../../core/db/index.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { contentDisposition } from "../../core/http/download.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { todayIso } from "../../core/time.js";
import { inspectFile, uploadBodyLimit } from "../../core/uploads/index.js";
import { dashboardCells, homeDashboard } from "./dashboard.js";
import {
  commentBody,
  createTaskBody,
  extendTaskBody,
  mayDirect,
  monthCommentBody,
  monthQuery,
  progressBody,
  TASK_STATUSES,
  updateTaskBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  bulkPreviewSchema,
  dashboardCellsSchema,
  dashboardSchema,
  myTasksSchema,
  taskCommentListSchema,
  taskCommentSchema,
  taskDetailSchema,
  taskListSchema,
  taskSchema,
} from "./present.js";
import { mayReport, myTasks, organizationTasks, taskDetail } from "./queries.js";
import { writeProgressSheet } from "./spreadsheet.js";
import { getEvidence, getTask, listComments, listTasks } from "./store.js";

const tags = ["tasks"];
/** The cells of a đảng bộ's home, 50 at a time. */
const cellsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const statusQuery = z.object({ status: z.enum(TASK_STATUSES).optional() });
const sheetBody = z.instanceof(Buffer);

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
    tasksAssigned: await queryRows(
      ex,
      sql`SELECT t.id, t.title, t.due_on::text AS "dueOn" FROM tasks t
          WHERE t.assigned_by_member_id = ${memberId} ORDER BY t.created_at`,
    ),
    extensionsGranted: await queryRows(
      ex,
      sql`SELECT e.task_id AS "taskId", e.from_due_on::text AS "fromDueOn", e.to_due_on::text AS "toDueOn", e.reason,
                 e.created_at AS "createdAt"
            FROM task_extensions e WHERE e.member_id = ${memberId} ORDER BY e.created_at`,
    ),
    comments: await queryRows(
      ex,
      sql`SELECT c.task_id AS "taskId", c.organization_id AS "organizationId", c.month, c.kind, c.body,
                 c.created_at AS "createdAt"
            FROM task_comments c WHERE c.author_member_id = ${memberId} ORDER BY c.created_at`,
    ),
  };
});

async function loadTask(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const task = await getTask(ex, params.id, { forUpdate: lock });
  if (!task) throw new NotFoundError("task");
  return task;
}

export async function taskRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: uploadBodyLimit() },
    (_req, body, done) => done(null, body),
  );

  readRoute(app, {
    url: "/api/organizations/:id/tasks",
    tags,
    params: idParams,
    query: statusQuery,
    response: taskListSchema,
    action: "plan.view",
    handle: ({ ex, org, query }) => organizationTasks(ex, org, todayIso(), query.status),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/tasks",
    tags,
    params: idParams,
    body: createTaskBody,
    response: taskSchema,
    status: 201,
    action: "plan.manage",
    handle: ({ ex, actor, org, body }) => ops.createTask(ex, actor, { ...body, organizationId: org.id }),
  });

  // Not about one organisation: every signed-in person has their own list (empty without a member record).
  app.get(
    "/api/me/tasks",
    { schema: { tags, summary: "My tasks, most urgent first", response: { 200: myTasksSchema } } },
    (request) => myTasks(app.database.db, requireActor(request), todayIso()),
  );

  readRoute(app, {
    url: "/api/tasks/:id",
    tags,
    params: idParams,
    response: taskDetailSchema,
    action: "plan.view",
    load: loadTask,
    handle: ({ ex, actor, org, record }) => taskDetail(ex, actor, org, record, todayIso()),
  });

  writeRoute(app, {
    url: "/api/tasks/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateTaskBody,
    response: taskSchema,
    action: "plan.manage",
    load: loadTask,
    handle: ({ ex, actor, record, body }) => ops.updateTask(ex, actor, record, body),
  });

  // "Gia hạn": the same task, a later deadline, the extension kept in its history.
  writeRoute(app, {
    url: "/api/tasks/:id/extend",
    tags,
    params: idParams,
    body: extendTaskBody,
    response: taskSchema,
    action: "plan.manage",
    load: loadTask,
    handle: ({ ex, actor, record, body }) => ops.extendTask(ex, actor, record, body),
  });

  // Comments and directions: read and written by the committee and the overseers only (mayDirect, ADR 0115).
  readRoute(app, {
    url: "/api/tasks/:id/comments",
    tags,
    params: idParams,
    response: taskCommentListSchema,
    action: "plan.view",
    load: loadTask,
    handle: async ({ ex, actor, org, record }) => {
      if (!mayDirect(actor, org)) throw new ForbiddenError();
      return { items: await listComments(ex, { taskId: record.id }) };
    },
  });

  writeRoute(app, {
    url: "/api/tasks/:id/comments",
    tags,
    params: idParams,
    body: commentBody,
    response: taskCommentSchema,
    status: 201,
    action: "plan.view",
    load: loadTask,
    handle: ({ ex, actor, org, record, body }) => {
      if (!mayDirect(actor, org)) throw new ForbiddenError();
      return ops.commentOnTask(ex, actor, record, body, todayIso());
    },
  });

  readRoute(app, {
    url: "/api/organizations/:id/month-comments",
    tags,
    params: idParams,
    query: monthQuery,
    response: taskCommentListSchema,
    action: "plan.view",
    handle: async ({ ex, actor, org, query }) => {
      if (!mayDirect(actor, org)) throw new ForbiddenError();
      return { items: await listComments(ex, { organizationId: org.id, month: query.month }) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/month-comments",
    tags,
    params: idParams,
    body: monthCommentBody,
    response: taskCommentSchema,
    status: 201,
    action: "plan.view",
    handle: ({ ex, actor, org, body }) => {
      if (!mayDirect(actor, org)) throw new ForbiddenError();
      return ops.commentOnMonth(ex, actor, org.id, body, todayIso());
    },
  });

  await app.register(async (uploads) => {
    // Uploaded files are checked (within the limits, in a worker) before the transaction opens: a hostile file
    // never holds the store while it is taken apart.
    uploads.addHook("preHandler", async (request: FastifyRequest) => {
      const body = request.body;
      if (Buffer.isBuffer(body)) await ops.inspectProgressSheet(body);
      else {
        const evidence = (body as z.infer<typeof progressBody> | undefined)?.evidence;
        if (evidence) await inspectFile(Buffer.from(evidence.base64, "base64"));
      }
    });

    writeRoute(uploads, {
      url: "/api/tasks/:id/progress",
      tags,
      params: idParams,
      body: progressBody,
      response: taskSchema,
      action: "plan.view",
      load: loadTask,
      handle: ({ ex, actor, org, record, body }) => {
        if (!mayReport(actor, record, org)) throw new ForbiddenError();
        return ops.reportProgress(ex, actor, record, body, todayIso());
      },
    });

    // ── Bulk progress: export → edit in Excel → upload with a preview; all rows or none ──
    writeRoute(uploads, {
      url: "/api/organizations/:id/tasks/progress-preview",
      tags,
      params: idParams,
      body: sheetBody,
      response: bulkPreviewSchema,
      action: "plan.manage",
      config: { rateLimit: "upload" },
      handle: ({ ex, org, body }) => ops.previewProgressSheet(ex, org.id, body),
    });

    writeRoute(uploads, {
      url: "/api/organizations/:id/tasks/progress-import",
      tags,
      params: idParams,
      body: sheetBody,
      response: bulkPreviewSchema,
      action: "plan.manage",
      config: { rateLimit: "upload" },
      handle: ({ ex, actor, org, body }) => ops.importProgressSheet(ex, actor, org.id, body, todayIso()),
    });
  });

  app.get(
    "/api/task-updates/:id/evidence",
    { config: { download: true }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const evidence = await getEvidence(app.database.db, request.params.id);
      if (!evidence) throw new NotFoundError("evidence");
      await authorize(app.database.db, actor, "plan.view", evidence.organizationId);
      if (!evidence.data) throw new NotFoundError("evidence");
      return reply
        .header("content-type", evidence.type ?? "application/octet-stream")
        .header("content-disposition", contentDisposition(evidence.name ?? "minh-chung"))
        .header("x-content-type-options", "nosniff")
        .send(evidence.data);
    },
  );

  app.get(
    "/api/organizations/:id/tasks.xlsx",
    { config: { rateLimit: "export", download: true }, schema: { tags, params: idParams } },
    async (request, reply) => {
      const ref = await authorize(app.database.db, requireActor(request), "plan.manage", request.params.id);
      const rows = (await listTasks(app.database.db, { organizationIds: [ref.id] })).filter((t) => t.progress < 100);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", contentDisposition("tien-do-nhiem-vu.xlsx"))
        .send(await writeProgressSheet(rows));
    },
  );

  // The home pages. They read on the database (not `ex`): their independent reads run side by side on the pool.
  readRoute(app, {
    url: "/api/organizations/:id/dashboard",
    replica: true,
    tags,
    params: idParams,
    response: dashboardSchema,
    action: "plan.view",
    handle: ({ actor, org }) => homeDashboard(app.database.db, actor, org, todayIso()),
  });

  readRoute(app, {
    url: "/api/organizations/:id/dashboard/cells",
    replica: true,
    tags,
    params: idParams,
    query: cellsQuery,
    response: dashboardCellsSchema,
    action: "plan.view",
    handle: ({ actor, org, query }) => dashboardCells(app.database.db, actor, org, todayIso(), query),
  });
}
