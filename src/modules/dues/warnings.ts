import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../core/db/index.js";
import { t } from "../../core/i18n/index.js";
import { DAILY_JOB_EVERY_MS, type Notice, notifyRecipients, registerPeriodicJob } from "../../core/outbox/index.js";
import { unsentNoticeKeys } from "../../core/outbox/queries.js";
import { todayIso } from "../../core/time.js";
import { warningRecipients } from "../accounts/public-admissions.js";
import { monthLabel, monthOf, nextMonth, reachesRemoval, removalWarningKey, unpaidMonths } from "./model.js";
import { duesRules } from "./store.js";
import { unpaidInYear } from "./reports.js";

/**
 * Three months unpaid in a year (rulebook) → the cell should propose removing the member from the list (DOMAIN
 * §3.7). The cell's secretary and the office above it are told, in the app and by email, once per member and year
 * however often the job runs. A month counts once it is over: the dues of the current month are not late.
 */
export async function sendDuesWarnings(database: Database, now: Date): Promise<number> {
  const db = database.db;
  const through = nextMonth(monthOf(todayIso(now)), -1);
  const year = Number(through.slice(0, 4));
  // The cells that keep a ledger (those whose members have a basis recorded), each with the fewest months any of its
  // members has paid this year. Unpaid months are among the months without a payment, so a cell where everyone has
  // paid more than (months gone by − the rulebook's threshold) cannot have reached it, and is not read member by
  // member: at a province's size that skips most of 8,000 cells. A member who moved cells this year is found through
  // the cell of their basis, which reads everyone who was in it during the year; the warning is one per member and
  // year whichever cell finds it.
  const monthsGoneBy = Number(through.slice(5, 7));
  const cells = await queryRows<{ id: string; path: string; name: string; fewestPaid: number }>(
    db,
    sql`WITH paid AS (
          SELECT member_id, count(DISTINCT month)::int AS n FROM dues_payments
           WHERE deleted_at IS NULL AND month >= ${`${year}-01-01`}::date AND month <= ${`${through}-01`}::date
           GROUP BY member_id)
        SELECT c.id, c.path, c.name, min(coalesce(paid.n, 0))::int AS "fewestPaid"
          FROM dues_bases b
          JOIN organizations o ON o.id = b.organization_id
          JOIN organizations c ON c.id = CASE WHEN o.kind = 'group' THEN o.parent_id ELSE o.id END
          LEFT JOIN paid ON paid.member_id = b.member_id
         WHERE b.deleted_at IS NULL
         GROUP BY c.id, c.path, c.name`,
  );
  const warnings: { cell: (typeof cells)[number]; notice: Notice & { dedupeKey: string } }[] = [];
  for (const cell of cells) {
    const rules = await duesRules(db, cell.path, through);
    if (cell.fewestPaid > monthsGoneBy - rules.removalAfterUnpaidMonths) continue;
    for (const m of await unpaidInYear(db, cell, year, through)) {
      if (!reachesRemoval(m.months, year, through, rules)) continue;
      const months = unpaidMonths(m.months, year, through).map(monthLabel).join(", ");
      const params = { name: m.fullName, cell: cell.name, year, count: months.split(", ").length, months };
      const notice = {
        organizationId: cell.id,
        memberIds: [],
        subject: t("vi", "dues.mail.unpaid.subject", params),
        text: t("vi", "dues.mail.unpaid.text", params),
        link: `/to-chuc/${cell.id}/dang-phi`,
        dedupeKey: removalWarningKey(m.memberId, year),
      };
      warnings.push({ cell, notice });
    }
  }
  // A member stays past the threshold for the rest of the year: most runs find only warnings already queued. Whom
  // they reach is read once for all cells (the cell's secretary and the office above it), and one query says which
  // would still queue something, so a run with nothing new writes nothing (ADR 0184).
  const reachOf = await warningRecipients(
    db,
    warnings.map(({ cell }) => ({ id: cell.id, path: cell.path, partyCommitteeId: null })),
    todayIso(now),
  );
  const pending = await unsentNoticeKeys(
    db,
    warnings.flatMap(({ cell, notice }) => {
      const { secretaries, office } = reachOf.get(cell.id)!;
      return [...secretaries, ...office].map((r) => ({
        dedupeKey: notice.dedupeKey,
        userId: r.userId,
        email: r.email,
      }));
    }),
  );
  let queued = 0;
  for (const { cell, notice } of warnings) {
    if (!pending.has(notice.dedupeKey)) continue;
    const { secretaries, office } = reachOf.get(cell.id)!;
    queued += await db.transaction(async (tx) => {
      const a = await notifyRecipients(tx, notice, secretaries);
      const b = await notifyRecipients(tx, notice, office);
      return a.queued + b.queued;
    });
  }
  return queued;
}

export function registerDuesWarnings(): void {
  registerPeriodicJob(
    "dues.warnings",
    async (database, now) => {
      await sendDuesWarnings(database, now);
    },
    { everyMs: DAILY_JOB_EVERY_MS },
  );
}
