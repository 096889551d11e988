import type { Executor } from "../../core/db/index.js";
import { ConflictError, NotFoundError } from "../../core/http/errors.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { hanoiAt, todayIso } from "../../core/time.js";
import { workerEntry } from "../../core/workers.js";
import { issuerHeader } from "../documents/compose.js";
import { downloadName, type DocumentModel, type LayoutRules, type TemplateRules } from "../documents/model.js";
import { renderInThread } from "../documents/render-file.js";
import { getMember } from "../members/store.js";
import { getOrganization, listPositions, type OrganizationRow } from "../organizations/store.js";
import {
  actingBody,
  appealResolutionDocument,
  type Books,
  conclusionDocument,
  disciplineDocument,
  type Issuer,
  programmeDocument,
  reportDocument,
  teamDocument,
} from "./documents.js";
import type { InspectionRenderJob } from "./inspection-render-worker.js";
import { type ProgrammeBody, stepDocumentType } from "./model.js";
import { nameLookup } from "./names.js";
import * as store from "./store.js";

/**
 * The module's documents as files. They are composed from the records when asked and never stored in the documents
 * register, whose lists, counts, search and export the office reads (ADR 0127); the numbers are the module's own.
 */

const ENTRY = workerEntry(import.meta.url, "inspection-render-worker");

const render = (job: InspectionRenderJob) => renderInThread(ENTRY, job);

const MIME = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
} as const;

export interface InspectionFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

/** The composed document as a file in the worker, named by its number and summary like the register's files. */
export async function fileOf(model: DocumentModel, type: string, day: string, format: "docx" | "pdf") {
  const bytes = await render({ format, model, createdAt: hanoiAt(day, "08:00") });
  const numberText = /\d/u.test(model.numberLine) ? model.numberLine.replace(/^Số\s*/u, "") : null;
  return {
    bytes,
    fileName: downloadName({ numberText, type, summary: model.summary }, format),
    contentType: MIME[format],
  } satisfies InspectionFile;
}

export async function booksFor(ex: Executor, orgPath: string, day: string): Promise<Books> {
  const layout = await rulebookInForce<LayoutRules>(ex, "document-layout", orgPath, day);
  const templates = await rulebookInForce<TemplateRules>(ex, "document-template", orgPath, day);
  return { layout: layout.data, templates: templates.data };
}

/** The organisation as its documents' header names it, with the body that acts for it. */
export async function issuerFor(ex: Executor, org: OrganizationRow, body: ProgrammeBody): Promise<Issuer> {
  const parent = org.parentId ? await getOrganization(ex, org.parentId) : null;
  return {
    info: {
      kind: org.kind,
      name: org.name,
      abbreviation: org.abbreviation,
      place: org.place ?? parent?.place ?? "",
      superiorName: org.superiorName ?? parent?.name ?? null,
      termLabel: null,
    },
    body,
    parentCommittee: parent ? issuerHeader(parent, null).issuer : "",
  };
}

/** Who signs for the body on the day: the UBKT's chair, else the secretary (or a deputy) of the organisation. */
export async function signerFor(ex: Executor, org: OrganizationRow, body: ProgrammeBody, day: string) {
  const active = (await listPositions(ex, org.id)).filter((p) => p.startsOn <= day && (!p.endsOn || p.endsOn >= day));
  const roles = body === "inspection_committee" ? ["inspection_chair"] : ["secretary", "deputy_secretary"];
  for (const role of roles) {
    const p = active.find((x) => x.role === role);
    if (p) return p.fullName;
  }
  return "";
}

async function context(ex: Executor, organizationId: string, body: ProgrammeBody, day: string) {
  const org = await getOrganization(ex, organizationId);
  if (!org) throw new NotFoundError("organization");
  return {
    books: await booksFor(ex, org.path, day),
    issuer: await issuerFor(ex, org, body),
    signerName: await signerFor(ex, org, body, day),
  };
}

/** A subject as the text names it: an organisation by its name, a member as "đồng chí …". */
const subjectPhrase = (name: string, isMember: boolean) => (isMember ? `đồng chí ${name}` : name);

// ---------------------------------------------------------------------------

