import type { FastifyInstance } from "fastify";
import { type Actor, can } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { todayIso } from "../../core/time.js";
import { getDocument } from "../documents/store.js";
import { getOrganization, subtreeOrganizations } from "../organizations/store.js";
import { listResolutions, type ResolutionRow } from "../resolutions/store.js";
import {
  attendanceBody,
  createStudySessionBody,
  ownReflectionBody,
  paperReflectionBody,
  reflectionDueOn,
  reportBody,
} from "./model.js";
import * as ops from "./operations.js";
import { cellStudiesSchema, studyOverviewSchema, studySessionSchema } from "./present.js";
import {
  attendanceOf,
  getStudySession,
  listStudySessions,
  reflectionsOf,
  reportsOf,
  studyRules,
  type LoadedSession,
  type ReportRow,
} from "./store.js";

const tags = ["studies"];

async function loadSession(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getStudySession(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("study_session");
  return row;
}

/** Resolutions of the level above recorded on the organisation or above it (and, with `below`, on its cells). */
async function higherResolutions(ex: Executor, path: string, below: string[] = []): Promise<ResolutionRow[]> {
  const ids = [...new Set([...path.split("/").filter(Boolean), ...below])];
  return (await listResolutions(ex, ids)).filter((r) => r.kind === "higher");
}

async function reportOf(ex: Executor, r: ReportRow | undefined) {
  if (!r) return null;
  const doc = await getDocument(ex, r.documentId);
  return { documentId: r.documentId, numberText: doc?.numberText ?? null, issuedOn: r.issuedOn };
}

const tallyOf = (study: ops.CellStudy | null) =>
  study ? { total: study.tally.total, studied: study.tally.studied, reflected: study.tally.reflected } : null;

async function sessionView(ex: Executor, actor: Actor, s: LoadedSession) {
  const study = (await ops.loadCellStudy(ex, s.organizationId, s.cellPath, s.resolutionId))!;
  const resolution = (await ops.studiableResolution(ex, s.cellPath, s.resolutionId)) ?? null;
  const rules = await studyRules(ex, s.cellPath, study.main.heldOn);
  const canManage = can(actor, "meeting.manage", { id: s.organizationId, path: s.cellPath });
  const here = study.attendance.get(s.id) ?? new Set<string>();
  const studied = new Set([...study.attendance.values()].flatMap((x) => [...x]));
  const reflections = new Map(study.reflections.map((r) => [r.memberId, r]));
  const shown = (memberId: string) => {
    const r = reflections.get(memberId);
    return r ? { via: r.via, receivedOn: r.receivedOn, content: r.content } : null;
  };
  const report = (await reportsOf(ex, [s.organizationId])).find((r) => r.resolutionId === s.resolutionId);
  const onRoster = actor.memberId !== null && study.roster.some((m) => m.id === actor.memberId);
  return {
    id: s.id,
    organizationId: s.organizationId,
    cellName: s.cellName,
    resolution: {
      id: s.resolutionId,
      number: resolution?.number ?? null,
      title: resolution?.title ?? "",
    },
    heldOn: s.heldOn,
    place: s.place,
    presenter: s.presenter,
    note: s.note,
    makeupOf: s.makeupOfId ? { id: study.main.id, heldOn: study.main.heldOn } : null,
    makeups: study.sessions.filter((x) => x.makeupOfId).map((x) => ({ id: x.id, heldOn: x.heldOn })),
    reflectionDueOn: reflectionDueOn(s.heldOn, rules),
    roster: study.roster.map((m) => ({
      id: m.id,
      fullName: m.fullName,
      exempt: m.exempt,
      present: here.has(m.id),
      studied: studied.has(m.id),
      reflection: canManage ? shown(m.id) : null,
    })),
    tally: tallyOf(study)!,
    report: await reportOf(ex, report),
    myReflection: actor.memberId ? shown(actor.memberId) : null,
    mayReflect: onRoster,
    canManage,
    version: s.version,
  };
}

export async function studyRoutes(app: FastifyInstance) {
  // A cell's studies of the level above's resolutions: every member sees the sessions and their own part.
  readRoute(app, {
    url: "/api/organizations/:id/studies",
    tags,
    params: idParams,
    response: cellStudiesSchema,
    action: "meeting.view",
    handle: async ({ ex, actor, org }) => {
      const resolutions = await higherResolutions(ex, org.path);
      const sessions = await listStudySessions(ex, [org.id]);
      const reflections = await reflectionsOf(ex, [org.id]);
      const attendance = await attendanceOf(
        ex,
        sessions.map((s) => s.id),
      );
      const reports = await reportsOf(ex, [org.id]);
      const rules = await studyRules(ex, org.path, todayIso());
      const items = [];
      for (const r of resolutions) {
        const own = sessions.filter((s) => s.resolutionId === r.id);
        const study = await ops.cellStudy(
          ex,
          org.id,
          own,
          reflections.filter((x) => x.resolutionId === r.id),
          attendance,
          rules,
        );
        const me = actor.memberId;
        const onRoster = !!study && me !== null && study.roster.some((m) => m.id === me);
        items.push({
          id: r.id,
          number: r.number,
          title: r.title,
          issuedOn: r.issuedOn,
          session: study ? { id: study.main.id, heldOn: study.main.heldOn, place: study.main.place } : null,
          makeups: own.filter((s) => s.makeupOfId).map((s) => ({ id: s.id, heldOn: s.heldOn })),
          tally: tallyOf(study),
          report: await reportOf(
            ex,
            reports.find((x) => x.resolutionId === r.id),
          ),
          mine: onRoster
            ? {
                studied: [...study.attendance.values()].some((set) => set.has(me)),
                reflectedOn: study.reflections.find((x) => x.memberId === me)?.receivedOn ?? null,
              }
            : null,
        });
      }
      return { resolutions: items, canManage: can(actor, "meeting.manage", org) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/study-sessions",
    tags,
    params: idParams,
    body: createStudySessionBody,
    response: studySessionSchema,
    status: 201,
    action: "meeting.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return { ...org, organizationId: org.id };
    },
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.createStudySession(ex, actor, record, body);
      return sessionView(ex, actor, (await getStudySession(ex, row.id))!);
    },
  });

  readRoute(app, {
    url: "/api/study-sessions/:id",
    tags,
    params: idParams,
    response: studySessionSchema,
    action: "meeting.view",
    load: loadSession,
    handle: ({ ex, actor, record }) => sessionView(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/study-sessions/:id/attendance",
    tags,
    params: idParams,
    body: attendanceBody,
    response: studySessionSchema,
    action: "meeting.manage",
    load: loadSession,
    handle: async ({ ex, actor, record, body }) => {
      await ops.recordAttendance(ex, actor, record, body, todayIso());
      return sessionView(ex, actor, (await getStudySession(ex, record.id))!);
    },
  });

  // The member's own reflection: any member of the cell (meeting.view), and the operation checks it is theirs.
  writeRoute(app, {
    url: "/api/study-sessions/:id/reflection",
    tags,
    params: idParams,
    body: ownReflectionBody,
    response: studySessionSchema,
    action: "meeting.view",
    load: loadSession,
    handle: async ({ ex, actor, record, body }) => {
      await ops.submitOwnReflection(ex, actor, record, body, todayIso());
      return sessionView(ex, actor, record);
    },
  });

  writeRoute(app, {
    url: "/api/study-sessions/:id/paper-reflections",
    tags,
    params: idParams,
    body: paperReflectionBody,
    response: studySessionSchema,
    action: "meeting.manage",
    load: loadSession,
    handle: async ({ ex, actor, record, body }) => {
      await ops.recordPaperReflection(ex, actor, record, body, todayIso());
      return sessionView(ex, actor, record);
    },
  });

  writeRoute(app, {
    url: "/api/study-sessions/:id/report",
    tags,
    params: idParams,
    body: reportBody,
    response: studySessionSchema,
    status: 201,
    action: "meeting.manage",
    load: loadSession,
    handle: async ({ ex, actor, record, body }) => {
      await ops.issueReport(ex, actor, record, body);
      return sessionView(ex, actor, (await getStudySession(ex, record.id))!);
    },
  });

  // The đảng ủy's view: for each resolution of the level above, which of its cells have studied it, and how many.
  readRoute(app, {
    url: "/api/organizations/:id/study-overview",
    replica: true,
    tags,
    params: idParams,
    response: studyOverviewSchema,
    action: "meeting.view",
    handle: async ({ ex, org, actor }) => {
      const orgs = await subtreeOrganizations(ex, org.path);
      // Only the cells the reader may see: a đảng ủy member reads the cells they follow, not every cell (ADR 0003).
      const cells = orgs.filter((o) => o.kind === "cell" && !o.closedOn && can(actor, "meeting.view", o));
      const cellIds = cells.map((c) => c.id);
      const visible = orgs.filter((o) => can(actor, "meeting.view", o)).map((o) => o.id);
      const resolutions = await higherResolutions(ex, org.path, visible);
      const sessions = await listStudySessions(ex, cellIds);
      const attendance = await attendanceOf(
        ex,
        sessions.map((s) => s.id),
      );
      const reflections = await reflectionsOf(ex, cellIds);
      const reports = await reportsOf(ex, cellIds);
      const rules = await studyRules(ex, org.path, todayIso());
      const names = new Map(orgs.map((o) => [o.id, o.name]));
      const out = [];
      for (const r of resolutions) {
        const row = [];
        for (const cell of cells.filter((c) => c.path.split("/").includes(r.organizationId))) {
          const study = await ops.cellStudy(
            ex,
            cell.id,
            sessions.filter((s) => s.organizationId === cell.id && s.resolutionId === r.id),
            reflections.filter((x) => x.organizationId === cell.id && x.resolutionId === r.id),
            attendance,
            rules,
          );
          row.push({
            id: cell.id,
            name: cell.name,
            heldOn: study?.main.heldOn ?? null,
            tally: tallyOf(study),
            report: await reportOf(
              ex,
              reports.find((x) => x.organizationId === cell.id && x.resolutionId === r.id),
            ),
          });
        }
        out.push({
          id: r.id,
          number: r.number,
          title: r.title,
          organizationName: names.get(r.organizationId) ?? (await getOrganization(ex, r.organizationId))?.name ?? "",
          cells: row,
        });
      }
      return { resolutions: out };
    },
  });
}
