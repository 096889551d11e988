import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type Actor, can } from "../../core/access/index.js";
import { sharingReads } from "../../core/db/index.js";
import type { backupStatusReader } from "../../core/backup/status-route.js";
import { answerRead, requireActor } from "../../core/http/route.js";
import { listNotices } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { currentUser } from "../accounts/public-home.js";
import { myEvaluations } from "../evaluations/public-home.js";
import { visibleOrganizations } from "../organizations/public-home.js";
import { homeDashboard, myTasks } from "../tasks/public-home.js";
import { HOME_CALL, HOME_FIRST_CALL, HOME_REST_CALL, wholeHome } from "./model.js";
import { homeFirstSchema, homeRestSchema, homeSchema } from "./present.js";

/** Roles whose holders run an organisation day to day: the home shows their organisations' dashboards. */
const MANAGING_ROLES = new Set(["manager", "office", "admin"]);

type VisibleOrg = Awaited<ReturnType<typeof visibleOrganizations>>["items"][number];

/**
 * The organisations the actor runs, as the page picks them (src/web/pages/HomePage.tsx): an administrator of no
 * organisation runs the roots of what they see; anyone else, the organisations of their managing roles.
 */
function managedOrganizations(actor: Actor, visible: VisibleOrg[]): VisibleOrg[] {
  const byId = new Map(visible.map((o) => [o.id, o]));
  const ids =
    actor.isAdmin && actor.scopes.length === 0
      ? visible.filter((o) => !o.parentId || !byId.has(o.parentId)).map((o) => o.id)
      : actor.scopes.filter((s) => MANAGING_ROLES.has(s.role)).map((s) => s.organizationId);
  return [...new Set(ids)].map((id) => byId.get(id)).filter((o): o is VisibleOrg => !!o);
}

/**
 * The cells whose dashboards the home shows: those the actor manages, then those they oversee, each only where
 * `plan.view` allows it, as its own route decides. A đảng bộ's dashboard is a whole-tree read: it stays a call of
 * its own, so it never holds the rest of the screen back.
 */
function dashboardCells(actor: Actor, me: { oversees: { organizationId: string }[] }, visible: VisibleOrg[]) {
  const byId = new Map(visible.map((o) => [o.id, o]));
  const ids = [
    ...new Set([...managedOrganizations(actor, visible).map((o) => o.id), ...me.oversees.map((o) => o.organizationId)]),
  ];
  return ids
    .map((id) => byId.get(id))
    .filter((o): o is VisibleOrg => !!o && o.kind !== "party_committee" && can(actor, "plan.view", o));
}

type Reads = { app: FastifyInstance; request: FastifyRequest; reply: FastifyReply; actor: Actor; today: string };

/**
 * A card's read that belongs to another route — the next meeting, a run organisation's page, its members on probation
 * and the rulebook that words their warnings, a đảng bộ's review periods — answered through that route's own chain
 * (answerRead), so each card finds exactly what its route would say. Before, the page asked for them after its first
 * render: on a slow phone a second and a third wave of calls (docs/performance.md, ADR 0186).
 */
function routeRead({ app, request, reply }: Reads) {
  return (url: string, params: Record<string, string>, query?: Record<string, string>) =>
    answerRead(app, request, reply, url, { params, query }) as Promise<never>;
}

/** What the first screen shows (ADR 0192), each part through its owner's public functions or its route. */
async function firstScreen(reads: Reads, backupStatus: BackupStatus): Promise<z.output<typeof homeFirstSchema>> {
  const { app, actor, today } = reads;
  const db = app.database.db;
  const [me, organizations, notices, tasks, evaluations] = await Promise.all([
    currentUser(db, actor),
    visibleOrganizations(db, actor),
    listNotices(db, actor.userId),
    myTasks(db, actor, today),
    myEvaluations(db, actor),
  ]);
  const read = routeRead(reads);
  const cell = me.member?.organizationId;
  // Side by side: on PostgreSQL each read takes a connection of the pool; the embedded store answers them in turn.
  const [nextMeeting, reviews] = await Promise.all([
    cell
      ? read("/api/organizations/:id/meetings", { id: cell }, { from: today, status: "planned", limit: "1" }).then(
          (meetings) => ({ organizationId: cell, meetings }),
        )
      : null,
    Promise.all(
      managedOrganizations(actor, organizations.items).map(async (org) => ({
        organizationId: org.id,
        evaluationPeriods:
          org.kind === "party_committee"
            ? await read("/api/organizations/:id/evaluation-periods", { id: org.id })
            : null,
      })),
    ),
  ]);
  return {
    me,
    organizations,
    notices,
    myTasks: tasks,
    myEvaluations: evaluations,
    nextMeeting,
    reviews,
    backupStatus: backupStatus(actor),
  };
}

