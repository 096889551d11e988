import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import type { AppealOutcome, DisciplineBody, DisciplineForm, InspectionType, ProgrammeBody, StepKey } from "./model.js";

const audited = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Official records are never deleted: a withdrawn row keeps its history. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  version: integer().notNull().default(1),
};

/** A yearly programme of inspection and supervision of the đảng ủy, of its UBKT or of a cell. */
export const inspectionProgrammes = pgTable(
  "inspection_programmes",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    body: text().$type<ProgrammeBody>().notNull(),
    year: integer().notNull(),
    title: text().notNull(),
    adoptedOn: date("adopted_on", { mode: "string" }),
    /** The issued CTr in the documents register. */
    documentId: uuid("document_id"),
    numberText: text("number_text"),
    issuedOn: date("issued_on", { mode: "string" }),
    ...audited,
  },
  (t) => [index("inspection_programmes_org_idx").on(t.organizationId, t.year)],
);

/** One line of a programme: a subject (organisation or member), the type, the content, who leads, when. */
export const inspectionProgrammeItems = pgTable(
  "inspection_programme_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => inspectionProgrammes.id),
    position: integer().notNull().default(0),
    subjectOrganizationId: uuid("subject_organization_id").references(() => organizations.id),
    subjectMemberId: uuid("subject_member_id").references(() => members.id),
    type: text().$type<InspectionType>().notNull(),
    content: text().notNull(),
    leadMemberId: uuid("lead_member_id")
      .notNull()
      .references(() => members.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("inspection_programme_items_prog_idx").on(t.programmeId)],
);

/**
 * The columns of one inspection or supervision. Ordinary ones and confidential ones (signs of violation,
 * denunciations) have the same shape but live in two tables, so that nothing reading the first — a list, a count,
 * the office's export — can ever reach the second (ADR 0126).
 */
const caseColumns = () => ({
  id: uuid().primaryKey().defaultRandom(),
  /** The organisation whose body runs it: the đảng bộ (đảng ủy, UBKT) or a cell. */
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  body: text().$type<ProgrammeBody>().notNull(),
  programmeItemId: uuid("programme_item_id").references(() => inspectionProgrammeItems.id),
  type: text().$type<InspectionType>().notNull(),
  subjectOrganizationId: uuid("subject_organization_id").references(() => organizations.id),
  subjectMemberId: uuid("subject_member_id").references(() => members.id),
  content: text().notNull(),
  leadMemberId: uuid("lead_member_id")
    .notNull()
    .references(() => members.id),
  /** A routine supervision's meeting attended (the meetings module's id). */
  meetingId: uuid("meeting_id"),
  concludedOn: date("concluded_on", { mode: "string" }),
  ...audited,
});

export const inspections = pgTable("inspections", caseColumns(), (t) => [
  index("inspections_org_idx").on(t.organizationId),
  index("inspections_subject_org_idx").on(t.subjectOrganizationId),
]);

export const confidentialCases = pgTable(
  "confidential_cases",
  {
    ...caseColumns(),
    /** A denunciation: when and by whom in the UBKT it was received, and who made it (seen by the UBKT alone). */
    receivedOn: date("received_on", { mode: "string" }),
    receiverName: text("receiver_name"),
    denouncer: text(),
    acceptBy: date("accept_by", { mode: "string" }),
    resolveBy: date("resolve_by", { mode: "string" }),
    outcome: text(),
  },
  (t) => [index("confidential_cases_org_idx").on(t.organizationId)],
);

const stepColumns = () => ({
  id: uuid().primaryKey().defaultRandom(),
  step: text().$type<StepKey>().notNull(),
  on: date({ mode: "string" }).notNull(),
  text: text(),
  /** The number of a numbered step (QĐ, KH, TB), drawn from the body's sequence for its type and year. */
  number: integer(),
  numberText: text("number_text"),
  /** Who recorded it, by name: a confidential case keeps its history here, never in the organisation's audit log. */
  actorName: text("actor_name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inspectionSteps = pgTable(
  "inspection_steps",
  {
    ...stepColumns(),
    inspectionId: uuid("inspection_id")
      .notNull()
      .references(() => inspections.id),
  },
  (t) => [index("inspection_steps_idx").on(t.inspectionId)],
);

export const confidentialCaseSteps = pgTable(
  "confidential_case_steps",
  {
    ...stepColumns(),
    inspectionId: uuid("case_id")
      .notNull()
      .references(() => confidentialCases.id),
  },
  (t) => [index("confidential_case_steps_idx").on(t.inspectionId)],
);

/** The people the UBKT names as allowed to read a confidential case (besides the UBKT and the deciding committee). */
export const confidentialCasePeople = pgTable(
  "confidential_case_people",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => confidentialCases.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
  },
  (t) => [index("confidential_case_people_idx").on(t.caseId)],
);

/** Each opening of a confidential case: who, when. Read by the UBKT chair. */
export const confidentialCaseOpenings = pgTable(
  "confidential_case_openings",
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => confidentialCases.id),
    userId: uuid("user_id").notNull(),
    displayName: text("display_name").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("confidential_case_openings_idx").on(t.caseId)],
);

