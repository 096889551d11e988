import { ACTIONS, type Action, type Actor, can } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { listVisibleOrganizations } from "./store.js";

/** What the actor may do on one organisation, every action named: the UI shows only what it may. */
export function permissionsOn(actor: Actor, org: { id: string; path: string }) {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(actor, a, org)])) as Record<Action, boolean>;
}

/** The tree as the actor sees it, each row with its permissions: `/api/organizations` and the home's read. */
export async function visibleOrganizations(ex: Executor, actor: Actor) {
  const rows = await listVisibleOrganizations(ex, actor);
  return { items: rows.map((o) => ({ ...o, permissions: permissionsOn(actor, o) })) };
}
