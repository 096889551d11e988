import { and, asc, desc, eq, getTableColumns, inArray, isNull, like, ne, sql } from "drizzle-orm";
import { type Executor, inUuids } from "../../core/db/index.js";
import { rulebookInForce, rulebooksInForce } from "../../core/rulebooks/index.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import { organizations } from "../organizations/schema.js";
import { WAITING_STAGES, type AdmissionRules } from "./model.js";
import { admissionCandidates, admissionFormFiles, admissionForms } from "./schema.js";

export type CandidateRow = typeof admissionCandidates.$inferSelect;
export type FormRow = typeof admissionForms.$inferSelect;
/** A candidate with where its cell sits: the đảng ủy (the cell's parent) decides. */
export type LoadedCandidate = CandidateRow & { cellPath: string; cellName: string; partyCommitteeId: string | null };

/** Candidates with the cell they are followed in (its path, name, and its đảng ủy as the parent). */
function loadedCandidates(ex: Executor) {
  return ex
    .select({
      c: admissionCandidates,
      path: organizations.path,
      name: organizations.name,
      parent: organizations.parentId,
    })
    .from(admissionCandidates)
    .innerJoin(organizations, eq(organizations.id, admissionCandidates.organizationId));
}

const loaded = (row: { c: CandidateRow; path: string; name: string; parent: string | null }): LoadedCandidate => ({
  ...row.c,
  cellPath: row.path,
  cellName: row.name,
  partyCommitteeId: row.parent,
});

