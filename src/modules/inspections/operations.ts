import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor, OrgRef } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { queryRows, type Executor, type Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { notify } from "../../core/outbox/index.js";
import type { HolidayCalendar } from "../../core/working-days.js";
import { getMeeting } from "../meetings/store.js";
import { statusOn } from "../members/presence.js";
import { getMember } from "../members/store.js";
import { getOrganization, listPositions, type OrganizationRow } from "../organizations/store.js";
import { createRemedyTask } from "../tasks/public-inspections.js";
import { isInspector, mayRecordRoutine, mayRun } from "./access.js";
import { inspectorsOn } from "./reminders.js";
import {
  type adoptProgrammeBody,
  appealProblem,
  type appealBody,
  appealDeadline,
  type appealResolutionBody,
  appealResolutionProblem,
  appealResolveBy,
  type ownAppealBody,
  type closeFindingBody,
  denunciationDeadlines,
  type disciplineDecisionBody,
  disciplineProblem,
  type disciplineProposalBody,
  type findingBody,
  type inspectionBody,
  type InspectionRules,
  isConcluded,
  type ProgrammeBody,
  type programmeBody,
  type programmeItemBody,
  type remedyReportBody,
  type routineSupervisionBody,
  type RuleProblem,
  stepDocumentType,
  stepProblem,
  type stepBody,
  type StepKey,
} from "./model.js";
import {
  confidentialCaseOpenings,
  confidentialCasePeople,
  confidentialCases,
  confidentialCaseSteps,
  disciplineCases,
  inspectionFindings,
  inspectionProgrammeItems,
  inspectionProgrammes,
  inspectionReports,
  inspections,
  inspectionSteps,
} from "./schema.js";
import { reportSections } from "./documents.js";
import { booksFor, programmeModel, signerFor, stepModel } from "./files.js";
import { inRegister, issueInRegister, REGISTER_ORIGIN } from "./register.js";
import {
  type reportDraftBody,
  type reportEditBody,
  reportFigures,
  type reportIssueBody,
  reportPeriod,
  type ReportRecords,
} from "./report.js";
import {
  type FindingRow,
  firstStepDays,
  getProgrammeItem,
  inspectionRules,
  type LoadedInspection,
  listCases,
  listDiscipline,
  listFindings,
  listInspections,
  listProgrammeItems,
  listProgrammes,
  listSteps,
  nextReportNumber,
  nextStepNumber,
  type ProgrammeItemRow,
  type ProgrammeRow,
  type InspectionRow,
  type ReportRow,
} from "./store.js";

// Ordinary records are audited in the organisation's log. Confidential cases and discipline files are not: that log
// is read by the office and the committees, and even an entry's existence would reveal a case (ADR 0126). Their
// history is their own steps, with who recorded each.
type ProgrammeEvents = {
  create: Change<null, ProgrammeRow>;
  item: Change<null, ProgrammeItemRow>;
  adopt: Change<{ adoptedOn: string | null }, { adoptedOn: string; numberText: string }>;
};
type InspectionEvents = {
  create: Change<null, InspectionRow>;
  step: Change<null, { step: StepKey; on: string; numberText: string | null }>;
};
type FindingEvents = {
  create: Change<null, FindingRow>;
  report: Change<{ report: string | null }, { report: string; reportedOn: string }>;
  close: Change<{ closedOn: null }, { closedOn: string }>;
};
const programmeAudit = auditTrail<ProgrammeEvents>("inspection_programme");
const inspectionAudit = auditTrail<InspectionEvents>("inspection");
const findingAudit = auditTrail<FindingEvents>("inspection_finding");

const refuse = (p: RuleProblem): never => {
  throw new RuleError(p.code, p.field, p.key, p.params ?? {});
};

/** The issuer abbreviation of a body's documents (36-HD/VPTW: ĐU, CB, UBKTĐU). */
export const ISSUER: Record<ProgrammeBody, string> = {
  party_committee: "ĐU",
  inspection_committee: "UBKTĐU",
  cell: "CB",
};

export const numberText = (n: number, type: string, body: ProgrammeBody) =>
  `${String(n).padStart(2, "0")}-${type}/${ISSUER[body]}`;

/** The đảng ủy and its UBKT act for a đảng bộ; a cell's programme is the cell's own. */
function assertBodyFits(org: OrganizationRow, body: ProgrammeBody) {
  const fits = body === "cell" ? org.kind === "cell" : org.kind === "party_committee";
  if (!fits) throw new RuleError("inspection_body_org", "body", "errors.inspection_body_org");
}

export function assertMayRun(actor: Actor, body: ProgrammeBody, org: OrgRef) {
  if (!mayRun(actor, body, org)) throw new ForbiddenError();
}

/** Who acts, and as which body: a record a request names must lie within that body's reach for this actor. */
interface Acting {
  actor: Actor;
  body: ProgrammeBody;
}

/**
 * A subject organisation or member must sit under the organisation whose body acts, and within the actor's own
 * reach for that body: an id in the body never lets anyone act on an organisation they may not act on.
 */
async function assertSubjectUnder(
  ex: Executor,
  org: OrganizationRow,
  subject: { subjectOrganizationId: string | null; subjectMemberId: string | null },
  acting: Acting,
) {
  if (subject.subjectOrganizationId) {
    const s = await getOrganization(ex, subject.subjectOrganizationId);
    if (!s || !s.path.startsWith(org.path) || !mayRun(acting.actor, acting.body, s))
      throw new RuleError("not_found", "subjectOrganizationId", "errors.not_found", { what: "organization" });
  }
  if (subject.subjectMemberId)
    await assertMemberUnder(ex, subject.subjectMemberId, org.path, "subjectMemberId", acting);
}

async function assertMemberUnder(ex: Executor, memberId: string, path: string, field: string, acting: Acting) {
  const m = await getMember(ex, memberId);
  const within =
    m &&
    !m.leftOn &&
    m.organizationPath.startsWith(path) &&
    mayRun(acting.actor, acting.body, { id: m.organizationId, path: m.organizationPath });
  if (!within) throw new RuleError("not_found", field, "errors.not_found", { what: "member" });
}

// ---------------------------------------------------------------------------
// Programmes

export async function createProgramme(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof programmeBody>,
): Promise<ProgrammeRow> {
  assertBodyFits(org, input.body);
  assertMayRun(actor, input.body, org);
  const [row] = await tx
    .insert(inspectionProgrammes)
    .values({ organizationId: org.id, body: input.body, year: input.year, title: input.title })
    .returning();
  await programmeAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

export async function addProgrammeItem(
  tx: Tx,
  actor: Actor,
  programme: ProgrammeRow,
  org: OrganizationRow,
  rules: InspectionRules,
  input: z.infer<typeof programmeItemBody>,
): Promise<ProgrammeItemRow> {
  assertMayRun(actor, programme.body, org);
  if (programme.adoptedOn) throw new ConflictError("programme_adopted", "errors.programme_adopted");
  if (!rules.types[input.type].programmable)
    throw new RuleError("inspection_type_not_programmable", "type", "errors.inspection_type_not_programmable");
  if (input.startsOn.slice(0, 4) !== String(programme.year))
    throw new RuleError("inspection_period_year", "startsOn", "errors.inspection_period_year", {
      year: programme.year,
    });
  const acting = { actor, body: programme.body };
  await assertSubjectUnder(tx, org, input, acting);
  await assertMemberUnder(tx, input.leadMemberId, org.path, "leadMemberId", acting);
  const [{ n }] = (await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM inspection_programme_items WHERE programme_id = ${programme.id}`,
  )) as [{ n: number }];
  const [row] = await tx
    .insert(inspectionProgrammeItems)
    .values({ programmeId: programme.id, position: n, ...input })
    .returning();
  await programmeAudit(
    tx,
    actor,
    "item",
    { organizationId: org.id, entityId: programme.id },
    { before: null, after: row! },
  );
  return row!;
}

/** Adopted and issued as a numbered CTr of the body: "Số 01-CTr/UBKTĐU", numbered per body and year. */
export async function adoptProgramme(
  tx: Tx,
  actor: Actor,
  programme: ProgrammeRow,
  org: OrganizationRow,
  input: z.infer<typeof adoptProgrammeBody>,
): Promise<ProgrammeRow> {
  assertMayRun(actor, programme.body, org);
  if (programme.adoptedOn) throw new ConflictError("programme_adopted", "errors.programme_adopted");
  const [{ n }] = (await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM inspection_programmes
         WHERE organization_id = ${org.id} AND body = ${programme.body} AND adopted_on IS NOT NULL
           AND extract(year FROM adopted_on) = ${Number(input.adoptedOn.slice(0, 4))}`,
  )) as [{ n: number }];
  const [{ items }] = (await queryRows<{ items: number }>(
    tx,
    sql`SELECT count(*)::int AS items FROM inspection_programme_items
         WHERE programme_id = ${programme.id} AND deleted_at IS NULL`,
  )) as [{ items: number }];
  if (items === 0) throw new RuleError("programme_empty", "items", "errors.programme_empty");
  // The đảng ủy's and a cell's programme is numbered by the organisation's register; the UBKT's by its own CTr.
  const issued = inRegister(programme.body)
    ? await issueInRegister(tx, actor, org, {
        ...(await programmeModel(tx, { ...programme, adoptedOn: input.adoptedOn })),
        type: "CTr",
        origin: REGISTER_ORIGIN.programme,
        originRef: programme.id,
      })
    : null;
  const text = issued?.numberText ?? numberText(n + 1, "CTr", programme.body);
  const row = await updateVersioned(tx, inspectionProgrammes, programme.id, input.version, {
    adoptedOn: input.adoptedOn,
    issuedOn: input.adoptedOn,
    numberText: text,
    documentId: issued?.documentId ?? null,
  });
  await programmeAudit(
    tx,
    actor,
    "adopt",
    { organizationId: org.id, entityId: programme.id },
    { before: { adoptedOn: null }, after: { adoptedOn: input.adoptedOn, numberText: text } },
  );
  return row;
}

// ---------------------------------------------------------------------------
// Inspections and their steps

export async function createInspection(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  rules: InspectionRules,
  input: z.infer<typeof inspectionBody>,
): Promise<LoadedInspection> {
  assertBodyFits(org, input.body);
  const def = rules.types[input.type];
  // Confidential cases are the UBKT's alone to open, whoever else may later read them.
  if (def.confidential ? !isInspector(actor, org) : !mayRun(actor, input.body, org)) throw new ForbiddenError();
  if (def.confidential && input.body !== "inspection_committee")
    throw new RuleError("inspection_body_org", "body", "errors.inspection_confidential_body");
  const acting = { actor, body: input.body };
  await assertSubjectUnder(tx, org, input, acting);
  await assertMemberUnder(tx, input.leadMemberId, org.path, "leadMemberId", acting);
  if (input.programmeItemId) {
    const item = await getProgrammeItem(tx, input.programmeItemId);
    const [programme] = item
      ? await tx.select().from(inspectionProgrammes).where(eq(inspectionProgrammes.id, item.programmeId))
      : [];
    if (!item || !programme || programme.organizationId !== org.id || programme.body !== input.body)
      throw new RuleError("not_found", "programmeItemId", "errors.not_found", { what: "programme_item" });
    if (item.type !== input.type)
      throw new RuleError("inspection_type_mismatch", "type", "errors.inspection_type_mismatch");
  }
  if (input.meetingId) {
    const meeting = await getMeeting(tx, input.meetingId);
    if (input.type !== "routine_supervision" || !meeting || meeting.organizationId !== input.subjectOrganizationId)
      throw new RuleError("not_found", "meetingId", "errors.not_found", { what: "meeting" });
  }
  for (const id of input.namedMemberIds) await assertMemberUnder(tx, id, org.path, "namedMemberIds", acting);
  const values = {
    organizationId: org.id,
    body: input.body,
    programmeItemId: input.programmeItemId,
    type: input.type,
    subjectOrganizationId: input.subjectOrganizationId,
    subjectMemberId: input.subjectMemberId,
    content: input.content,
    leadMemberId: input.leadMemberId,
    meetingId: input.meetingId,
  };
  if (def.confidential) {
    const [row] = await tx.insert(confidentialCases).values(values).returning();
    for (const memberId of new Set(input.namedMemberIds))
      await tx.insert(confidentialCasePeople).values({ caseId: row!.id, memberId });
    return { ...row!, confidential: true, namedMemberIds: [...new Set(input.namedMemberIds)] };
  }
  if (input.namedMemberIds.length > 0)
    throw new RuleError("inspection_named_not_confidential", "namedMemberIds", "errors.inspection_named_ordinary");
  const [row] = await tx.insert(inspections).values(values).returning();
  await inspectionAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    { before: null, after: row! },
  );
  return { ...row!, confidential: false };
}

