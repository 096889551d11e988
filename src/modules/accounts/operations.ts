import type { Actor } from "../../core/access/index.js";
import { grants } from "../../core/access/schema.js";
import { recordEvent } from "../../core/audit/index.js";
import { inTransaction, isUniqueViolation, type Database } from "../../core/db/index.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import { passwordProblem } from "./model.js";
import { hashPassword } from "./passwords.js";
import { users } from "./schema.js";

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
 */
export async function createAccount(
  database: Database,
  actor: Actor,
  input: NewAccount,
  options: { organizationId: string; action: string; grant?: "office" },
): Promise<{ id: string; username: string; displayName: string }> {
  checkPassword(input.password, input.username, "password");
  const passwordHash = await hashPassword(input.password);
  return withAccountConflicts(() =>
    inTransaction(database, async (tx) => {
      const [row] = await tx
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
      if (options.grant)
        await tx.insert(grants).values({
          userId: row!.id,
          organizationId: options.organizationId,
          role: options.grant,
          createdBy: actor.userId,
        });
      await recordEvent(tx, {
        actorUserId: actor.userId,
        organizationId: options.organizationId,
        entityType: "user",
        entityId: row!.id,
        action: options.action,
        after: row,
      });
      return row!;
    }),
  );
}
