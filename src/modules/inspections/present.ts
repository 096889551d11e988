import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import {
  APPEAL_OUTCOMES,
  DISCIPLINE_BODIES,
  DISCIPLINE_FORMS,
  INSPECTION_TYPES,
  PROGRAMME_BODIES,
  STEP_KEYS,
} from "./model.js";

// What the inspections module answers. A field not named here never leaves the server: the denouncer, for one, is
// named only in the UBKT's answer.

export const programmeItemSchema = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  position: z.number(),
  subjectOrganizationId: z.uuid().nullable(),
  subjectMemberId: z.uuid().nullable(),
  subjectName: z.string(),
  type: z.enum(INSPECTION_TYPES),
  content: z.string(),
  leadMemberId: z.uuid(),
  leadName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** Inspections started from this line, and how many are concluded: the programme's progress. */
  started: z.number(),
  concluded: z.number(),
});

export const programmeSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  body: z.enum(PROGRAMME_BODIES),
  year: z.number(),
  title: z.string(),
  adoptedOn: z.string().nullable(),
  numberText: z.string().nullable(),
  issuedOn: z.string().nullable(),
  version: z.number(),
  createdAt: timestamp(),
});

export const programmeDetailSchema = programmeSchema.extend({
  items: z.array(programmeItemSchema),
  mayManage: z.boolean(),
});
export const programmeListSchema = itemsOf(programmeDetailSchema);

export const stepSchema = z.object({
  id: z.uuid(),
  step: z.enum(STEP_KEYS),
  on: z.string(),
  text: z.string().nullable(),
  numberText: z.string().nullable(),
  actorName: z.string(),
});

export const findingSchema = z.object({
  id: z.uuid(),
  inspectionId: z.uuid(),
  text: z.string(),
  remedy: z.string(),
  ownerMemberId: z.uuid(),
  ownerName: z.string(),
  dueOn: z.string(),
  taskId: z.uuid().nullable(),
  report: z.string().nullable(),
  reportedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  version: z.number(),
});

export const inspectionSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  body: z.enum(PROGRAMME_BODIES),
  type: z.enum(INSPECTION_TYPES),
  confidential: z.boolean(),
  programmeItemId: z.uuid().nullable(),
  subjectOrganizationId: z.uuid().nullable(),
  subjectMemberId: z.uuid().nullable(),
  subjectName: z.string(),
  content: z.string(),
  leadMemberId: z.uuid(),
  leadName: z.string(),
  meetingId: z.uuid().nullable(),
  concludedOn: z.string().nullable(),
  version: z.number(),
});

export const inspectionListSchema = itemsOf(inspectionSchema);

export const inspectionDetailSchema = inspectionSchema.extend({
  steps: z.array(stepSchema),
  nextSteps: z.array(z.enum(STEP_KEYS)),
  declaredSteps: z.array(z.enum(STEP_KEYS)),
  findings: z.array(findingSchema),
  /** What the reader may do: run the steps (the team), write the self-report (the subject). */
  mayRun: z.boolean(),
  maySelfReport: z.boolean(),
  /** A denunciation's receipt and deadlines; the denouncer only for the UBKT. */
  receivedOn: z.string().nullable(),
  acceptBy: z.string().nullable(),
  resolveBy: z.string().nullable(),
  denouncer: z.string().nullable(),
  mayReadOpenings: z.boolean(),
});

export const openingSchema = z.object({ id: z.uuid(), displayName: z.string(), openedAt: timestamp() });
export const openingListSchema = itemsOf(openingSchema);

/** An appeal: the subject's text, its resolution deadline, and how it was resolved. */
const appealFields = {
  appealText: z.string().nullable(),
  appealLodgedBy: z.enum(["subject", "inspection_committee"]).nullable(),
  appealResolveBy: z.string().nullable(),
  appealOutcome: z.enum(APPEAL_OUTCOMES).nullable(),
  appealResolvedOn: z.string().nullable(),
  appealForm: z.enum(DISCIPLINE_FORMS).nullable(),
  appealResolutionText: z.string().nullable(),
  /** The UBKT's notice of the resolution (TB), downloadable once resolved. */
  appealNumberText: z.string().nullable(),
};