/**
 * A routine supervision recorded against a meeting the supervisor attended: the inspection, its one observation
 * step on the meeting's day (which concludes it), and the shortcomings seen, each a finding with its remedy task.
 * The meeting must be one of the subject cell's, already held; every refusal names its field.
 */
export async function recordRoutineSupervision(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  rules: InspectionRules,
  input: z.infer<typeof routineSupervisionBody>,
  today: string,
): Promise<LoadedInspection> {
  assertBodyFits(org, input.body);
  // Who records for no cell of this đảng bộ is refused outright; who does for some cells is told which field.
  const overseesBelow = actor.scopes.some((s) => s.role === "overseer" && s.path.startsWith(org.path));
  if (!mayRun(actor, input.body, org) && !(input.body === "party_committee" && overseesBelow))
    throw new ForbiddenError();
  const cell = await getOrganization(tx, input.subjectOrganizationId);
  const fits = cell && cell.kind === "cell" && cell.path.startsWith(org.path);
  if (!fits || !mayRecordRoutine(actor, input.body, org, cell))
    throw new RuleError("not_found", "subjectOrganizationId", "errors.not_found", { what: "organization" });
  const meeting = await getMeeting(tx, input.meetingId);
  if (!meeting || meeting.organizationId !== cell.id)
    throw new RuleError("inspection_meeting_other_cell", "meetingId", "errors.inspection_meeting_other_cell");
  if (meeting.date > today)
    throw new RuleError("inspection_meeting_not_held", "meetingId", "errors.inspection_meeting_not_held");
  const lead = await getMember(tx, input.leadMemberId);
  if (!lead || lead.leftOn || !lead.organizationPath.startsWith(org.path))
    throw new RuleError("not_found", "leadMemberId", "errors.not_found", { what: "member" });
  for (const [i, f] of input.findings.entries()) {
    const owner = await getMember(tx, f.ownerMemberId);
    if (!owner || owner.leftOn || !owner.organizationPath.startsWith(cell.path))
      throw new RuleError("not_found", `findings.${i}.ownerMemberId`, "errors.not_found", { what: "member" });
    if (f.dueOn < meeting.date)
      throw new RuleError(
        "finding_due_before_conclusion",
        `findings.${i}.dueOn`,
        "errors.finding_due_before_conclusion",
      );
  }
  const problem = stepProblem(rules, "routine_supervision", [], "observation");
  if (problem) refuse(problem);
  const concluded = isConcluded(rules, "routine_supervision", ["observation"]);
  const [row] = await tx
    .insert(inspections)
    .values({
      organizationId: org.id,
      body: input.body,
      type: "routine_supervision",
      subjectOrganizationId: cell.id,
      content: input.content,
      leadMemberId: input.leadMemberId,
      meetingId: meeting.id,
      concludedOn: concluded ? meeting.date : null,
    })
    .returning();
  const where = { organizationId: org.id, entityId: row!.id };
  await inspectionAudit(tx, actor, "create", where, { before: null, after: row! });
  await tx.insert(inspectionSteps).values({
    inspectionId: row!.id,
    step: "observation",
    on: meeting.date,
    text: input.notes,
    actorName: actor.displayName,
  });
  await inspectionAudit(tx, actor, "step", where, {
    before: null,
    after: { step: "observation", on: meeting.date, numberText: null },
  });
  const inspection = { ...row!, confidential: false as const };
  for (const f of input.findings) await insertFinding(tx, actor, inspection, cell.id, f, today, {});
  return inspection;
}

