import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { addWorkingDays } from "../../core/working-days.js";
import { fill } from "../documents/model.js";
import { issueNewDocument } from "../documents/operations.js";
import { getDocument } from "../documents/store.js";
import { admitProbationaryMember, recognizeMember } from "../members/public-admissions.js";
import { cellMembersOn } from "../members/presence.js";
import { memberNames } from "../members/store.js";
import { getOrganization, type OrganizationRow } from "../organizations/store.js";
import { recordAdmission } from "../resolutions/public-admissions.js";
import {
  ageProblem,
  certificateValidUntil,
  GENERATED_FORMS,
  probationEndsOn,
  votePasses,
  type AdmissionRules,
  type AdmissionStage,
  type ceremonyBody,
  type CreateCandidateInput,
  type decisionBody,
  dossierFileName,
  type DossierFileKind,
  type DossierForm,
  type formBody,
  type voteBody,
} from "./model.js";
import { admissionCandidates, admissionFormFiles, admissionForms } from "./schema.js";
import { keepOpenDeadlines } from "./deadlines.js";
import { admissionBooks, listForms, type CandidateRow, type FormRow, type LoadedCandidate } from "./store.js";

/** A form's file as its audit entry names it: never the bytes. */
type FileEntry = { form: DossierForm; fileId: string; fileName: string; kind: DossierFileKind; size: number };
type Step = { stage: AdmissionStage; on: string; votesFor?: number; fullMembers?: number; documentId?: string };
type CandidateEvents = {
  create: Change<null, CandidateRow>;
  form: Change<FormRow | null, FormRow>;
  form_file: Change<FileEntry | null, FileEntry>;
  resolution: Change<{ stage: AdmissionStage }, Step>;
  decision: Change<{ stage: AdmissionStage }, Step>;
  ceremony: Change<{ stage: AdmissionStage }, Step & { memberId: string }>;
  recognition_vote: Change<{ stage: AdmissionStage }, Step>;
  recognition_decision: Change<{ stage: AdmissionStage }, Step & { officialOn: string }>;
};
const audit = auditTrail<CandidateEvents>("admission_candidate");

const notAfterToday = (value: string, field: string, today: string) => {
  if (value > today) throw new RuleError("date_in_future", field, "admissions.date_in_future");
};

function expectStage(c: CandidateRow, stage: AdmissionStage) {
  if (c.stage !== stage)
    throw new ConflictError("admission_wrong_stage", "admissions.wrong_stage", {
      stage: `ui.admissions.stage.${c.stage}`,
    });
}

function expectVersion(c: CandidateRow, version: number) {
  if (c.version !== version) throw new StaleVersionError();
}

/** The full members of the cell on the vote day (probationary members do not vote on admission or recognition). */
async function fullMembersOn(tx: Tx, cellId: string, day: string): Promise<{ id: string; fullName: string }[]> {
  return (await cellMembersOn(tx, cellId, day)).filter((m) => m.status === "full");
}

function checkVote(votesFor: number, full: number, rules: AdmissionRules) {
  if (votesFor > full)
    throw new RuleError("votes_exceed_members", "votesFor", "admissions.votes_exceed_members", { count: full });
  if (!votePasses(votesFor, full, rules.vote)) {
    const needed = Math.ceil((full * rules.vote.numerator) / rules.vote.denominator);
    throw new RuleError("vote_short", "votesFor", "admissions.vote_short", { needed, count: full });
  }
}

/** A step along the path: the new stage and its dates, and the open deadline kept for the board (ADR 0176). */
async function moveOn(
  tx: Tx,
  c: LoadedCandidate,
  version: number,
  today: string,
  changes: PgUpdateSetSource<typeof admissionCandidates>,
): Promise<CandidateRow> {
  const row = await updateVersioned(tx, admissionCandidates, c.id, version, changes);
  await keepOpenDeadlines(tx, [{ ...c, ...row }], today);
  return row;
}

async function missingForms(tx: Tx, candidateId: string, required: readonly DossierForm[]): Promise<DossierForm[]> {
  const have = new Set((await listForms(tx, [candidateId])).map((f) => f.form));
  return required.filter((f) => !have.has(f));
}

