import { z } from "zod";
import type { Wire } from "../../core/http/present.js";
import { CADENCES, PROVIDED_FORMS } from "./model.js";

// What the mass-organizations module answers. A candidate's name leaves the server only to those who may read the
// candidate's record (member.view on the cell): the committee, the office.

const person = z.object({ id: z.uuid(), fullName: z.string() });
const period = z.object({ key: z.string(), from: z.string(), to: z.string() });

export const massOrganizationSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  kind: z.string(),
  kindTitle: z.string(),
  name: z.string(),
  leaderName: z.string().nullable(),
  leaderTitle: z.string().nullable(),
  memberCount: z.number().nullable(),
  assignedMember: person.nullable(),
  cadence: z.enum(CADENCES),
  sessions: z.object({
    current: period,
    heldThisPeriod: z.boolean(),
    lastHeldOn: z.string().nullable(),
    missed: z.array(period),
  }),
  version: z.number(),
});

const kindSchema = z.object({
  key: z.string(),
  title: z.string(),
  cadence: z.enum(CADENCES),
  forms: z.array(z.enum(PROVIDED_FORMS)),
});

export const massOrganizationListSchema = z.object({
  items: z.array(massOrganizationSchema),
  kinds: z.array(kindSchema),
  /** Committee members who may be assigned (the cell's or đảng bộ's committee today). */
  committee: z.array(person),
  canManage: z.boolean(),
});

const taskState = z.object({
  id: z.uuid(),
  title: z.string(),
  responsibleName: z.string(),
  dueOn: z.string(),
  progress: z.number(),
  status: z.enum(["late", "at_risk", "on_track", "done"]),
});

export const massOrganizationDetailSchema = massOrganizationSchema.extend({
  kindForms: z.array(z.enum(PROVIDED_FORMS)),
  workSessions: z.array(z.object({ id: z.uuid(), heldOn: z.string(), notes: z.string(), tasks: z.array(taskState) })),
  /** Empty for readers who may not see candidates. */
  introductions: z.array(
    z.object({
      id: z.uuid(),
      candidateId: z.uuid(),
      candidateName: z.string(),
      form: z.enum(PROVIDED_FORMS),
      receivedOn: z.string(),
      content: z.string().nullable(),
    }),
  ),
  /** Candidates still gathering their dossier under this organisation, for the committee's form; else empty. */
  candidates: z.array(z.object({ id: z.uuid(), fullName: z.string(), cellName: z.string(), version: z.number() })),
  committee: z.array(person),
  canManage: z.boolean(),
  canRecordSession: z.boolean(),
  canIntroduce: z.boolean(),
});

export type MassOrganization = Wire<typeof massOrganizationSchema>;
export type MassOrganizationList = Wire<typeof massOrganizationListSchema>;
export type MassOrganizationDetail = Wire<typeof massOrganizationDetailSchema>;
