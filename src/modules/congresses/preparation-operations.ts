import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Database, Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { notify, notifyRecipients, DAILY_JOB_EVERY_MS, registerPeriodicJob } from "../../core/outbox/index.js";
import { NoRulebookError, rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import { officeRecipients } from "../accounts/public-admissions.js";
import { admissionsByYear } from "../admissions/public-congresses.js";
import { termOn } from "../documents/model.js";
import { createDocument } from "../documents/operations.js";
import { getDocument } from "../documents/store.js";
import { memberNames } from "../members/store.js";
import { yearlyLevels } from "../evaluations/public-congresses.js";
import { inspectionsByYear } from "../inspections/public-congresses.js";
import { meetingsByYear } from "../meetings/public-congresses.js";
import { cellMembersOn } from "../members/presence.js";
import { openChildCells } from "../organizations/public-congresses.js";
import { getOrganization, listPositions, listTerms, type OrganizationRow, subtreeIds } from "../organizations/store.js";
import { resolutionsByYear, termResolutionTargets } from "../resolutions/public-congresses.js";
import {
  type attendanceBody,
  type completeStepBody,
  congressDayProblem,
  type congressDayBody,
  congressLabel,
  congressMinutesTexts,
  type createPreparationBody,
  type credentialBody,
  type currentItemBody,
  delegateChoiceProblem,
  type delegatesBody,
  draftResolutionSections,
  hallAttendance,
  type LevelRules,
  planTimeline,
  politicalReportSections,
  type PreparationRules,
  type quotasBody,
  selfReviewSections,
  stepReminder,
  stepStage,
  type TermFacts,
  type updateStepBody,
  type YearFacts,
} from "./preparation-model.js";
import { electionsOn, listRounds } from "./elections-store.js";
import { congressOn } from "./store.js";
import { forgetHall, hallView } from "./hall.js";
import { congressDelegates, congressPreparations, delegateQuotas, preparationSteps } from "./preparation-schema.js";
import {
  type DelegateRow,
  getPreparation,
  listDelegates,
  listPreparations,
  listQuotas,
  listSteps,
  openSteps,
  type PreparationRow,
  quotaOf,
  type StepRow,
} from "./preparation-store.js";

type PreparationEvents = {
  create: Change<null, { preparation: PreparationRow; steps: { id: string; stepKey: string; dueOn: string }[] }>;
  drafts: Change<null, { politicalReportId: string; selfReviewId: string; draftResolutionId: string }>;
  minutes: Change<null, { minutesId: string }>;
  quotas: Change<{ cellId: string; quota: number }[], { cellId: string; quota: number }[]>;
  delegates: Change<{ cellId: string; memberIds: string[] }, { cellId: string; memberIds: string[] }>;
  day: Change<PreparationRow, PreparationRow>;
  current: Change<{ currentItem: number | null }, { currentItem: number | null }>;
};
type StepEvents = { update: Change<StepRow, StepRow>; complete: Change<StepRow, StepRow> };
type DelegateEvents = { credential: Change<DelegateRow, DelegateRow>; attendance: Change<DelegateRow, DelegateRow> };

const preparationAudit = auditTrail<PreparationEvents>("congress_preparation");
const stepAudit = auditTrail<StepEvents>("preparation_step");
const delegateAudit = auditTrail<DelegateEvents>("congress_delegate");

export const PREPARATION_ORIGIN = "congress-preparation";

async function rulesFor(ex: Executor, org: OrganizationRow, day: string) {
  try {
    return await rulebookInForce<PreparationRules>(ex, "congress-preparation", org.path, day);
  } catch (e) {
    if (e instanceof NoRulebookError)
      throw new RuleError("no_preparation_rulebook", "congressOn", "errors.congress_no_preparation_rulebook");
    throw e;
  }
}

async function levelRules(ex: Executor, prep: PreparationRow): Promise<{ org: OrganizationRow; rules: LevelRules }> {
  const org = (await getOrganization(ex, prep.organizationId))!;
  const book = await rulesFor(ex, org, prep.congressOn);
  return { org, rules: book.data[org.kind === "cell" ? "cell" : "party_committee"] };
}

function activeHolder(positions: Awaited<ReturnType<typeof listPositions>>, role: string, day: string) {
  return (
    positions.find((p) => p.role === role && p.startsOn <= day && (!p.endsOn || p.endsOn >= day))?.memberId ?? null
  );
}

/**
 * Starts the preparation of a congress: the timeline from the rulebook in force on the congress day (deadlines in
 * working days before it), the default agenda, and — for a cell, where every full member attends — the delegates.
 */
export async function createPreparation(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof createPreparationBody>,
  today = todayIso(),
) {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (org.kind !== "cell" && org.kind !== "party_committee")
    throw new RuleError("congress_kind", null, "errors.congress_kind");
  if (input.congressOn <= today) throw new RuleError("congress_day_past", "congressOn", "errors.congress_day_past");
  const book = await rulesFor(tx, org, input.congressOn);
  const rules = book.data[org.kind];
  const calendar = (await rulebookInForce<HolidayCalendar>(tx, HOLIDAYS_KIND, org.path, input.congressOn)).data;
  const positions = await listPositions(tx, org.id);
  const owners = {
    secretary: activeHolder(positions, "secretary", today),
    deputy_secretary: activeHolder(positions, "deputy_secretary", today),
  };
  const [existing] = await tx
    .select({ id: congressPreparations.id })
    .from(congressPreparations)
    .where(and(eq(congressPreparations.organizationId, org.id), eq(congressPreparations.congressOn, input.congressOn)));
  if (existing) throw new RuleError("preparation_exists", "congressOn", "errors.congress_preparation_exists");

  const term = termOn(await listTerms(tx, org.id), today);
  const [prep] = await tx
    .insert(congressPreparations)
    .values({
      organizationId: org.id,
      termId: term?.id ?? null,
      congressOn: input.congressOn,
      nextTermLabel: input.nextTermLabel,
      place: input.place,
      rulebookKey: book.key,
      agenda: rules.agenda,
    })
    .returning();
  const drafts = planTimeline(rules.steps, input.congressOn, calendar, owners);
  const steps = await tx
    .insert(preparationSteps)
    .values(drafts.map((d) => ({ ...d, preparationId: prep!.id, organizationId: org.id })))
    .returning();
  if (org.kind === "cell") {
    const full = (await cellMembersOn(tx, org.id, today)).filter((m) => m.status === "full" && !m.suspended);
    if (full.length)
      await tx.insert(congressDelegates).values(
        full.map((m) => ({
          preparationId: prep!.id,
          cellId: org.id,
          memberId: m.id,
          kind: "official" as const,
          credential: "accepted" as const,
        })),
      );
  }
  await preparationAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: prep!.id },
    {
      before: null,
      after: { preparation: prep!, steps: steps.map((s) => ({ id: s.id, stepKey: s.stepKey, dueOn: s.dueOn })) },
    },
  );
  return preparationView(tx, prep!, today);
}

