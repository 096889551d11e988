import { z } from "zod";
import { ROLES } from "../../core/access/index.js";
import { itemsOf, type Wire } from "../../core/http/present.js";

// What the accounts module answers. A field not named here never leaves the server.

/** The answer of an action that has nothing else to say. */
export const okSchema = z.object({ ok: z.literal(true) });

export const signedInSchema = okSchema.extend({ mustChangePassword: z.boolean() });

/** The signed-in person: who they are, what they may reach, and the token their state-changing calls carry. */
export const meSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  canBackup: z.boolean(),
  locale: z.enum(["vi", "en"]),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  member: z
    .object({ id: z.uuid(), fullName: z.string(), organizationId: z.uuid(), organizationName: z.string() })
    .nullable(),
  scopes: z.array(z.object({ role: z.enum(ROLES), organizationId: z.uuid(), subtree: z.boolean() })),
  oversees: z.array(z.object({ organizationId: z.uuid(), organizationName: z.string() })),
});

/** An account just created by someone else (its temporary password is never sent back). */
export const createdAccountSchema = z.object({ id: z.uuid(), username: z.string(), displayName: z.string() });

/** A member's sign-in, as the office sees it; `locked` while wrong guesses keep it shut. */
export const memberAccountSchema = z.object({
  account: z
    .object({
      id: z.uuid(),
      username: z.string(),
      email: z.string().nullable(),
      mustChangePassword: z.boolean(),
      locked: z.boolean(),
    })
    .nullable(),
});

/** A sign-in given a role on an organisation by a grant (the office of a đảng ủy, for example). */
export const officeAccountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(["office", "viewer"]),
});
export const officeAccountListSchema = itemsOf(officeAccountSchema);

export type SignedIn = Wire<typeof signedInSchema>;
export type Me = Wire<typeof meSchema>;
export type CreatedAccount = Wire<typeof createdAccountSchema>;
export type MemberAccount = Wire<typeof memberAccountSchema>["account"];
export type OfficeAccount = Wire<typeof officeAccountSchema>;
export type OfficeAccountList = Wire<typeof officeAccountListSchema>;
