import { and, eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { candidateForIntroduction, recordProvidedForm } from "../admissions/public-mass-organizations.js";
import { getOrganization, listPositions, type OrganizationRow } from "../organizations/store.js";
import { createSessionTask } from "../tasks/public-mass-organizations.js";
import {
  defaultTaskDue,
  mayProvide,
  onCommitteeOn,
  type CreateMassOrganizationInput,
  type CreateSessionInput,
  type IntroductionInput,
  type MassOrganizationRules,
  type UpdateMassOrganizationInput,
} from "./model.js";
import { massOrganizationIntroductions, massOrganizations, massOrganizationSessions } from "./schema.js";
import {
  massOrganizationRules,
  type IntroductionRow,
  type LoadedMassOrganization,
  type MassOrganizationRow,
  type SessionRow,
} from "./store.js";

type MassOrganizationEvents = {
  create: Change<null, MassOrganizationRow>;
  update: Change<MassOrganizationRow, MassOrganizationRow>;
  session: Change<null, SessionRow>;
  introduction: Change<IntroductionRow | null, IntroductionRow>;
};
const audit = auditTrail<MassOrganizationEvents>("mass_organization");

const notAfterToday = (value: string, field: string, today: string) => {
  if (value > today) throw new RuleError("date_in_future", field, "massorg.date_in_future");
};

function kindOf(rules: MassOrganizationRules, key: string) {
  const kind = rules.kinds.find((k) => k.key === key);
  if (!kind) throw new RuleError("kind_unknown", "kind", "massorg.kind_unknown");
  return kind;
}

/** The assigned member must hold a committee post of the cell or đảng bộ that leads the organisation. */
async function checkAssignee(tx: Tx, organizationId: string, memberId: string | null, today: string) {
  if (!memberId) return;
  if (!onCommitteeOn(await listPositions(tx, organizationId), memberId, today))
    throw new RuleError("assignee_not_committee", "assignedMemberId", "massorg.assignee_not_committee");
}

export async function createMassOrganization(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: CreateMassOrganizationInput,
  today: string,
): Promise<MassOrganizationRow> {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (org.kind === "group") throw new ConflictError("massorg_not_group", "massorg.not_group");
  const kind = kindOf(await massOrganizationRules(tx, org.path, today), input.kind);
  await checkAssignee(tx, org.id, input.assignedMemberId, today);
  const [row] = await tx
    .insert(massOrganizations)
    .values({ organizationId: org.id, ...input, cadence: input.cadence ?? kind.cadence })
    .returning();
  await audit(tx, actor, "create", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

export async function updateMassOrganization(
  tx: Tx,
  actor: Actor,
  mo: LoadedMassOrganization,
  input: UpdateMassOrganizationInput,
  today: string,
): Promise<MassOrganizationRow> {
  if (input.assignedMemberId !== mo.assignedMemberId)
    await checkAssignee(tx, mo.organizationId, input.assignedMemberId, today);
  const { version, ...changes } = input;
  const row = await updateVersioned(tx, massOrganizations, mo.id, version, changes);
  const { orgPath: _p, orgName: _n, ...before } = mo;
  await audit(tx, actor, "update", { organizationId: mo.organizationId, entityId: mo.id }, { before, after: row });
  return row;
}

/**
 * A work session with the organisation's leaders: its notes, and the tasks handed out, each a task of the cell or
 * đảng bộ in the tasks module (due by the end of the next month or quarter unless the session says otherwise).
 */
export async function recordSession(
  tx: Tx,
  actor: Actor,
  mo: LoadedMassOrganization,
  input: CreateSessionInput,
  today: string,
  options: { quiet?: boolean } = {},
): Promise<SessionRow> {
  notAfterToday(input.heldOn, "heldOn", today);
  const org = (await getOrganization(tx, mo.organizationId))!;
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  const taskIds: string[] = [];
  for (const [i, task] of input.tasks.entries()) {
    const dueOn = task.dueOn ?? defaultTaskDue(mo.cadence, input.heldOn);
    if (dueOn < input.heldOn) throw new RuleError("due_before_start", `tasks.${i}.dueOn`, "errors.due_before_start");
    const created = await createSessionTask(
      tx,
      actor,
      {
        organizationId: mo.organizationId,
        title: task.title,
        description: mo.name,
        responsibleMemberId: task.responsibleMemberId,
        startsOn: input.heldOn,
        dueOn,
      },
      options,
    );
    taskIds.push(created.id);
  }
  const [row] = await tx
    .insert(massOrganizationSessions)
    .values({ massOrganizationId: mo.id, heldOn: input.heldOn, notes: input.notes, taskIds })
    .returning();
  await updateVersioned(tx, massOrganizations, mo.id, input.version, {});
  await audit(
    tx,
    actor,
    "session",
    { organizationId: mo.organizationId, entityId: mo.id },
    { before: null, after: row! },
  );
  return row!;
}

/**
 * The organisation's introduction of a candidate (4-KNĐ, only the youth and trade unions) or its comments on one
 * (5-KNĐ): the candidate must be followed by a cell the organisation's cell or đảng bộ leads, and the form goes into
 * the candidate's dossier as provided by the organisation.
 */
export async function recordIntroduction(
  tx: Tx,
  actor: Actor,
  mo: LoadedMassOrganization,
  input: IntroductionInput,
  today: string,
): Promise<IntroductionRow> {
  notAfterToday(input.receivedOn, "receivedOn", today);
  const rules = await massOrganizationRules(tx, mo.orgPath, input.receivedOn);
  if (!mayProvide(rules, mo.kind, input.form))
    throw new RuleError("form_not_provided", "form", "massorg.form_not_provided", {
      form: input.form,
      kind: rules.kinds.find((k) => k.key === mo.kind)?.title ?? mo.kind,
    });
  const candidate = await candidateForIntroduction(tx, input.candidateId, { forUpdate: true });
  if (!candidate) throw new NotFoundError("candidate");
  if (!candidate.cellPath.startsWith(mo.orgPath))
    throw new RuleError("candidate_outside", "candidateId", "massorg.candidate_outside");
  await recordProvidedForm(tx, actor, {
    candidateId: candidate.id,
    form: input.form,
    receivedOn: input.receivedOn,
    version: input.version,
  });
  const [before] = await tx
    .select()
    .from(massOrganizationIntroductions)
    .where(
      and(
        eq(massOrganizationIntroductions.candidateId, candidate.id),
        eq(massOrganizationIntroductions.form, input.form),
      ),
    );
  const values = {
    massOrganizationId: mo.id,
    candidateId: candidate.id,
    form: input.form,
    receivedOn: input.receivedOn,
    content: input.content,
  };
  const [after] = before
    ? await tx
        .update(massOrganizationIntroductions)
        .set(values)
        .where(eq(massOrganizationIntroductions.id, before.id))
        .returning()
    : await tx.insert(massOrganizationIntroductions).values(values).returning();
  await audit(
    tx,
    actor,
    "introduction",
    { organizationId: mo.organizationId, entityId: mo.id },
    { before: before ?? null, after: after! },
  );
  return after!;
}
