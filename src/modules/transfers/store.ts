import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { RuleError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { loadCentralRulebooks, NoRulebookError, rulebookInForce } from "../../core/rulebooks/index.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import type { TransferRules } from "./model.js";
import { partyTransfers, temporaryStays } from "./schema.js";

export type TransferRow = typeof partyTransfers.$inferSelect;
export type StayRow = typeof temporaryStays.$inferSelect;

/**
 * The transfer rulebook and the holiday calendar in force on a day, for the organisation at `orgPath`. A day before
 * any transfer rulebook (294-QĐ/TW took effect on 01/07/2025) is refused on `field`, the input that gave the day:
 * the app holds no rules to check the earlier regulation's dates against.
 */
export async function transferBooks(
  ex: Executor,
  orgPath: string,
  day: string,
  field: string | null = null,
): Promise<{ rules: TransferRules; calendar: HolidayCalendar }> {
  try {
    const rules = (await rulebookInForce<TransferRules>(ex, "transfer", orgPath, day)).data;
    const calendar = (await rulebookInForce<HolidayCalendar>(ex, HOLIDAYS_KIND, orgPath, day)).data;
    return { rules, calendar };
  } catch (error) {
    if (!(error instanceof NoRulebookError && field)) throw error;
    const earliest = loadCentralRulebooks()
      .filter((b) => b.kind === error.kind)
      .reduce((min, b) => (b.effectiveFrom < min ? b.effectiveFrom : min), "9999-12-31");
    throw new RuleError("no_transfer_rulebook", field, "transfers.no_rulebook", { date: formatDate(earliest) });
  }
}

/** The transfers in and out of these cells, newest letter first. */
export async function listTransfers(ex: Executor, organizationIds: string[]): Promise<TransferRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(partyTransfers)
    .where(inArray(partyTransfers.organizationId, organizationIds))
    .orderBy(desc(partyTransfers.letterIssuedOn), desc(partyTransfers.createdAt));
}

/** Stays hosted by these cells or of members whose official cell is among them, by start. */
export async function listStays(ex: Executor, organizationIds: string[]): Promise<StayRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(temporaryStays)
    .where(
      or(
        inArray(temporaryStays.hostOrganizationId, organizationIds),
        inArray(temporaryStays.homeOrganizationId, organizationIds),
      ),
    )
    .orderBy(asc(temporaryStays.startsOn), asc(temporaryStays.createdAt));
}

export async function getStay(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<StayRow | null> {
  const q = ex.select().from(temporaryStays).where(eq(temporaryStays.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** A stay of the member that shares a day with [startsOn, endsOn). */
export async function overlappingStay(
  ex: Executor,
  memberId: string,
  startsOn: string,
  endsOn: string,
): Promise<StayRow | null> {
  const [row] = await ex
    .select()
    .from(temporaryStays)
    .where(
      and(
        eq(temporaryStays.memberId, memberId),
        isNull(temporaryStays.cancelledOn),
        lt(temporaryStays.startsOn, endsOn),
        gt(temporaryStays.endsOn, startsOn),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Official transfers out still open to a reminder: not cancelled, the letter issued since `since`. */
export async function transfersToRemind(ex: Executor, since: string): Promise<TransferRow[]> {
  return ex
    .select()
    .from(partyTransfers)
    .where(
      and(
        eq(partyTransfers.direction, "out"),
        isNull(partyTransfers.cancelledOn),
        gte(partyTransfers.letterIssuedOn, since),
      ),
    )
    .orderBy(asc(partyTransfers.letterIssuedOn));
}

/** Stays not cancelled whose end falls from `from` to `to`. */
export async function staysEndingBetween(ex: Executor, from: string, to: string): Promise<StayRow[]> {
  return ex
    .select()
    .from(temporaryStays)
    .where(and(isNull(temporaryStays.cancelledOn), gte(temporaryStays.endsOn, from), lte(temporaryStays.endsOn, to)))
    .orderBy(asc(temporaryStays.endsOn));
}

export async function getTransfer(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TransferRow | null> {
  const q = ex.select().from(partyTransfers).where(eq(partyTransfers.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}