export async function getCandidate(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedCandidate | null> {
  const q = loadedCandidates(ex).where(and(eq(admissionCandidates.id, id), isNull(admissionCandidates.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: admissionCandidates }) : await q;
  return row ? loaded(row) : null;
}

/** Every candidate in one of `stages`, across the installation (the deadline warnings' one read). */
export async function candidatesInStages(ex: Executor, stages: CandidateRow["stage"][]): Promise<LoadedCandidate[]> {
  const rows = await loadedCandidates(ex).where(
    and(inArray(admissionCandidates.stage, stages), isNull(admissionCandidates.deletedAt)),
  );
  return rows.map(loaded);
}

export async function listCandidates(ex: Executor, organizationIds: string[]): Promise<CandidateRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(admissionCandidates)
    .where(and(inUuids(admissionCandidates.organizationId, organizationIds), isNull(admissionCandidates.deletedAt)))
    .orderBy(asc(admissionCandidates.createdAt));
}

/** The candidates followed by the cells of an organisation's tree, found by its path (a province's 8,000 cells). */
function inTree(path: string) {
  return inArray(
    admissionCandidates.organizationId,
    // A join would do as well; the subquery keeps each query's own columns and lets the planner choose.
    sql`(SELECT ${organizations.id} FROM ${organizations} WHERE ${like(organizations.path, `${path}%`)})`,
  );
}

/**
 * How many candidates of the tree are at each stage (the board's badges, counted by the store), and how many of those
 * waiting on a deadline have no kept due day counted with `stamp` (the rules and holidays the board reads with):
 * when there are none, the board may page by the kept days.
 */
export async function stageCounts(
  ex: Executor,
  path: string,
  stamp: string,
): Promise<{ counts: Map<string, number>; unkept: number }> {
  const rows = await ex
    .select({
      stage: admissionCandidates.stage,
      n: sql<number>`count(*)::int`,
      unkept: sql<number>`count(*) FILTER (WHERE ${inArray(admissionCandidates.stage, WAITING_STAGES)}
                                              AND ${admissionCandidates.deadlineStamp} IS DISTINCT FROM ${stamp})::int`,
    })
    .from(admissionCandidates)
    .where(and(inTree(path), isNull(admissionCandidates.deletedAt)))
    .groupBy(admissionCandidates.stage);
  return {
    counts: new Map(rows.map((r) => [r.stage, Number(r.n)])),
    unkept: rows.reduce((sum, r) => sum + Number(r.unkept), 0),
  };
}

const openIn = (path: string) =>
  and(inTree(path), ne(admissionCandidates.stage, "full"), isNull(admissionCandidates.deletedAt));

/** The candidates of the tree still on the path (not yet full members), oldest first. */
export async function listOpenCandidates(ex: Executor, path: string): Promise<CandidateRow[]> {
  return ex
    .select()
    .from(admissionCandidates)
    .where(openIn(path))
    .orderBy(asc(admissionCandidates.createdAt), asc(admissionCandidates.id));
}

/**
 * A page of the board in the store: the nearest kept deadline first, then those without one, oldest first — the
 * order `byOpenDeadline` gives the same rows. Only right where every kept day is current (`stageCounts`).
 */
export async function openCandidatesPage(
  ex: Executor,
  path: string,
  offset: number,
  limit: number,
): Promise<CandidateRow[]> {
  return ex
    .select()
    .from(admissionCandidates)
    .where(openIn(path))
    .orderBy(asc(admissionCandidates.openDeadlineOn), asc(admissionCandidates.createdAt), asc(admissionCandidates.id))
    .offset(offset)
    .limit(limit);
}

export async function listForms(ex: Executor, candidateIds: string[]): Promise<FormRow[]> {
  if (candidateIds.length === 0) return [];
  return ex.select().from(admissionForms).where(inArray(admissionForms.candidateId, candidateIds));
}

const { bytes: _bytes, ...fileColumns } = getTableColumns(admissionFormFiles);
/** A form's file without its bytes: what the checklist shows. */
export type FormFileInfo = Omit<typeof admissionFormFiles.$inferSelect, "bytes">;

/** Every file of a candidate's dossier, current and replaced, newest first; the bytes stay in the store. */
export async function listFormFiles(ex: Executor, candidateId: string): Promise<FormFileInfo[]> {
  return ex
    .select(fileColumns)
    .from(admissionFormFiles)
    .where(eq(admissionFormFiles.candidateId, candidateId))
    .orderBy(desc(admissionFormFiles.uploadedAt), desc(admissionFormFiles.id));
}

/** One file with its bytes and the cell of its candidate (whose committee may read it). */
export async function getFormFile(ex: Executor, id: string) {
  const [row] = await ex
    .select({ file: admissionFormFiles, organizationId: admissionCandidates.organizationId })
    .from(admissionFormFiles)
    .innerJoin(admissionCandidates, eq(admissionCandidates.id, admissionFormFiles.candidateId))
    .where(and(eq(admissionFormFiles.id, id), isNull(admissionCandidates.deletedAt)));
  return row ?? null;
}

/**
 * The books in force on `day` for each cell path, each read once: a job over a province's 8,000 cells asks per
 * candidate, and candidates share cells.
 */
export function admissionBooksByPath(ex: Executor, day: string) {
  const read = new Map<string, ReturnType<typeof admissionBooks>>();
  return (path: string) => {
    if (!read.has(path)) read.set(path, admissionBooks(ex, path, day));
    return read.get(path)!;
  };
}

/** The admission rules and the holiday calendar in force for each of these organisations (by path): two reads. */
export async function admissionBooksForPaths(
  ex: Executor,
  orgPaths: string[],
  day: string,
): Promise<Map<string, { rules: AdmissionRules; calendar: HolidayCalendar }>> {
  const paths = [...new Set(orgPaths)];
  const rules = await rulebooksInForce<AdmissionRules>(ex, "admission", paths, day);
  const calendars = await rulebooksInForce<HolidayCalendar>(ex, HOLIDAYS_KIND, paths, day);
  return new Map(paths.map((p) => [p, { rules: rules.get(p)!.data, calendar: calendars.get(p)!.data }]));
}

/** The admission rules and the holiday calendar in force for an organisation on a day. */
export async function admissionBooks(
  ex: Executor,
  orgPath: string,
  day: string,
): Promise<{ rules: AdmissionRules; calendar: HolidayCalendar }> {
  const rules = (await rulebookInForce<AdmissionRules>(ex, "admission", orgPath, day)).data;
  const calendar = (await rulebookInForce<HolidayCalendar>(ex, HOLIDAYS_KIND, orgPath, day)).data;
  return { rules, calendar };
}
