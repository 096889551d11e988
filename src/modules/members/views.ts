/** How member records are shown to a reader: which fields, the card number whole or masked, probation. */
import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import type { MembershipRules } from "../organizations/model.js";
import { visibleSubtree } from "../organizations/store.js";
import { maskCardNumber, type listMembersQuery, probationStatus, PUBLIC_MEMBER_FIELDS } from "./model.js";
import type { z } from "zod";
import { historyOrRecord, listMembers, listStatusPeriods, listTransfers, type MemberDetailRow } from "./store.js";

/** Card numbers in full only for the member and for those who manage members (ADR 0041). */
export function withCard<T extends { cardNumber: string | null }>(m: T, whole: boolean): T {
  return whole ? m : { ...m, cardNumber: maskCardNumber(m.cardNumber) };
}

/** Ordinary members see each other's member-facing fields only (personal data stays with those who need it). */
function publicView<T extends Record<string, unknown>>(m: T) {
  return Object.fromEntries(PUBLIC_MEMBER_FIELDS.map((k) => [k, m[k]])) as Pick<
    T,
    (typeof PUBLIC_MEMBER_FIELDS)[number]
  >;
}

export async function memberListView(
  ex: Executor,
  actor: Actor,
  org: OrgRef,
  query: z.output<typeof listMembersQuery>,
) {
  const full = can(actor, "member.view", org);
  const manages = can(actor, "member.manage", org);
  const visible = await visibleSubtree(ex, actor, "member.list", org);
  const result = await listMembers(ex, org.path, { ...query, organizationIds: visible.all ? undefined : visible.ids });
  const today = todayIso();
  const rules = full ? await rulebookInForce<MembershipRules>(ex, "membership", org.path, today) : null;
  return {
    total: result.total,
    detail: full,
    items: result.items.map((m) =>
      rules
        ? {
            ...withCard(m, manages || m.id === actor.memberId),
            probation: probationStatus(m, rules.data.probation, today),
          }
        : { ...publicView(m), organizationName: m.organizationName },
    ),
  };
}

export async function memberDetailView(ex: Executor, actor: Actor, org: OrgRef, member: MemberDetailRow) {
  const today = todayIso();
  const rules = await rulebookInForce<MembershipRules>(ex, "membership", org.path, today);
  const recorded = (await listStatusPeriods(ex, [member.id])).get(member.id);
  const history =
    recorded && recorded.length > 0
      ? recorded
      : historyOrRecord(recorded, member).map((p) => ({ ...p, id: null, reason: null, source: "record" as const }));
  return {
    ...withCard(member, member.id === actor.memberId || can(actor, "member.manage", org)),
    probation: probationStatus(member, rules.data.probation, today),
    transfers: await listTransfers(ex, member.id),
    statusHistory: history,
    permissions: { manage: can(actor, "member.manage", org), account: can(actor, "account.manage", org) },
  };
}
