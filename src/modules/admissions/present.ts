import { z } from "zod";
import { historyEntry, timestamp, type Wire } from "../../core/http/present.js";
import { ADMISSION_STAGES, DOSSIER_FILE_KINDS, DOSSIER_FORMS } from "./model.js";

// What the admissions module answers. A candidate is personal data: these leave the server only on routes that
// need member.view on the cell (its committee, the office, the đảng ủy members who follow it).

const deadlineKind = z.enum(["decision", "ceremony", "recognitionVote", "recognitionDecision"]);
const deadlineState = z.enum(["running", "near", "passed"]);

export const openDeadlineSchema = z.object({
  kind: deadlineKind,
  dueOn: z.string(),
  state: deadlineState,
  /** Calendar days left (negative once passed). */
  daysLeft: z.number(),
});

/** A form's uploaded file, without its bytes (downloaded from /api/admission-form-files/:id). */
export const formFileSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  kind: z.enum(DOSSIER_FILE_KINDS),
  size: z.number(),
  uploadedAt: timestamp(),
  replacedAt: timestamp().nullable(),
});

export const candidateListItemSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  fullName: z.string(),
  stage: z.enum(ADMISSION_STAGES),
  openDeadline: openDeadlineSchema.nullable(),
  version: z.number(),
});

export const candidateListSchema = z.object({ items: z.array(candidateListItemSchema) });

export const candidateSchema = candidateListItemSchema.extend({
  dateOfBirth: z.string(),
  gender: z.enum(["male", "female"]).nullable(),
  unit: z.string().nullable(),
  helpers: z.array(z.object({ id: z.uuid(), fullName: z.string() })),
  courseCertificateOn: z.string().nullable(),
  certificateValidUntil: z.string().nullable(),
  resolutionOn: z.string().nullable(),
  resolutionVotesFor: z.number().nullable(),
  resolutionFullMembers: z.number().nullable(),
  resolutionDocumentId: z.uuid().nullable(),
  decisionOn: z.string().nullable(),
  decisionDocumentId: z.uuid().nullable(),
  ceremonyOn: z.string().nullable(),
  memberId: z.uuid().nullable(),
  probationEndsOn: z.string().nullable(),
  recognitionVoteOn: z.string().nullable(),
  recognitionVotesFor: z.number().nullable(),
  recognitionFullMembers: z.number().nullable(),
  recognitionOutcome: z.enum(["recognized", "refused"]).nullable(),
  recognitionDecisionOn: z.string().nullable(),
  officialOn: z.string().nullable(),
  deadlines: z.array(
    z.object({ kind: deadlineKind, from: z.string(), dueOn: z.string(), met: z.boolean(), state: deadlineState }),
  ),
  forms: z.array(
    z.object({
      form: z.enum(DOSSIER_FORMS),
      title: z.string(),
      generated: z.boolean(),
      receivedOn: z.string().nullable(),
      documentId: z.uuid().nullable(),
      /** The mass organisation that provided the form (4-KNĐ, 5-KNĐ), when one did. */
      providedBy: z.string().nullable(),
      /** The current file of the form, and those it replaced (newest first), kept as the dossier's history. */
      file: formFileSchema.nullable(),
      earlierFiles: z.array(formFileSchema),
    }),
  ),
});

export const candidateDetailSchema = candidateSchema.extend({
  cellName: z.string(),
  history: z.array(historyEntry),
});

export const pipelineSchema = z.object({
  stages: z.array(z.object({ stage: z.enum(ADMISSION_STAGES), count: z.number() })),
  /** The candidates still on the path, most urgent deadline first, a page at a time. */
  candidates: z.array(candidateListItemSchema.extend({ cellName: z.string() })),
  page: z.number(),
  pageSize: z.number(),
  totalCandidates: z.number(),
  targets: z.array(
    z.object({
      id: z.uuid(),
      resolutionId: z.uuid(),
      resolutionTitle: z.string(),
      organizationName: z.string(),
      name: z.string(),
      baseline: z.number(),
      goal: z.number(),
      latest: z.number().nullable(),
    }),
  ),
});

export type FormFile = Wire<typeof formFileSchema>;
export type CandidateListItem = Wire<typeof candidateListItemSchema>;
export type CandidateDetail = Wire<typeof candidateDetailSchema>;
export type Pipeline = Wire<typeof pipelineSchema>;