/** A denunciation received by the UBKT: its deadlines come from the rulebook in force on the day it arrived. */
export async function receiveDenunciation(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  rules: InspectionRules,
  input: {
    subjectOrganizationId: string | null;
    subjectMemberId: string | null;
    content: string;
    leadMemberId: string;
    receivedOn: string;
    receiverName: string;
    denouncer: string | null;
  },
): Promise<LoadedInspection> {
  assertBodyFits(org, "inspection_committee");
  if (!isInspector(actor, org)) throw new ForbiddenError();
  const acting = { actor, body: "inspection_committee" as const };
  await assertSubjectUnder(tx, org, input, acting);
  await assertMemberUnder(tx, input.leadMemberId, org.path, "leadMemberId", acting);
  const { acceptBy, resolveBy } = denunciationDeadlines(rules, input.receivedOn);
  const [row] = await tx
    .insert(confidentialCases)
    .values({
      organizationId: org.id,
      body: "inspection_committee",
      type: "denunciation",
      ...input,
      acceptBy,
      resolveBy,
    })
    .returning();
  await tx.insert(confidentialCaseSteps).values({
    inspectionId: row!.id,
    step: "intake",
    on: input.receivedOn,
    text: input.content,
    actorName: actor.displayName,
  });
  return { ...row!, confidential: true, namedMemberIds: [] };
}

