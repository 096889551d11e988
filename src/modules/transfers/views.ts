import type { z } from "zod";
import type { Executor } from "../../core/db/index.js";
import { memberNames } from "../members/store.js";
import { organizationNames } from "../organizations/store.js";
import { presentDeadline, startDeadline, stayState, type TransferRules } from "./model.js";
import type { staySchema, transferSchema } from "./present.js";
import type { StayRow, TransferRow } from "./store.js";
import type { HolidayCalendar } from "../../core/working-days.js";

type Books = { rules: TransferRules; calendar: HolidayCalendar };

/** Names of the members and organisations the rows point to, in two queries. */
export async function namesFor(ex: Executor, transfers: TransferRow[], stays: StayRow[]) {
  const members = await memberNames(ex, [
    ...transfers.map((t) => t.memberId),
    ...stays.map((s) => s.memberId).filter((id): id is string => id !== null),
  ]);
  const orgIds = [
    ...transfers.map((t) => t.organizationId),
    ...stays.flatMap((s) => [s.homeOrganizationId, s.hostOrganizationId]).filter((id): id is string => id !== null),
  ];
  const orgs = new Map((await organizationNames(ex, [...new Set(orgIds)])).map((o) => [o.id, o.name]));
  return { member: (id: string) => members.get(id)?.fullName ?? "", org: (id: string) => orgs.get(id) ?? "" };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

export function transferView(
  t: TransferRow,
  names: Names,
  books: Books,
  today: string,
): z.input<typeof transferSchema> {
  const presentBy = presentDeadline(books.rules, books.calendar, t.letterIssuedOn);
  return {
    id: t.id,
    direction: t.direction,
    memberId: t.memberId,
    fullName: names.member(t.memberId),
    organizationId: t.organizationId,
    cellName: names.org(t.organizationId),
    counterpart: t.counterpart,
    decisionRef: t.decisionRef,
    decisionOn: t.decisionOn,
    startBy: t.decisionOn ? startDeadline(books.rules, books.calendar, t.decisionOn) : null,
    reason: t.reason,
    letterNumber: t.letterNumber,
    letterIssuedOn: t.letterIssuedOn,
    presentBy,
    documentId: t.documentId,
    effectiveOn: t.effectiveOn,
    lateReason: t.lateReason,
    pending: t.direction === "out" && !t.cancelledOn && today <= presentBy,
    cancelledOn: t.cancelledOn,
    cancelReason: t.cancelReason,
    version: t.version,
  };
}

export function stayView(s: StayRow, names: Names, today: string): z.input<typeof staySchema> {
  return {
    id: s.id,
    memberId: s.memberId,
    fullName: s.memberId ? names.member(s.memberId) : (s.fullName ?? ""),
    homeOrganizationId: s.homeOrganizationId,
    homeName: s.homeOrganizationId ? names.org(s.homeOrganizationId) : (s.homeName ?? ""),
    hostOrganizationId: s.hostOrganizationId,
    hostName: s.hostOrganizationId ? names.org(s.hostOrganizationId) : (s.hostName ?? ""),
    purpose: s.purpose,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    state: s.cancelledOn ? "cancelled" : stayState(s, today),
    letterNumber: s.letterNumber,
    hostComment: s.hostComment,
    hostCommentOn: s.hostCommentOn,
    cancelledOn: s.cancelledOn,
    cancelReason: s.cancelReason,
    version: s.version,
  };
}