export async function updateStep(tx: Tx, actor: Actor, step: StepRow, input: z.infer<typeof updateStepBody>) {
  if (input.ownerMemberId) {
    const org = (await getOrganization(tx, step.organizationId))!;
    const members = await cellMembersOnPath(tx, org);
    if (!members.has(input.ownerMemberId))
      throw new RuleError("position_member_elsewhere", "ownerMemberId", "errors.position_member_elsewhere");
  }
  const row = await updateVersioned(tx, preparationSteps, step.id, input.version, {
    ownerMemberId: input.ownerMemberId,
    dueOn: input.dueOn,
  });
  await stepAudit(
    tx,
    actor,
    "update",
    { organizationId: step.organizationId, entityId: step.id },
    { before: step, after: row },
  );
  return row;
}

/** The members of the organisation and every organisation under it, on today's roster. */
async function cellMembersOnPath(ex: Executor, org: OrganizationRow): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const id of await subtreeIds(ex, org.path))
    for (const m of await cellMembersOn(ex, id, todayIso())) ids.add(m.id);
  return ids;
}

export async function completeStep(tx: Tx, actor: Actor, step: StepRow, input: z.infer<typeof completeStepBody>) {
  if (step.done) throw new ConflictError("step_done", "errors.congress_step_done");
  if (input.doneOn > todayIso()) throw new RuleError("date_in_future", "doneOn", "errors.date_in_future");
  const row = await updateVersioned(tx, preparationSteps, step.id, input.version, {
    done: true,
    doneOn: input.doneOn,
    note: input.note,
  });
  await stepAudit(
    tx,
    actor,
    "complete",
    { organizationId: step.organizationId, entityId: step.id },
    { before: step, after: row },
  );
  return row;
}

