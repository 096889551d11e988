import type { FastifyInstance } from "fastify";
import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { hanoiDate, todayIso } from "../../core/time.js";
import {
  candidateNames,
  candidatesGatheringDossier,
  registerFormProviders,
} from "../admissions/public-mass-organizations.js";
import { memberNames } from "../members/store.js";
import { getOrganization, listPositions } from "../organizations/store.js";
import { sessionTaskStates } from "../tasks/public-mass-organizations.js";
import {
  ASSIGNABLE_ROLES,
  createMassOrganizationBody,
  createSessionBody,
  introductionBody,
  sessionStatus,
  updateMassOrganizationBody,
  type MassOrganizationRules,
} from "./model.js";
import * as ops from "./operations.js";
import { massOrganizationDetailSchema, massOrganizationListSchema, massOrganizationSchema } from "./present.js";
import {
  getMassOrganization,
  listIntroductions,
  listMassOrganizations,
  listSessions,
  massOrganizationRules,
  providersOfCandidate,
  type LoadedMassOrganization,
  type MassOrganizationRow,
} from "./store.js";

const tags = ["mass-organizations"];

async function loadMassOrganization(ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) {
  const row = await getMassOrganization(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("mass_organization");
  return row;
}

/** The committee members of the cell or đảng bộ today: who may be assigned, and who may hand out its tasks. */
async function committeeOf(ex: Executor, organizationId: string, today: string) {
  const seen = new Map<string, string>();
  for (const p of await listPositions(ex, organizationId))
    if (
      (ASSIGNABLE_ROLES as readonly string[]).includes(p.role) &&
      p.startsOn <= today &&
      (!p.endsOn || today < p.endsOn)
    )
      seen.set(p.memberId, p.fullName);
  return [...seen].map(([id, fullName]) => ({ id, fullName }));
}

async function present(
  ex: Executor,
  rows: MassOrganizationRow[],
  rules: MassOrganizationRules,
  orgNames: Map<string, string>,
  today: string,
) {
  const sessions = await listSessions(
    ex,
    rows.map((r) => r.id),
  );
  const names = await memberNames(
    ex,
    rows.map((r) => r.assignedMemberId).filter((id): id is string => !!id),
  );
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organizationId,
    organizationName: orgNames.get(r.organizationId) ?? "",
    kind: r.kind,
    kindTitle: rules.kinds.find((k) => k.key === r.kind)?.title ?? r.kind,
    name: r.name,
    leaderName: r.leaderName,
    leaderTitle: r.leaderTitle,
    memberCount: r.memberCount,
    assignedMember: r.assignedMemberId
      ? { id: r.assignedMemberId, fullName: names.get(r.assignedMemberId)?.fullName ?? "" }
      : null,
    cadence: r.cadence,
    sessions: sessionStatus(
      r.cadence,
      hanoiDate(r.createdAt),
      sessions.filter((s) => s.massOrganizationId === r.id).map((s) => s.heldOn),
      today,
    ),
    version: r.version,
  }));
}

/** The assigned member records the sessions, as the committee does: the one rule a role cannot say. */
const mayRecordSession = (actor: Actor, mo: LoadedMassOrganization, org: OrgRef) =>
  can(actor, "plan.manage", org) || (actor.memberId !== null && actor.memberId === mo.assignedMemberId);

async function detail(ex: Executor, actor: Actor, mo: LoadedMassOrganization) {
  const today = todayIso();
  const org: OrgRef = { id: mo.organizationId, path: mo.orgPath };
  const rules = await massOrganizationRules(ex, mo.orgPath, today);
  const [base] = await present(ex, [mo], rules, new Map([[mo.organizationId, mo.orgName]]), today);
  const sessions = await listSessions(ex, [mo.id]);
  const workSessions = [];
  for (const s of sessions)
    workSessions.push({
      id: s.id,
      heldOn: s.heldOn,
      notes: s.notes,
      tasks: await sessionTaskStates(ex, s.taskIds, mo.orgPath, today),
    });
  const seesCandidates = can(actor, "member.view", org);
  const canIntroduce = can(actor, "member.manage", org);
  const introductions = seesCandidates ? await listIntroductions(ex, mo.id) : [];
  const names = await candidateNames(
    ex,
    introductions.map((i) => i.candidateId),
  );
  return {
    ...base!,
    kindForms: rules.kinds.find((k) => k.key === mo.kind)?.forms ?? [],
    workSessions,
    introductions: introductions.map((i) => ({
      id: i.id,
      candidateId: i.candidateId,
      candidateName: names.get(i.candidateId) ?? "",
      form: i.form,
      receivedOn: i.receivedOn,
      content: i.content,
    })),
    candidates: canIntroduce
      ? (await candidatesGatheringDossier(ex, mo.orgPath)).map((c) => ({
          id: c.id,
          fullName: c.fullName,
          cellName: c.cellName,
          version: c.version,
        }))
      : [],
    committee: await committeeOf(ex, mo.organizationId, today),
    canManage: can(actor, "plan.manage", org),
    canRecordSession: mayRecordSession(actor, mo, org),
    canIntroduce,
  };
}

