import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { organizations } from "../organizations/schema.js";
import type { StudyRules } from "./model.js";
import { studyAttendance, studyReflections, studyReports, studySessions } from "./schema.js";

export type StudySessionRow = typeof studySessions.$inferSelect;
export type ReflectionRow = typeof studyReflections.$inferSelect;
export type ReportRow = typeof studyReports.$inferSelect;
/** A session with its cell's path and name, and its đảng bộ (the cell's parent), to whom the report goes. */
export type LoadedSession = StudySessionRow & { cellPath: string; cellName: string; parentId: string | null };

export async function getStudySession(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedSession | null> {
  const q = ex
    .select({ s: studySessions, path: organizations.path, name: organizations.name, parent: organizations.parentId })
    .from(studySessions)
    .innerJoin(organizations, eq(organizations.id, studySessions.organizationId))
    .where(and(eq(studySessions.id, id), isNull(studySessions.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: studySessions }) : await q;
  return row ? { ...row.s, cellPath: row.path, cellName: row.name, parentId: row.parent } : null;
}

/** The sessions of some cells, oldest first (a resolution's main session before its make-ups). */
export async function listStudySessions(ex: Executor, organizationIds: string[]): Promise<StudySessionRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(studySessions)
    .where(and(inArray(studySessions.organizationId, organizationIds), isNull(studySessions.deletedAt)))
    .orderBy(asc(studySessions.heldOn), asc(studySessions.createdAt));
}

/** Who attended each of some sessions. */
export async function attendanceOf(
  ex: Executor,
  sessionIds: string[],
): Promise<{ sessionId: string; memberId: string }[]> {
  if (sessionIds.length === 0) return [];
  return ex.select().from(studyAttendance).where(inArray(studyAttendance.sessionId, sessionIds));
}

export async function reflectionsOf(ex: Executor, organizationIds: string[]): Promise<ReflectionRow[]> {
  if (organizationIds.length === 0) return [];
  return ex.select().from(studyReflections).where(inArray(studyReflections.organizationId, organizationIds));
}

/** Reports issued by some cells, newest first: the first of a cell and resolution is the one that counts. */
export async function reportsOf(ex: Executor, organizationIds: string[]): Promise<ReportRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(studyReports)
    .where(inArray(studyReports.organizationId, organizationIds))
    .orderBy(desc(studyReports.issuedOn), desc(studyReports.createdAt));
}

export async function studyRules(ex: Executor, orgPath: string, day: string): Promise<StudyRules> {
  return (await rulebookInForce<StudyRules>(ex, "study", orgPath, day)).data;
}
