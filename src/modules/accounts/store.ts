import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { todayIso } from "../../core/time.js";
import { actorScopes } from "../organizations/store.js";
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

export async function getUser(ex: Executor, id: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function getUserByMember(ex: Executor, memberId: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.memberId, memberId));
  return row ?? null;
}

/** A new random token for the cookie; only its hash is stored. */
export async function createSession(ex: Executor, userId: string, now = new Date()): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await ex.insert(sessions).values({ id: hashToken(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(ex: Executor, token: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(ex: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  await ex.delete(sessions).where(and(eq(sessions.userId, userId), exceptSessionId ? sql`${sessions.id} <> ${exceptSessionId}` : undefined));
}

export async function purgeExpiredSessions(ex: Executor, now = new Date()): Promise<void> {
  await ex.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))));
}

/** The signed-in actor behind a cookie token, with scopes derived fresh from positions and grants. */
export async function actorFromToken(ex: Executor, token: string, now = new Date()): Promise<Actor | null> {
  const id = hashToken(token);
  const [row] = await ex
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const { session, user } = row;
  if (session.expiresAt < now || session.lastSeenAt.getTime() < now.getTime() - SESSION_IDLE_MS || user.disabledAt) return null;
  // Touch at most every minute: a write per request would be wasted work.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await ex.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    memberId: user.memberId,
    isAdmin: user.isAdmin,
    locale: user.locale,
    mustChangePassword: user.mustChangePassword,
    scopes: await actorScopes(ex, user.id, user.memberId, todayIso(now)),
    sessionId: id,
    csrfToken: session.csrfToken,
  };
}
