import { and, eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, ForbiddenError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { fill } from "../documents/model.js";
import { issueNewDocument } from "../documents/operations.js";
import { cellMembersOn } from "../members/presence.js";
import { memberNames } from "../members/store.js";
import { getOrganization, type OrganizationRow } from "../organizations/store.js";
import { getResolution, type ResolutionRow } from "../resolutions/store.js";
import {
  alreadyStudied,
  percentText,
  studyTally,
  type attendanceBody,
  type CreateStudySessionInput,
  type ownReflectionBody,
  type paperReflectionBody,
  type reportBody,
  type StudyRules,
  type StudyTally,
} from "./model.js";
import { studyAttendance, studyReflections, studyReports, studySessions } from "./schema.js";
import {
  attendanceOf,
  getStudySession,
  listStudySessions,
  reflectionsOf,
  studyRules,
  type LoadedSession,
  type ReflectionRow,
  type ReportRow,
  type StudySessionRow,
} from "./store.js";
import type { z } from "zod";

type StudyEvents = {
  create: Change<null, StudySessionRow>;
  attendance: Change<{ presentIds: string[] }, { presentIds: string[] }>;
  reflection: Change<{ via: string; receivedOn: string } | null, { via: string; receivedOn: string; memberId: string }>;
  report: Change<null, ReportRow>;
};
const audit = auditTrail<StudyEvents>("study_session");

const notAfterToday = (value: string, field: string, today: string) => {
  if (value > today) throw new RuleError("date_in_future", field, "studies.date_in_future");
};

/** A resolution or directive of the level above the cell may study: "higher", recorded on the cell or above it. */
export async function studiableResolution(ex: Executor, cellPath: string, id: string): Promise<ResolutionRow | null> {
  const r = await getResolution(ex, id);
  if (r?.kind !== "higher" || !cellPath.split("/").includes(r.organizationId)) return null;
  return r;
}

/** The sessions of a cell on one resolution, the main one first. */
export async function sessionsOn(ex: Executor, cellId: string, resolutionId: string): Promise<StudySessionRow[]> {
  return (await listStudySessions(ex, [cellId])).filter((s) => s.resolutionId === resolutionId);
}

export interface CellStudy {
  main: StudySessionRow;
  sessions: StudySessionRow[];
  attendance: Map<string, Set<string>>;
  reflections: ReflectionRow[];
  roster: { id: string; fullName: string; exempt: boolean }[];
  tally: StudyTally;
}

/**
 * A cell's study of one resolution, counted on the roster of the main session's day (the members it was for):
 * attended = present at the session or a make-up; reflected = a reflection typed or received on paper.
 */
export async function cellStudy(
  ex: Executor,
  cellId: string,
  sessions: StudySessionRow[],
  reflections: ReflectionRow[],
  attendanceRows: { sessionId: string; memberId: string }[],
  rules: StudyRules,
): Promise<CellStudy | null> {
  const main = sessions.find((s) => !s.makeupOfId);
  if (!main) return null;
  const attendance = new Map(sessions.map((s) => [s.id, new Set<string>()]));
  for (const a of attendanceRows) attendance.get(a.sessionId)?.add(a.memberId);
  const attended = new Set([...attendance.values()].flatMap((s) => [...s]));
  const roster = (await cellMembersOn(ex, cellId, main.heldOn)).map((m) => ({
    id: m.id,
    fullName: m.fullName,
    exempt: m.exempt,
  }));
  const reflected = new Set(reflections.map((r) => r.memberId));
  return { main, sessions, attendance, reflections, roster, tally: studyTally(roster, attended, reflected, rules) };
}

/** The cell's study of a resolution, read from the store. */
export async function loadCellStudy(ex: Executor, cellId: string, cellPath: string, resolutionId: string) {
  const sessions = await sessionsOn(ex, cellId, resolutionId);
  const reflections = (await reflectionsOf(ex, [cellId])).filter((r) => r.resolutionId === resolutionId);
  const rows = await attendanceOf(
    ex,
    sessions.map((s) => s.id),
  );
  const main = sessions.find((s) => !s.makeupOfId);
  const rules = await studyRules(ex, cellPath, main?.heldOn ?? "2100-01-01");
  return cellStudy(ex, cellId, sessions, reflections, rows, rules);
}

export async function createStudySession(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  input: CreateStudySessionInput,
): Promise<StudySessionRow> {
  if (cell.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (cell.kind !== "cell") throw new ConflictError("study_cell_only", "studies.cell_only");
  const resolution = await studiableResolution(tx, cell.path, input.resolutionId);
  if (!resolution) throw new RuleError("not_higher", "resolutionId", "studies.not_higher");
  if (resolution.issuedOn && input.heldOn < resolution.issuedOn)
    throw new RuleError("before_issued", "heldOn", "studies.before_issued", { date: formatDate(resolution.issuedOn) });
  const sessions = await sessionsOn(tx, cell.id, resolution.id);
  const main = sessions.find((s) => !s.makeupOfId);
  if (input.makeupOfId) {
    if (!main || main.id !== input.makeupOfId)
      throw new RuleError("makeup_of_unknown", "makeupOfId", "studies.makeup_of_unknown");
    if (input.heldOn <= main.heldOn)
      throw new RuleError("makeup_before_main", "heldOn", "studies.makeup_before_main", {
        date: formatDate(main.heldOn),
      });
  } else if (main) {
    // One main session per resolution: those absent study at a make-up session, not at a second main one.
    throw new ConflictError("study_session_exists", "studies.session_exists", { date: formatDate(main.heldOn) });
  }
  const [row] = await tx
    .insert(studySessions)
    .values({ organizationId: cell.id, ...input })
    .returning();
  await audit(tx, actor, "create", { organizationId: cell.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

/** The roster a session is for: the cell's members on the main session's day. */
async function rosterIds(ex: Executor, s: LoadedSession): Promise<Set<string>> {
  const main = s.makeupOfId ? ((await getStudySession(ex, s.makeupOfId)) ?? s) : s;
  return new Set((await cellMembersOn(ex, s.organizationId, main.heldOn)).map((m) => m.id));
}

/**
 * Who was present. Recorded once the session has been held; only members of the cell on the day; at a make-up,
 * only those who did not study the resolution at an earlier session.
 */
export async function recordAttendance(
  tx: Tx,
  actor: Actor,
  s: LoadedSession,
  input: z.infer<typeof attendanceBody>,
  today: string,
): Promise<void> {
  if (s.heldOn > today)
    throw new RuleError("not_held_yet", "presentIds", "studies.not_held_yet", { date: formatDate(s.heldOn) });
  const presentIds = [...new Set(input.presentIds)];
  const roster = await rosterIds(tx, s);
  if (presentIds.some((id) => !roster.has(id)))
    throw new RuleError("not_on_roster", "presentIds", "studies.not_on_roster");
  const others = (await sessionsOn(tx, s.organizationId, s.resolutionId)).filter(
    (x) => x.id !== s.id && x.heldOn <= s.heldOn,
  );
  const before = new Set(
    (
      await attendanceOf(
        tx,
        others.map((x) => x.id),
      )
    ).map((a) => a.memberId),
  );
  const twice = alreadyStudied(presentIds, before);
  if (twice.length) {
    const names = await memberNames(tx, twice);
    throw new RuleError("already_studied", "presentIds", "studies.already_studied", {
      names: twice.map((id) => names.get(id)?.fullName ?? "").join(", "),
    });
  }
  const previous = (await attendanceOf(tx, [s.id])).map((a) => a.memberId);
  await tx.delete(studyAttendance).where(eq(studyAttendance.sessionId, s.id));
  if (presentIds.length)
    await tx.insert(studyAttendance).values(presentIds.map((memberId) => ({ sessionId: s.id, memberId })));
  await updateVersioned(tx, studySessions, s.id, input.version, {});
  await audit(
    tx,
    actor,
    "attendance",
    { organizationId: s.organizationId, entityId: s.id },
    { before: { presentIds: previous }, after: { presentIds } },
  );
}

async function saveReflection(
  tx: Tx,
  actor: Actor,
  s: LoadedSession,
  values: { memberId: string; via: "online" | "paper"; content: string | null; receivedOn: string },
) {
  const [before] = await tx
    .select()
    .from(studyReflections)
    .where(and(eq(studyReflections.resolutionId, s.resolutionId), eq(studyReflections.memberId, values.memberId)));
  if (before && before.via === "online" && values.via === "paper")
    throw new ConflictError("reflection_exists", "studies.reflection_exists", {
      date: formatDate(before.receivedOn),
    });
  const row = { organizationId: s.organizationId, resolutionId: s.resolutionId, ...values };
  if (before)
    await tx
      .update(studyReflections)
      .set({ ...row, updatedAt: new Date() })
      .where(eq(studyReflections.id, before.id));
  else await tx.insert(studyReflections).values(row);
  await audit(
    tx,
    actor,
    "reflection",
    { organizationId: s.organizationId, entityId: s.id },
    {
      before: before ? { via: before.via, receivedOn: before.receivedOn } : null,
      after: { via: values.via, receivedOn: values.receivedOn, memberId: values.memberId },
    },
  );
}

/** A member types their own reflection (from a phone): only a member of the cell the session was for. */
export async function submitOwnReflection(
  tx: Tx,
  actor: Actor,
  s: LoadedSession,
  input: z.infer<typeof ownReflectionBody>,
  today: string,
): Promise<void> {
  if (!actor.memberId || !(await rosterIds(tx, s)).has(actor.memberId)) throw new ForbiddenError();
  if (s.heldOn > today)
    throw new RuleError("not_held_yet", "content", "studies.not_held_yet", { date: formatDate(s.heldOn) });
  const rules = await studyRules(tx, s.cellPath, s.heldOn);
  if (input.content.length > rules.reflectionMaxChars)
    throw new RuleError("too_long", "content", "studies.too_long", { max: rules.reflectionMaxChars });
  await saveReflection(tx, actor, s, {
    memberId: actor.memberId,
    via: "online",
    content: input.content,
    receivedOn: today,
  });
}

/** The committee records a reflection handed in on paper, on the day it was received. */
export async function recordPaperReflection(
  tx: Tx,
  actor: Actor,
  s: LoadedSession,
  input: z.infer<typeof paperReflectionBody>,
  today: string,
): Promise<void> {
  if (!(await rosterIds(tx, s)).has(input.memberId))
    throw new RuleError("not_on_roster", "memberId", "studies.not_on_roster");
  notAfterToday(input.receivedOn, "receivedOn", today);
  if (input.receivedOn < s.heldOn)
    throw new RuleError("before_session", "receivedOn", "studies.before_session", { date: formatDate(s.heldOn) });
  await saveReflection(tx, actor, s, {
    memberId: input.memberId,
    via: "paper",
    content: null,
    receivedOn: input.receivedOn,
  });
}

/**
 * The cell's report upward, "x/y đảng viên đã học tập, nộp thu hoạch": a BC of the cell's register, numbered and
 * laid out by the documents module, with the wording of the study rulebook; the counts it stated are kept.
 */
export async function issueReport(
  tx: Tx,
  actor: Actor,
  s: LoadedSession,
  input: z.infer<typeof reportBody>,
): Promise<ReportRow> {
  const study = await loadCellStudy(tx, s.organizationId, s.cellPath, s.resolutionId);
  if (!study) throw new NotFoundError("study_session");
  const last = study.sessions[study.sessions.length - 1]!;
  if (input.issuedOn < last.heldOn)
    throw new RuleError("report_before_session", "issuedOn", "studies.report_before_session", {
      date: formatDate(last.heldOn),
    });
  const resolution = (await getResolution(tx, s.resolutionId))!;
  const cell = (await getOrganization(tx, s.organizationId))!;
  const parent = cell.parentId ? await getOrganization(tx, cell.parentId) : null;
  const rules = await studyRules(tx, cell.path, input.issuedOn);
  const { tally } = study;
  const names = new Map(study.roster.map((m) => [m.id, m.fullName]));
  const absent = tally.absentIds.map((id) => names.get(id) ?? "").filter(Boolean);
  const label = resolution.number ? `${resolution.number}` : resolution.title;
  const values = {
    resolution: label,
    resolutionFull: resolution.number ? `${resolution.number} — ${resolution.title}` : resolution.title,
    cellName: cell.name,
    superiorName: parent?.name ?? cell.superiorName ?? "",
    sessions: study.sessions
      .map((x) =>
        fill(x.makeupOfId ? rules.report.makeupLine : rules.report.sessionLine, {
          date: formatDate(x.heldOn),
          place: x.place,
        }),
      )
      .join("; "),
    total: String(tally.total),
    studied: String(tally.studied),
    reflected: String(tally.reflected),
    studiedPercent: percentText(tally.studied, tally.total),
    reflectedPercent: percentText(tally.reflected, tally.total),
    absentPart: absent.length ? fill(rules.report.absentLine, { names: absent.join(", ") }) : "",
  };
  const document = await issueNewDocument(
    tx,
    actor,
    cell,
    {
      type: "BC",
      // Not a template of the register: the wording is the study rulebook's.
      templateKey: "study-report",
      summary: fill(rules.report.summary, values),
      sections: rules.report.sections.map((x, i) => ({
        key: `s${i + 1}`,
        heading: fill(x.heading, values),
        text: fill(x.text, values),
      })),
      recipients: rules.report.recipients.map((r) => fill(r, values)),
      origin: "study-report",
      originRef: resolution.id,
    },
    input.issuedOn,
  );
  const [row] = await tx
    .insert(studyReports)
    .values({
      organizationId: cell.id,
      resolutionId: resolution.id,
      documentId: document.id,
      issuedOn: input.issuedOn,
      total: tally.total,
      studied: tally.studied,
      reflected: tally.reflected,
    })
    .returning();
  await updateVersioned(tx, studySessions, s.id, input.version, {});
  await audit(tx, actor, "report", { organizationId: cell.id, entityId: s.id }, { before: null, after: row! });
  return row!;
}