/**
 * The home below its first screen: the cells' dashboards and each run organisation's page, members on probation and
 * membership rulebook. A đảng bộ's dashboard, cells and members on probation stay calls of their own: whole-tree
 * reads, they would hold the home back.
 */
async function belowFirstScreen(reads: Reads): Promise<z.output<typeof homeRestSchema>> {
  const { app, actor, today } = reads;
  const db = app.database.db;
  const [me, organizations] = await Promise.all([currentUser(db, actor), visibleOrganizations(db, actor)]);
  const read = routeRead(reads);
  const [dashboards, managed] = await Promise.all([
    Promise.all(
      dashboardCells(actor, me, organizations.items).map(async (o) => ({
        organizationId: o.id,
        dashboard: await homeDashboard(db, actor, o, today),
      })),
    ),
    Promise.all(
      managedOrganizations(actor, organizations.items).map(async (org) => {
        const id = { id: org.id };
        const probation = org.permissions["member.view"];
        const [detail, probationers, membershipRulebook] = await Promise.all([
          read("/api/organizations/:id", id),
          // A đảng bộ's members on probation are a whole-tree read, like its dashboard: asked as this answer arrives.
          probation && org.kind !== "party_committee"
            ? read("/api/organizations/:id/members", id, { status: "probationary", limit: "500" })
            : null,
          probation ? read("/api/organizations/:id/rulebooks/:kind", { id: org.id, kind: "membership" }) : null,
        ]);
        return { organizationId: org.id, detail, probationers, membershipRulebook };
      }),
    ),
  ]);
  return { dashboards, managed };
}

type BackupStatus = ReturnType<typeof backupStatusReader>;

export async function homeRoutes(base: FastifyInstance, { backupStatus }: { backupStatus: BackupStatus }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const reads = (request: FastifyRequest, reply: FastifyReply): Reads => ({
    app: base,
    request,
    reply,
    actor: requireActor(request),
    today: todayIso(),
  });
  // About no one organisation (like /api/auth/me): every signed-in person has a home. The index.html of a signed-in
  // visit names it as a preload, so it starts with the page (ADR 0163).
  app.get(
    HOME_CALL,
    {
      config: { allowedBeforePasswordChange: true },
      schema: { tags: ["home"], summary: "The home's first screen in one call", response: { 200: homeSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // A temporary password: the page only asks for a new one, so only the person is read.
      if (actor.mustChangePassword)
        return {
          me: await currentUser(app.database.db, actor),
          organizations: { items: [] },
          notices: { items: [], unread: 0 },
          myTasks: { items: [] },
          myEvaluations: { items: [] },
          dashboards: [],
          nextMeeting: null,
          managed: [],
          backupStatus: null,
        };
      const asked = reads(request, reply);
      // Its parts each read for themselves, through their owners' functions: the same organisation's row, paths
      // and rulebooks are read once for all of them (ADR 0192).
      return sharingReads(async () => {
        const [first, rest] = await Promise.all([firstScreen(asked, backupStatus), belowFirstScreen(asked)]);
        return wholeHome(first, rest);
      });
    },
  );
  // The two halves, for the server's drawing of the home (ADR 0192): the first screen is drawn and sent while the
  // rest is read. Not before a temporary password is changed: there is no home to draw then.
  app.get(
    HOME_FIRST_CALL,
    { schema: { tags: ["home"], summary: "What the home's first screen shows", response: { 200: homeFirstSchema } } },
    async (request, reply) => sharingReads(() => firstScreen(reads(request, reply), backupStatus)),
  );
  app.get(
    HOME_REST_CALL,
    { schema: { tags: ["home"], summary: "The home below its first screen", response: { 200: homeRestSchema } } },
    async (request, reply) => sharingReads(() => belowFirstScreen(reads(request, reply))),
  );
}