export async function programmeFile(ex: Executor, programme: store.ProgrammeRow, format: "docx" | "pdf") {
  const { model, day } = await programmeModel(ex, programme);
  return fileOf(model, "CTr", day, format);
}

/** The programme composed from its lines: the file, and the body the register keeps for a đảng ủy's or a cell's. */
export async function programmeModel(ex: Executor, programme: store.ProgrammeRow) {
  const day = programme.adoptedOn ?? todayIso();
  const { books, issuer, signerName } = await context(ex, programme.organizationId, programme.body, day);
  const items = await store.listProgrammeItems(ex, [programme.id]);
  const names = await nameLookup(
    ex,
    items.flatMap((i) => [i.subjectMemberId, i.leadMemberId]),
    items.map((i) => i.subjectOrganizationId),
  );
  const model = programmeDocument(books, issuer, {
    year: programme.year,
    numberText: programme.numberText,
    day,
    draft: !programme.adoptedOn,
    signerName,
    items: items.map((i) => ({
      subject: names.subject(i),
      type: i.type,
      content: i.content,
      lead: names.member(i.leadMemberId),
      startsOn: i.startsOn,
      endsOn: i.endsOn,
    })),
  });
  return { model, day };
}

/** The decision (or plan) setting up the team, or the conclusion notice, of a recorded step; 404 before it. */
export async function stepFile(
  ex: Executor,
  inspection: store.LoadedInspection,
  document: "decision" | "conclusion",
  format: "docx" | "pdf",
) {
  const { model, type, day } = await stepModel(ex, inspection, document);
  return fileOf(model, type, day, format);
}

/** The decision (or plan) or the conclusion notice composed from the recorded steps; 404 before the step. */
export async function stepModel(
  ex: Executor,
  inspection: store.LoadedInspection,
  document: "decision" | "conclusion",
): Promise<{ model: DocumentModel; type: string; day: string }> {
  const rules = await store.inspectionRules(
    ex,
    (await getOrganization(ex, inspection.organizationId))!.path,
    todayIso(),
  );
  const steps = await store.listSteps(ex, inspection);
  const decision = steps.find((s) => s.step === "decision" || s.step === "plan") ?? null;
  const step = document === "decision" ? decision : (steps.find((s) => s.step === "conclusion") ?? null);
  if (!step) throw new NotFoundError("document");
  const { books, issuer, signerName } = await context(ex, inspection.organizationId, inspection.body, step.on);
  const names = await nameLookup(
    ex,
    [inspection.subjectMemberId, inspection.leadMemberId],
    [inspection.subjectOrganizationId],
  );
  const subject = subjectPhrase(names.subject(inspection), inspection.subjectMemberId !== null);
  if (document === "decision") {
    const item = inspection.programmeItemId ? await store.getProgrammeItem(ex, inspection.programmeItemId) : null;
    const programme = item ? await store.getProgramme(ex, item.programmeId) : null;
    const type = stepDocumentType(rules, step.step, inspection.body) ?? "QĐ";
    const model = teamDocument(books, issuer, {
      kind: type === "KH" ? "plan" : "decision",
      activity: rules.types[inspection.type].activity === "supervision" ? "supervision" : "inspection",
      subject,
      content: inspection.content,
      lead: names.member(inspection.leadMemberId),
      members: [],
      programme: programme ? { year: programme.year, numberText: programme.numberText } : null,
      period: item ? { from: item.startsOn, to: item.endsOn } : null,
      text: step.text,
      numberText: step.numberText,
      day: step.on,
      signerName,
    });
    return { model, type, day: step.on };
  }
  const findings = inspection.confidential ? [] : await store.listFindings(ex, [inspection.id]);
  const owners = await nameLookup(
    ex,
    findings.map((f) => f.ownerMemberId),
    [],
  );
  const model = conclusionDocument(books, issuer, {
    activity: rules.types[inspection.type].activity,
    subject,
    content: inspection.content,
    decision: decision
      ? {
          type: stepDocumentType(rules, decision.step, inspection.body) ?? "QĐ",
          numberText: decision.numberText,
          day: decision.on,
        }
      : null,
    receivedOn: inspection.confidential ? inspection.receivedOn : null,
    conclusion: step.text ?? "",
    findings: findings.map((f) => ({
      text: f.text,
      remedy: f.remedy,
      owner: owners.member(f.ownerMemberId),
      dueOn: f.dueOn,
    })),
    listsFindings: !inspection.confidential,
    numberText: step.numberText,
    day: step.on,
    signerName,
  });
  return { model, type: "TB", day: step.on };
}

