import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type Actor, can, decide, loadOrgRef, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { contentDisposition } from "../../core/http/download.js";
import { ForbiddenError, NotFoundError } from "../../core/http/errors.js";
import { readRoute, requireActor, writeRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { addDays, todayIso } from "../../core/time.js";
import { excludeFromOfficeExport } from "../../core/backup/subtree-export.js";
import { getMember, memberNames } from "../members/store.js";
import { getOrganization, subtreeOrganizations } from "../organizations/store.js";
import {
  confidentialReach,
  type ConfidentialReach,
  isDecidingCommittee,
  isInspector,
  mayRecordRoutine,
  mayRun,
  seesDenouncer,
} from "./access.js";
import {
  adoptProgrammeBody,
  appealBody,
  appealDeadline,
  appealResolutionBody,
  ownAppealBody,
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
  routineSupervisionBody,
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
  ownDisciplineListSchema,
  ownDisciplineSchema,
  programmeDetailSchema,
  programmeListSchema,
  reportListSchema,
  reportSchema,
} from "./present.js";
import * as files from "./files.js";
import { fileParams, reportDraftBody, reportEditBody, reportIssueBody, stepFileParams } from "./report.js";
import { nameLookup } from "./names.js";
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

/** The cells of a đảng bộ the actor may record a routine supervision of, with the bodies they may record it for. */
async function routineCells(ex: Executor, actor: Actor, org: OrgRef) {
  const out = [];
  for (const cell of await subtreeOrganizations(ex, org.path)) {
    if (cell.kind !== "cell") continue;
    const bodies = (["party_committee", "inspection_committee"] as const).filter((b) =>
      mayRecordRoutine(actor, b, org, cell),
    );
    if (bodies.length) out.push({ id: cell.id, name: cell.name, bodies });
  }
  return out;
}

async function presentOwnDiscipline(ex: Executor, rows: store.DisciplineRow[], orgPath: string, today: string) {
  const out = [];
  for (const r of rows) {
    const last = r.receivedOn
      ? appealDeadline(await store.inspectionRules(ex, orgPath, r.receivedOn), r.receivedOn)
      : null;
    out.push({ ...r, appealBy: last, mayAppeal: last !== null && !r.appealedOn && today <= last });
  }
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

  // A routine supervision recorded against the meeting the supervisor attended (the đảng bộ's body, a cell's meeting).
  writeRoute(app, {
    url: "/api/organizations/:id/routine-supervisions",
    tags,
    params: idParams,
    body: routineSupervisionBody,
    response: inspectionSchema,
    status: 201,
    action: "org.view",
    handle: async ({ ex, actor, params, body }) => {
      const org = await orgOrThrow(ex, params.id);
      const today = todayIso();
      const rules = await store.inspectionRules(ex, org.path, today);
      const row = await ops.recordRoutineSupervision(ex, actor, org, rules, body, today);
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

  // An appeal received on paper, recorded by the UBKT with the day it arrived. The member lodges their own below.
  writeRoute(app, {
    url: "/api/discipline/:id/appeal",
    tags,
    params: idParams,
    body: appealBody,
    response: disciplineSchema,
    action: "org.view",
    load: loadDiscipline,
    organizationOf: (r) => r.viewOrgId,
    allow: (actor, r) => isInspector(actor, { id: r.organizationId, path: r.orgPath }),
    handle: async ({ ex, actor, record, body }) => {
      const rules = await store.inspectionRules(ex, record.orgPath, record.receivedOn ?? body.appealedOn);
      const calendar = await store.holidayCalendar(ex, record.orgPath, body.appealedOn);
      const row = await ops.appealDiscipline(ex, actor, record, rules, calendar, body);
      return (await presentDiscipline(ex, [row], appealBy(ex, record.orgPath)))[0]!;
    },
  });

  // The disciplined member's own appeal, dated today. Anyone else: the loader says the decision does not exist
  // (404), or — the UBKT and the deciding committee, who read the file — may not lodge it for the member (403).
  writeRoute(app, {
    url: "/api/discipline/:id/own-appeal",
    tags,
    params: idParams,
    body: ownAppealBody,
    response: ownDisciplineSchema,
    action: "org.view",
    load: loadDiscipline,
    organizationOf: (r) => r.viewOrgId,
    allow: (actor, r) => actor.memberId === r.memberId,
    handle: async ({ ex, actor, record, body }) => {
      const today = todayIso();
      const rules = await store.inspectionRules(ex, record.orgPath, record.receivedOn ?? today);
      const calendar = await store.holidayCalendar(ex, record.orgPath, today);
      const row = await ops.lodgeOwnAppeal(ex, actor, record, rules, calendar, body, today);
      return (await presentOwnDiscipline(ex, [row], record.orgPath, today))[0]!;
    },
  });

  writeRoute(app, {
    url: "/api/discipline/:id/appeal-resolution",
    tags,
    params: idParams,
    body: appealResolutionBody,
    response: disciplineSchema,
    action: "org.view",
    load: loadDiscipline,
    organizationOf: (r) => r.viewOrgId,
    allow: (actor, r) => isInspector(actor, { id: r.organizationId, path: r.orgPath }),
    handle: async ({ ex, actor, record, body }) => {
      const row = await ops.resolveAppeal(ex, actor, record, body);
      return (await presentDiscipline(ex, [row], appealBy(ex, record.orgPath)))[0]!;
    },
  });

  // Not about one organisation: the signed-in member's own decided discipline, wherever its file is kept. Nobody
  // reads another member's here; an account without a member record has none.
  app.get(
    "/api/me/discipline",
    { schema: { tags, summary: "My discipline decisions and appeals", response: { 200: ownDisciplineListSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const db = app.database.db;
      if (!actor.memberId) return { items: [] };
      const items = [];
      for (const row of await store.listOwnDiscipline(db, actor.memberId)) {
        const org = (await loadOrgRef(db, row.organizationId))!;
        items.push(...(await presentOwnDiscipline(db, [row], org.path, todayIso())));
      }
      return { items };
    },
  );

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
        openAppeals: inspector
          ? (await store.listDiscipline(ex, org.id))
              .filter((d) => d.appealedOn && d.appealResolveBy && !d.appealOutcome)
              .map((d) => ({
                id: d.id,
                numberText: d.numberText,
                appealedOn: d.appealedOn!,
                resolveBy: d.appealResolveBy!,
              }))
              .sort((a, b) => a.resolveBy.localeCompare(b.resolveBy))
          : [],
        isInspector: inspector,
        routineCells:
          (await orgOrThrow(ex, org.id)).kind === "party_committee" ? await routineCells(ex, actor, org) : [],
      };
    },
  });

  // ---- documents in the official layout (ADR 0127) --------------------------
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const db = () => app.database.db;
  const config = { rateLimit: "render", download: true } as const;
  const send = (reply: FastifyReply, file: files.InspectionFile) =>
    reply
      .header("content-type", file.contentType)
      .header("content-disposition", contentDisposition(file.fileName, false))
      .send(file.bytes);

  // The programme as issued (a draft says so). Its file lists every line, so only who reads every line has it.
  typed.get(
    "/api/inspection-programmes/:id/file/:format",
    { config, schema: { tags, params: fileParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const programme = await loadProgramme(db(), request, { lock: false });
      const owner = (await loadOrgRef(db(), programme.organizationId))!;
      decide(actor, "plan.view", owner);
      for (const i of await store.listProgrammeItems(db(), [programme.id]))
        if (!(await readsOrdinary(db(), actor, { ...i, body: programme.body }, owner))) throw new ForbiddenError();
      return send(reply, await files.programmeFile(db(), programme, request.params.format));
    },
  );

  // The decision (or plan) setting up the team and the conclusion notice: for who reads the inspection's steps.
  // A confidential case's subject, once concluded, has the conclusion alone; every download of it is recorded.
  typed.get(
    "/api/inspections/:id/file/:document/:format",
    { config, schema: { tags, params: stepFileParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await loadInspection(db(), { params: request.params, request }, { lock: false });
      decide(actor, "org.view", (await loadOrgRef(db(), record.viewOrgId))!);
      if (record.reach === "conclusion" && request.params.document !== "conclusion")
        throw new NotFoundError("document");
      if (record.confidential) await ops.recordOpening(db(), actor, record.id);
      return send(reply, await files.stepFile(db(), record, request.params.document, request.params.format));
    },
  );

  typed.get(
    "/api/discipline/:id/file/:format",
    { config, schema: { tags, params: fileParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await loadDiscipline(db(), { params: request.params, request }, { lock: false });
      decide(actor, "org.view", (await loadOrgRef(db(), record.viewOrgId))!);
      return send(reply, await files.disciplineFile(db(), record, request.params.format));
    },
  );

  // The UBKT's notice of the appeal's resolution: for who reads the decision (the member, the UBKT, the deciding
  // committee); none before the appeal is resolved (ADR 0165).
  typed.get(
    "/api/discipline/:id/appeal-resolution/file/:format",
    { config, schema: { tags, params: fileParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await loadDiscipline(db(), { params: request.params, request }, { lock: false });
      decide(actor, "org.view", (await loadOrgRef(db(), record.viewOrgId))!);
      return send(reply, await files.appealResolutionFile(db(), record, request.params.format));
    },
  );

  // ---- the UBKT's report (BC) -------------------------------------------
  // It counts confidential cases: the UBKT and the deciding committee read it, the UBKT writes it (ADR 0128).
  const readsReports = (actor: Actor, org: OrgRef) => isInspector(actor, org) || isDecidingCommittee(actor, org);

  readRoute(app, {
    url: "/api/organizations/:id/inspection-reports",
    tags,
    params: idParams,
    response: reportListSchema,
    action: "org.view",
    allow: readsReports,
    handle: async ({ ex, org }) => ({ items: await store.listReports(ex, org.id) }),
  });

  writeRoute(app, {
    url: "/api/organizations/:id/inspection-reports",
    tags,
    params: idParams,
    body: reportDraftBody,
    response: reportSchema,
    status: 201,
    action: "org.view",
    allow: (actor, org) => isInspector(actor, org),
    handle: async ({ ex, actor, params, body }) =>
      ops.draftReport(ex, actor, await orgOrThrow(ex, params.id), body, todayIso()),
  });

  const loadReport = async (
    ex: Executor,
    input: { params: { id: string }; request: { actor?: Actor | null } },
    o: { lock: boolean },
  ) => {
    const actor = requireActor(input.request as never);
    const row = await store.getReport(ex, input.params.id, { forUpdate: o.lock });
    if (!row) throw new NotFoundError("inspection_report");
    // For anyone else the report does not exist: even its period would say there was something to count.
    if (!readsReports(actor, (await loadOrgRef(ex, row.organizationId))!)) throw new NotFoundError("inspection_report");
    return row;
  };

  readRoute(app, {
    url: "/api/inspection-reports/:id",
    tags,
    params: idParams,
    response: reportSchema,
    action: "org.view",
    load: loadReport,
    handle: async ({ record }) => record,
  });

  writeRoute(app, {
    url: "/api/inspection-reports/:id",
    method: "PUT",
    tags,
    params: idParams,
    body: reportEditBody,
    response: reportSchema,
    action: "org.view",
    load: loadReport,
    handle: ({ ex, actor, record, org, body }) => ops.editReport(ex, actor, record, org, body),
  });

  writeRoute(app, {
    url: "/api/inspection-reports/:id/issue",
    tags,
    params: idParams,
    body: reportIssueBody,
    response: reportSchema,
    action: "org.view",
    load: loadReport,
    handle: ({ ex, actor, record, org, body }) => ops.issueReport(ex, actor, record, org, body),
  });

  typed.get(
    "/api/inspection-reports/:id/file/:format",
    { config, schema: { tags, params: fileParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const report = await loadReport(db(), { params: request.params, request }, { lock: false });
      decide(actor, "org.view", (await loadOrgRef(db(), report.organizationId))!);
      return send(reply, await files.reportFile(db(), report, request.params.format));
    },
  );
}