// ── drafts ──

/** The term's record, read from each module through its public functions, year by year. */
export async function termFacts(
  ex: Executor,
  org: OrganizationRow,
  prep: PreparationRow,
  today: string,
): Promise<TermFacts> {
  const terms = await listTerms(ex, org.id);
  const term = terms.find((x) => x.id === prep.termId) ?? null;
  const from = term?.startsOn ?? `${Number(prep.congressOn.slice(0, 4)) - 5}-01-01`;
  const to = [term?.endsOn ?? prep.congressOn, today, prep.congressOn].sort()[0]!;
  const ids = await subtreeIds(ex, org.path);
  const [targets, resolutions, meetings, levels, admissions, inspections] = await Promise.all([
    termResolutionTargets(ex, org.id, from, to),
    resolutionsByYear(ex, ids, from, to),
    meetingsByYear(ex, ids, from, to),
    yearlyLevels(ex, ids, org.id, Number(from.slice(0, 4)), Number(to.slice(0, 4))),
    admissionsByYear(ex, ids, from, to),
    inspectionsByYear(ex, ids, from, to),
  ]);
  const years: YearFacts[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const m = meetings.get(y);
    const l = levels.get(y);
    const a = admissions.get(y);
    const i = inspections.get(y);
    years.push({
      year: y,
      resolutions: resolutions.get(y) ?? 0,
      meetingsHeld: m?.held ?? 0,
      ratings: m?.ratings ?? { good: 0, fair: 0, average: 0, poor: 0 },
      levels: l?.levels ?? { excellent: 0, good: 0, completed: 0, not_completed: 0 },
      ownLevel: l?.ownLevel ?? null,
      admitted: a?.admitted ?? 0,
      recognised: a?.recognised ?? 0,
      inspections: i?.inspections ?? 0,
      findings: i?.findings ?? 0,
      findingsClosed: i?.findingsClosed ?? 0,
    });
  }
  return {
    organizationName: org.name,
    kind: org.kind === "cell" ? "cell" : "party_committee",
    termLabel: term?.label ?? "",
    nextTermLabel: prep.nextTermLabel,
    from,
    to,
    targets,
    years,
  };
}

/**
 * Generates the three drafts of the congress from the term's record as drafts of the documents register, where
 * they are edited, opened for comments, and the summary of opinions is made (ADR 0145). Done once per preparation.
 */
export async function generateDrafts(tx: Tx, actor: Actor, prep: PreparationRow, today = todayIso()) {
  if (prep.politicalReportId) throw new ConflictError("drafts_exist", "errors.congress_drafts_exist");
  const org = (await getOrganization(tx, prep.organizationId))!;
  const facts = await termFacts(tx, org, prep, today);
  const make = (
    templateKey: string,
    type: "BC" | "NQ",
    summary: string,
    sections: { key: string; heading: string; text: string }[],
  ) =>
    createDocument(tx, actor, org, {
      type,
      templateKey,
      summary,
      sections,
      origin: PREPARATION_ORIGIN,
      originRef: prep.id,
    });
  const term = facts.termLabel ? ` nhiệm kỳ ${facts.termLabel}` : "";
  const report = await make("congress-political-report", "BC", `chính trị${term}`, politicalReportSections(facts));
  const review = await make("congress-self-review", "BC", `kiểm điểm của cấp ủy${term}`, selfReviewSections(facts));
  // The resolution is the congress's own: numbered in the congress's sequence ("01-NQ/ĐH") when adopted and issued.
  const resolution = await createDocument(tx, actor, org, {
    type: "NQ",
    templateKey: "congress-resolution",
    summary: `đại hội nhiệm kỳ ${prep.nextTermLabel} (dự thảo)`,
    sections: draftResolutionSections(facts),
    congress: congressLabel(prep),
    placeholders: { termLabel: prep.nextTermLabel },
    origin: PREPARATION_ORIGIN,
    originRef: prep.id,
  });
  const ids = { politicalReportId: report.id, selfReviewId: review.id, draftResolutionId: resolution.id };
  await tx.update(congressPreparations).set(ids).where(eq(congressPreparations.id, prep.id));
  await preparationAudit(
    tx,
    actor,
    "drafts",
    { organizationId: org.id, entityId: prep.id },
    { before: null, after: ids },
  );
  return preparationView(tx, (await getPreparation(tx, prep.id))!, today);
}

// ── delegates ──