/** A shortcoming named in a conclusion, followed to its remedy: a task of the tasks module, then the team's acceptance. */
export const inspectionFindings = pgTable(
  "inspection_findings",
  {
    id: uuid().primaryKey().defaultRandom(),
    inspectionId: uuid("inspection_id")
      .notNull()
      .references(() => inspections.id),
    text: text().notNull(),
    remedy: text().notNull(),
    ownerMemberId: uuid("owner_member_id")
      .notNull()
      .references(() => members.id),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    taskId: uuid("task_id"),
    report: text(),
    reportedOn: date("reported_on", { mode: "string" }),
    closedOn: date("closed_on", { mode: "string" }),
    ...audited,
  },
  (t) => [index("inspection_findings_idx").on(t.inspectionId)],
);

/** A discipline case: the proposal, the decision by an allowed body, the appeal. Kept with the confidential tables. */
export const disciplineCases = pgTable(
  "discipline_cases",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The đảng bộ whose UBKT keeps the file. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    caseId: uuid("case_id").references(() => confidentialCases.id),
    proposedForm: text("proposed_form").$type<DisciplineForm>().notNull(),
    reason: text().notNull(),
    proposedOn: date("proposed_on", { mode: "string" }).notNull(),
    body: text().$type<DisciplineBody>(),
    form: text().$type<DisciplineForm>(),
    decidedOn: date("decided_on", { mode: "string" }),
    receivedOn: date("received_on", { mode: "string" }),
    numberText: text("number_text"),
    appealedOn: date("appealed_on", { mode: "string" }),
    /** The subject's reasons, in their words: personal data, read by the subject, the UBKT and the committee. */
    appealText: text("appeal_text"),
    /** Who lodged it: the subject from their own page, or the UBKT recording one received on paper. */
    appealLodgedBy: text("appeal_lodged_by").$type<"subject" | "inspection_committee">(),
    /** The resolution deadline under the rulebook in force on the day it was lodged, kept as it was then. */
    appealResolveBy: date("appeal_resolve_by", { mode: "string" }),
    appealOutcome: text("appeal_outcome").$type<AppealOutcome>(),
    appealResolvedOn: date("appeal_resolved_on", { mode: "string" }),
    /** A changed decision's new form. */
    appealForm: text("appeal_form").$type<DisciplineForm>(),
    appealResolutionText: text("appeal_resolution_text"),
    /** The notice of the resolution (TB), numbered in the UBKT's TB sequence with its conclusion notices. */
    appealNumber: integer("appeal_number"),
    appealNumberText: text("appeal_number_text"),
    ...audited,
  },
  (t) => [index("discipline_cases_member_idx").on(t.memberId), index("discipline_cases_org_idx").on(t.organizationId)],
);

/** The tables only the UBKT, the deciding committee and the people it names may read (ADR 0126). */
export const CONFIDENTIAL_TABLE_NAMES = [
  "confidential_cases",
  "confidential_case_steps",
  "confidential_case_people",
  "confidential_case_openings",
  "discipline_cases",
  "inspection_reports",
];

/**
 * The UBKT's quarterly or yearly report (BC): drafted from the records of the period, edited, then issued with the
 * next number of the UBKT's BC sequence. It counts confidential cases, so it is kept with the confidential tables.
 */
export const inspectionReports = pgTable(
  "inspection_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The đảng bộ whose UBKT reports. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<"quarter" | "year">().notNull(),
    year: integer().notNull(),
    quarter: integer(),
    fromOn: date("from_on", { mode: "string" }).notNull(),
    toOn: date("to_on", { mode: "string" }).notNull(),
    /** The body as the author edits it: one text per template section (the documents module's SectionContent). */
    sections: jsonb().$type<{ key: string; heading: string; text: string }[]>().notNull(),
    signerName: text("signer_name"),
    number: integer(),
    numberText: text("number_text"),
    issuedOn: date("issued_on", { mode: "string" }),
    ...audited,
  },
  (t) => [index("inspection_reports_org_idx").on(t.organizationId, t.year)],
);
