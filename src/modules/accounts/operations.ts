import { eq, sql } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { grants } from "../../core/access/schema.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { type Executor, isUniqueViolation, type Tx } from "../../core/db/index.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import { clearAttempts } from "../../core/rate-limit/index.js";
import { getMember } from "../members/store.js";
import { revokeCalendarToken } from "../meetings/operations.js";
import { accountCounter, passwordProblem } from "./model.js";
import { hashPassword } from "./passwords.js";
import { users } from "./schema.js";
import { deleteUserSessions, type UserRow } from "./store.js";

/** A password event keeps nothing of the record: the hash is a secret, and there is nothing else to show. */
const NO_CHANGE = { before: null, after: null };

type CreatedAccount = { id: string; username: string; displayName: string };
const userAudit = auditTrail<{
  create: Change<null, CreatedAccount>;
  create_office_account: Change<null, CreatedAccount>;
  change_password: Change<null, null>;
  reset_password: Change<null, null>;
}>("user");

/** Refuses a weak password, naming the field it came from. */
export function checkPassword(password: string, username: string, field: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new RuleError("weak_password", field, problem.key, problem.params);
}

/** Turns the unique indexes on users into field errors the person can act on. */
async function withAccountConflicts<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, "users_username_key"))
      throw new RuleError("username_taken", "username", "errors.username_taken");
    if (isUniqueViolation(error, "users_email_key")) throw new RuleError("email_taken", "email", "errors.email_taken");
    if (isUniqueViolation(error, "users_member_key"))
      throw new ConflictError("member_has_account", "errors.member_has_account");
    throw error;
  }
}

export interface NewAccount {
  username: string;
  email: string | null;
  displayName: string;
  password: string;
  memberId?: string;
}

/**
 * A sign-in created by someone else (a member's, or an office's with its grant): the temporary password
 * must be changed at first sign-in, and the creation is audited in the organisation's history.
 * The password is hashed here, inside the caller's transaction and after authority over the account was decided on
 * its rows: a refused request never costs a hash, and these office actions are rare enough to hold it meanwhile.
 */
export async function createAccount(
  tx: Tx,
  actor: Actor,
  input: NewAccount,
  options: { organizationId: string; action: "create" | "create_office_account"; grant?: "office" },
): Promise<CreatedAccount> {
  checkPassword(input.password, input.username, "password");
  const passwordHash = await hashPassword(input.password);
  const row = await withAccountConflicts(async () => {
    const [created] = await tx
      .insert(users)
      .values({
        username: input.username,
        email: input.email,
        displayName: input.displayName,
        memberId: input.memberId ?? null,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: users.id, username: users.username, displayName: users.displayName });
    return created!;
  });
  if (options.grant)
    await tx.insert(grants).values({
      userId: row.id,
      organizationId: options.organizationId,
      role: options.grant,
      createdBy: actor.userId,
    });
  await userAudit(
    tx,
    actor,
    options.action,
    { organizationId: options.organizationId, entityId: row.id },
    { before: null, after: row },
  );
  return row;
}

/**
 * The personal calendar feed is a standing credential (a secret address, ADR 0091): it ends wherever the
 * sessions end — sign out everywhere, a password change, a reset — and the member makes a new one.
 */
export async function revokeCalendarFeed(tx: Tx, actor: Actor, memberId: string | null) {
  if (!memberId) return;
  const member = await getMember(tx, memberId);
  if (member) await revokeCalendarToken(tx, actor, member.id, member.organizationId);
}

/** Signs the actor out on every device, their calendar feed included. */
export async function signOutEverywhere(tx: Tx, actor: Actor) {
  await deleteUserSessions(tx, actor.userId);
  await revokeCalendarFeed(tx, actor, actor.memberId);
}

/** The actor's own new password (already checked and hashed): other devices signed in with the old one sign out. */
export async function changePassword(tx: Tx, actor: Actor, user: UserRow, passwordHash: string) {
  await tx
    .update(users)
    .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
    .where(eq(users.id, user.id));
  await deleteUserSessions(tx, user.id, actor.sessionId);
  await revokeCalendarFeed(tx, actor, user.memberId);
  await userAudit(tx, actor, "change_password", { organizationId: null, entityId: user.id }, NO_CHANGE);
}

/**
 * A temporary password set by someone with authority over the account: its owner must change it at the next
 * sign-in, every session ends, and whoever was kept out by wrong guesses can sign in with it at once.
 */
export async function resetPassword(tx: Tx, actor: Actor, user: UserRow, newPassword: string) {
  checkPassword(newPassword, user.username, "newPassword");
  const passwordHash = await hashPassword(newPassword);
  await tx
    .update(users)
    .set({ passwordHash, mustChangePassword: true, passwordChangedAt: sql`now()` })
    .where(eq(users.id, user.id));
  await clearAttempts(tx, accountCounter(`user:${user.id}`));
  await deleteUserSessions(tx, user.id);
  await revokeCalendarFeed(tx, actor, user.memberId);
  await userAudit(tx, actor, "reset_password", { organizationId: null, entityId: user.id }, NO_CHANGE);
}

/** The language the account reads chibo in. */
export async function setLocale(ex: Executor, actor: Actor, locale: "vi" | "en") {
  await ex.update(users).set({ locale }).where(eq(users.id, actor.userId));
}
