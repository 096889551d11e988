import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { AppError, ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { getMember } from "../members/store.js";
import * as orgOps from "../organizations/operations.js";
import { positionActive } from "../organizations/model.js";
import { listPositions, listTerms, type OrganizationRow } from "../organizations/store.js";
import {
  addDays,
  ELECTED_ROLES,
  electionProblem,
  instantiateChecklist,
  type ChecklistRules,
  type FulfilledBy,
  type RecordCongressInput,
} from "./model.js";
import { checklistItems, congresses } from "./schema.js";
import type { ChecklistItemRow, CongressRow } from "./store.js";

const audit = (
  tx: Tx,
  actor: Actor,
  org: string,
  entityType: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
) => recordEvent(tx, { actorUserId: actor.userId, organizationId: org, entityType, entityId, action, before, after });

/**
 * Records a congress: the new term (or the term that starts that day), the elected committee through the
 * organisations module, the congress itself, and the post-congress checklist from the rulebook in force.
 */
export async function recordCongress(tx: Tx, actor: Actor, org: OrganizationRow, input: RecordCongressInput) {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (org.kind === "group") throw new RuleError("congress_kind", null, "errors.congress_kind");
  const problem = electionProblem(input.elected);
  if (problem) throw new RuleError("election", problem.field, problem.key);
  for (const [i, e] of input.elected.entries()) {
    const member = await getMember(tx, e.memberId);
    if (!member || member.leftOn || !member.organizationPath.startsWith(org.path)) {
      throw new RuleError("position_member_elsewhere", `elected.${i}.memberId`, "errors.position_member_elsewhere");
    }
  }
  const [same] = await tx
    .select({ id: congresses.id })
    .from(congresses)
    .where(and(eq(congresses.organizationId, org.id), eq(congresses.heldOn, input.heldOn)));
  if (same) throw new RuleError("congress_exists", "heldOn", "errors.congress_exists");

  // The term that starts on the congress day is this congress's term; otherwise the congress opens a new one.
  const existingTerm = (await listTerms(tx, org.id)).find((t) => t.startsOn === input.heldOn);
  let term = existingTerm;
  if (!term) {
    try {
      term = await orgOps.addTerm(tx, actor, org, {
        label: input.termLabel,
        startsOn: input.heldOn,
        endsOn: input.termEndsOn,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "term_overlap")
        throw new RuleError("term_overlap", "heldOn", error.messageKey, error.params);
      throw error;
    }
  }

  // The previous committee's positions end the day before; the elected committee takes office on the congress day.
  const dayBefore = addDays(input.heldOn, -1);
  for (const p of await listPositions(tx, org.id)) {
    if (
      !(ELECTED_ROLES as readonly string[]).includes(p.role) ||
      p.termId === term.id ||
      !positionActive(p, input.heldOn)
    )
      continue;
    await orgOps.endPosition(tx, actor, org, p.id, p.startsOn > dayBefore ? p.startsOn : dayBefore);
  }
  for (const e of input.elected) {
    await orgOps.addPosition(tx, actor, org, {
      memberId: e.memberId,
      role: e.role,
      termId: term.id,
      startsOn: input.heldOn,
      endsOn: null,
    });
  }

  const [row] = await tx
    .insert(congresses)
    .values({
      organizationId: org.id,
      termId: term.id,
      heldOn: input.heldOn,
      termLabel: existingTerm?.label ?? input.termLabel,
      delegatesTotal: input.delegatesTotal,
      delegatesPresent: input.delegatesPresent,
      elected: input.elected,
      note: input.note,
    })
    .returning();
  await audit(tx, actor, org.id, "congress", row!.id, "create", null, row);

  let items: ChecklistItemRow[] = [];
  try {
    const book = await rulebookInForce<ChecklistRules>(tx, "post-congress-checklist", org.path, input.heldOn);
    const template = org.kind === "party_committee" ? book.data.party_committee : book.data.cell;
    const owner = (role: string) => input.elected.find((e) => e.role === role)?.memberId ?? null;
    const drafts = instantiateChecklist(template, input.heldOn, {
      secretary: owner("secretary"),
      deputy_secretary: owner("deputy_secretary"),
    });
    items = await tx
      .insert(checklistItems)
      .values(drafts.map((d) => ({ ...d, organizationId: org.id, congressId: row!.id, rulebookKey: book.key })))
      .returning();
    await audit(tx, actor, org.id, "congress", row!.id, "checklist", null, {
      rulebook: book.key,
      items: items.map((i) => ({ id: i.id, itemKey: i.itemKey, dueOn: i.dueOn })),
    });
  } catch (error) {
    // No checklist rulebook for a congress that old: the congress is still recorded.
    if (!(error instanceof Error && /rulebook/i.test(error.message))) throw error;
  }
  return { ...row!, checklist: items };
}

export async function recordSubmission(
  tx: Tx,
  actor: Actor,
  congress: CongressRow,
  input: { submittedOn: string; submissionNumber: string; version: number },
) {
  if (input.submittedOn < congress.heldOn)
    throw new RuleError("date_order", "submittedOn", "errors.date_order", {
      later: "fields.submittedOn",
      earlier: "fields.heldOn",
    });
  const [row] = await tx
    .update(congresses)
    .set({
      submittedOn: input.submittedOn,
      submissionNumber: input.submissionNumber,
      version: sql`${congresses.version} + 1`,
    })
    .where(and(eq(congresses.id, congress.id), eq(congresses.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, congress.organizationId, "congress", congress.id, "submit", congress, row);
  return row;
}

/** The level above ratifies (chuẩn y) the elected secretary; the checklist's ratification item is ticked. */
export async function recordRatification(
  tx: Tx,
  actor: Actor,
  congress: CongressRow,
  input: { ratifiedOn: string; ratificationNumber: string; version: number },
) {
  if (input.ratifiedOn < congress.heldOn)
    throw new RuleError("date_order", "ratifiedOn", "errors.date_order", {
      later: "fields.ratifiedOn",
      earlier: "fields.heldOn",
    });
  if (congress.ratifiedOn) throw new ConflictError("already_ratified", "errors.already_ratified");
  const [row] = await tx
    .update(congresses)
    .set({
      ratifiedOn: input.ratifiedOn,
      ratificationNumber: input.ratificationNumber,
      version: sql`${congresses.version} + 1`,
    })
    .where(and(eq(congresses.id, congress.id), eq(congresses.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, congress.organizationId, "congress", congress.id, "ratify", congress, row);
  await fulfilChecklist(
    tx,
    actor,
    congress.organizationId,
    "ratification",
    { kind: "congress", id: congress.id },
    input.ratifiedOn,
  );
  return row;
}

/** Ticks the open checklist items of an organisation that a new record fulfils (a programme, a ratification…). */
export async function fulfilChecklist(
  tx: Tx,
  actor: Actor,
  organizationId: string,
  by: FulfilledBy,
  record: { kind: string; id: string },
  on: string,
) {
  const rows = await tx
    .update(checklistItems)
    .set({
      done: true,
      doneOn: on,
      recordKind: record.kind,
      recordId: record.id,
      version: sql`${checklistItems.version} + 1`,
    })
    .where(
      and(
        eq(checklistItems.organizationId, organizationId),
        eq(checklistItems.fulfilledBy, by),
        eq(checklistItems.done, false),
      ),
    )
    .returning();
  for (const r of rows) await audit(tx, actor, organizationId, "checklist_item", r.id, "fulfil", null, r);
  return rows;
}

export async function completeChecklistItem(
  tx: Tx,
  actor: Actor,
  item: ChecklistItemRow,
  input: { doneOn: string; note: string | null; version: number },
) {
  if (item.done) throw new ConflictError("already_done", "errors.checklist_done");
  const [row] = await tx
    .update(checklistItems)
    .set({ done: true, doneOn: input.doneOn, note: input.note, version: sql`${checklistItems.version} + 1` })
    .where(and(eq(checklistItems.id, item.id), eq(checklistItems.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, item.organizationId, "checklist_item", item.id, "complete", item, row);
  return row;
}
