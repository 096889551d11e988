import { randomBytes } from "node:crypto";
import { tokenMatches } from "../../core/http/csrf.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type Actor, canSee, decide, mayActOnAccount } from "../../core/access/index.js";
import { type Executor, inTransaction } from "../../core/db/index.js";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  RuleError,
  UnauthenticatedError,
} from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { contentDisposition } from "../../core/http/download.js";
import { listNotices } from "../../core/outbox/index.js";
import { collectPersonalData, registerPersonalData } from "../../core/personal-data.js";
import {
  clearAttempts,
  countAttempt,
  giveBack,
  overLimit,
  purgeOldAttempts,
  type Limit,
} from "../../core/rate-limit/index.js";
import { idParams } from "../../core/http/schemas.js";
import { getMemberForAccount } from "../members/public-accounts.js";
import {
  accountCounter,
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
import { currentUser } from "./public-home.js";
import * as ops from "./operations.js";
import {
  createdAccountSchema,
  meSchema,
  memberAccountSchema,
  officeAccountListSchema,
  okSchema,
  signedInSchema,
} from "./present.js";
import {
  accountReach,
  actorFromToken,
  createSession,
  deleteSession,
  findUserByLogin,
  getUser,
  getUserByMember,
  listGrantedAccounts,
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
      !tokenMatches(request.headers["x-csrf-token"], request.actor.csrfToken)
    ) {
      throw new AppError(403, "csrf", "errors.csrf");
    }
    // A temporary password (set by someone else) opens nothing until its owner has chosen their own.
    if (request.actor.mustChangePassword && !request.routeOptions.config?.allowedBeforePasswordChange) {
      throw new AppError(403, "password_change_required", "errors.password_change_required");
    }
  });
}

/**
 * The one check of every route that acts on an account: the actor's authority must cover everything the
 * account reaches (mayActOnAccount). 404 when the actor sees none of it, 403 otherwise.
 */
async function requireAuthorityOver(ex: Executor, actor: Actor, who: { userIds: [string] } | { memberId: string }) {
  const reach = (await accountReach(ex, who)).get("memberId" in who ? who.memberId : who.userIds[0]);
  if (!reach) throw new NotFoundError("user");
  if (mayActOnAccount(actor, reach)) return;
  throw reach.organizations.some((o) => canSee(actor, o)) ? new ForbiddenError() : new NotFoundError("user");
}

/** The member of `:id`, whose organisation the office's right is checked on; locked for a write. */
async function loadMember(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const member = await getMemberForAccount(ex, params.id, { forUpdate: lock });
  if (!member) throw new NotFoundError("member");
  return member;
}