async function assertPartyCommittee(ex: Executor, prep: PreparationRow, field: string) {
  const org = (await getOrganization(ex, prep.organizationId))!;
  if (org.kind !== "party_committee") throw new RuleError("delegates_cell", field, "errors.congress_delegates_cell");
  return org;
}

/** The đảng ủy allots each cell its number of official delegates; never below what a cell has already chosen. */
export async function setQuotas(tx: Tx, actor: Actor, prep: PreparationRow, input: z.infer<typeof quotasBody>) {
  await assertPartyCommittee(tx, prep, "quotas");
  const cells = new Set((await openChildCells(tx, prep.organizationId)).map((c) => c.id));
  const before = await listQuotas(tx, prep.id);
  const seen = new Set<string>();
  for (const [i, q] of input.quotas.entries()) {
    if (!cells.has(q.cellId) || seen.has(q.cellId))
      throw new RuleError("quota_cell", `quotas.${i}.cellId`, "errors.congress_quota_cell");
    seen.add(q.cellId);
    const chosen = (await listDelegates(tx, prep.id, q.cellId)).filter((d) => d.kind === "official").length;
    if (q.quota < chosen)
      throw new RuleError("quota_below_chosen", `quotas.${i}.quota`, "errors.congress_quota_below_chosen", { chosen });
    await tx
      .insert(delegateQuotas)
      .values({ preparationId: prep.id, cellId: q.cellId, quota: q.quota })
      .onConflictDoUpdate({ target: [delegateQuotas.preparationId, delegateQuotas.cellId], set: { quota: q.quota } });
  }
  await preparationAudit(
    tx,
    actor,
    "quotas",
    { organizationId: prep.organizationId, entityId: prep.id },
    { before: before.map((q) => ({ cellId: q.cellId, quota: q.quota })), after: input.quotas },
  );
  return preparationView(tx, prep);
}

/** A cell's choice of its delegates and alternates to the đảng bộ's congress; it replaces the cell's earlier choice. */
export async function chooseDelegates(
  tx: Tx,
  actor: Actor,
  prep: PreparationRow,
  cell: OrganizationRow,
  input: z.infer<typeof delegatesBody>,
) {
  await assertPartyCommittee(tx, prep, "delegates");
  if (cell.parentId !== prep.organizationId || cell.kind !== "cell")
    throw new RuleError("quota_cell", "cellId", "errors.congress_quota_cell");
  if (prep.congressOn < todayIso()) throw new ConflictError("congress_held", "errors.congress_held");
  const { rules } = await levelRules(tx, prep);
  const quota = await quotaOf(tx, prep.id, cell.id);
  const full = new Set(
    (await cellMembersOn(tx, cell.id, todayIso())).filter((m) => m.status === "full" && !m.suspended).map((m) => m.id),
  );
  const problem = delegateChoiceProblem(input.delegates, quota?.quota ?? null, rules.maxAlternatesPerCell, full);
  if (problem) throw new RuleError("delegates", problem.field, problem.key, problem.params);
  const before = await listDelegates(tx, prep.id, cell.id);
  await tx
    .delete(congressDelegates)
    .where(and(eq(congressDelegates.preparationId, prep.id), eq(congressDelegates.cellId, cell.id)));
  if (input.delegates.length)
    await tx
      .insert(congressDelegates)
      .values(
        input.delegates.map((d) => ({ preparationId: prep.id, cellId: cell.id, memberId: d.memberId, kind: d.kind })),
      );
  await preparationAudit(
    tx,
    actor,
    "delegates",
    { organizationId: cell.id, entityId: prep.id },
    {
      before: { cellId: cell.id, memberIds: before.map((d) => d.memberId) },
      after: { cellId: cell.id, memberIds: input.delegates.map((d) => d.memberId) },
    },
  );
  forgetHall(prep.id);
  return cellDelegatesView(tx, prep, cell);
}

export async function setCredential(
  tx: Tx,
  actor: Actor,
  delegate: DelegateRow,
  input: z.infer<typeof credentialBody>,
) {
  if (input.credential === "rejected" && !input.note)
    throw new RuleError("credential_reason", "note", "errors.congress_credential_reason");
  const row = await updateVersioned(tx, congressDelegates, delegate.id, input.version, {
    credential: input.credential,
    credentialNote: input.note,
  });
  await delegateAudit(
    tx,
    actor,
    "credential",
    { organizationId: delegate.cellId, entityId: delegate.id },
    { before: delegate, after: row },
  );
  forgetHall(delegate.preparationId);
  return row;
}

