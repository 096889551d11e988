import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { eq, sql } from "drizzle-orm";
import { authorize, canSee, decide, mayActOnAccount, type Actor } from "../../core/access/index.js";
import { grants } from "../../core/access/schema.js";
import { recordEvent } from "../../core/audit/index.js";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  RuleError,
  UnauthenticatedError,
} from "../../core/http/errors.js";
import { requireActor } from "../../core/http/route.js";
import { contentDisposition } from "../../core/http/download.js";
import { listNotices } from "../../core/outbox/index.js";
import { mayBackUp } from "../../core/backup/routes.js";
import { collectPersonalData, registerPersonalData } from "../../core/personal-data.js";
import { inTransaction, type Tx } from "../../core/db/index.js";
import {
  clearAttempts,
  countAttempt,
  giveBack,
  overLimit,
  purgeOldAttempts,
  type Limit,
} from "../../core/rate-limit/index.js";
import { idParams } from "../../core/http/schemas.js";
import { getMember } from "../members/store.js";
import { revokeCalendarToken } from "../meetings/operations.js";
import { listOversights } from "../organizations/store.js";
import { users } from "./schema.js";
import {
  changePasswordBody,
  createAccountBody,
  localeBody,
  officeAccountBody,
  SIGNIN_LIMITS,
  loginBody,
  resetPasswordBody,
  SESSION_ABSOLUTE_MS,
} from "./model.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { checkPassword, createAccount } from "./operations.js";
import {
  accountReach,
  actorFromToken,
  createSession,
  deleteSession,
  deleteUserSessions,
  findUserByLogin,
  getUser,
  getUserByMember,
  purgeExpiredSessions,
} from "./store.js";

export const SESSION_COOKIE = "chibo_session";

registerPersonalData("account", async (ex, { userId }) => {
  const user = await getUser(ex, userId);
  if (!user) return null;
  return {
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    createdAt: user.createdAt,
    passwordChangedAt: user.passwordChangedAt,
  };
});
registerPersonalData("notices", async (ex, { userId }) => (await listNotices(ex, userId, 1000)).items);
const tags = ["accounts"];

/**
 * The counters one sign-in attempt goes through, in order (ADR 0090). The subject is the account when the name
 * is known and the name itself when it is not, so both are counted — and answered — exactly alike.
 */
function signInCounters(subject: string, address: string): [string, Limit][] {
  return [
    [`signin:address:${address}`, SIGNIN_LIMITS.address],
    [`signin:pair:${subject}@${address}`, SIGNIN_LIMITS.nameAtAddress],
    [accountCounter(subject), SIGNIN_LIMITS.account],
  ];
}

const accountCounter = (subject: string) => `signin:account:${subject}`;

/** A sign-in posted by a page of this site: no Origin (not a browser form) or one naming this very host. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    // "null" (sandboxed frames, some redirects) or garbage: not provably ours.
    return false;
  }
}

/**
 * The personal calendar feed is a standing credential (a secret address, ADR 0091): it ends wherever the
 * sessions end — sign out everywhere, a password change, a reset — and the member makes a new one.
 */
async function revokeCalendarFeed(tx: Tx, actor: Actor, memberId: string | null) {
  if (!memberId) return;
  const member = await getMember(tx, memberId);
  if (member) await revokeCalendarToken(tx, actor, member.id, member.organizationId);
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString("hex")));

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/**
 * Loads the actor from the session cookie and enforces sign-in and CSRF rules for every API route.
 * It runs on request, before the body is parsed or validated, so a stranger's upload is never read and
 * validation errors already speak the signed-in user's language.
 */
export function registerAuthentication(app: FastifyInstance) {
  app.addHook("onRequest", async (request) => {
    // Only the API reads the actor: the page, its assets and the API docs are served without a database trip.
    const isApi = request.url.startsWith("/api/") && !request.url.startsWith("/api/docs");
    if (!isApi) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.actor = await actorFromToken(app.database.db, token);
      // The account's language, unless this request or the language switch's cookie asks for one.
      const asked = (request.query as Record<string, string> | undefined)?.lang ?? request.cookies.chibo_lang;
      if (request.actor && asked !== "vi" && asked !== "en") request.locale = request.actor.locale;
    }
    if (request.is404 || request.routeOptions.config?.access === "public") return;
    if (!request.actor) throw new UnauthenticatedError();
    // Every state-changing call carries the session's CSRF token in a header a cross-site form cannot set.
    if (
      !["GET", "HEAD", "OPTIONS"].includes(request.method) &&
      request.headers["x-csrf-token"] !== request.actor.csrfToken
    ) {
      throw new AppError(403, "csrf", "errors.csrf");
    }
    // A temporary password (set by someone else) opens nothing until its owner has chosen their own.
    if (request.actor.mustChangePassword && !request.routeOptions.config?.allowedBeforePasswordChange) {
      throw new AppError(403, "password_change_required", "errors.password_change_required");
    }
  });
}

