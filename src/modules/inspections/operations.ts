import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor, OrgRef } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { queryRows, type Executor, type Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { getMeeting } from "../meetings/store.js";
import { statusOn } from "../members/presence.js";
import { getMember } from "../members/store.js";
import { getOrganization, listPositions, type OrganizationRow } from "../organizations/store.js";
import { createRemedyTask } from "../tasks/public-inspections.js";
import { isInspector, mayRun } from "./access.js";
import {
  type adoptProgrammeBody,
  appealProblem,
  type appealBody,
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
  type RuleProblem,
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
  inspections,
  inspectionSteps,
} from "./schema.js";
import {
  type FindingRow,
  getProgrammeItem,
  inspectionRules,
  type LoadedInspection,
  listSteps,
  nextStepNumber,
  type ProgrammeItemRow,
  type ProgrammeRow,
  type InspectionRow,
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
  const text = numberText(n + 1, "CTr", programme.body);
  const row = await updateVersioned(tx, inspectionProgrammes, programme.id, input.version, {
    adoptedOn: input.adoptedOn,
    issuedOn: input.adoptedOn,
    numberText: text,
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
  const docType = rules.steps[input.step].documentType;
  const sameType = (Object.keys(rules.steps) as StepKey[]).filter((k) => rules.steps[k].documentType === docType);
  const number = docType
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
  await tx.insert(inspectionSteps).values(values);
  const row = await updateVersioned(tx, inspections, inspection.id, input.version, changes);
  await inspectionAudit(
    tx,
    actor,
    "step",
    { organizationId: inspection.organizationId, entityId: inspection.id },
    { before: null, after: { step: input.step, on: input.on, numberText: text } },
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

export async function appealDiscipline(
  tx: Tx,
  actor: Actor,
  discipline: typeof disciplineCases.$inferSelect,
  rules: InspectionRules,
  input: z.infer<typeof appealBody>,
) {
  if (actor.memberId !== discipline.memberId && !isInspectorOf(actor, discipline)) throw new ForbiddenError();
  if (!discipline.decidedOn || !discipline.receivedOn)
    throw new RuleError("appeal_undecided", "appealedOn", "errors.appeal_undecided");
  if (discipline.appealedOn) throw new ConflictError("appeal_made", "errors.appeal_made");
  const problem = appealProblem(rules, discipline.receivedOn, input.appealedOn);
  if (problem) refuse(problem);
  return updateVersioned(tx, disciplineCases, discipline.id, input.version, {
    appealedOn: input.appealedOn,
    appealText: input.text,
  });
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
