import { and, eq, sql } from "drizzle-orm";
import type { Actor, OrgRef } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { AppError, ConflictError, RuleError } from "../../core/http/errors.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { NoRulebookError, rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { getMember } from "../members/store.js";
import * as orgOps from "../organizations/operations.js";
import { positionActive } from "../organizations/model.js";
import { openChildCells } from "../organizations/public-congresses.js";
import { listPositions, listTerms, type OrganizationRow, visibleSubtreeIds } from "../organizations/store.js";
import {
  addDays,
  checklistStage,
  ELECTED_ROLES,
  electionProblem,
  instantiateChecklist,
  type ChecklistRules,
  type FulfilledBy,
  type RecordCongressInput,
  summarizeChecklist,
} from "./model.js";
import { checklistItems, congresses } from "./schema.js";
import {
  type ChecklistItemRow,
  type CongressRow,
  congressOn,
  latestCongresses,
  listChecklist,
  listCongresses,
} from "./store.js";

type CongressEvents = {
  create: Change<null, CongressRow>;
  checklist: Change<null, { rulebook: string; items: { id: string; itemKey: string; dueOn: string }[] }>;
  submit: Change<CongressRow, CongressRow>;
  ratify: Change<CongressRow, CongressRow>;
};
type ChecklistItemEvents = {
  fulfil: Change<null, ChecklistItemRow>;
  complete: Change<ChecklistItemRow, ChecklistItemRow>;
};

const congressAudit = auditTrail<CongressEvents>("congress");
const checklistAudit = auditTrail<ChecklistItemEvents>("checklist_item");

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
  if (await congressOn(tx, org.id, input.heldOn))
    throw new RuleError("congress_exists", "heldOn", "errors.congress_exists");

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
  await congressAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    { before: null, after: row! },
  );

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
    await congressAudit(
      tx,
      actor,
      "checklist",
      { organizationId: org.id, entityId: row!.id },
      {
        before: null,
        after: { rulebook: book.key, items: items.map((i) => ({ id: i.id, itemKey: i.itemKey, dueOn: i.dueOn })) },
      },
    );
  } catch (error) {
    // No checklist rulebook for a congress that old: the congress is still recorded.
    if (!(error instanceof NoRulebookError)) throw error;
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
  const row = await updateVersioned(tx, congresses, congress.id, input.version, {
    submittedOn: input.submittedOn,
    submissionNumber: input.submissionNumber,
  });
  await congressAudit(
    tx,
    actor,
    "submit",
    { organizationId: congress.organizationId, entityId: congress.id },
    {
      before: congress,
      after: row,
    },
  );
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
  const row = await updateVersioned(tx, congresses, congress.id, input.version, {
    ratifiedOn: input.ratifiedOn,
    ratificationNumber: input.ratificationNumber,
  });
  await congressAudit(
    tx,
    actor,
    "ratify",
    { organizationId: congress.organizationId, entityId: congress.id },
    {
      before: congress,
      after: row,
    },
  );
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
  for (const r of rows)
    await checklistAudit(tx, actor, "fulfil", { organizationId, entityId: r.id }, { before: null, after: r });
  return rows;
}

export async function completeChecklistItem(
  tx: Tx,
  actor: Actor,
  item: ChecklistItemRow,
  input: { doneOn: string; note: string | null; version: number },
) {
  if (item.done) throw new ConflictError("already_done", "errors.checklist_done");
  const row = await updateVersioned(tx, checklistItems, item.id, input.version, {
    done: true,
    doneOn: input.doneOn,
    note: input.note,
  });
  await checklistAudit(
    tx,
    actor,
    "complete",
    { organizationId: item.organizationId, entityId: item.id },
    {
      before: item,
      after: row,
    },
  );
  return row;
}

// ---------------------------------------------------------------------------
// What the pages read

/** An organisation's congresses, newest first, each with its checklist and every item's stage today. */
export async function congressesOf(ex: Executor, organizationId: string, today = todayIso()) {
  const rows = await listCongresses(ex, organizationId);
  const items = await listChecklist(
    ex,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((c) => ({
      ...c,
      checklist: items.filter((i) => i.congressId === c.id).map((i) => ({ ...i, stage: checklistStage(i, today) })),
    })),
  };
}

/**
 * The post-congress checklists of a đảng bộ's open cells ("5/5 chi bộ"), as far as the reader may open them:
 * each cell's latest congress, its items and how far they are, by the cells' Vietnamese order.
 */
export async function checklistOverview(ex: Executor, actor: Actor, org: OrgRef, today = todayIso()) {
  const visible = new Set(await visibleSubtreeIds(ex, actor, "plan.view", org));
  const cells = (await openChildCells(ex, org.id)).filter((c) => visible.has(c.id));
  const latest = await latestCongresses(
    ex,
    cells.map((c) => c.id),
  );
  const items = await listChecklist(
    ex,
    [...latest.values()].map((c) => c.id),
  );
  const rows = cells
    .map((c) => {
      const congress = latest.get(c.id) ?? null;
      const list = congress ? items.filter((i) => i.congressId === congress.id) : [];
      return {
        organization: c,
        congress: congress && {
          id: congress.id,
          heldOn: congress.heldOn,
          termLabel: congress.termLabel,
          ratifiedOn: congress.ratifiedOn,
        },
        summary: summarizeChecklist(c.id, list, today),
        items: list.map((i) => ({ ...i, stage: checklistStage(i, today) })),
      };
    })
    .sort((a, b) => compareVietnamese(a.organization.name, b.organization.name));
  return {
    cells: rows,
    held: rows.filter((r) => r.congress).length,
    complete: rows.filter((r) => r.summary.complete).length,
    total: rows.length,
  };
}
