import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type Actor, can } from "../../core/access/index.js";
import type { Db } from "../../core/db/index.js";
import { requireActor } from "../../core/http/route.js";
import { listNotices } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { currentUser } from "../accounts/public-home.js";
import { visibleOrganizations } from "../organizations/public-home.js";
import { homeDashboard, myTasks } from "../tasks/public-home.js";
import { HOME_CALL } from "./model.js";
import { homeSchema } from "./present.js";

/** Roles whose holders run an organisation day to day: the home shows their organisations' dashboards. */
const MANAGING_ROLES = new Set(["manager", "office", "admin"]);

/**
 * The cells whose dashboards the home shows, as the page picks them (src/web/pages/HomePage.tsx): those the actor
 * manages, then those they oversee, each only where `plan.view` allows it, as its own route decides. A đảng bộ's
 * dashboard is a whole-tree read: it stays a call of its own, so it never holds the rest of the screen back.
 */
function dashboardCells(actor: Actor, me: { oversees: { organizationId: string }[] }, visible: VisibleOrg[]) {
  const byId = new Map(visible.map((o) => [o.id, o]));
  const managed =
    actor.isAdmin && actor.scopes.length === 0
      ? visible.filter((o) => !o.parentId || !byId.has(o.parentId)).map((o) => o.id)
      : actor.scopes.filter((s) => MANAGING_ROLES.has(s.role)).map((s) => s.organizationId);
  const ids = [...new Set([...managed, ...me.oversees.map((o) => o.organizationId)])];
  return ids
    .map((id) => byId.get(id))
    .filter((o): o is VisibleOrg => !!o && o.kind !== "party_committee" && can(actor, "plan.view", o));
}
type VisibleOrg = Awaited<ReturnType<typeof visibleOrganizations>>["items"][number];

/** Everything the home's first screen reads, each part through its owner's public functions. */
export async function homeData(db: Db, actor: Actor, today: string) {
  const [me, organizations, notices, tasks] = await Promise.all([
    currentUser(db, actor),
    visibleOrganizations(db, actor),
    listNotices(db, actor.userId),
    myTasks(db, actor, today),
  ]);
  const dashboards = await Promise.all(
    dashboardCells(actor, me, organizations.items).map(async (o) => ({
      organizationId: o.id,
      dashboard: await homeDashboard(db, actor, o, today),
    })),
  );
  return { me, organizations, notices, myTasks: tasks, dashboards };
}

export async function homeRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // About no one organisation (like /api/auth/me): every signed-in person has a home. The index.html of a signed-in
  // visit names it as a preload, so it starts with the page (ADR 0163).
  app.get(
    HOME_CALL,
    {
      config: { allowedBeforePasswordChange: true },
      schema: { tags: ["home"], summary: "The home's first screen in one call", response: { 200: homeSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      // A temporary password: the page only asks for a new one, so only the person is read.
      if (actor.mustChangePassword)
        return {
          me: await currentUser(app.database.db, actor),
          organizations: { items: [] },
          notices: { items: [], unread: 0 },
          myTasks: { items: [] },
          dashboards: [],
        };
      return homeData(app.database.db, actor, todayIso());
    },
  );
}
