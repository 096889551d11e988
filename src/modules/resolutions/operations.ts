import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import { getCongress } from "../congresses/store.js";
import { getMeeting } from "../meetings/store.js";
import {
  canTransition,
  initialState,
  isOpen,
  type CreateResolutionInput,
  type measurementBody,
  type resolutionTaskBody,
  type targetBody,
  type transitionBody,
} from "./model.js";
import { measurements, resolutions, resolutionTasks, targets } from "./schema.js";
import type { ResolutionRow, TargetRow } from "./store.js";

type ResolutionTaskRow = typeof resolutionTasks.$inferSelect;
type MeasurementRow = typeof measurements.$inferSelect;

type ResolutionState = ResolutionRow["state"];
type ResolutionEvents = {
  create: Change<null, ResolutionRow & { targets: TargetRow[]; tasks: ResolutionTaskRow[] }>;
  [transition: `transition:${string}->${string}`]: Change<
    { state: ResolutionState },
    { state: ResolutionState; on: string; meetingId?: string | null }
  >;
  "document.issue": Change<null, { documentId: string; numberText: string | null }>;
};
type TargetEvents = { create: Change<null, TargetRow>; measure: Change<null, MeasurementRow> };
type ResolutionTaskEvents = { create: Change<null, ResolutionTaskRow> };

const resolutionAudit = auditTrail<ResolutionEvents>("resolution");
const targetAudit = auditTrail<TargetEvents>("target");
const resolutionTaskAudit = auditTrail<ResolutionTaskEvents>("resolution_task");

export async function createResolution(tx: Tx, actor: Actor, org: OrganizationRow, input: CreateResolutionInput) {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (input.kind === "higher" && !input.number)
    throw new RuleError("number_required", "number", "errors.higher_needs_number");
  if (input.congressId) {
    const congress = await getCongress(tx, input.congressId);
    if (!congress || congress.organizationId !== org.id)
      throw new RuleError("not_found", "congressId", "errors.not_found", { what: "congress" });
  }
  const state = initialState(input.kind);
  const [row] = await tx
    .insert(resolutions)
    .values({
      organizationId: org.id,
      kind: input.kind,
      number: input.number,
      title: input.title,
      summary: input.summary,
      congressId: input.congressId,
      state,
    })
    .returning();
  const ts = input.targets.length
    ? await tx
        .insert(targets)
        .values(input.targets.map((t, position) => ({ ...t, position, resolutionId: row!.id })))
        .returning()
    : [];
  const tasks = input.tasks.length
    ? await tx
        .insert(resolutionTasks)
        .values(input.tasks.map((t, position) => ({ ...t, position, resolutionId: row!.id })))
        .returning()
    : [];
  await resolutionAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    {
      before: null,
      after: { ...row!, targets: ts, tasks },
    },
  );
  return { ...row!, targets: ts, tasks };
}

/** Moves a resolution along its workflow; a transition the workflow does not list is refused. */
export async function transitionResolution(
  tx: Tx,
  actor: Actor,
  resolution: ResolutionRow,
  input: z.infer<typeof transitionBody>,
) {
  if (!canTransition(resolution.state, input.to)) {
    throw new RuleError("transition_forbidden", "to", "errors.transition_forbidden", {
      from: `ui.resolution.state.${resolution.state}`,
      to: `ui.resolution.state.${input.to}`,
    });
  }
  const changes: Partial<typeof resolutions.$inferInsert> = { state: input.to, updatedAt: new Date() };
  if (input.to === "adopted") {
    // The meeting that adopted it must be one of the resolution's own organisation.
    if (input.meetingId) {
      const meeting = await getMeeting(tx, input.meetingId);
      if (!meeting || meeting.organizationId !== resolution.organizationId)
        throw new RuleError("not_found", "meetingId", "errors.not_found", { what: "meeting" });
    }
    changes.adoptedOn = input.on;
    changes.meetingId = input.meetingId;
  }
  if (input.to === "issued") {
    // An issued resolution always has its number: the register draws it (issueResolutionDocument), or the
    // request records one already issued on paper. Without either the move is refused, whoever asks.
    if (!(input.number ?? resolution.number))
      throw new RuleError("issue_through_register", "number", "errors.resolution_issue_through_register");
    changes.issuedOn = input.on;
    if (input.number) changes.number = input.number;
    if (resolution.adoptedOn && input.on < resolution.adoptedOn)
      throw new RuleError("date_order", "on", "errors.date_order", {
        later: "fields.issuedOn",
        earlier: "fields.adoptedOn",
      });
  }
  const row = await updateVersioned(tx, resolutions, resolution.id, input.version, changes);
  await resolutionAudit(
    tx,
    actor,
    `transition:${resolution.state}->${input.to}`,
    { organizationId: resolution.organizationId, entityId: resolution.id },
    { before: { state: resolution.state }, after: { state: input.to, on: input.on, meetingId: input.meetingId } },
  );
  return row;
}

/** Links the issued NQ document of the register to its resolution. */
export async function linkResolutionDocument(
  tx: Tx,
  actor: Actor,
  resolution: ResolutionRow,
  document: { id: string; numberText: string | null },
): Promise<ResolutionRow> {
  const [row] = await tx
    .update(resolutions)
    .set({ documentId: document.id })
    .where(eq(resolutions.id, resolution.id))
    .returning();
  await resolutionAudit(
    tx,
    actor,
    "document.issue",
    { organizationId: resolution.organizationId, entityId: resolution.id },
    { before: null, after: { documentId: document.id, numberText: document.numberText } },
  );
  return row!;
}

function assertOpen(resolution: ResolutionRow) {
  if (!isOpen(resolution.state)) throw new ConflictError("resolution_concluded", "errors.resolution_concluded");
}

export async function addTarget(tx: Tx, actor: Actor, resolution: ResolutionRow, input: z.infer<typeof targetBody>) {
  assertOpen(resolution);
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(targets)
    .where(eq(targets.resolutionId, resolution.id))) as [{ n: number }];
  const [row] = await tx
    .insert(targets)
    .values({ ...input, resolutionId: resolution.id, position: n })
    .returning();
  await targetAudit(
    tx,
    actor,
    "create",
    { organizationId: resolution.organizationId, entityId: row!.id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}

export async function addResolutionTask(
  tx: Tx,
  actor: Actor,
  resolution: ResolutionRow,
  input: z.infer<typeof resolutionTaskBody>,
) {
  assertOpen(resolution);
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(resolutionTasks)
    .where(eq(resolutionTasks.resolutionId, resolution.id))) as [{ n: number }];
  const [row] = await tx
    .insert(resolutionTasks)
    .values({ ...input, resolutionId: resolution.id, position: n })
    .returning();
  await resolutionTaskAudit(
    tx,
    actor,
    "create",
    { organizationId: resolution.organizationId, entityId: row!.id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}

export async function addMeasurement(
  tx: Tx,
  actor: Actor,
  target: TargetRow & { organizationId: string },
  input: z.infer<typeof measurementBody>,
) {
  const [row] = await tx
    .insert(measurements)
    .values({ ...input, targetId: target.id })
    .returning();
  await targetAudit(
    tx,
    actor,
    "measure",
    { organizationId: target.organizationId, entityId: target.id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}
