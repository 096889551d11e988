import type { FastifyInstance } from "fastify";
import { type Actor, can, loadOrgRef, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { addDays, todayIso } from "../../core/time.js";
import { excludeFromOfficeExport } from "../../core/backup/subtree-export.js";
import { getMember, memberNames } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import {
  confidentialReach,
  type ConfidentialReach,
  isDecidingCommittee,
  isInspector,
  mayRun,
  seesDenouncer,
} from "./access.js";
import {
  adoptProgrammeBody,
  appealBody,
  appealDeadline,
  closeFindingBody,
  denunciationBody,
  disciplineDecisionBody,
  disciplineProposalBody,
  findingBody,
  inspectionBody,
  nextSteps,
  type ProgrammeBody,
  programmeBody,
  programmeItemBody,
  remedyReportBody,
  stepBody,
} from "./model.js";
import * as ops from "./operations.js";
import {
  dashboardSchema,
  disciplineListSchema,
  disciplineSchema,
  findingSchema,
  inspectionDetailSchema,
  inspectionListSchema,
  inspectionSchema,
  openingListSchema,
  programmeDetailSchema,
  programmeListSchema,
} from "./present.js";
import * as store from "./store.js";
import { CONFIDENTIAL_TABLE_NAMES } from "./schema.js";

const tags = ["inspections"];

// An office exports its subtree; confidential files are not the office's to read, so not to export either.
excludeFromOfficeExport(CONFIDENTIAL_TABLE_NAMES);

async function orgOrThrow(ex: Executor, id: string) {
  const org = await getOrganization(ex, id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

/** The names a page shows for subjects, leads and owners. */
async function nameLookup(ex: Executor, memberIds: (string | null)[], orgIds: (string | null)[]) {
  const members = await memberNames(
    ex,
    memberIds.filter((x): x is string => !!x),
  );
  const orgs = new Map<string, string>();
  for (const id of new Set(orgIds.filter((x): x is string => !!x)))
    orgs.set(id, (await getOrganization(ex, id))?.name ?? "");
  return {
    member: (id: string | null) => (id ? (members.get(id)?.fullName ?? "") : ""),
    subject: (r: { subjectOrganizationId: string | null; subjectMemberId: string | null }) =>
      r.subjectOrganizationId
        ? (orgs.get(r.subjectOrganizationId) ?? "")
        : (members.get(r.subjectMemberId!)?.fullName ?? ""),
  };
}

/** The organisation a record concerns: its subject organisation, or the subject member's own. */
async function subjectOrgOf(ex: Executor, r: { subjectOrganizationId: string | null; subjectMemberId: string | null }) {
  const id = r.subjectOrganizationId ?? (await getMember(ex, r.subjectMemberId!))!.organizationId;
  return (await loadOrgRef(ex, id))!;
}

/**
 * May the actor read an ordinary inspection or a programme line? Only where they read its subject's plans — the UBKT
 * and the office over the whole đảng bộ, a đảng ủy member over the cells they oversee, a cell's committee over its
 * own cell — or when they run it. A seat on the đảng ủy alone reads the đảng bộ's page, not every cell's.
 */
async function readsOrdinary(
  ex: Executor,
  actor: Actor,
  r: { subjectOrganizationId: string | null; subjectMemberId: string | null; body: ProgrammeBody },
  owner: OrgRef,
) {
  return can(actor, "plan.view", await subjectOrgOf(ex, r)) || mayRun(actor, r.body, owner);
}

async function presentProgramme(ex: Executor, actor: Actor, programme: store.ProgrammeRow, owner: OrgRef) {
  const items = [];
  for (const i of await store.listProgrammeItems(ex, [programme.id]))
    if (await readsOrdinary(ex, actor, { ...i, body: programme.body }, owner)) items.push(i);
  const started = items.length
    ? (await store.listInspections(ex, owner.path)).filter((i) => i.programmeItemId !== null)
    : [];
  const names = await nameLookup(
    ex,
    items.flatMap((i) => [i.subjectMemberId, i.leadMemberId]),
    items.map((i) => i.subjectOrganizationId),
  );
  return {
    ...programme,
    mayManage: mayRun(actor, programme.body, owner),
    items: items.map((i) => ({
      ...i,
      subjectName: names.subject(i),
      leadName: names.member(i.leadMemberId),
      started: started.filter((s) => s.programmeItemId === i.id).length,
      concluded: started.filter((s) => s.programmeItemId === i.id && s.concludedOn).length,
    })),
  };
}

type Loaded = store.LoadedInspection & { reach: ConfidentialReach; owner: OrgRef; viewOrgId: string };

/**
 * The one loader of an inspection. A confidential case the actor may not reach is "not found" — for the office,
 * an administrator, the subject's cell and the subject before the conclusion alike — so no route says it exists.
 */
async function loadInspection(
  ex: Executor,
  { params, request }: { params: { id: string }; request: { actor?: Actor | null } },
  { lock }: { lock: boolean },
): Promise<Loaded> {
  const actor = requireActor(request as never);
  const row = await store.getInspection(ex, params.id, { forUpdate: lock });
  if (!row) throw new NotFoundError("inspection");
  const owner = (await loadOrgRef(ex, row.organizationId))!;
  const subjectOrgId = row.subjectOrganizationId ?? (await getMember(ex, row.subjectMemberId!))!.organizationId;
  if (!row.confidential) return { ...row, reach: "full", owner, viewOrgId: subjectOrgId };
  const subjectOrg = (await loadOrgRef(ex, subjectOrgId))!;
  const reach = confidentialReach(
    actor,
    { ...row, organization: owner },
    row.subjectOrganizationId !== null &&
      can(actor, "plan.manage", subjectOrg) &&
      !can(actor, "data.export", subjectOrg),
  );
  if (reach === "none") throw new NotFoundError("inspection");
  // The chain checks the actor sees some organisation: the đảng bộ for the UBKT and the committee; a named person
  // outside them reaches the file by being named, and is checked on their own organisation.
  const own = actor.scopes.find((s) => s.role === "member")?.organizationId ?? owner.id;
  const viewOrgId = reach === "full" ? (can(actor, "org.view", owner) ? owner.id : own) : subjectOrgId;
  return { ...row, reach, owner, viewOrgId };
}

async function presentInspections(ex: Executor, rows: store.LoadedInspection[]) {
  const names = await nameLookup(
    ex,
    rows.flatMap((r) => [r.subjectMemberId, r.leadMemberId]),
    rows.map((r) => r.subjectOrganizationId),
  );
  return rows.map((r) => ({ ...r, subjectName: names.subject(r), leadName: names.member(r.leadMemberId) }));
}

function subjectActs(actor: Actor, record: Loaded, subjectOrg: OrgRef | null) {
  if (record.subjectMemberId) return actor.memberId === record.subjectMemberId;
  return subjectOrg !== null && can(actor, "plan.manage", subjectOrg) && !mayRun(actor, record.body, record.owner);
}

async function presentFindings(ex: Executor, rows: store.FindingRow[]) {
  const names = await memberNames(
    ex,
    rows.map((f) => f.ownerMemberId),
  );
  return rows.map((f) => ({ ...f, ownerName: names.get(f.ownerMemberId)?.fullName ?? "" }));
}

async function presentDiscipline(
  ex: Executor,
  rows: store.DisciplineRow[],
  windowDays: (r: store.DisciplineRow) => Promise<string | null>,
) {
  const names = await memberNames(
    ex,
    rows.map((r) => r.memberId),
  );
  const out = [];
  for (const r of rows)
    out.push({ ...r, memberName: names.get(r.memberId)?.fullName ?? "", appealBy: await windowDays(r) });
  return out;
}

export async function inspectionRoutes(app: FastifyInstance) {
  // ---- programmes -------------------------------------------------------
  readRoute(app, {
    url: "/api/organizations/:id/inspection-programmes",
    tags,
    params: idParams,
    response: programmeListSchema,
    action: "plan.view",
    handle: async ({ ex, actor, org }) => {
      const rows = await store.listProgrammes(ex, org.id);
      const items = [];
      for (const p of rows) items.push(await presentProgramme(ex, actor, p, org));
      return { items };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/inspection-programmes",
    tags,
    params: idParams,
    body: programmeBody,
    response: programmeDetailSchema,
    status: 201,
    action: "org.view",
    handle: async ({ ex, actor, org, params, body }) => {
      const row = await ops.createProgramme(ex, actor, await orgOrThrow(ex, params.id), body);
      return presentProgramme(ex, actor, row, org);
    },
  });

  const loadProgramme = async (ex: Executor, { params }: { params: { id: string } }, { lock }: { lock: boolean }) => {
    const row = await store.getProgramme(ex, params.id, { forUpdate: lock });
    if (!row) throw new NotFoundError("inspection_programme");
    return row;
  };

  readRoute(app, {
    url: "/api/inspection-programmes/:id",
    tags,
    params: idParams,
    response: programmeDetailSchema,
    action: "plan.view",
    load: loadProgramme,
    handle: ({ ex, actor, record, org }) => presentProgramme(ex, actor, record, org),
  });

  writeRoute(app, {
    url: "/api/inspection-programmes/:id/items",
    tags,
    params: idParams,
    body: programmeItemBody,
    response: programmeDetailSchema,
    status: 201,
    action: "org.view",
    load: loadProgramme,
    handle: async ({ ex, actor, record, org, body }) => {
      const owner = await orgOrThrow(ex, org.id);
      await ops.addProgrammeItem(
        ex,
        actor,
        record,
        owner,
        await store.inspectionRules(ex, owner.path, todayIso()),
        body,
      );
      return presentProgramme(ex, actor, record, org);
    },
  });

  writeRoute(app, {
    url: "/api/inspection-programmes/:id/adopt",
    tags,
    params: idParams,
    body: adoptProgrammeBody,
    response: programmeDetailSchema,
    action: "org.view",
    load: loadProgramme,
    handle: async ({ ex, actor, record, org, body }) => {
      const row = await ops.adoptProgramme(ex, actor, record, await orgOrThrow(ex, org.id), body);
      return presentProgramme(ex, actor, row, org);
    },
  });

  // ---- inspections ------------------------------------------------------
  readRoute(app, {
    url: "/api/organizations/:id/inspections",
    tags,
    params: idParams,
    response: inspectionListSchema,
    action: "plan.view",
    handle: async ({ ex, actor, org }) => {
      // Ordinary ones run here or concerning an organisation here; confidential ones only for who reaches the file.
      const ordinary = await store.listInspections(ex, org.path);
      const visible: store.LoadedInspection[] = [];
      for (const r of ordinary) {
        const owner = (await loadOrgRef(ex, r.organizationId))!;
        if (await readsOrdinary(ex, actor, r, owner)) visible.push({ ...r, confidential: false });
      }
      for (const c of await store.listCases(ex, org.id)) {
        if (confidentialReach(actor, { ...c, organization: org }, false) === "full") visible.push(c);
      }
      return { items: await presentInspections(ex, visible) };
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/inspections",
    tags,
    params: idParams,
    body: inspectionBody,
    response: inspectionSchema,
    status: 201,
    action: "org.view",
    handle: async ({ ex, actor, params, body }) => {
      const org = await orgOrThrow(ex, params.id);
      const row = await ops.createInspection(
        ex,
        actor,
        org,
        await store.inspectionRules(ex, org.path, todayIso()),
        body,
      );
      return (await presentInspections(ex, [row]))[0]!;
    },
  });

  writeRoute(app, {
    url: "/api/organizations/:id/denunciations",
    tags,
    params: idParams,
    body: denunciationBody,
    response: inspectionSchema,
    status: 201,
    action: "org.view",
    handle: async ({ ex, actor, params, body }) => {
      const org = await orgOrThrow(ex, params.id);
      const rules = await store.inspectionRules(ex, org.path, body.receivedOn);
      const row = await ops.receiveDenunciation(ex, actor, org, rules, body);
      return (await presentInspections(ex, [row]))[0]!;
    },
  });

  readRoute(app, {
    url: "/api/inspections/:id",
    tags,
    params: idParams,
    response: inspectionDetailSchema,
    action: "org.view",
    load: loadInspection,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record }) => {
      if (record.confidential) await ops.recordOpening(ex, actor, record.id);
      const rules = await store.inspectionRules(ex, record.owner.path, todayIso());
      const team = record.confidential
        ? record.reach === "full"
        : can(actor, "plan.view", record.owner) && mayRun(actor, record.body, record.owner);
      const all = await store.listSteps(ex, record);
      const done = all.map((s) => s.step);
      // The subject reads its own steps and the conclusion, never the team's verification notes or meeting.
      const steps = team
        ? all
        : record.reach === "conclusion"
          ? all.filter((s) => s.step === "conclusion")
          : all.filter((s) => rules.steps[s.step].subjectSees);
      const subjectOrg = record.subjectOrganizationId ? await loadOrgRef(ex, record.subjectOrganizationId) : null;
      const runs = record.confidential ? isInspector(actor, record.owner) : mayRun(actor, record.body, record.owner);
      const [base] = await presentInspections(ex, [record]);
      const c = record.confidential ? record : null;
      return {
        ...base!,
        steps,
        declaredSteps: rules.types[record.type].steps,
        nextSteps: runs ? nextSteps(rules, record.type, done) : [],
        findings: record.confidential ? [] : await presentFindings(ex, await store.listFindings(ex, [record.id])),
        mayRun: runs,
        maySelfReport: !record.confidential && subjectActs(actor, record, subjectOrg) && !done.includes("self_report"),
        receivedOn: c?.receivedOn ?? null,
        acceptBy: c && record.reach === "full" ? c.acceptBy : null,
        resolveBy: c && record.reach === "full" ? c.resolveBy : null,
        denouncer: c && seesDenouncer(actor, record.owner) ? c.denouncer : null,
        mayReadOpenings: record.confidential && (await ops.isChair(ex, actor, record.organizationId, todayIso())),
      };
    },
  });

  writeRoute(app, {
    url: "/api/inspections/:id/steps",
    tags,
    params: idParams,
    body: stepBody,
    response: inspectionSchema,
    action: "org.view",
    load: loadInspection,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record, body }) => {
      const rules = await store.inspectionRules(ex, record.owner.path, body.on);
      const subjectOrg = record.subjectOrganizationId ? await loadOrgRef(ex, record.subjectOrganizationId) : null;
      const row = await ops.recordStep(
        ex,
        actor,
        record,
        record.owner,
        rules,
        body,
        subjectActs(actor, record, subjectOrg),
      );
      return (await presentInspections(ex, [row]))[0]!;
    },
  });

  readRoute(app, {
    url: "/api/inspections/:id/openings",
    tags,
    params: idParams,
    response: openingListSchema,
    action: "org.view",
    load: loadInspection,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record }) => {
      if (!record.confidential || !(await ops.isChair(ex, actor, record.organizationId, todayIso())))
        throw new NotFoundError("inspection");
      return { items: await store.listOpenings(ex, record.id) };
    },
  });

  // ---- findings ---------------------------------------------------------
  writeRoute(app, {
    url: "/api/inspections/:id/findings",
    tags,
    params: idParams,
    body: findingBody,
    response: findingSchema,
    status: 201,
    action: "org.view",
    load: loadInspection,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.addFinding(ex, actor, record, record.owner, body, todayIso());
      return (await presentFindings(ex, [row]))[0]!;
    },
  });

  const loadFinding = async (
    ex: Executor,
    input: { params: { id: string }; request: { actor?: Actor | null } },
    o: { lock: boolean },
  ) => {
    const finding = await store.getFinding(ex, input.params.id, { forUpdate: o.lock });
    if (!finding) throw new NotFoundError("finding");
    const inspection = await loadInspection(
      ex,
      { params: { id: finding.inspectionId }, request: input.request },
      { lock: false },
    );
    return { ...finding, inspection: inspection as Loaded & { confidential: false } };
  };

  writeRoute(app, {
    url: "/api/findings/:id/report",
    tags,
    params: idParams,
    body: remedyReportBody,
    response: findingSchema,
    action: "org.view",
    load: loadFinding,
    organizationOf: (r) => r.inspection.viewOrgId,
    // The remedy's owner, the subject's managers, or the team report on it.
    allow: (actor, r) => {
      if (actor.memberId === r.ownerMemberId || mayRun(actor, r.inspection.body, r.inspection.owner)) return true;
      return actor.scopes.some((s) => s.organizationId === r.inspection.viewOrgId && s.role === "manager");
    },
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.reportRemedy(ex, actor, record, record.inspection, body);
      return (await presentFindings(ex, [row]))[0]!;
    },
  });

  writeRoute(app, {
    url: "/api/findings/:id/close",
    tags,
    params: idParams,
    body: closeFindingBody,
    response: findingSchema,
    action: "org.view",
    load: loadFinding,
    organizationOf: (r) => r.inspection.viewOrgId,
    // Only the team accepts a remedy.
    allow: (actor, r) => mayRun(actor, r.inspection.body, r.inspection.owner),
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.closeFinding(ex, actor, record, record.inspection, body);
      return (await presentFindings(ex, [row]))[0]!;
    },
  });

  // ---- discipline -------------------------------------------------------
  const appealBy = (ex: Executor, orgPath: string) => async (r: store.DisciplineRow) =>
    r.receivedOn ? appealDeadline(await store.inspectionRules(ex, orgPath, r.receivedOn), r.receivedOn) : null;

  readRoute(app, {
    url: "/api/organizations/:id/discipline",
    tags,
    params: idParams,
    response: disciplineListSchema,
    action: "org.view",
    // The discipline file is the UBKT's and the deciding committee's alone.
    allow: (actor, org) => isInspector(actor, org) || isDecidingCommittee(actor, org),
    handle: async ({ ex, org }) => ({
      items: await presentDiscipline(ex, await store.listDiscipline(ex, org.id), appealBy(ex, org.path)),
    }),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/discipline",
    tags,
    params: idParams,
    body: disciplineProposalBody,
    response: disciplineSchema,
    status: 201,
    action: "org.view",
    handle: async ({ ex, actor, params, body, org }) => {
      const row = await ops.proposeDiscipline(ex, actor, await orgOrThrow(ex, params.id), body);
      return (await presentDiscipline(ex, [row], appealBy(ex, org.path)))[0]!;
    },
  });

  const loadDiscipline = async (
    ex: Executor,
    input: { params: { id: string }; request: { actor?: Actor | null } },
    o: { lock: boolean },
  ) => {
    const actor = requireActor(input.request as never);
    const row = await store.getDiscipline(ex, input.params.id, { forUpdate: o.lock });
    if (!row) throw new NotFoundError("discipline");
    const org = (await loadOrgRef(ex, row.organizationId))!;
    const own = actor.memberId === row.memberId && row.decidedOn !== null;
    if (!own && !isInspector(actor, org) && !isDecidingCommittee(actor, org)) throw new NotFoundError("discipline");
    const member = (await getMember(ex, row.memberId))!;
    return { ...row, viewOrgId: own ? member.organizationId : org.id, orgPath: org.path };
  };

  writeRoute(app, {
    url: "/api/discipline/:id/decide",
    tags,
    params: idParams,
    body: disciplineDecisionBody,
    response: disciplineSchema,
    action: "org.view",
    load: loadDiscipline,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record, body }) => {
      const org = await orgOrThrow(ex, record.organizationId);
      const rules = await store.inspectionRules(ex, org.path, body.decidedOn);
      const row = await ops.decideDiscipline(ex, actor, record, org, rules, body);
      return (await presentDiscipline(ex, [row], appealBy(ex, org.path)))[0]!;
    },
  });

  writeRoute(app, {
    url: "/api/discipline/:id/appeal",
    tags,
    params: idParams,
    body: appealBody,
    response: disciplineSchema,
    action: "org.view",
    load: loadDiscipline,
    organizationOf: (r) => r.viewOrgId,
    handle: async ({ ex, actor, record, body }) => {
      const rules = await store.inspectionRules(ex, record.orgPath, record.receivedOn ?? body.appealedOn);
      const row = await ops.appealDiscipline(ex, actor, record, rules, body);
      return (await presentDiscipline(ex, [row], appealBy(ex, record.orgPath)))[0]!;
    },
  });

  // ---- the UBKT's dashboard ---------------------------------------------
  readRoute(app, {
    url: "/api/organizations/:id/inspection-dashboard",
    tags,
    params: idParams,
    response: dashboardSchema,
    action: "plan.view",
    handle: async ({ ex, actor, org }) => {
      const today = todayIso();
      const programmes = [];
      for (const p of await store.listProgrammes(ex, org.id)) {
        const d = await presentProgramme(ex, actor, p, org);
        programmes.push({
          id: p.id,
          title: p.title,
          body: p.body,
          planned: d.items.length,
          done: d.items.filter((i) => i.concluded > 0).length,
        });
      }
      const ordinary = (await store.listInspections(ex, org.path)).map((r) => r.id);
      const findings = await store.listFindings(ex, ordinary);
      const open = findings.filter((f) => !f.closedOn);
      const names = await memberNames(
        ex,
        open.map((f) => f.ownerMemberId),
      );
      const inspector = isInspector(actor, org);
      const soon = addDays(today, 14);
      return {
        programmes,
        openFindings: open.length,
        overdueRemedies: open
          .filter((f) => f.dueOn < today)
          .map((f) => ({ ...f, ownerName: names.get(f.ownerMemberId)?.fullName ?? "" })),
        casesNearDeadline: inspector
          ? (await store.listCases(ex, org.id))
              .filter((c) => !c.concludedOn && c.resolveBy && c.resolveBy <= soon)
              .map((c) => ({ id: c.id, resolveBy: c.resolveBy!, type: c.type }))
          : [],
        isInspector: inspector,
      };
    },
  });
}