export async function accountRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  /**
   * The one check of every route that acts on an account: the actor's authority must cover everything the
   * account reaches (mayActOnAccount). 404 when the actor sees none of it, 403 otherwise.
   */
  async function requireAuthorityOver(actor: Actor, who: { userIds: [string] } | { memberId: string }) {
    const reach = (await accountReach(db(), who)).get("memberId" in who ? who.memberId : who.userIds[0]);
    if (!reach) throw new NotFoundError("user");
    if (mayActOnAccount(actor, reach)) return;
    throw reach.organizations.some((o) => canSee(actor, o)) ? new ForbiddenError() : new NotFoundError("user");
  }

  app.post(
    "/api/auth/login",
    { config: { access: "public" }, schema: { tags, body: loginBody } },
    async (request, reply) => {
      // A cross-site page must not sign a visitor into our site either.
      if (!sameOrigin(request.headers.origin, request.headers.host)) throw new AppError(403, "csrf", "errors.csrf");
      const user = await findUserByLogin(db(), request.body.login);
      const now = new Date();
      // Every attempt is counted before its password is checked, so parallel attempts cannot slip past a limit.
      const subject = user ? `user:${user.id}` : `name:${request.body.login.trim().toLowerCase()}`;
      const counters = signInCounters(subject, request.ip);
      for (const [key, limit] of counters) {
        const counted = await countAttempt(db(), key, limit);
        if (!counted.allowed) {
          reply.header("retry-after", String(counted.retryAfterSeconds));
          throw new RateLimitedError(counted.retryAfterSeconds);
        }
      }
      // Unknown names cost the same scrypt work as known ones, so timing does not reveal which accounts exist.
      const ok = await verifyPassword(
        request.body.password,
        user && !user.disabledAt ? user.passwordHash : await dummyHash(),
      );
      if (!user || user.disabledAt || !ok) throw new AppError(401, "login_failed", "errors.login_failed");
      // A fresh session on every sign-in (rotation): an old cookie from before sign-in is never promoted.
      const old = request.cookies[SESSION_COOKIE];
      const session = await inTransaction(app.database, async (tx) => {
        if (old) await deleteSession(tx, old);
        // Sign-in is rare and already writes: a good moment to drop sessions that can no longer be used.
        await purgeExpiredSessions(tx, now);
        await purgeOldAttempts(tx);
        // A success does not count: the address and the account get this attempt back, the name at this address
        // starts afresh.
        const [address, pair, account] = counters.map(([key]) => key) as [string, string, string];
        await giveBack(tx, address);
        await clearAttempts(tx, pair);
        await giveBack(tx, account);
        return createSession(tx, user.id, now);
      });
      setSessionCookie(request, reply, session.token);
      return { ok: true, mustChangePassword: user.mustChangePassword };
    },
  );

  const beforePasswordChange = { allowedBeforePasswordChange: true };

  app.post("/api/auth/logout", { config: beforePasswordChange, schema: { tags } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db(), token);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.post(
    "/api/auth/logout-everywhere",
    { config: beforePasswordChange, schema: { tags } },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(app.database, async (tx) => {
        await deleteUserSessions(tx, actor.userId);
        await revokeCalendarFeed(tx, actor, actor.memberId);
      });
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  );

  app.get("/api/auth/me", { config: beforePasswordChange, schema: { tags } }, async (request) => {
    const actor = requireActor(request);
    const member = actor.memberId ? await getMember(db(), actor.memberId) : null;
    const oversees = actor.memberId ? await listOversights(db(), { memberId: actor.memberId }) : [];
    return {
      userId: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      isAdmin: actor.isAdmin,
      canBackup: mayBackUp(actor),
      locale: actor.locale,
      mustChangePassword: actor.mustChangePassword,
      csrfToken: actor.csrfToken,
      member: member
        ? {
            id: member.id,
            fullName: member.fullName,
            organizationId: member.organizationId,
            organizationName: member.organizationName,
          }
        : null,
      scopes: actor.scopes.map(({ role, organizationId, subtree }) => ({ role, organizationId, subtree })),
      oversees: oversees
        .filter((o) => !o.endsOn)
        .map((o) => ({ organizationId: o.organizationId, organizationName: o.organizationName })),
    };
  });

  // Everything chibo holds about the signed-in person, as one JSON file they can keep (Decree 13/2023).
  app.get("/api/auth/me/data", { config: { rateLimit: "export" }, schema: { tags } }, async (request, reply) => {
    const actor = requireActor(request);
    const data = await collectPersonalData(db(), { userId: actor.userId, memberId: actor.memberId });
    const body = JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2);
    return reply
      .header("content-type", "application/json; charset=utf-8")
      .header("content-disposition", contentDisposition(`du-lieu-ca-nhan-${actor.username}.json`))
      .header("cache-control", "no-store")
      .send(body);
  });

  const passwordRoute = { config: beforePasswordChange, schema: { tags, body: changePasswordBody } };
  app.post("/api/auth/password", passwordRoute, async (request) => {
    const actor = requireActor(request);
    const user = (await getUser(db(), actor.userId))!;
    if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
      throw new RuleError("wrong_current_password", "currentPassword", "errors.wrong_current_password");
    }
    checkPassword(request.body.newPassword, user.username, "newPassword");
    const passwordHash = await hashPassword(request.body.newPassword);
    await inTransaction(app.database, async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
        .where(eq(users.id, user.id));
      // Other devices signed in with the old password are signed out.
      await deleteUserSessions(tx, user.id, actor.sessionId);
      await revokeCalendarFeed(tx, actor, user.memberId);
      await recordEvent(tx, {
        actorUserId: actor.userId,
        organizationId: null,
        entityType: "user",
        entityId: user.id,
        action: "change_password",
      });
    });
    return { ok: true };
  });

  app.put("/api/auth/locale", { schema: { tags, body: localeBody } }, async (request) => {
    const actor = requireActor(request);
    await db().update(users).set({ locale: request.body.locale }).where(eq(users.id, actor.userId));
    return { ok: true };
  });

  app.post(
    "/api/members/:id/account",
    { schema: { tags, params: idParams, body: createAccountBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      const member = await getMember(db(), request.params.id);
      if (!member) throw new NotFoundError("member");
      decide(actor, "account.manage", { id: member.organizationId, path: member.organizationPath });
      await requireAuthorityOver(actor, { memberId: member.id });
      if (member.leftOn) throw new ConflictError("member_left", "errors.member_left");
      const user = await createAccount(
        app.database,
        actor,
        { ...request.body, displayName: member.fullName, memberId: member.id },
        { organizationId: member.organizationId, action: "create" },
      );
      return reply.status(201).send(user);
    },
  );

  app.get("/api/members/:id/account", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const member = await getMember(db(), request.params.id);
    if (!member) throw new NotFoundError("member");
    decide(actor, "account.manage", { id: member.organizationId, path: member.organizationPath });
    await requireAuthorityOver(actor, { memberId: member.id });
    const user = await getUserByMember(db(), member.id);
    if (!user) return { account: null };
    const locked = await overLimit(db(), accountCounter(`user:${user.id}`), SIGNIN_LIMITS.account);
    const { id, username, email, mustChangePassword } = user;
    return { account: { id, username, email, mustChangePassword, locked } };
  });

  app.get("/api/organizations/:id/office-accounts", { schema: { tags, params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorize(db(), actor, "account.manage", request.params.id);
    const rows = await db()
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        email: users.email,
        role: grants.role,
      })
      .from(grants)
      .innerJoin(users, eq(users.id, grants.userId))
      .where(eq(grants.organizationId, request.params.id));
    // Only the accounts the reader could act on: an account holding more elsewhere is not theirs to manage.
    const reach = await accountReach(db(), { userIds: rows.map((r) => r.id) });
    return { items: rows.filter((r) => mayActOnAccount(actor, reach.get(r.id)!)) };
  });

  app.post(
    "/api/organizations/:id/office-accounts",
    { schema: { tags, params: idParams, body: officeAccountBody } },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(db(), actor, "account.manage", request.params.id);
      const org = await authorize(db(), actor, "org.manage", request.params.id);
      // The new account will reach the organisation and everything under it.
      if (!mayActOnAccount(actor, { isAdmin: false, organizations: [org] })) throw new ForbiddenError();
      const user = await createAccount(app.database, actor, request.body, {
        organizationId: request.params.id,
        action: "create_office_account",
        grant: "office",
      });
      return reply.status(201).send(user);
    },
  );

  app.post(
    "/api/users/:id/reset-password",
    { schema: { tags, params: idParams, body: resetPasswordBody } },
    async (request) => {
      const actor = requireActor(request);
      const user = await getUser(db(), request.params.id);
      if (!user) throw new NotFoundError("user");
      await requireAuthorityOver(actor, { userIds: [user.id] });
      checkPassword(request.body.newPassword, user.username, "newPassword");
      const passwordHash = await hashPassword(request.body.newPassword);
      await inTransaction(app.database, async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, mustChangePassword: true, passwordChangedAt: sql`now()` })
          .where(eq(users.id, user.id));
        // Whoever was kept out by wrong guesses on this account can sign in with the new password at once.
        await clearAttempts(tx, accountCounter(`user:${user.id}`));
        await deleteUserSessions(tx, user.id);
        await revokeCalendarFeed(tx, actor, user.memberId);
        await recordEvent(tx, {
          actorUserId: actor.userId,
          organizationId: null,
          entityType: "user",
          entityId: user.id,
          action: "reset_password",
        });
      });
      return { ok: true };
    },
  );
}
