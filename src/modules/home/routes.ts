import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { type Actor, can } from "../../core/access/index.js";
import { type Db, sharingReads } from "../../core/db/index.js";
import type { backupStatusReader } from "../../core/backup/status-route.js";
import { answerRead, requireActor } from "../../core/http/route.js";
import { listNotices } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { currentUser } from "../accounts/public-home.js";
import { myEvaluations } from "../evaluations/public-home.js";
import { visibleOrganizations } from "../organizations/public-home.js";
import { homeDashboard, myTasks } from "../tasks/public-home.js";
import { HOME_CALL } from "./model.js";
import { homeSchema } from "./present.js";

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

/** Everything the home's first screen reads, each part through its owner's public functions. */
export async function homeData(db: Db, actor: Actor, today: string) {
  const [me, organizations, notices, tasks, evaluations] = await Promise.all([
    currentUser(db, actor),
    visibleOrganizations(db, actor),
    listNotices(db, actor.userId),
    myTasks(db, actor, today),
    myEvaluations(db, actor),
  ]);
  const dashboards = await Promise.all(
    dashboardCells(actor, me, organizations.items).map(async (o) => ({
      organizationId: o.id,
      dashboard: await homeDashboard(db, actor, o, today),
    })),
  );
  return { me, organizations, notices, myTasks: tasks, myEvaluations: evaluations, dashboards };
}

/**
 * The cards' reads that belong to other routes — the next meeting, each run organisation's page, its members on
 * probation and the rulebook that words their warnings, a đảng bộ's review periods — answered through those routes'
 * own chains (answerRead), so each card finds exactly what its route would say. Before, the page asked for them
 * after its first render: on a slow phone a second and a third wave of calls (docs/performance.md, ADR 0186).
 * A đảng bộ's dashboard, cells and members on probation stay calls of their own: whole-tree reads, they would hold
 * the greeting back.
 */
async function cardReads(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  data: Awaited<ReturnType<typeof homeData>>,
  today: string,
): Promise<Pick<z.output<typeof homeSchema>, "nextMeeting" | "managed">> {
  const read = (url: string, params: Record<string, string>, query?: Record<string, string>) =>
    answerRead(app, request, reply, url, { params, query }) as Promise<never>;
  const cell = data.me.member?.organizationId;
  // Side by side: on PostgreSQL each read takes a connection of the pool; the embedded store answers them in turn.
  const [nextMeeting, managed] = await Promise.all([
    cell
      ? read("/api/organizations/:id/meetings", { id: cell }, { from: today, status: "planned", limit: "1" }).then(
          (meetings) => ({ organizationId: cell, meetings }),
        )
      : null,
    Promise.all(
      managedOrganizations(requireActor(request), data.organizations.items).map(async (org) => {
        const id = { id: org.id };
        const probation = org.permissions["member.view"];
        const party = org.kind === "party_committee";
        const [detail, probationers, membershipRulebook, evaluationPeriods] = await Promise.all([
          read("/api/organizations/:id", id),
          // A đảng bộ's members on probation are a whole-tree read, like its dashboard: asked as this answer arrives.
          probation && !party
            ? read("/api/organizations/:id/members", id, { status: "probationary", limit: "500" })
            : null,
          probation ? read("/api/organizations/:id/rulebooks/:kind", { id: org.id, kind: "membership" }) : null,
          party ? read("/api/organizations/:id/evaluation-periods", id) : null,
        ]);
        return { organizationId: org.id, detail, probationers, membershipRulebook, evaluationPeriods };
      }),
    ),
  ]);
  return { nextMeeting, managed };
}

export async function homeRoutes(
  base: FastifyInstance,
  { backupStatus }: { backupStatus: ReturnType<typeof backupStatusReader> },
) {
  const app = base.withTypeProvider<ZodTypeProvider>();
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
      const today = todayIso();
      // Its parts each read for themselves, through their owners' functions: the same organisation's row, paths
      // and rulebooks are read once for all of them (ADR 0192).
      return sharingReads(async () => {
        const data = await homeData(app.database.db, actor, today);
        return {
          ...data,
          ...(await cardReads(base, request, reply, data, today)),
          backupStatus: backupStatus(actor),
        };
      });
    },
  );
}