/** Attendance is taken on the congress day only, and a delegate whose credentials were refused does not sit. */
export async function setAttendance(
  tx: Tx,
  actor: Actor,
  delegate: DelegateRow,
  input: z.infer<typeof attendanceBody>,
  today = todayIso(),
) {
  const prep = (await getPreparation(tx, delegate.preparationId))!;
  if (today !== prep.congressOn) throw new RuleError("not_congress_day", "present", "errors.congress_not_the_day");
  if (input.present && delegate.credential === "rejected")
    throw new RuleError("credential_rejected", "present", "errors.congress_credential_rejected");
  const row = await updateVersioned(tx, congressDelegates, delegate.id, input.version, { present: input.present });
  await delegateAudit(
    tx,
    actor,
    "attendance",
    { organizationId: delegate.cellId, entityId: delegate.id },
    { before: delegate, after: row },
  );
  forgetHall(delegate.preparationId);
  return row;
}

// ── the congress day ──

export async function setCongressDay(
  tx: Tx,
  actor: Actor,
  prep: PreparationRow,
  input: z.infer<typeof congressDayBody>,
) {
  const { rules } = await levelRules(tx, prep);
  const seated = new Set(
    (await listDelegates(tx, prep.id)).filter((d) => d.credential !== "rejected").map((d) => d.memberId),
  );
  const problem = congressDayProblem(input, rules.bodies, seated);
  if (problem) throw new RuleError("congress_day", problem.field, problem.key, problem.params);
  const row = await updateVersioned(tx, congressPreparations, prep.id, input.version, {
    presidium: input.presidium,
    secretariat: input.secretariat,
    countingBoard: input.countingBoard,
    agenda: input.agenda,
    currentItem: prep.currentItem !== null && prep.currentItem < input.agenda.length ? prep.currentItem : null,
    updatedAt: new Date(),
  });
  await preparationAudit(
    tx,
    actor,
    "day",
    { organizationId: prep.organizationId, entityId: prep.id },
    { before: prep, after: row },
  );
  forgetHall(prep.id);
  return preparationView(tx, row);
}

export async function setCurrentItem(
  tx: Tx,
  actor: Actor,
  prep: PreparationRow,
  input: z.infer<typeof currentItemBody>,
) {
  if (input.index !== null && input.index >= prep.agenda.length)
    throw new RuleError("agenda_item", "index", "errors.congress_agenda_item");
  const row = await updateVersioned(tx, congressPreparations, prep.id, input.version, {
    currentItem: input.index,
    updatedAt: new Date(),
  });
  await preparationAudit(
    tx,
    actor,
    "current",
    { organizationId: prep.organizationId, entityId: prep.id },
    { before: { currentItem: prep.currentItem }, after: { currentItem: row.currentItem } },
  );
  forgetHall(prep.id);
  return hallView(tx, row);
}

// ── the congress's minutes ──

/**
 * The congress's minutes (BB) composed from the day's record into the register, in the congress's sequence: the
 * presidium, secretariat and counting board, attendance, the agenda, each released election round and the
 * resolution's number once issued. From the congress day on, once its elections are finished; done once (ADR 0171).
 */
