import type { Actor } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { maskToken } from "../../core/http/csrf.js";
import { mayBackUp } from "../../core/backup/routes.js";
import { getMember } from "../members/store.js";
import { listOversights } from "../organizations/store.js";

/** The signed-in person as `/api/auth/me` answers: the home's batched read answers the same (ADR 0163). */
export async function currentUser(ex: Executor, actor: Actor) {
  const member = actor.memberId ? await getMember(ex, actor.memberId) : null;
  const oversees = actor.memberId ? await listOversights(ex, { memberId: actor.memberId }) : [];
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    isAdmin: actor.isAdmin,
    canBackup: mayBackUp(actor),
    locale: actor.locale,
    mustChangePassword: actor.mustChangePassword,
    // Masked afresh in every answer (ADR 0169): the raw token never sits in a body that may be compressed.
    csrfToken: maskToken(actor.csrfToken),
    member: member && {
      id: member.id,
      fullName: member.fullName,
      organizationId: member.organizationId,
      organizationName: member.organizationName,
    },
    scopes: actor.scopes,
    oversees: oversees.filter((o) => !o.endsOn),
  };
}