export async function massOrganizationRoutes(app: FastifyInstance) {
  // The candidate's dossier shows 4-KNĐ and 5-KNĐ as provided by the organisation that gave them.
  registerFormProviders(providersOfCandidate);

  readRoute(app, {
    url: "/api/organizations/:id/mass-organizations",
    tags,
    params: idParams,
    response: massOrganizationListSchema,
    action: "plan.view",
    handle: async ({ ex, actor, org }) => {
      const today = todayIso();
      const rules = await massOrganizationRules(ex, org.path, today);
      const row = (await getOrganization(ex, org.id))!;
      const rows = await listMassOrganizations(ex, [org.id]);
      return {
        items: await present(ex, rows, rules, new Map([[org.id, row.name]]), today),
        kinds: rules.kinds,
        committee: await committeeOf(ex, org.id, today),
        canManage: can(actor, "plan.manage", org),
      };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/mass-organizations",
    tags,
    params: idParams,
    body: createMassOrganizationBody,
    response: massOrganizationSchema,
    status: 201,
    action: "plan.manage",
    load: async (ex, { params }) => {
      const org = await getOrganization(ex, params.id);
      if (!org) throw new NotFoundError("organization");
      return { ...org, organizationId: org.id };
    },
    handle: async ({ ex, actor, record, body }) => {
      const today = todayIso();
      const row = await ops.createMassOrganization(ex, actor, record, body, today);
      const rules = await massOrganizationRules(ex, record.path, today);
      return (await present(ex, [row], rules, new Map([[record.id, record.name]]), today))[0]!;
    },
  });

  readRoute(app, {
    url: "/api/mass-organizations/:id",
    tags,
    params: idParams,
    response: massOrganizationDetailSchema,
    action: "plan.view",
    load: loadMassOrganization,
    handle: ({ ex, actor, record }) => detail(ex, actor, record),
  });

  writeRoute(app, {
    url: "/api/mass-organizations/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: updateMassOrganizationBody,
    response: massOrganizationDetailSchema,
    action: "plan.manage",
    load: loadMassOrganization,
    handle: async ({ ex, actor, record, body }) => {
      await ops.updateMassOrganization(ex, actor, record, body, todayIso());
      return detail(ex, actor, (await getMassOrganization(ex, record.id))!);
    },
  });

  writeRoute(app, {
    url: "/api/mass-organizations/:id/sessions",
    tags,
    params: idParams,
    body: createSessionBody,
    response: massOrganizationDetailSchema,
    status: 201,
    action: "plan.view",
    load: loadMassOrganization,
    allow: (actor, record) => mayRecordSession(actor, record, { id: record.organizationId, path: record.orgPath }),
    handle: async ({ ex, actor, record, body }) => {
      await ops.recordSession(ex, actor, record, body, todayIso());
      return detail(ex, actor, (await getMassOrganization(ex, record.id))!);
    },
  });

  // A candidate's dossier is personal data: the committee that manages the cell's members records the form.
  writeRoute(app, {
    url: "/api/mass-organizations/:id/introductions",
    tags,
    params: idParams,
    body: introductionBody,
    response: massOrganizationDetailSchema,
    status: 201,
    action: "member.manage",
    load: loadMassOrganization,
    handle: async ({ ex, actor, record, body }) => {
      await ops.recordIntroduction(ex, actor, record, body, todayIso());
      return detail(ex, actor, record);
    },
  });
}