export async function composeMinutes(tx: Tx, actor: Actor, prep: PreparationRow, today = todayIso()) {
  if (prep.minutesId) throw new ConflictError("minutes_exist", "errors.congress_minutes_exist");
  if (today < prep.congressOn)
    throw new RuleError("congress_minutes_early", "congressOn", "errors.congress_minutes_early", {
      date: formatDate(prep.congressOn),
    });
  const org = (await getOrganization(tx, prep.organizationId))!;
  const held = await electionsOn(tx, org.id, prep.congressOn);
  const pending = held.find((e) => e.status !== "done");
  if (pending)
    throw new RuleError("election_pending", "congressOn", "errors.election_pending", { title: pending.title });
  const rounds = await listRounds(
    tx,
    held.map((e) => e.id),
  );
  const names = await memberNames(tx, [...prep.presidium, ...prep.secretariat, ...prep.countingBoard]);
  const nameOf = (id: string) => names.get(id)?.fullName ?? "";
  // Who was called and came: the congress as recorded with its result, else the seated delegates (a cell's congress
  // seats every full member). Attendance never taken (nobody marked present) is the secretariat's to write.
  const recorded = await congressOn(tx, org.id, prep.congressOn);
  const seated = hallAttendance(await listDelegates(tx, prep.id));
  const attendance = recorded
    ? { total: recorded.delegatesTotal, present: recorded.delegatesPresent }
    : seated.expected
      ? { total: seated.expected, present: seated.present || null }
      : null;
  const resolution = prep.draftResolutionId ? await getDocument(tx, prep.draftResolutionId) : null;
  const texts = congressMinutesTexts({
    organizationName: org.name,
    kind: org.kind === "cell" ? "cell" : "party_committee",
    nextTermLabel: prep.nextTermLabel,
    congressOn: prep.congressOn,
    place: prep.place,
    presidium: prep.presidium.map(nameOf),
    secretariat: prep.secretariat.map(nameOf),
    countingBoard: prep.countingBoard.map(nameOf),
    attendance,
    agenda: prep.agenda,
    elections: held.map((e) => {
      // The election keeps its candidates' names as printed on the ballot.
      const candidate = new Map(e.candidates.map((c) => [c.memberId, c.fullName]));
      return {
        title: e.title,
        rounds: rounds
          .filter((r) => r.electionId === e.id && r.status === "released" && r.result)
          .map((r) => ({
            number: r.number,
            issued: r.ballotsIssued,
            returned: r.ballotsReturned,
            valid: r.result!.valid,
            invalid: r.result!.invalid,
            elected: r.result!.elected.map((x) => ({ name: candidate.get(x.memberId) ?? "", votes: x.votes })),
          })),
      };
    }),
    resolutionNumber:
      resolution?.status === "issued" && resolution.numberText ? resolution.numberText.replace(/^Số\s*/u, "") : null,
  });
  const title = `Đại hội ${org.name} nhiệm kỳ ${prep.nextTermLabel}`;
  const minutes = await createDocument(tx, actor, org, {
    type: "BB",
    summary: title,
    sectionTexts: texts,
    congress: congressLabel(prep),
    // The minutes are signed by the congress's secretary and for the presidium (its first member).
    placeholders: {
      termLabel: prep.nextTermLabel,
      meetingTitle: title,
      minuteTaker: prep.secretariat[0] ? nameOf(prep.secretariat[0]) : "",
    },
    signerName: prep.presidium[0] ? nameOf(prep.presidium[0]) : null,
    origin: PREPARATION_ORIGIN,
    originRef: prep.id,
  });
  const row = await updateVersioned(tx, congressPreparations, prep.id, null, { minutesId: minutes.id });
  await preparationAudit(
    tx,
    actor,
    "minutes",
    { organizationId: org.id, entityId: prep.id },
    { before: null, after: { minutesId: minutes.id } },
  );
  return preparationView(tx, row, today);
}

// ── views ──

async function draftSummary(ex: Executor, id: string | null) {
  if (!id) return null;
  const doc = await getDocument(ex, id);
  return doc
    ? { id: doc.id, summary: doc.summary, status: doc.status, type: doc.type, numberText: doc.numberText ?? null }
    : null;
}

/** A preparation with its plan, drafts, quotas, delegates and the day's bodies. */
export async function preparationView(ex: Executor, prep: PreparationRow, today = todayIso()) {
  const org = (await getOrganization(ex, prep.organizationId))!;
  const steps = await listSteps(ex, prep.id);
  const quotas = await listQuotas(ex, prep.id);
  const delegates = await listDelegates(ex, prep.id);
  const cells = org.kind === "party_committee" ? await openChildCells(ex, org.id) : [];
  const quotaRows = cells.map((c) => {
    const q = quotas.find((x) => x.cellId === c.id);
    const chosen = delegates.filter((d) => d.cellId === c.id);
    return {
      cellId: c.id,
      cellName: c.name,
      quota: q?.quota ?? null,
      officials: chosen.filter((d) => d.kind === "official").length,
      alternates: chosen.filter((d) => d.kind === "alternate").length,
    };
  });
  const cellNames = new Map(cells.map((c) => [c.id, c.name]));
  return {
    ...prep,
    organizationName: org.name,
    organizationKind: org.kind === "cell" ? ("cell" as const) : ("party_committee" as const),
    steps: steps.map((s) => ({ ...s, stage: stepStage(s, today) })),
    drafts: {
      politicalReport: await draftSummary(ex, prep.politicalReportId),
      selfReview: await draftSummary(ex, prep.selfReviewId),
      draftResolution: await draftSummary(ex, prep.draftResolutionId),
      minutes: await draftSummary(ex, prep.minutesId),
    },
    quotas: quotaRows,
    delegates: delegates.map((d) => ({
      id: d.id,
      cellId: d.cellId,
      cellName: cellNames.get(d.cellId) ?? org.name,
      memberId: d.memberId,
      fullName: d.fullName,
      kind: d.kind,
      credential: d.credential,
      credentialNote: d.credentialNote,
      present: d.present,
      version: d.version,
    })),
    attendance: hallAttendance(delegates),
    minutesDue: !prep.minutesId && today >= prep.congressOn,
  };
}

