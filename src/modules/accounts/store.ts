import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { preparedRows, queryRows, uuidArray, type Executor } from "../../core/db/index.js";
import type { AccountReach, Actor } from "../../core/access/index.js";
import { todayIso } from "../../core/time.js";
import { scopeSourcesSql, scopesFromSources, type ScopeSourceRow } from "../organizations/store.js";
import { grants } from "../../core/access/schema.js";
import { sessions, users } from "./schema.js";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "./model.js";

export type UserRow = typeof users.$inferSelect;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export async function findUserByLogin(ex: Executor, login: string): Promise<UserRow | null> {
  const l = login.trim().toLowerCase();
  const [row] = await ex
    .select()
    .from(users)
    .where(or(sql`lower(${users.username}) = ${l}`, sql`lower(${users.email}) = ${l}`))
    .limit(1);
  return row ?? null;
}

/** One account; `forUpdate` locks its row until the transaction ends. */
export async function getUser(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<UserRow | null> {
  const q = ex.select().from(users).where(eq(users.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** The accounts given a role on one organisation by a grant (its office accounts, for example). */
export async function listGrantedAccounts(ex: Executor, organizationId: string) {
  return ex
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      role: grants.role,
    })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(eq(grants.organizationId, organizationId));
}

export async function getUserByMember(ex: Executor, memberId: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.memberId, memberId));
  return row ?? null;
}

/** A new random token for the cookie; only its hash is stored. */
export async function createSession(
  ex: Executor,
  userId: string,
  now = new Date(),
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await ex
    .insert(sessions)
    .values({ id: hashToken(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(ex: Executor, token: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(ex: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  await ex
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined));
}

export async function purgeExpiredSessions(ex: Executor, now = new Date()): Promise<void> {
  await ex
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))));
}

/**
 * The signed-in actor behind a cookie token, with scopes derived fresh from positions and grants — session, user
 * and every scope in one round trip, since every request pays for it.
 */
export async function actorFromToken(ex: Executor, token: string, now = new Date()): Promise<Actor | null> {
  const id = hashToken(token);
  const [row] = await preparedRows<{
    expires_at: Date | string;
    last_seen_at: Date | string;
    csrf_token: string;
    user_id: string;
    username: string;
    display_name: string;
    member_id: string | null;
    is_admin: boolean;
    locale: string;
    must_change_password: boolean;
    disabled_at: Date | string | null;
    scopes: ScopeSourceRow[] | string;
  }>(
    ex,
    "chibo_actor",
    sql`SELECT s.expires_at, s.last_seen_at, s.csrf_token, u.id AS user_id, u.username, u.display_name, u.member_id,
          u.is_admin, u.locale, u.must_change_password, u.disabled_at,
          (SELECT coalesce(json_agg(x), '[]'::json)
             FROM (${scopeSourcesSql(sql`u.id`, sql`coalesce(u.member_id, '00000000-0000-0000-0000-000000000000'::uuid)`)}) x
          ) AS scopes
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ${id}`,
  );
  if (!row) return null;
  const lastSeen = new Date(row.last_seen_at);
  if (new Date(row.expires_at) < now || lastSeen.getTime() < now.getTime() - SESSION_IDLE_MS || row.disabled_at)
    return null;
  // Touch at most every minute: a write per request would be wasted work.
  if (now.getTime() - lastSeen.getTime() > 60_000) {
    await ex.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const sources = typeof row.scopes === "string" ? (JSON.parse(row.scopes) as ScopeSourceRow[]) : row.scopes;
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    memberId: row.member_id,
    isAdmin: row.is_admin,
    locale: row.locale as Actor["locale"],
    mustChangePassword: row.must_change_password,
    scopes: scopesFromSources(sources, row.member_id, todayIso(now)),
    sessionId: id,
    csrfToken: row.csrf_token,
  };
}

/**
 * What each account can reach (see mayActOnAccount): its grants, its member's organisation, and the positions
 * and oversight of its member that have not ended — future ones included, since they will open by themselves.
 * Pass user ids, or a member id for an account about to be created for that member.
 */
export async function accountReach(
  ex: Executor,
  who: { userIds: string[] } | { memberId: string },
  today = todayIso(),
): Promise<Map<string, AccountReach>> {
  const subjects =
    "memberId" in who
      ? sql`SELECT ${who.memberId}::uuid AS key, NULL::uuid AS user_id, ${who.memberId}::uuid AS member_id,
          false AS is_admin`
      : sql`SELECT id AS key, id AS user_id, member_id, is_admin FROM users WHERE id = ANY(${uuidArray(who.userIds)})`;
  const rows = await queryRows<{ key: string; is_admin: boolean; org_id: string | null; path: string | null }>(
    ex,
    sql`WITH s AS (${subjects})
      SELECT s.key, s.is_admin, o.id AS org_id, o.path FROM s
      LEFT JOIN LATERAL (
        SELECT g.organization_id AS org FROM grants g WHERE g.user_id = s.user_id
        UNION SELECT mb.organization_id FROM members mb WHERE mb.id = s.member_id
        UNION SELECT p.organization_id FROM positions p
          WHERE p.member_id = s.member_id AND (p.ends_on IS NULL OR p.ends_on >= ${today}::date)
        UNION SELECT ov.organization_id FROM oversights ov
          WHERE ov.member_id = s.member_id AND (ov.ends_on IS NULL OR ov.ends_on >= ${today}::date)
      ) r ON true
      LEFT JOIN organizations o ON o.id = r.org`,
  );
  const out = new Map<string, AccountReach>();
  for (const row of rows) {
    const reach = out.get(row.key) ?? { isAdmin: row.is_admin, organizations: [] };
    if (row.org_id && row.path) reach.organizations.push({ id: row.org_id, path: row.path });
    out.set(row.key, reach);
  }
  return out;
}