export async function createCandidate(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  input: CreateCandidateInput,
  today: string,
): Promise<CandidateRow> {
  if (cell.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (cell.kind !== "cell") throw new ConflictError("admission_cell_only", "admissions.cell_only");
  notAfterToday(input.dateOfBirth, "dateOfBirth", today);
  if (input.courseCertificateOn) notAfterToday(input.courseCertificateOn, "courseCertificateOn", today);
  const full = new Set((await fullMembersOn(tx, cell.id, today)).map((m) => m.id));
  if (input.helperIds.some((id) => !full.has(id)))
    throw new RuleError("helper_not_full", "helperIds", "admissions.helper_not_full");
  const [row] = await tx
    .insert(admissionCandidates)
    .values({ organizationId: cell.id, ...input, helperIds: [...new Set(input.helperIds)], stage: "following" })
    .returning();
  await audit(tx, actor, "create", { organizationId: cell.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

/** A form of the dossier received (on paper or as a file kept elsewhere); 6-, 9-, 13- and 16-KNĐ come from the register. */
export async function recordForm(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof formBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  if (GENERATED_FORMS.includes(input.form))
    throw new RuleError("form_generated", "form", "admissions.form_generated", { form: input.form });
  notAfterToday(input.receivedOn, "receivedOn", today);
  const [before] = await tx
    .select()
    .from(admissionForms)
    .where(and(eq(admissionForms.candidateId, c.id), eq(admissionForms.form, input.form)));
  const [after] = before
    ? await tx
        .update(admissionForms)
        .set({ receivedOn: input.receivedOn, note: input.note })
        .where(eq(admissionForms.id, before.id))
        .returning()
    : await tx
        .insert(admissionForms)
        .values({ candidateId: c.id, form: input.form, receivedOn: input.receivedOn, note: input.note })
        .returning();
  const row = await updateVersioned(tx, admissionCandidates, c.id, input.version, {});
  await audit(
    tx,
    actor,
    "form",
    { organizationId: c.organizationId, entityId: c.id },
    { before: before ?? null, after: after! },
  );
  return row;
}

export interface FormFileInput {
  form: DossierForm;
  fileName: string;
  kind: DossierFileKind;
  bytes: Buffer;
  version: number;
}

/**
 * A form's file, already inspected outside the transaction: it becomes the form's current file, the one it replaces
 * is kept as replaced, and the form counts as received (today, unless it was received before). The row and its bytes
 * are one insert in the caller's transaction, so nothing is stored half-way. 6-KNĐ and 9-KNĐ stay generated.
 */
export async function uploadFormFile(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: FormFileInput,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  if (GENERATED_FORMS.includes(input.form))
    throw new RuleError("form_generated", "form", "admissions.form_generated", { form: input.form });
  const current = and(
    eq(admissionFormFiles.candidateId, c.id),
    eq(admissionFormFiles.form, input.form),
    isNull(admissionFormFiles.replacedAt),
  );
  const [replaced] = await tx.update(admissionFormFiles).set({ replacedAt: sql`now()` }).where(current).returning({
    id: admissionFormFiles.id,
    fileName: admissionFormFiles.fileName,
    kind: admissionFormFiles.kind,
    size: admissionFormFiles.size,
  });
  const fileName = dossierFileName(input.fileName, input.kind, input.form);
  const [file] = await tx
    .insert(admissionFormFiles)
    .values({
      candidateId: c.id,
      form: input.form,
      fileName,
      kind: input.kind,
      size: input.bytes.length,
      bytes: input.bytes,
      uploadedBy: actor.userId,
    })
    .returning({ id: admissionFormFiles.id });
  const [received] = await tx
    .select()
    .from(admissionForms)
    .where(and(eq(admissionForms.candidateId, c.id), eq(admissionForms.form, input.form)));
  if (!received) await tx.insert(admissionForms).values({ candidateId: c.id, form: input.form, receivedOn: today });
  const row = await updateVersioned(tx, admissionCandidates, c.id, input.version, {});
  const entry = (f: { id: string; fileName: string; kind: DossierFileKind; size: number }): FileEntry => ({
    form: input.form,
    fileId: f.id,
    fileName: f.fileName,
    kind: f.kind,
    size: f.size,
  });
  await audit(
    tx,
    actor,
    "form_file",
    { organizationId: c.organizationId, entityId: c.id },
    {
      before: replaced ? entry(replaced) : null,
      after: entry({ id: file!.id, fileName, kind: input.kind, size: input.bytes.length }),
    },
  );
  return row;
}

async function documentValues(tx: Tx, c: LoadedCandidate) {
  const helpers = await memberNames(tx, c.helperIds);
  const partyCommittee = c.partyCommitteeId ? await getOrganization(tx, c.partyCommitteeId) : null;
  return {
    name: c.fullName,
    dateOfBirth: formatDate(c.dateOfBirth),
    unitPart: c.unit ? `, ${c.unit}` : "",
    cellName: c.cellName,
    superiorName: partyCommittee?.name ?? "",
    helpers: c.helperIds
      .map((id) => helpers.get(id)?.fullName ?? "")
      .filter(Boolean)
      .join(", "),
  };
}

/** The generated forms: the cell's resolutions (NQ) and the đảng ủy's decisions (QĐ), by what they decide. */
const GENERATED = {
  "6-KNĐ": { type: "NQ", origin: "admission-resolution" },
  "9-KNĐ": { type: "QĐ", origin: "admission-decision" },
  "13-KNĐ": { type: "NQ", origin: "recognition-resolution" },
  "16-KNĐ": { type: "QĐ", origin: "recognition-decision" },
} as const;

/** A cell's vote as its resolutions (6-KNĐ, 13-KNĐ) print it: the day, the full members, for and against, the share. */
function voteValues(votedOn: string, full: number, votesFor: number) {
  return {
    voteDate: formatDate(votedOn),
    fullMembers: String(full),
    votesFor: String(votesFor),
    votesAgainst: String(full - votesFor),
    percent: String(Math.round((votesFor / full) * 1000) / 10).replace(".", ","),
  };
}

async function issueForm(
  tx: Tx,
  actor: Actor,
  issuer: OrganizationRow,
  c: LoadedCandidate,
  form: keyof typeof GENERATED,
  template: AdmissionRules["documents"]["resolution"],
  values: Record<string, string>,
  on: string,
) {
  const kind = GENERATED[form];
  const document = await issueNewDocument(
    tx,
    actor,
    issuer,
    {
      type: kind.type,
      // Not a template of the register: the wording is the admission rulebook's (6-, 9-, 13-, 16-KNĐ).
      templateKey: kind.origin,
      summary: fill(template.summary, values),
      sections: template.sections.map((s, i) => ({
        key: `s${i + 1}`,
        heading: fill(s.heading, values),
        text: fill(s.text, values),
      })),
      recipients: template.recipients.map((r) => fill(r, values)),
      origin: kind.origin,
      originRef: c.id,
    },
    on,
  );
  await tx.insert(admissionForms).values({ candidateId: c.id, form, receivedOn: on, documentId: document.id });
  return document;
}

/**
 * The cell's resolution to admit (6-KNĐ): the candidate aged 18 to 60 on the vote day (in months), the course
 * certificate valid that day, the dossier in, and two thirds of the full members that day voting for. The
 * resolution is issued through the register, numbered in the cell's NQ sequence.
 */
export async function voteAdmission(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof voteBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  expectStage(c, "following");
  notAfterToday(input.votedOn, "votedOn", today);
  const { rules } = await admissionBooks(tx, c.cellPath, input.votedOn);
  const age = ageProblem(c.dateOfBirth, input.votedOn, rules.age);
  if (age)
    throw new RuleError(age.code, "votedOn", `admissions.${age.code}`, {
      years: age.years,
      months: age.months,
      min: Math.floor(rules.age.minMonths / 12),
      max: Math.floor(rules.age.maxMonths / 12),
    });
  if (!c.courseCertificateOn)
    throw new RuleError("certificate_missing", "courseCertificateOn", "admissions.certificate_missing");
  const validUntil = certificateValidUntil(c.courseCertificateOn, rules.certificateValidYears);
  if (c.courseCertificateOn > input.votedOn || validUntil < input.votedOn)
    throw new RuleError("certificate_invalid", "votedOn", "admissions.certificate_invalid", {
      from: formatDate(c.courseCertificateOn),
      until: formatDate(validUntil),
    });
  const missing = await missingForms(tx, c.id, rules.requiredBeforeVote);
  if (missing.length)
    throw new RuleError("dossier_incomplete", "form", "admissions.dossier_incomplete", { forms: missing.join(", ") });
  const full = (await fullMembersOn(tx, c.organizationId, input.votedOn)).length;
  checkVote(input.votesFor, full, rules);

  const cell = (await getOrganization(tx, c.organizationId))!;
  const values = { ...(await documentValues(tx, c)), ...voteValues(input.votedOn, full, input.votesFor) };
  const document = await issueForm(tx, actor, cell, c, "6-KNĐ", rules.documents.resolution, values, input.votedOn);
  const row = await moveOn(tx, c, input.version, today, {
    stage: "resolved",
    resolutionOn: input.votedOn,
    resolutionVotesFor: input.votesFor,
    resolutionFullMembers: full,
    resolutionDocumentId: document.id,
  });
  const after = {
    stage: row.stage,
    on: input.votedOn,
    votesFor: input.votesFor,
    fullMembers: full,
    documentId: document.id,
  };
  await audit(
    tx,
    actor,
    "resolution",
    { organizationId: c.organizationId, entityId: c.id },
    { before: { stage: c.stage }, after },
  );
  return row;
}

/** The đảng ủy's decision to admit (9-KNĐ), numbered in its QĐ sequence; on or after the cell's resolution. */
export async function decideAdmission(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof decisionBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  expectStage(c, "resolved");
  if (input.decidedOn < c.resolutionOn!)
    throw new RuleError("decision_before_resolution", "decidedOn", "admissions.decision_before_resolution", {
      date: formatDate(c.resolutionOn),
    });
  notAfterToday(input.decidedOn, "decidedOn", today);
  if (!c.partyCommitteeId) throw new ConflictError("admission_no_party_committee", "admissions.no_party_committee");
  const partyCommittee = (await getOrganization(tx, c.partyCommitteeId))!;
  const { rules, calendar } = await admissionBooks(tx, c.cellPath, input.decidedOn);
  const resolution = (await listForms(tx, [c.id])).find((f) => f.form === "6-KNĐ");
  const values = {
    ...(await documentValues(tx, c)),
    resolutionNumber: resolution?.documentId ? await numberOf(tx, resolution.documentId) : "",
    resolutionDate: formatDate(c.resolutionOn),
    ceremonyDue: formatDate(addWorkingDays(calendar, input.decidedOn, rules.workingDays.ceremony)),
  };
  const document = await issueForm(
    tx,
    actor,
    partyCommittee,
    c,
    "9-KNĐ",
    rules.documents.decision,
    values,
    input.decidedOn,
  );
  const row = await moveOn(tx, c, input.version, today, {
    stage: "decided",
    decisionOn: input.decidedOn,
    decisionDocumentId: document.id,
  });
  const after = { stage: row.stage, on: input.decidedOn, documentId: document.id };
  await audit(
    tx,
    actor,
    "decision",
    { organizationId: c.organizationId, entityId: c.id },
    { before: { stage: c.stage }, after },
  );
  return row;
}

async function numberOf(tx: Tx, documentId: string): Promise<string> {
  const doc = await getDocument(tx, documentId);
  return doc?.numberText?.replace(/^Số\s*/u, "số ") ?? "";
}

/**
 * The ceremony (lễ kết nạp), on or after the decision: the candidate becomes a probationary member of the cell, the
 * candidate's row keeps the path that led there, and the admission targets of the resolutions in force move by one.
 */
export async function holdCeremony(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof ceremonyBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  expectStage(c, "decided");
  if (input.ceremonyOn < c.decisionOn!)
    throw new RuleError("ceremony_before_decision", "ceremonyOn", "admissions.ceremony_before_decision", {
      date: formatDate(c.decisionOn),
    });
  notAfterToday(input.ceremonyOn, "ceremonyOn", today);
  const cell = (await getOrganization(tx, c.organizationId))!;
  const member = await admitProbationaryMember(tx, actor, cell, {
    fullName: c.fullName,
    dateOfBirth: c.dateOfBirth,
    gender: c.gender,
    unit: c.unit,
    admissionDate: c.decisionOn!,
    ceremonyDate: input.ceremonyOn,
  });
  // The cell's own resolution and those of the đảng bộ above it count the new member.
  await recordAdmission(tx, c.cellPath.split("/").filter(Boolean), input.ceremonyOn, c.fullName);
  const row = await moveOn(tx, c, input.version, today, {
    stage: "probation",
    ceremonyOn: input.ceremonyOn,
    memberId: member.id,
  });
  const after = { stage: row.stage, on: input.ceremonyOn, memberId: member.id };
  await audit(
    tx,
    actor,
    "ceremony",
    { organizationId: c.organizationId, entityId: c.id },
    { before: { stage: c.stage }, after },
  );
  return row;
}

/**
 * The cell's recognition vote, once the 12 months are over and 10-KNĐ and 11-KNĐ are in. Two thirds of the full
 * members recognise; fewer is the cell's refusal, which becomes a proposal to remove from the list.
 */
export async function voteRecognition(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof voteBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  expectStage(c, "probation");
  const { rules } = await admissionBooks(tx, c.cellPath, input.votedOn);
  const ends = probationEndsOn(c.ceremonyOn!, rules.probationMonths);
  if (input.votedOn < ends)
    throw new RuleError("recognition_too_early", "votedOn", "admissions.recognition_too_early", {
      date: formatDate(ends),
    });
  notAfterToday(input.votedOn, "votedOn", today);
  const missing = await missingForms(tx, c.id, rules.requiredBeforeRecognition);
  if (missing.length)
    throw new RuleError("dossier_incomplete", "form", "admissions.dossier_incomplete", { forms: missing.join(", ") });
  const full = (await fullMembersOn(tx, c.organizationId, input.votedOn)).length;
  if (input.votesFor > full)
    throw new RuleError("votes_exceed_members", "votesFor", "admissions.votes_exceed_members", { count: full });
  const passed = votePasses(input.votesFor, full, rules.vote);
  // Recognised: the cell's resolution proposing it (13-KNĐ) is issued through the cell's register. A refusal is a
  // proposal to remove from the list, not this resolution.
  if (passed) {
    const cell = (await getOrganization(tx, c.organizationId))!;
    const values = {
      ...(await documentValues(tx, c)),
      ...voteValues(input.votedOn, full, input.votesFor),
      ceremonyDate: formatDate(c.ceremonyOn),
      probationEnds: formatDate(ends),
      officialOn: formatDate(ends),
    };
    await issueForm(tx, actor, cell, c, "13-KNĐ", rules.documents.recognitionResolution, values, input.votedOn);
  }
  const row = await moveOn(tx, c, input.version, today, {
    stage: passed ? "recognition_voted" : "removal_proposed",
    recognitionVoteOn: input.votedOn,
    recognitionVotesFor: input.votesFor,
    recognitionFullMembers: full,
    recognitionOutcome: passed ? "recognized" : "refused",
  });
  const after = { stage: row.stage, on: input.votedOn, votesFor: input.votesFor, fullMembers: full };
  await audit(
    tx,
    actor,
    "recognition_vote",
    { organizationId: c.organizationId, entityId: c.id },
    { before: { stage: c.stage }, after },
  );
  return row;
}

/** The đảng ủy recognises: the member is full from the end of the 12 months, however late the vote came. */
export async function decideRecognition(
  tx: Tx,
  actor: Actor,
  c: LoadedCandidate,
  input: z.infer<typeof decisionBody>,
  today: string,
): Promise<CandidateRow> {
  expectVersion(c, input.version);
  expectStage(c, "recognition_voted");
  if (input.decidedOn < c.recognitionVoteOn!)
    throw new RuleError("decision_before_resolution", "decidedOn", "admissions.decision_before_resolution", {
      date: formatDate(c.recognitionVoteOn),
    });
  notAfterToday(input.decidedOn, "decidedOn", today);
  if (!c.partyCommitteeId) throw new ConflictError("admission_no_party_committee", "admissions.no_party_committee");
  const { rules } = await admissionBooks(tx, c.cellPath, input.decidedOn);
  const officialOn = probationEndsOn(c.ceremonyOn!, rules.probationMonths);
  const partyCommittee = (await getOrganization(tx, c.partyCommitteeId))!;
  const resolution = (await listForms(tx, [c.id])).find((f) => f.form === "13-KNĐ");
  await issueForm(
    tx,
    actor,
    partyCommittee,
    c,
    "16-KNĐ",
    rules.documents.recognitionDecision,
    {
      ...(await documentValues(tx, c)),
      resolutionNumber: resolution?.documentId ? await numberOf(tx, resolution.documentId) : "",
      resolutionDate: formatDate(c.recognitionVoteOn),
      officialOn: formatDate(officialOn),
    },
    input.decidedOn,
  );
  await recognizeMember(tx, actor, c.memberId!, officialOn, `${formatDate(input.decidedOn)}`);
  const row = await moveOn(tx, c, input.version, today, {
    stage: "full",
    recognitionDecisionOn: input.decidedOn,
    officialOn,
  });
  const after = { stage: row.stage, on: input.decidedOn, officialOn };
  await audit(
    tx,
    actor,
    "recognition_decision",
    { organizationId: c.organizationId, entityId: c.id },
    { before: { stage: c.stage }, after },
  );
  return row;
}
