import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { confidentialCases, disciplineCases } from "./schema.js";

/**
 * Whether a member's transfer must wait (294-QĐ/TW §6.3: no transfer while under inspection or with a complaint
 * pending): a confidential case about them not yet concluded, a discipline proposal not yet decided, or an appeal
 * not yet resolved. Only a yes or no leaves this module, so the transfer page learns nothing of the file.
 */
export async function transferBlocked(ex: Executor, memberId: string): Promise<boolean> {
  const [open] = await ex
    .select({ id: confidentialCases.id })
    .from(confidentialCases)
    .where(
      and(
        eq(confidentialCases.subjectMemberId, memberId),
        isNull(confidentialCases.concludedOn),
        isNull(confidentialCases.deletedAt),
      ),
    )
    .limit(1);
  if (open) return true;
  const [pending] = await ex
    .select({ id: disciplineCases.id })
    .from(disciplineCases)
    .where(
      and(
        eq(disciplineCases.memberId, memberId),
        isNull(disciplineCases.deletedAt),
        sql`(${disciplineCases.decidedOn} IS NULL
              OR (${disciplineCases.appealedOn} IS NOT NULL AND ${disciplineCases.appealOutcome} IS NULL))`,
      ),
    )
    .limit(1);
  return pending !== undefined;
}
