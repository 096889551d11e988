import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import { CREDENTIAL_STATES, DELEGATE_KINDS, STEP_GROUPS, STEP_OWNERS } from "./preparation-model.js";

// What the congress preparation answers. A field not named here never leaves the server.

const stage = z.enum(["done", "overdue", "due_soon", "open"]);
const attendance = z.object({ expected: z.number(), present: z.number(), alternatesPresent: z.number() });

export const stepSchema = z.object({
  id: z.uuid(),
  preparationId: z.uuid(),
  organizationId: z.uuid(),
  stepKey: z.string(),
  position: z.number(),
  group: z.enum(STEP_GROUPS),
  owner: z.enum(STEP_OWNERS),
  title: z.string(),
  titleEn: z.string(),
  source: z.string(),
  dueOn: z.string(),
  ownerMemberId: z.uuid().nullable(),
  done: z.boolean(),
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});

const draft = z
  .object({
    id: z.uuid(),
    summary: z.string().nullable(),
    status: z.string(),
    type: z.string(),
    numberText: z.string().nullable(),
  })
  .nullable();

export const delegateSchema = z.object({
  id: z.uuid(),
  preparationId: z.uuid(),
  cellId: z.uuid(),
  memberId: z.uuid(),
  kind: z.enum(DELEGATE_KINDS),
  credential: z.enum(CREDENTIAL_STATES),
  credentialNote: z.string().nullable(),
  present: z.boolean(),
  version: z.number(),
});

export const preparationSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  organizationKind: z.enum(["cell", "party_committee"]),
  termId: z.uuid().nullable(),
  congressOn: z.string(),
  nextTermLabel: z.string(),
  place: z.string().nullable(),
  rulebookKey: z.string(),
  presidium: z.array(z.uuid()),
  secretariat: z.array(z.uuid()),
  countingBoard: z.array(z.uuid()),
  agenda: z.array(z.string()),
  currentItem: z.number().nullable(),
  steps: z.array(stepSchema.extend({ ownerName: z.string().nullable(), stage })),
  drafts: z.object({ politicalReport: draft, selfReview: draft, draftResolution: draft, minutes: draft }),
  /** The congress day has come (by the server's date) and its minutes are not yet made. */
  minutesDue: z.boolean(),
  quotas: z.array(
    z.object({
      cellId: z.uuid(),
      cellName: z.string(),
      quota: z.number().nullable(),
      officials: z.number(),
      alternates: z.number(),
    }),
  ),
  delegates: z.array(
    delegateSchema.omit({ preparationId: true }).extend({ cellName: z.string(), fullName: z.string() }),
  ),
  attendance,
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

export const preparationListSchema = itemsOf(preparationSchema);

const cellDelegates = z.object({
  preparationId: z.uuid(),
  congressOn: z.string(),
  nextTermLabel: z.string(),
  cellId: z.uuid(),
  quota: z.number().nullable(),
  maxAlternates: z.number(),
  delegates: z.array(
    z.object({
      memberId: z.uuid(),
      fullName: z.string(),
      kind: z.enum(DELEGATE_KINDS),
      credential: z.enum(CREDENTIAL_STATES),
    }),
  ),
  members: z.array(z.object({ id: z.uuid(), fullName: z.string() })),
});
export const cellDelegatesSchema = cellDelegates;
export const cellCongressesSchema = itemsOf(cellDelegates);

/** The projector's page: nothing personal beyond what the hall itself shows. */
export const hallSchema = z.object({
  id: z.uuid(),
  organizationName: z.string(),
  congressOn: z.string(),
  nextTermLabel: z.string(),
  agenda: z.array(z.string()),
  currentItem: z.number().nullable(),
  currentTitle: z.string().nullable(),
  attendance,
  results: z.array(
    z.object({
      title: z.string(),
      /** The round of that election: a second round shows beside the first. */
      round: z.number(),
      seats: z.number(),
      validBallots: z.number(),
      candidates: z.array(z.object({ name: z.string(), votes: z.number(), elected: z.boolean() })),
    }),
  ),
  version: z.number(),
});

export type PreparationView = Wire<typeof preparationSchema>;
export type PreparationStepView = PreparationView["steps"][number];
export type CellDelegatesView = Wire<typeof cellDelegatesSchema>;
export type HallView = Wire<typeof hallSchema>;
