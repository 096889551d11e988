import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/index.js";
import { ForbiddenError, NotFoundError } from "../http/errors.js";

/**
 * Who may do what, where. Roles come from positions (derived each request) and explicit grants;
 * every scope covers an organisation and, unless `subtree` is false, everything under it.
 */
export const ROLES = ["admin", "office", "viewer", "manager", "committee", "overseer", "inspector", "member"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "org.view", // see the organisation and its member-facing pages
  "org.manage", // create, edit, move, close organisations; local rulebooks
  "committee.manage", // terms, positions, oversight
  "member.list", // the member list with member-facing fields
  "member.view", // a member's full record
  "member.manage", // add, edit, transfer, mark as left
  "roster.import",
  "roster.export",
  "audit.view",
  "account.manage", // create sign-ins for members, reset passwords
  "meeting.view", // the cell's meetings, minutes, votes and scores
  "meeting.manage", // prepare, hold, minute, score and approve meetings
  "plan.view", // congress, checklists, resolutions, programmes, plans, tasks, reviews
  "plan.manage", // create and change them; assign tasks
  "document.view", // the document register and issued documents
  "document.comment", // comment on drafts
  "document.manage", // draft, number, issue documents
  "data.export", // download every row of the organisation's subtree (never the whole database, never secrets)
] as const;
export type Action = (typeof ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  office: ACTIONS,
  viewer: ["org.view", "member.list", "member.view", "meeting.view", "plan.view", "document.view"],
  manager: [
    "org.view",
    "committee.manage",
    "member.list",
    "member.view",
    "member.manage",
    "roster.import",
    "roster.export",
    "audit.view",
    "meeting.view",
    "meeting.manage",
    "plan.view",
    "plan.manage",
    "document.view",
    "document.comment",
    "document.manage",
  ],
  committee: [
    "org.view",
    "member.list",
    "member.view",
    "roster.export",
    "audit.view",
    "meeting.view",
    "plan.view",
    "document.view",
    "document.comment",
  ],
  overseer: [
    "org.view",
    "member.list",
    "member.view",
    "roster.export",
    "audit.view",
    "meeting.view",
    "plan.view",
    "document.view",
    "document.comment",
  ],
  inspector: ["org.view", "member.list", "member.view", "audit.view", "meeting.view", "plan.view", "document.view"],
  member: ["org.view", "member.list", "meeting.view", "plan.view", "document.view", "document.comment"],
};

export function roleAllows(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

export interface Scope {
  role: Role;
  organizationId: string;
  /** Materialised path of the organisation ("/root/…/id/"). */
  path: string;
  subtree: boolean;
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  memberId: string | null;
  isAdmin: boolean;
  locale: "vi" | "en";
  mustChangePassword: boolean;
  scopes: Scope[];
  sessionId: string;
  csrfToken: string;
}

export interface OrgRef {
  id: string;
  path: string;
}

function covers(scope: Scope, org: OrgRef): boolean {
  return scope.subtree ? org.path.startsWith(scope.path) : scope.organizationId === org.id;
}

/** Pure decision: may this actor perform this action on this organisation? */
export function can(actor: Actor, action: Action, org: OrgRef): boolean {
  if (actor.isAdmin) return true;
  return actor.scopes.some((s) => covers(s, org) && roleAllows(s.role, action));
}

/** Organisations the actor may see at all; anything else answers 404, so its existence does not leak. */
export function canSee(actor: Actor, org: OrgRef): boolean {
  return can(actor, "org.view", org);
}

/** Throws 404 when the organisation is invisible to the actor, 403 when visible but the action is not allowed. */
export function decide(actor: Actor, action: Action, org: OrgRef): void {
  if (!canSee(actor, org)) throw new NotFoundError("organization");
  if (!can(actor, action, org)) throw new ForbiddenError();
}

/**
 * The check every route makes explicitly before touching an organisation's data.
 * Access is about the organisation tree, so this reads the organisation's path itself.
 */
export async function authorize(ex: Executor, actor: Actor, action: Action, organizationId: string): Promise<OrgRef> {
  const org = await loadOrgRef(ex, organizationId);
  if (!org) throw new NotFoundError("organization");
  decide(actor, action, org);
  return org;
}

export async function loadOrgRef(ex: Executor, organizationId: string): Promise<OrgRef | null> {
  const [row] = await queryRows<OrgRef>(ex, sql`SELECT id, path FROM organizations WHERE id = ${organizationId}`);
  return row ?? null;
}

/**
 * A SQL condition restricting organisations (by their path column) to those where the actor may act.
 * Used by list routes on top of the explicit authorize() call, never instead of it.
 */
export function pathsWhere(
  actor: Actor,
  action: Action,
): { all: true } | { all: false; prefixes: string[]; exact: string[] } {
  if (actor.isAdmin) return { all: true };
  const granting = actor.scopes.filter((s) => roleAllows(s.role, action));
  return {
    all: false,
    prefixes: granting.filter((s) => s.subtree).map((s) => s.path),
    exact: granting.filter((s) => !s.subtree).map((s) => s.organizationId),
  };
}

/**
 * Everything an account can reach: every organisation where it holds a scope (grants, the member's own
 * organisation, positions and oversight not yet ended), and whether it is an administrator.
 */
export interface AccountReach {
  isAdmin: boolean;
  organizations: OrgRef[];
}

/**
 * May the actor act on this account (create it, reset its password, grant, lock)? Only when the actor holds
 * account.manage over every organisation the account reaches, with everything under it: whoever controls an
 * account's password controls all it can open, so nobody may act on an account wider than their own reach.
 * account.manage belongs only to roles that may do everything, so covering the organisations is enough.
 * An administrator's account, and an account that reaches no organisation, are the administrators' alone.
 */
export function mayActOnAccount(actor: Actor, reach: AccountReach): boolean {
  if (actor.isAdmin) return true;
  if (reach.isAdmin || reach.organizations.length === 0) return false;
  return reach.organizations.every((org) =>
    actor.scopes.some((s) => s.subtree && roleAllows(s.role, "account.manage") && org.path.startsWith(s.path)),
  );
}