/**
 * Records one step, in the order the rulebook declares (a conclusion before verification is refused). A numbered
 * step (QĐ, KH, TB) draws the next number of the body's sequence for the year. The subject writes its own
 * self-report; every other step is the team's.
 */
export async function recordStep(
  tx: Tx,
  actor: Actor,
  inspection: LoadedInspection,
  org: OrgRef,
  rules: InspectionRules,
  input: z.infer<typeof stepBody>,
  subjectActs: boolean,
): Promise<LoadedInspection> {
  const team = inspection.confidential ? isInspector(actor, org) : mayRun(actor, inspection.body, org);
  const allowed = team || (input.step === "self_report" && subjectActs);
  if (!allowed) throw new ForbiddenError();
  if (inspection.version !== input.version) throw new ConflictError("stale", "errors.stale_version");
  const done = (await listSteps(tx, inspection)).map((s) => s.step);
  const problem = stepProblem(rules, inspection.type, done, input.step);
  if (problem) refuse(problem);
  const docType = stepDocumentType(rules, input.step, inspection.body);
  const sameType = (Object.keys(rules.steps) as StepKey[]).filter(
    (k) => stepDocumentType(rules, k, inspection.body) === docType,
  );
  // A đảng ủy's or a cell's QĐ, KH or TB is numbered by its register once the step is written (below).
  const registered = !!docType && !inspection.confidential && inRegister(inspection.body);
  const number =
    docType && !registered
      ? await nextStepNumber(tx, inspection.organizationId, inspection.body, sameType, Number(input.on.slice(0, 4)))
      : null;
  const text = number !== null && docType ? numberText(number, docType, inspection.body) : null;
  const values = {
    inspectionId: inspection.id,
    step: input.step,
    on: input.on,
    text: input.text,
    number,
    numberText: text,
    actorName: actor.displayName,
  };
  const concluded = isConcluded(rules, inspection.type, [...done, input.step]);
  const changes = { concludedOn: concluded ? input.on : null };
  if (inspection.confidential) {
    await tx.insert(confidentialCaseSteps).values(values);
    const row = await updateVersioned(tx, confidentialCases, inspection.id, input.version, changes);
    return { ...row, confidential: true, namedMemberIds: inspection.namedMemberIds };
  }
  const stepId = randomUUID();
  await tx.insert(inspectionSteps).values({ ...values, id: stepId });
  let numbered = text;
  if (registered) {
    const org = await mustGetOrganization(tx, inspection.organizationId);
    const document = input.step === "conclusion" ? "conclusion" : "decision";
    const issued = await issueInRegister(tx, actor, org, {
      ...(await stepModel(tx, inspection, document)),
      origin: REGISTER_ORIGIN.step,
      originRef: stepId,
    });
    numbered = issued.numberText;
    await tx
      .update(inspectionSteps)
      .set({ number: issued.number, numberText: issued.numberText })
      .where(eq(inspectionSteps.id, stepId));
  }
  const row = await updateVersioned(tx, inspections, inspection.id, input.version, changes);
  await inspectionAudit(
    tx,
    actor,
    "step",
    { organizationId: inspection.organizationId, entityId: inspection.id },
    { before: null, after: { step: input.step, on: input.on, numberText: numbered } },
  );
  return { ...row, confidential: false };
}

