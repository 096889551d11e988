import { z } from "zod";
import { historyEntry, timestamp, type Wire } from "../../core/http/present.js";
import { RESOLUTION_KINDS, RESOLUTION_STATES } from "./model.js";

// What the resolutions module answers. A field not named here never leaves the server.

export const resolutionSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.enum(RESOLUTION_KINDS),
  number: z.string().nullable(),
  title: z.string(),
  summary: z.string().nullable(),
  congressId: z.uuid().nullable(),
  meetingId: z.uuid().nullable(),
  state: z.enum(RESOLUTION_STATES),
  adoptedOn: z.string().nullable(),
  issuedOn: z.string().nullable(),
  documentId: z.uuid().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

export const targetSchema = z.object({
  id: z.uuid(),
  resolutionId: z.uuid(),
  position: z.number(),
  name: z.string(),
  measureUnit: z.string(),
  baseline: z.number(),
  goal: z.number(),
  dueOn: z.string().nullable(),
  version: z.number(),
});

export const measurementSchema = z.object({
  id: z.uuid(),
  targetId: z.uuid(),
  measuredOn: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  createdAt: timestamp(),
});

export const resolutionTaskSchema = z.object({
  id: z.uuid(),
  resolutionId: z.uuid(),
  position: z.number(),
  title: z.string(),
  focal: z.boolean(),
  breakthrough: z.boolean(),
});

/** A resolution in a list, with the roll-up of the work planned under it (null when nothing is planned). */
export const resolutionListSchema = z.object({
  items: z.array(resolutionSchema.extend({ progress: z.number().nullable() })),
});

export const createdResolutionSchema = resolutionSchema.extend({
  targets: z.array(targetSchema),
  tasks: z.array(resolutionTaskSchema),
});

export const resolutionDetailSchema = resolutionSchema.extend({
  nextStates: z.array(z.enum(RESOLUTION_STATES)),
  progress: z.number().nullable(),
  targets: z.array(
    targetSchema.extend({
      measurements: z.array(measurementSchema),
      attainment: z.number().nullable(),
      workProgress: z.number().nullable(),
      latest: z.number().nullable(),
    }),
  ),
  tasks: z.array(resolutionTaskSchema),
  plans: z.array(z.object({ id: z.uuid(), title: z.string(), kind: z.string(), progress: z.number().nullable() })),
  history: z.array(historyEntry),
});

export const issuedResolutionSchema = resolutionSchema.extend({
  document: z.object({ id: z.uuid(), numberText: z.string().nullable(), issuedOn: z.string().nullable() }),
});

export type ResolutionDetail = Wire<typeof resolutionDetailSchema>;
export type ResolutionListItem = Wire<typeof resolutionListSchema>["items"][number];