export async function accountRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;

  // Signing in, out and one's own settings act on no organisation: plain routes, each with its declared answer.
  app.post(
    "/api/auth/login",
    { config: { access: "public" }, schema: { tags, body: loginBody, response: { 200: signedInSchema } } },
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
      return { ok: true as const, mustChangePassword: user.mustChangePassword };
    },
  );

  const beforePasswordChange = { allowedBeforePasswordChange: true };
  const answersOk = { tags, response: { 200: okSchema } };

  app.post("/api/auth/logout", { config: beforePasswordChange, schema: answersOk }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db(), token);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true as const };
  });

  app.post(
    "/api/auth/logout-everywhere",
    { config: beforePasswordChange, schema: answersOk },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(app.database, (tx) => ops.signOutEverywhere(tx, actor));
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.get(
    "/api/auth/me",
    { config: beforePasswordChange, schema: { tags, response: { 200: meSchema } } },
    async (request) => currentUser(db(), requireActor(request)),
  );

  // Everything chibo holds about the signed-in person, as one JSON file they can keep (Decree 13/2023).
  app.get(
    "/api/auth/me/data",
    { config: { rateLimit: "export", download: true }, schema: { tags } },
    async (request, reply) => {
      const actor = requireActor(request);
      const data = await collectPersonalData(db(), { userId: actor.userId, memberId: actor.memberId });
      const body = JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2);
      return reply
        .header("content-type", "application/json; charset=utf-8")
        .header("content-disposition", contentDisposition(`du-lieu-ca-nhan-${actor.username}.json`))
        .header("cache-control", "no-store")
        .send(body);
    },
  );

  app.post(
    "/api/auth/password",
    { config: beforePasswordChange, schema: { ...answersOk, body: changePasswordBody } },
    async (request) => {
      const actor = requireActor(request);
      const user = await getUser(db(), actor.userId);
      if (!user) throw new UnauthenticatedError();
      // The scrypt work (checking the current password, hashing the new one) is done before the transaction
      // opens: it is one's own account, there is no authority to decide on a locked row.
      if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw new RuleError("wrong_current_password", "currentPassword", "errors.wrong_current_password");
      }
      ops.checkPassword(request.body.newPassword, user.username, "newPassword");
      const passwordHash = await hashPassword(request.body.newPassword);
      await inTransaction(app.database, (tx) => ops.changePassword(tx, actor, user, passwordHash));
      return { ok: true as const };
    },
  );

  app.put("/api/auth/locale", { schema: { ...answersOk, body: localeBody } }, async (request) => {
    await ops.setLocale(db(), requireActor(request), request.body.locale);
    return { ok: true as const };
  });

  writeRoute(app, {
    url: "/api/members/:id/account",
    tags,
    params: idParams,
    body: createAccountBody,
    response: createdAccountSchema,
    status: 201,
    action: "account.manage",
    load: loadMember,
    handle: async ({ ex, actor, record: member, body }) => {
      await requireAuthorityOver(ex, actor, { memberId: member.id });
      if (member.leftOn) throw new ConflictError("member_left", "errors.member_left");
      return ops.createAccount(
        ex,
        actor,
        { ...body, displayName: member.fullName, memberId: member.id },
        { organizationId: member.organizationId, action: "create" },
      );
    },
  });

  readRoute(app, {
    url: "/api/members/:id/account",
    tags,
    params: idParams,
    response: memberAccountSchema,
    action: "account.manage",
    load: loadMember,
    handle: async ({ ex, actor, record: member }) => {
      await requireAuthorityOver(ex, actor, { memberId: member.id });
      const user = await getUserByMember(ex, member.id);
      if (!user) return { account: null };
      const locked = await overLimit(ex, accountCounter(`user:${user.id}`), SIGNIN_LIMITS.account);
      const { id, username, email, mustChangePassword } = user;
      return { account: { id, username, email, mustChangePassword, locked } };
    },
  });

  readRoute(app, {
    url: "/api/organizations/:id/office-accounts",
    tags,
    params: idParams,
    response: officeAccountListSchema,
    action: "account.manage",
    handle: async ({ ex, actor, org }) => {
      const rows = await listGrantedAccounts(ex, org.id);
      // Only the accounts the reader could act on: an account holding more elsewhere is not theirs to manage.
      const reach = await accountReach(ex, { userIds: rows.map((r) => r.id) });
      return {
        items: rows.filter((r) => {
          const its = reach.get(r.id);
          return its !== undefined && mayActOnAccount(actor, its);
        }),
      };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/office-accounts",
    tags,
    params: idParams,
    body: officeAccountBody,
    response: createdAccountSchema,
    status: 201,
    action: "account.manage",
    handle: async ({ ex, actor, org, body }) => {
      decide(actor, "org.manage", org);
      // The new account will reach the organisation and everything under it.
      if (!mayActOnAccount(actor, { isAdmin: false, organizations: [org] })) throw new ForbiddenError();
      return ops.createAccount(ex, actor, body, {
        organizationId: org.id,
        action: "create_office_account",
        grant: "office",
      });
    },
  });

  // The record is an account, which may belong to no organisation: authority over it is mayActOnAccount,
  // decided on the account's row locked inside the transaction.
  app.post(
    "/api/users/:id/reset-password",
    { schema: { ...answersOk, params: idParams, body: resetPasswordBody } },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.database, async (tx) => {
        const user = await getUser(tx, request.params.id, { forUpdate: true });
        if (!user) throw new NotFoundError("user");
        await requireAuthorityOver(tx, actor, { userIds: [user.id] });
        await ops.resetPassword(tx, actor, user, request.body.newPassword);
      });
      return { ok: true as const };
    },
  );
}