/** Each opening of a confidential case is recorded (who, when), in the case's own table. */
export async function recordOpening(ex: Executor, actor: Actor, caseId: string): Promise<void> {
  await ex.insert(confidentialCaseOpenings).values({ caseId, userId: actor.userId, displayName: actor.displayName });
}

/** Is the actor the chair of this đảng bộ's UBKT today? Only the chair reads who opened a confidential file. */
export async function isChair(ex: Executor, actor: Actor, organizationId: string, today: string): Promise<boolean> {
  if (!actor.memberId) return false;
  const positions = await listPositions(ex, organizationId);
  return positions.some(
    (p) =>
      p.memberId === actor.memberId &&
      p.role === "inspection_chair" &&
      p.startsOn <= today &&
      (!p.endsOn || p.endsOn >= today),
  );
}

// ---------------------------------------------------------------------------
// Findings

/** The organisation that carries out a remedy: the subject cell, or the subject member's cell. */
async function subjectOrganizationId(ex: Executor, inspection: LoadedInspection): Promise<string> {
  if (inspection.subjectOrganizationId) return inspection.subjectOrganizationId;
  const m = await getMember(ex, inspection.subjectMemberId!);
  return m!.organizationId;
}

export async function addFinding(
  tx: Tx,
  actor: Actor,
  inspection: LoadedInspection,
  org: OrgRef,
  input: z.infer<typeof findingBody>,
  today: string,
  options: { quiet?: boolean } = {},
): Promise<FindingRow> {
  if (inspection.confidential) throw new ConflictError("finding_confidential", "errors.finding_confidential");
  if (!mayRun(actor, inspection.body, org)) throw new ForbiddenError();
  if (!inspection.concludedOn)
    throw new RuleError("finding_before_conclusion", "text", "errors.finding_before_conclusion");
  if (input.dueOn < inspection.concludedOn)
    throw new RuleError("finding_due_before_conclusion", "dueOn", "errors.finding_due_before_conclusion");
  const subjectOrgId = await subjectOrganizationId(tx, inspection);
  const subjectOrg = (await getOrganization(tx, subjectOrgId))!;
  await assertMemberUnder(tx, input.ownerMemberId, subjectOrg.path, "ownerMemberId", {
    actor,
    body: inspection.body,
  });
  return insertFinding(tx, actor, inspection, subjectOrgId, input, today, options);
}