export async function preparationsOf(ex: Executor, org: OrganizationRow) {
  const out = [];
  for (const p of await listPreparations(ex, [org.id])) out.push(await preparationView(ex, p));
  return { items: out };
}

/**
 * What a cell sees of its đảng bộ's coming congresses: its quota, its chosen delegates and the full members it may
 * choose from. The cell reads this on its own page; it needs no right on the đảng bộ.
 */
export async function cellDelegatesView(ex: Executor, prep: PreparationRow, cell: OrganizationRow) {
  const quota = await quotaOf(ex, prep.id, cell.id);
  const { rules } = await levelRules(ex, prep);
  const members = (await cellMembersOn(ex, cell.id, todayIso()))
    .filter((m) => m.status === "full" && !m.suspended)
    .map((m) => ({ id: m.id, fullName: m.fullName }));
  return {
    preparationId: prep.id,
    congressOn: prep.congressOn,
    nextTermLabel: prep.nextTermLabel,
    cellId: cell.id,
    quota: quota?.quota ?? null,
    maxAlternates: rules.maxAlternatesPerCell,
    delegates: (await listDelegates(ex, prep.id, cell.id)).map((d) => ({
      memberId: d.memberId,
      fullName: d.fullName,
      kind: d.kind,
      credential: d.credential,
    })),
    members,
  };
}

export async function cellCongresses(ex: Executor, cell: OrganizationRow) {
  if (!cell.parentId || cell.kind !== "cell") return { items: [] };
  const today = todayIso();
  const items = [];
  for (const p of await listPreparations(ex, [cell.parentId]))
    if (p.congressOn >= today) items.push(await cellDelegatesView(ex, p, cell));
  return { items };
}

// ── reminders ──

/**
 * Reminds each open step's owner (or, for a step of the office, the office of the level above) as its deadline
 * nears and once when it has passed. The dedupe key makes each reminder go out once, however often the job runs.
 */
export async function sendPreparationReminders(database: Database, now: Date): Promise<number> {
  const today = todayIso(now);
  let queued = 0;
  const books = new Map<string, number[]>();
  for (const step of await openSteps(database.db)) {
    const prep = (await getPreparation(database.db, step.preparationId))!;
    if (prep.congressOn < today) continue;
    const org = (await getOrganization(database.db, step.organizationId))!;
    if (!books.has(prep.id))
      books.set(prep.id, (await rulesFor(database.db, org, prep.congressOn)).data.reminderDaysBefore);
    const reminder = stepReminder(step, today, books.get(prep.id)!);
    if (!reminder) continue;
    const params = { step: step.title, organization: org.name, date: formatDate(step.dueOn), days: reminder.days };
    const which = reminder.passed ? "passed" : "before";
    const notice = {
      organizationId: org.id,
      memberIds: step.ownerMemberId ? [step.ownerMemberId] : [],
      subject: t("vi", `congresses.mail.${which}.subject`, params),
      text: t("vi", `congresses.mail.${which}.text`, params),
      link: `/dai-hoi/${prep.id}`,
      dedupeKey: reminder.key,
    };
    const office = step.ownerMemberId ? [] : await officeRecipients(database.db, org.path.split("/").filter(Boolean));
    queued += await database.db.transaction(async (tx) => {
      const a = await notify(tx, notice);
      const b = await notifyRecipients(tx, notice, office);
      return a.queued + b.queued;
    });
  }
  return queued;
}

export function registerPreparationReminders(): void {
  registerPeriodicJob(
    "congresses.preparation-reminders",
    async (database, now) => {
      await sendPreparationReminders(database, now);
    },
    { everyMs: DAILY_JOB_EVERY_MS },
  );
}
