import { sql } from "drizzle-orm";
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { members } from "../members/schema.js";
import { users } from "../accounts/schema.js";
import type { AdmissionStage, DossierFileKind, DossierForm, RecognitionOutcome } from "./model.js";

/** Files live in the database (bytea), so backup and restore carry them. Both drivers hand back bytes. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * A candidate for admission (quần chúng ưu tú) followed by a cell, and the whole path to full membership on one
 * row: the cell's resolution, the đảng ủy's decision, the ceremony (which creates the probationary member), then the
 * recognition vote and decision. Personal data (Decree 13/2023): read by the cell's committee and the office only.
 */
export const admissionCandidates = pgTable(
  "admission_candidates",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The cell that follows the candidate. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    fullName: text("full_name").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
    gender: text().$type<"male" | "female">(),
    unit: text(),
    /** The full members assigned to help (đảng viên giúp đỡ), who also introduce (3-KNĐ). */
    helperIds: jsonb("helper_ids").$type<string[]>().notNull().default([]),
    /** Certificate of the course "bồi dưỡng nhận thức về Đảng": its date; valid five years (rulebook). */
    courseCertificateOn: date("course_certificate_on", { mode: "string" }),
    stage: text().$type<AdmissionStage>().notNull(),
    resolutionOn: date("resolution_on", { mode: "string" }),
    resolutionVotesFor: integer("resolution_votes_for"),
    resolutionFullMembers: integer("resolution_full_members"),
    resolutionDocumentId: uuid("resolution_document_id"),
    decisionOn: date("decision_on", { mode: "string" }),
    decisionDocumentId: uuid("decision_document_id"),
    ceremonyOn: date("ceremony_on", { mode: "string" }),
    /** The probationary member the ceremony created. */
    memberId: uuid("member_id").references(() => members.id),
    recognitionVoteOn: date("recognition_vote_on", { mode: "string" }),
    recognitionVotesFor: integer("recognition_votes_for"),
    recognitionFullMembers: integer("recognition_full_members"),
    recognitionOutcome: text("recognition_outcome").$type<RecognitionOutcome>(),
    recognitionDecisionOn: date("recognition_decision_on", { mode: "string" }),
    /** Full member from this day: the end of the 12 months, even when the vote came later. */
    officialOn: date("official_on", { mode: "string" }),
    /**
     * The open deadline's due day, kept so the đảng ủy's board can page in the store (ADR 0176): written with every
     * stage change, and again by the deadline job when the rules or holidays in force change. `deadlineStamp` names
     * the rules and calendar it was counted with; a board whose own differ does not trust the kept day.
     */
    openDeadlineOn: date("open_deadline_on", { mode: "string" }),
    deadlineStamp: text("deadline_stamp"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("admission_candidates_org_idx").on(t.organizationId),
    index("admission_candidates_member_idx").on(t.memberId),
    // The board's order: the nearest deadline first, then those without one (ascending puts nulls last), oldest first.
    index("admission_candidates_open_deadline_idx")
      .on(t.openDeadlineOn, t.createdAt, t.id)
      .where(sql`${t.deletedAt} IS NULL AND ${t.stage} <> 'full'`),
  ],
);

/** One form of the dossier (1-KNĐ … 11-KNĐ): received on paper on a date, or generated as a register document. */
export const admissionForms = pgTable(
  "admission_forms",
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => admissionCandidates.id),
    form: text().$type<DossierForm>().notNull(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    documentId: uuid("document_id"),
    note: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("admission_forms_candidate_form_key").on(t.candidateId, t.form)],
);

/**
 * The scanned or typed file of a dossier form, uploaded by the cell's committee or the office. A replaced file is
 * kept with the day it was replaced (the dossier's history); at most one file per form is current. The bytes are
 * written in the same transaction as the row, so a file is stored whole with its record or not at all (ADR 0157).
 */
export const admissionFormFiles = pgTable(
  "admission_form_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => admissionCandidates.id),
    form: text().$type<DossierForm>().notNull(),
    fileName: text("file_name").notNull(),
    /** What the content is, read from its bytes (never from the name or the browser's claim). */
    kind: text().$type<DossierFileKind>().notNull(),
    size: integer().notNull(),
    bytes: bytea().notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
  },
  (t) => [
    index("admission_form_files_candidate_idx").on(t.candidateId, t.form),
    uniqueIndex("admission_form_files_current_key").on(t.candidateId, t.form).where(sql`${t.replacedAt} IS NULL`),
  ],
);
