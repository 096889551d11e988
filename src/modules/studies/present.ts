import { z } from "zod";
import type { Wire } from "../../core/http/present.js";
import { REFLECTION_VIA } from "./model.js";

// What the studies module answers. A member's reflection is read by the cell's committee and the office; an ordinary
// member reads their own only.

const tally = z.object({ total: z.number(), studied: z.number(), reflected: z.number() });
const report = z.object({ documentId: z.uuid(), numberText: z.string().nullable(), issuedOn: z.string() });
const resolutionRef = z.object({ id: z.uuid(), number: z.string().nullable(), title: z.string() });
const dated = z.object({ id: z.uuid(), heldOn: z.string() });

export const cellStudiesSchema = z.object({
  resolutions: z.array(
    resolutionRef.extend({
      issuedOn: z.string().nullable(),
      session: dated.extend({ place: z.string() }).nullable(),
      makeups: z.array(dated),
      tally: tally.nullable(),
      report: report.nullable(),
      /** The reader's own part: attended a session, and their reflection. */
      mine: z.object({ studied: z.boolean(), reflectedOn: z.string().nullable() }).nullable(),
    }),
  ),
  canManage: z.boolean(),
});

export const studySessionSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  cellName: z.string(),
  resolution: resolutionRef,
  heldOn: z.string(),
  place: z.string(),
  presenter: z.string().nullable(),
  note: z.string().nullable(),
  makeupOf: dated.nullable(),
  makeups: z.array(dated),
  reflectionDueOn: z.string(),
  roster: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string(),
      exempt: z.boolean(),
      /** Present at this session. */
      present: z.boolean(),
      /** Studied the resolution at this session or another. */
      studied: z.boolean(),
      /** Only for the committee and the office. */
      reflection: z
        .object({ via: z.enum(REFLECTION_VIA), receivedOn: z.string(), content: z.string().nullable() })
        .nullable(),
    }),
  ),
  tally,
  report: report.nullable(),
  myReflection: z
    .object({ via: z.enum(REFLECTION_VIA), receivedOn: z.string(), content: z.string().nullable() })
    .nullable(),
  mayReflect: z.boolean(),
  canManage: z.boolean(),
  version: z.number(),
});

export const studyOverviewSchema = z.object({
  resolutions: z.array(
    resolutionRef.extend({
      organizationName: z.string(),
      cells: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          heldOn: z.string().nullable(),
          tally: tally.nullable(),
          report: report.nullable(),
        }),
      ),
    }),
  ),
});

export type CellStudies = Wire<typeof cellStudiesSchema>;
export type StudySession = Wire<typeof studySessionSchema>;
export type StudyOverview = Wire<typeof studyOverviewSchema>;