export const disciplineSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  caseId: z.uuid().nullable(),
  proposedForm: z.enum(DISCIPLINE_FORMS),
  reason: z.string(),
  proposedOn: z.string(),
  body: z.enum(DISCIPLINE_BODIES).nullable(),
  form: z.enum(DISCIPLINE_FORMS).nullable(),
  decidedOn: z.string().nullable(),
  receivedOn: z.string().nullable(),
  numberText: z.string().nullable(),
  appealBy: z.string().nullable(),
  appealedOn: z.string().nullable(),
  ...appealFields,
  version: z.number(),
});
export const disciplineListSchema = itemsOf(disciplineSchema);

/**
 * A decision as its subject reads it on their own page: the decision and the appeal, never the proposal behind it
 * nor the confidential case it came from.
 */
export const ownDisciplineSchema = z.object({
  id: z.uuid(),
  body: z.enum(DISCIPLINE_BODIES).nullable(),
  form: z.enum(DISCIPLINE_FORMS).nullable(),
  reason: z.string(),
  decidedOn: z.string().nullable(),
  receivedOn: z.string().nullable(),
  numberText: z.string().nullable(),
  appealBy: z.string().nullable(),
  appealedOn: z.string().nullable(),
  ...appealFields,
  /** Whether the window is still open today and nothing was lodged yet. */
  mayAppeal: z.boolean(),
  version: z.number(),
});
export const ownDisciplineListSchema = itemsOf(ownDisciplineSchema);
export type OwnDisciplineWire = Wire<typeof ownDisciplineSchema>;

export const dashboardSchema = z.object({
  programmes: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      body: z.enum(PROGRAMME_BODIES),
      planned: z.number(),
      done: z.number(),
    }),
  ),
  openFindings: z.number(),
  overdueRemedies: z.array(
    z.object({ id: z.uuid(), inspectionId: z.uuid(), remedy: z.string(), dueOn: z.string(), ownerName: z.string() }),
  ),
  /** Confidential cases near their deadline: counted only for the UBKT (zero and empty for anyone else). */
  casesNearDeadline: z.array(z.object({ id: z.uuid(), resolveBy: z.string(), type: z.enum(INSPECTION_TYPES) })),
  /** Appeals not yet resolved, by resolution deadline: for the UBKT only, like the cases. */
  openAppeals: z.array(
    z.object({ id: z.uuid(), numberText: z.string().nullable(), appealedOn: z.string(), resolveBy: z.string() }),
  ),
  isInspector: z.boolean(),
  /** On a đảng bộ: the cells the reader may record a routine supervision of, and for which bodies. */
  routineCells: z.array(
    z.object({ id: z.uuid(), name: z.string(), bodies: z.array(z.enum(["party_committee", "inspection_committee"])) }),
  ),
});

export type ProgrammeWire = Wire<typeof programmeDetailSchema>;
export type InspectionWire = Wire<typeof inspectionSchema>;
export type InspectionDetailWire = Wire<typeof inspectionDetailSchema>;
export type FindingWire = Wire<typeof findingSchema>;
export type DisciplineWire = Wire<typeof disciplineSchema>;
export type DashboardWire = Wire<typeof dashboardSchema>;

/** The UBKT's report (BC): its period, its editable sections, its number once issued. */
export const reportSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.enum(["quarter", "year"]),
  year: z.number(),
  quarter: z.number().nullable(),
  fromOn: z.string(),
  toOn: z.string(),
  sections: z.array(z.object({ key: z.string(), heading: z.string(), text: z.string() })),
  signerName: z.string().nullable(),
  numberText: z.string().nullable(),
  issuedOn: z.string().nullable(),
  version: z.number(),
  createdAt: timestamp(),
});
export const reportListSchema = itemsOf(reportSchema);
export type ReportWire = Wire<typeof reportSchema>;