/** A finding with its remedy task in the subject's organisation; the caller has checked who acts and the owner. */
async function insertFinding(
  tx: Tx,
  actor: Actor,
  inspection: LoadedInspection,
  subjectOrgId: string,
  input: z.infer<typeof findingBody>,
  today: string,
  options: { quiet?: boolean },
): Promise<FindingRow> {
  const task = await createRemedyTask(
    tx,
    actor,
    {
      organizationId: subjectOrgId,
      title: input.remedy,
      description: input.text,
      responsibleMemberId: input.ownerMemberId,
      startsOn: today < input.dueOn ? today : input.dueOn,
      dueOn: input.dueOn,
    },
    options,
  );
  const [row] = await tx
    .insert(inspectionFindings)
    .values({ inspectionId: inspection.id, ...input, taskId: task.id })
    .returning();
  await findingAudit(
    tx,
    actor,
    "create",
    { organizationId: inspection.organizationId, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

export async function reportRemedy(
  tx: Tx,
  actor: Actor,
  finding: FindingRow,
  inspection: InspectionRow,
  input: z.infer<typeof remedyReportBody>,
): Promise<FindingRow> {
  if (finding.closedOn) throw new ConflictError("finding_closed", "errors.finding_closed");
  const row = await updateVersioned(tx, inspectionFindings, finding.id, input.version, {
    report: input.report,
    reportedOn: input.reportedOn,
  });
  await findingAudit(
    tx,
    actor,
    "report",
    { organizationId: inspection.organizationId, entityId: finding.id },
    { before: { report: finding.report }, after: { report: input.report, reportedOn: input.reportedOn } },
  );
  return row;
}

/** The team accepts the remedy: never without the subject's report on it. */
export async function closeFinding(
  tx: Tx,
  actor: Actor,
  finding: FindingRow,
  inspection: InspectionRow,
  input: z.infer<typeof closeFindingBody>,
): Promise<FindingRow> {
  if (finding.closedOn) throw new ConflictError("finding_closed", "errors.finding_closed");
  if (!finding.report || !finding.reportedOn)
    throw new RuleError("finding_no_report", "report", "errors.finding_no_report");
  if (input.closedOn < finding.reportedOn)
    throw new RuleError("finding_closed_before_report", "closedOn", "errors.finding_closed_before_report");
  const row = await updateVersioned(tx, inspectionFindings, finding.id, input.version, { closedOn: input.closedOn });
  await findingAudit(
    tx,
    actor,
    "close",
    { organizationId: inspection.organizationId, entityId: finding.id },
    { before: { closedOn: null }, after: { closedOn: input.closedOn } },
  );
  return row;
}

// ---------------------------------------------------------------------------
// Discipline

export async function proposeDiscipline(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof disciplineProposalBody>,
) {
  if (!isInspector(actor, org)) throw new ForbiddenError();
  await assertMemberUnder(tx, input.memberId, org.path, "memberId", { actor, body: "inspection_committee" });
  // The case a proposal follows from is one of this đảng bộ's own confidential files.
  if (input.inspectionId) {
    const [c] = await tx
      .select({ id: confidentialCases.id })
      .from(confidentialCases)
      .where(and(eq(confidentialCases.id, input.inspectionId), eq(confidentialCases.organizationId, org.id)));
    if (!c) throw new RuleError("not_found", "inspectionId", "errors.not_found", { what: "inspection" });
  }
  const [row] = await tx
    .insert(disciplineCases)
    .values({
      organizationId: org.id,
      memberId: input.memberId,
      caseId: input.inspectionId,
      proposedForm: input.form,
      reason: input.reason,
      proposedOn: input.proposedOn,
    })
    .returning();
  return row!;
}

/**
 * The decision, by a body the rulebook allows for this member on the decision day: refused with the field named
 * (body for a chi ủy, form for a probationary member or a form above the body's power).
 */
export async function decideDiscipline(
  tx: Tx,
  actor: Actor,
  discipline: typeof disciplineCases.$inferSelect,
  org: OrganizationRow,
  rules: InspectionRules,
  input: z.infer<typeof disciplineDecisionBody>,
) {
  if (!isInspector(actor, org)) throw new ForbiddenError();
  if (discipline.decidedOn) throw new ConflictError("discipline_decided", "errors.discipline_decided");
  if (input.decidedOn < discipline.proposedOn)
    throw new RuleError("discipline_before_proposal", "decidedOn", "errors.discipline_before_proposal");
  const status = await statusOn(tx, discipline.memberId, input.decidedOn);
  const member = await getMember(tx, discipline.memberId);
  const holdsPost = (await listPositions(tx, member!.organizationId))
    .concat(await listPositions(tx, org.id))
    .some(
      (p) =>
        p.memberId === discipline.memberId &&
        p.startsOn <= input.decidedOn &&
        (!p.endsOn || p.endsOn >= input.decidedOn),
    );
  const problem = disciplineProblem(rules, {
    body: input.body,
    form: input.form,
    status: status?.standing === "probationary" ? "probationary" : "full",
    holdsPost,
  });
  if (problem) refuse(problem);
  return updateVersioned(tx, disciplineCases, discipline.id, input.version, {
    body: input.body,
    form: input.form,
    decidedOn: input.decidedOn,
    receivedOn: input.receivedOn ?? input.decidedOn,
    numberText: input.number,
  });
}

type DisciplineRecord = typeof disciplineCases.$inferSelect;

/**
 * An appeal against a decided discipline, within the window counted from the day the decision was received, once.
 * Its resolution deadline is fixed now from the rulebook and the holiday calendar in force on the day it is lodged.
 */
async function lodgeAppeal(
  tx: Tx,
  discipline: DisciplineRecord,
  rules: InspectionRules,
  calendar: HolidayCalendar,
  input: { appealedOn: string; text: string; version: number },
  lodgedBy: "subject" | "inspection_committee",
) {
  if (!discipline.decidedOn || !discipline.receivedOn)
    throw new RuleError("appeal_undecided", "text", "errors.appeal_undecided");
  if (discipline.appealedOn) throw new ConflictError("appeal_made", "errors.appeal_made");
  const problem = appealProblem(rules, discipline.receivedOn, input.appealedOn);
  // The member reads the last day as they write dates (dd/mm/yyyy).
  if (problem) refuse({ ...problem, params: { last: formatDate(appealDeadline(rules, discipline.receivedOn)) } });
  return updateVersioned(tx, disciplineCases, discipline.id, input.version, {
    appealedOn: input.appealedOn,
    appealText: input.text,
    appealLodgedBy: lodgedBy,
    appealResolveBy: appealResolveBy(rules, calendar, input.appealedOn),
  });
}

/** The UBKT records an appeal it received on paper, with the day it arrived. */
export async function appealDiscipline(
  tx: Tx,
  actor: Actor,
  discipline: DisciplineRecord,
  rules: InspectionRules,
  calendar: HolidayCalendar,
  input: z.infer<typeof appealBody>,
) {
  if (!isInspectorOf(actor, discipline)) throw new ForbiddenError();
  return lodgeAppeal(tx, discipline, rules, calendar, input, "inspection_committee");
}

/**
 * The disciplined member lodges their own appeal, dated today (a member cannot backdate it into the window). The
 * UBKT hears of it in the app and by email, once; the notice names the decision's number, never the member, and is
 * tied to no organisation, as the module's other confidential notices (ADR 0129).
 */
export async function lodgeOwnAppeal(
  tx: Tx,
  actor: Actor,
  discipline: DisciplineRecord,
  rules: InspectionRules,
  calendar: HolidayCalendar,
  input: z.infer<typeof ownAppealBody>,
  today: string,
) {
  if (!actor.memberId || actor.memberId !== discipline.memberId) throw new ForbiddenError();
  const row = await lodgeAppeal(tx, discipline, rules, calendar, { ...input, appealedOn: today }, "subject");
  const params = {
    number: row.numberText ?? "",
    decided: formatDate(row.decidedOn),
    appealed: formatDate(today),
    date: formatDate(row.appealResolveBy),
  };
  await notify(tx, {
    organizationId: null,
    memberIds: await inspectorsOn(tx, row.organizationId, today),
    subject: t("vi", "inspections.mail.appealLodged.subject", params),
    text: t("vi", "inspections.mail.appealLodged.text", params),
    link: `/to-chuc/${row.organizationId}/ky-luat`,
    dedupeKey: `discipline:${row.id}:appeal-lodged`,
  });
  return row;
}

/**
 * The UBKT records how the appeal was resolved — upheld, changed (to another form) or annulled — with the day and
 * the text, whoever decided it (the UBKT or the committee above). The member is told, once.
 */
export async function resolveAppeal(
  tx: Tx,
  actor: Actor,
  discipline: DisciplineRecord,
  input: z.infer<typeof appealResolutionBody>,
) {
  if (!isInspectorOf(actor, discipline)) throw new ForbiddenError();
  if (!discipline.appealedOn || !discipline.form) throw new RuleError("appeal_none", "outcome", "errors.appeal_none");
  if (discipline.appealOutcome) throw new ConflictError("appeal_resolved", "errors.appeal_resolved");
  const problem = appealResolutionProblem({ appealedOn: discipline.appealedOn, form: discipline.form }, input);
  if (problem) refuse(problem);
  // The notice of the resolution is a TB of the UBKT, numbered in its sequence with the conclusion notices.
  const appealNumber = await nextStepNumber(
    tx,
    discipline.organizationId,
    "inspection_committee",
    ["conclusion"],
    Number(input.resolvedOn.slice(0, 4)),
  );
  const row = await updateVersioned(tx, disciplineCases, discipline.id, input.version, {
    appealOutcome: input.outcome,
    appealResolvedOn: input.resolvedOn,
    appealForm: input.form,
    appealResolutionText: input.text,
    appealNumber,
    appealNumberText: numberText(appealNumber, "TB", "inspection_committee"),
  });
  const params = { number: row.numberText ?? "", outcome: t("vi", `ui.inspAppeals.outcome.${input.outcome}`) };
  await notify(tx, {
    organizationId: null,
    memberIds: [row.memberId],
    subject: t("vi", "inspections.mail.appealResolved.subject", params),
    text: t("vi", "inspections.mail.appealResolved.text", params),
    link: `/dang-vien/${row.memberId}`,
    dedupeKey: `discipline:${row.id}:appeal-resolved`,
  });
  return row;
}

function isInspectorOf(actor: Actor, d: { organizationId: string }) {
  return actor.scopes.some((s) => s.role === "inspector" && s.organizationId === d.organizationId);
}

export async function rulesFor(ex: Executor, org: OrgRef & { path: string }, onDate: string) {
  return inspectionRules(ex, org.path, onDate);
}

export async function mustGetOrganization(ex: Executor, id: string): Promise<OrganizationRow> {
  const org = await getOrganization(ex, id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

// ---------------------------------------------------------------------------
// The UBKT's report (BC)

/** Everything the report counts, for the đảng bộ: its bodies' programmes, every case, finding and discipline file. */
export async function reportRecords(ex: Executor, org: OrganizationRow, year: number): Promise<ReportRecords> {
  const ordinary = (await listInspections(ex, org.path)).map((r) => ({ ...r, confidential: false as const }));
  const cases: LoadedInspection[] = [...ordinary, ...(await listCases(ex, org.id))];
  const started = await firstStepDays(ex, cases);
  const concludedByItem = new Map<string, string>();
  for (const c of ordinary) {
    if (!c.programmeItemId || !c.concludedOn) continue;
    const known = concludedByItem.get(c.programmeItemId);
    if (!known || c.concludedOn < known) concludedByItem.set(c.programmeItemId, c.concludedOn);
  }
  const programmes = (await listProgrammes(ex, org.id)).filter((p) => p.year === year && p.adoptedOn);
  const items = await listProgrammeItems(
    ex,
    programmes.map((p) => p.id),
  );
  const concludedOf = new Map(ordinary.map((c) => [c.id, c.concludedOn]));
  const findings = await listFindings(
    ex,
    ordinary.map((c) => c.id),
  );
  return {
    programmes: programmes.map((p) => ({
      title: p.title,
      body: p.body,
      items: items
        .filter((i) => i.programmeId === p.id)
        .map((i) => ({ startsOn: i.startsOn, endsOn: i.endsOn, concludedOn: concludedByItem.get(i.id) ?? null })),
    })),
    cases: cases.map((c) => ({
      type: c.type,
      startedOn: started.get(c.id) ?? null,
      concludedOn: c.concludedOn,
      receivedOn: c.confidential ? c.receivedOn : null,
    })),
    findings: findings.flatMap((f) => {
      const concludedOn = concludedOf.get(f.inspectionId);
      return concludedOn ? [{ concludedOn, dueOn: f.dueOn, closedOn: f.closedOn }] : [];
    }),
    discipline: (await listDiscipline(ex, org.id)).map((d) => ({
      form: d.form,
      decidedOn: d.decidedOn,
      appealedOn: d.appealedOn,
    })),
  };
}

/**
 * A report drafted from the records of the quarter or the year: the figures written into the template's sections,
 * for the UBKT to edit before issuing. Kept with the confidential files: it counts their cases (ADR 0128).
 */
export async function draftReport(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof reportDraftBody>,
  today: string,
): Promise<ReportRow> {
  assertBodyFits(org, "inspection_committee");
  if (!isInspector(actor, org)) throw new ForbiddenError();
  const period = reportPeriod(input.kind, input.year, input.quarter);
  if (period.fromOn > today) throw new RuleError("inspection_report_future", "year", "errors.inspection_report_future");
  const books = await booksFor(tx, org.path, today);
  const figures = reportFigures(period, await reportRecords(tx, org, input.year));
  const [row] = await tx
    .insert(inspectionReports)
    .values({
      organizationId: org.id,
      kind: period.kind,
      year: period.year,
      quarter: period.quarter,
      fromOn: period.fromOn,
      toOn: period.toOn,
      sections: reportSections(books, figures),
      signerName: await signerFor(tx, org, "inspection_committee", today),
    })
    .returning();
  return row!;
}

export async function editReport(
  tx: Tx,
  actor: Actor,
  report: ReportRow,
  org: OrgRef,
  input: z.infer<typeof reportEditBody>,
): Promise<ReportRow> {
  if (!isInspector(actor, org)) throw new ForbiddenError();
  if (report.issuedOn) throw new ConflictError("inspection_report_issued", "errors.inspection_report_issued");
  return updateVersioned(tx, inspectionReports, report.id, input.version, {
    sections: input.sections,
    // Left out, the signer stays the one the draft named (the UBKT's chair).
    signerName: input.signerName ?? report.signerName,
  });
}

/** Issued with the next number of the UBKT's BC sequence; not before the period it reports on has ended. */
export async function issueReport(
  tx: Tx,
  actor: Actor,
  report: ReportRow,
  org: OrgRef,
  input: z.infer<typeof reportIssueBody>,
): Promise<ReportRow> {
  if (!isInspector(actor, org)) throw new ForbiddenError();
  if (report.issuedOn) throw new ConflictError("inspection_report_issued", "errors.inspection_report_issued");
  if (input.issuedOn <= report.toOn)
    throw new RuleError("inspection_report_early", "issuedOn", "errors.inspection_report_early", {
      date: report.toOn,
    });
  if (!report.signerName?.trim())
    throw new RuleError("document_signer_required", "signerName", "errors.document_signer_required");
  const number = await nextReportNumber(tx, report.organizationId, Number(input.issuedOn.slice(0, 4)));
  return updateVersioned(tx, inspectionReports, report.id, input.version, {
    number,
    numberText: numberText(number, "BC", "inspection_committee"),
    issuedOn: input.issuedOn,
  });
}