/**
 * The discipline decision of a body of the đảng bộ or of the member's cell; a proposal not yet decided prints as a
 * draft. A decision of the level above, or of a chi ủy (which cannot decide), is not this đảng bộ's document.
 */
export async function disciplineFile(ex: Executor, discipline: store.DisciplineRow, format: "docx" | "pdf") {
  const body = discipline.body ?? "inspection_committee";
  if (body === "level_above" || body === "cell_committee")
    throw new ConflictError("discipline_no_document", "errors.discipline_no_document");
  const member = await getMember(ex, discipline.memberId);
  if (!member) throw new NotFoundError("member");
  const day = discipline.decidedOn ?? todayIso();
  const orgId = body === "cell" ? member.organizationId : discipline.organizationId;
  const { books, issuer, signerName } = await context(ex, orgId, body, day);
  const owner = (await getOrganization(ex, discipline.organizationId))!;
  const rules = await store.inspectionRules(ex, owner.path, discipline.receivedOn ?? day);
  const model = disciplineDocument(books, issuer, {
    name: member.fullName,
    cellName: member.organizationName,
    form: discipline.form ?? discipline.proposedForm,
    reason: discipline.reason,
    windowDays: rules.appeal.windowDays,
    numberText: discipline.numberText,
    day,
    draft: !discipline.decidedOn,
    signerName,
  });
  return fileOf(model, "QĐ", day, format);
}

/**
 * The UBKT's notice of how an appeal was resolved (ADR 0165), for who reads the decision; 404 before the resolution.
 * It is the UBKT's TB whoever decided the appeal, as the UBKT records and announces it.
 */
export async function appealResolutionFile(ex: Executor, discipline: store.DisciplineRow, format: "docx" | "pdf") {
  const model = await appealResolutionModel(ex, discipline);
  return fileOf(model, "TB", discipline.appealResolvedOn!, format);
}

export async function appealResolutionModel(ex: Executor, d: store.DisciplineRow): Promise<DocumentModel> {
  if (!d.appealOutcome || !d.appealResolvedOn || !d.appealedOn || !d.form || !d.decidedOn)
    throw new NotFoundError("document");
  const member = await getMember(ex, d.memberId);
  if (!member) throw new NotFoundError("member");
  const day = d.appealResolvedOn;
  const { books, issuer, signerName } = await context(ex, d.organizationId, "inspection_committee", day);
  const body = d.body ?? "inspection_committee";
  let decidingBody: string | null = null;
  if (body === "inspection_committee") decidingBody = actingBody(issuer);
  else if (body !== "level_above") {
    const orgId = body === "party_committee" ? d.organizationId : member.organizationId;
    const org = (await getOrganization(ex, orgId))!;
    decidingBody = actingBody(await issuerFor(ex, org, body === "party_committee" ? "party_committee" : "cell"));
  }
  return appealResolutionDocument(books, issuer, {
    name: member.fullName,
    cellName: member.organizationName,
    decision: { numberText: d.numberText, day: d.decidedOn, body: decidingBody },
    form: d.form,
    appealedOn: d.appealedOn,
    outcome: d.appealOutcome,
    newForm: d.appealForm,
    resolvedOn: day,
    text: d.appealResolutionText ?? "",
    numberText: d.appealNumberText,
    signerName,
  });
}

export async function reportFile(ex: Executor, report: store.ReportRow, format: "docx" | "pdf") {
  const day = report.issuedOn ?? todayIso();
  const { books, issuer, signerName } = await context(ex, report.organizationId, "inspection_committee", day);
  const model = reportDocument(books, issuer, {
    period: report,
    sections: report.sections,
    numberText: report.numberText,
    day,
    draft: !report.issuedOn,
    signerName: report.signerName ?? signerName,
  });
  return fileOf(model, "BC", day, format);
}
