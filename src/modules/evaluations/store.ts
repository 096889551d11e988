import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { queryRows, type Executor } from "../../core/db/index.js";
import { compareVietnamese } from "../../core/i18n/index.js";
import { historyOrRecord, listMembers, listStatusPeriods, memberNames } from "../members/store.js";
import { addDays } from "../../core/time.js";
import { organizations } from "../organizations/schema.js";
import type { StatusInterval } from "./model.js";
import {
  evaluationComments,
  evaluationDecisions,
  evaluationPeriods,
  evaluationProposals,
  evaluationSubjects,
  selfAssessments,
} from "./schema.js";

export type PeriodRow = typeof evaluationPeriods.$inferSelect;
export type SubjectRow = typeof evaluationSubjects.$inferSelect;
export type SelfAssessmentRow = typeof selfAssessments.$inferSelect;
export type ProposalRow = typeof evaluationProposals.$inferSelect;
export type DecisionRow = typeof evaluationDecisions.$inferSelect;
export type CommentRow = typeof evaluationComments.$inferSelect;

export async function getPeriod(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<(PeriodRow & { organizationPath: string; organizationName: string }) | null> {
  const q = ex
    .select({ period: evaluationPeriods, path: organizations.path, name: organizations.name })
    .from(evaluationPeriods)
    .innerJoin(organizations, eq(organizations.id, evaluationPeriods.organizationId))
    .where(and(eq(evaluationPeriods.id, id), isNull(evaluationPeriods.deletedAt)));
  // A write locks the period row: decisions of one period run one after another, so two cannot both take the
  // last place of a quota.
  const [row] = opts.forUpdate ? await q.for("update", { of: evaluationPeriods }) : await q;
  return row ? { ...row.period, organizationPath: row.path, organizationName: row.name } : null;
}

export async function listPeriods(ex: Executor, organizationId: string): Promise<PeriodRow[]> {
  return ex
    .select()
    .from(evaluationPeriods)
    .where(and(eq(evaluationPeriods.organizationId, organizationId), isNull(evaluationPeriods.deletedAt)))
    .orderBy(sql`${evaluationPeriods.endsOn} DESC`);
}

/** The year period of the year before, for last time's shortcomings. */
export async function previousYearPeriod(ex: Executor, period: PeriodRow): Promise<PeriodRow | null> {
  const [row] = await ex
    .select()
    .from(evaluationPeriods)
    .where(
      and(
        eq(evaluationPeriods.organizationId, period.organizationId),
        eq(evaluationPeriods.kind, "year"),
        eq(evaluationPeriods.year, period.year - 1),
        isNull(evaluationPeriods.deletedAt),
      ),
    );
  return row ?? null;
}

export async function getSubject(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<(SubjectRow & { cellPath: string; cellName: string; memberName: string | null }) | null> {
  const q = ex
    .select({ subject: evaluationSubjects, cellPath: organizations.path, cellName: organizations.name })
    .from(evaluationSubjects)
    .innerJoin(organizations, eq(organizations.id, evaluationSubjects.cellId))
    .where(and(eq(evaluationSubjects.id, id), isNull(evaluationSubjects.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: evaluationSubjects }) : await q;
  if (!row) return null;
  const memberId = row.subject.memberId;
  const memberName = memberId ? ((await memberNames(ex, [memberId])).get(memberId)?.fullName ?? null) : null;
  return { ...row.subject, cellPath: row.cellPath, cellName: row.cellName, memberName };
}

export async function subjectOfMember(ex: Executor, periodId: string, memberId: string): Promise<SubjectRow | null> {
  const [row] = await ex
    .select()
    .from(evaluationSubjects)
    .where(
      and(
        eq(evaluationSubjects.periodId, periodId),
        eq(evaluationSubjects.memberId, memberId),
        isNull(evaluationSubjects.deletedAt),
      ),
    );
  return row ?? null;
}

export async function listSubjects(ex: Executor, periodId: string, cellId?: string): Promise<SubjectRow[]> {
  return ex
    .select()
    .from(evaluationSubjects)
    .where(
      and(
        eq(evaluationSubjects.periodId, periodId),
        cellId ? eq(evaluationSubjects.cellId, cellId) : undefined,
        isNull(evaluationSubjects.deletedAt),
      ),
    )
    .orderBy(asc(evaluationSubjects.kind), asc(evaluationSubjects.id));
}

export async function assessmentOf(ex: Executor, subjectId: string): Promise<SelfAssessmentRow | null> {
  const [row] = await ex
    .select()
    .from(selfAssessments)
    .where(and(eq(selfAssessments.subjectId, subjectId), isNull(selfAssessments.deletedAt)));
  return row ?? null;
}

export async function proposalOf(ex: Executor, subjectId: string): Promise<ProposalRow | null> {
  const [row] = await ex
    .select()
    .from(evaluationProposals)
    .where(and(eq(evaluationProposals.subjectId, subjectId), isNull(evaluationProposals.deletedAt)));
  return row ?? null;
}

export async function decisionOf(ex: Executor, subjectId: string): Promise<DecisionRow | null> {
  const [row] = await ex
    .select()
    .from(evaluationDecisions)
    .where(and(eq(evaluationDecisions.subjectId, subjectId), isNull(evaluationDecisions.deletedAt)));
  return row ?? null;
}

export async function commentsOn(ex: Executor, subjectId: string): Promise<CommentRow[]> {
  return ex
    .select()
    .from(evaluationComments)
    .where(and(eq(evaluationComments.subjectId, subjectId), isNull(evaluationComments.deletedAt)))
    .orderBy(asc(evaluationComments.createdAt));
}

/** Each subject of a period with what has happened to it: one row per subject, for lists, the quota and the view. */
export interface SubjectProgress {
  id: string;
  cellId: string;
  kind: "member" | "cell";
  memberId: string | null;
  name: string;
  form: SubjectRow["form"];
  post: SubjectRow["post"];
  excluded: boolean;
  exclusionReason: SubjectRow["exclusionReason"];
  submittedAt: string | null;
  total: number | null;
  selfLevel: string | null;
  proposedLevel: string | null;
  meetingId: string | null;
  decidedLevel: string | null;
  quotaRaisedReason: string | null;
}

export async function subjectProgress(ex: Executor, periodId: string, cellIds?: string[]): Promise<SubjectProgress[]> {
  if (cellIds && cellIds.length === 0) return [];
  const cells = cellIds
    ? sql`AND s.cell_id IN (${sql.join(
        cellIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const rows = await queryRows<SubjectProgress & { cellName: string }>(
    ex,
    sql`SELECT s.id, s.cell_id AS "cellId", s.kind, s.member_id AS "memberId", o.name AS name, o.name AS "cellName", s.form, s.post,
               s.excluded, s.exclusion_reason AS "exclusionReason", a.submitted_at::text AS "submittedAt", a.total,
               a.proposed_level AS "selfLevel", p.level AS "proposedLevel", p.meeting_id AS "meetingId",
               d.level AS "decidedLevel", d.quota_raised_reason AS "quotaRaisedReason"
          FROM evaluation_subjects s
          JOIN organizations o ON o.id = s.cell_id
          LEFT JOIN self_assessments a ON a.subject_id = s.id AND a.deleted_at IS NULL
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
          LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
         WHERE s.period_id = ${periodId} AND s.deleted_at IS NULL ${cells}`,
  );
  // Names and their Vietnamese order come from the members module; a cell's own subject is named after the cell.
  const names = await memberNames(
    ex,
    rows.flatMap((r) => (r.memberId ? [r.memberId] : [])),
  );
  return inReviewOrder(
    rows.map(({ cellName, ...r }) => {
      const member = r.memberId ? names.get(r.memberId) : undefined;
      return { ...r, name: member?.fullName ?? r.name, cellName, sortKey: member?.sortKey ?? "" };
    }),
  ).map(({ cellName: _c, sortKey: _s, ...r }) => r);
}

/** Cells by name; in each, members first in Vietnamese name order, then the cell itself. */
export function inReviewOrder<T extends { cellName: string; kind: string; sortKey: string; id: string }>(
  rows: T[],
): T[] {
  const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort(
    (a, b) =>
      compareVietnamese(a.cellName, b.cellName) ||
      byte(b.kind, a.kind) ||
      byte(a.sortKey, b.sortKey) ||
      byte(a.id, b.id),
  );
}

/**
 * Cells of a đảng bộ, with their path: the tree itself (shared by every module, like access reading paths).
 * Members of a party group are evaluated in the cell above the group.
 */
export async function cellsUnder(ex: Executor, path: string): Promise<{ id: string; name: string; path: string }[]> {
  return queryRows(
    ex,
    sql`SELECT id, name, path FROM organizations WHERE kind = 'cell' AND path LIKE ${`${path}%`} AND closed_on IS NULL ORDER BY name, id`,
  );
}

/** How many cells a đảng bộ has: the December view's pager, without reading 8,000 names to count them. */
export async function countCellsUnder(ex: Executor, path: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM organizations WHERE kind = 'cell' AND path LIKE ${`${path}%`} AND closed_on IS NULL`,
  );
  return row!.n;
}

/** Members on the roster of a đảng bộ's subtree today, with the cell each belongs to (a group's parent cell). */
export async function membersUnder(ex: Executor, path: string, cells: { id: string; path: string }[]) {
  const { items } = await listMembers(ex, path, { limit: 1_000_000, offset: 0 });
  // Each organisation's cell is the deepest cell on its path ("/root/cell/group/"), found by its prefixes: trying
  // every cell for every member took two minutes for a đảng bộ of 8,000 cells and 152,000 members.
  const cellByPath = new Map(cells.map((c) => [c.path, c.id]));
  const cellOf = new Map<string, string>();
  for (const o of await queryRows<{ id: string; path: string }>(
    ex,
    sql`SELECT id, path FROM organizations WHERE path LIKE ${`${path}%`}`,
  )) {
    const segments = o.path.split("/").filter(Boolean);
    for (let n = segments.length; n > 0; n--) {
      const cellId = cellByPath.get(`/${segments.slice(0, n).join("/")}/`);
      if (cellId) {
        cellOf.set(o.id, cellId);
        break;
      }
    }
  }
  return items
    .map((m) => {
      const cellId = cellOf.get(m.organizationId);
      return cellId ? { ...m, cellId } : null;
    })
    .filter((m) => m !== null);
}

/**
 * Dated status intervals of members, the ONE place this module reads them: the members module's status history
 * (recorded periods, or what a member's record implies when none was written), as inclusive intervals. "left" is no
 * status: on those days the member is not on the roll.
 */
export async function statusIntervalsOf(
  ex: Executor,
  roster: (Parameters<typeof historyOrRecord>[1] & { id: string })[],
): Promise<Map<string, StatusInterval[]>> {
  const recorded = await listStatusPeriods(
    ex,
    roster.map((m) => m.id),
  );
  return new Map(
    roster.map((m) => [
      m.id,
      historyOrRecord(recorded.get(m.id), m)
        .filter((p) => p.kind !== "left")
        .map((p) => ({
          status: p.kind as StatusInterval["status"],
          from: p.startsOn ?? "1900-01-01",
          // The history's end is exclusive (the day of the next change); an interval's is the last day.
          to: p.endsOn ? addDays(p.endsOn, -1) : null,
        })),
    ]),
  );
}

/** Decided levels of a member across periods, oldest first. */
export async function memberDecisions(ex: Executor, memberId: string) {
  return queryRows<{
    periodId: string;
    kind: string;
    year: number;
    quarter: number | null;
    level: string;
    decidedOn: string;
    organizationId: string;
    publishedAt: string | null;
    rulebookKey: string;
  }>(
    ex,
    sql`SELECT p.id AS "periodId", p.kind, p.year, p.quarter, d.level, d.decided_on::text AS "decidedOn", p.organization_id AS "organizationId",
               p.published_at::text AS "publishedAt", p.rulebook_key AS "rulebookKey"
          FROM evaluation_subjects s
          JOIN evaluation_periods p ON p.id = s.period_id AND p.deleted_at IS NULL
          JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
         WHERE s.member_id = ${memberId} AND s.deleted_at IS NULL
         ORDER BY p.ends_on, p.kind`,
  );
}

/** Every subject of a member in open or published periods, newest first: the member's own page. */
export async function subjectsOfMember(ex: Executor, memberId: string) {
  return ex
    .select({ subject: evaluationSubjects, period: evaluationPeriods })
    .from(evaluationSubjects)
    .innerJoin(evaluationPeriods, eq(evaluationPeriods.id, evaluationSubjects.periodId))
    .where(
      and(
        eq(evaluationSubjects.memberId, memberId),
        isNull(evaluationSubjects.deletedAt),
        isNull(evaluationPeriods.deletedAt),
      ),
    )
    .orderBy(sql`${evaluationPeriods.endsOn} DESC`);
}

export async function subjectsByIds(ex: Executor, ids: string[]): Promise<SubjectRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(evaluationSubjects).where(inArray(evaluationSubjects.id, ids));
}

/** How far a period's members have got, counted in the database (the period page, across the whole đảng bộ). */
export async function periodCounts(ex: Executor, periodId: string) {
  const [row] = await queryRows<{
    subjects: number;
    excluded: number;
    submitted: number;
    proposed: number;
    decided: number;
  }>(
    ex,
    sql`SELECT count(*)::int AS subjects, count(*) FILTER (WHERE s.excluded)::int AS excluded,
               count(a.id) FILTER (WHERE a.submitted_at IS NOT NULL)::int AS submitted,
               count(p.id)::int AS proposed, count(d.id)::int AS decided
          FROM evaluation_subjects s
          LEFT JOIN self_assessments a ON a.subject_id = s.id AND a.deleted_at IS NULL
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
          LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
         WHERE s.period_id = ${periodId} AND s.kind = 'member' AND s.deleted_at IS NULL`,
  );
  return row!;
}

export interface DecemberRow {
  cellId: string;
  cellName: string;
  members: number;
  excluded: number;
  selfAssessed: number;
  proposed: number;
  decided: number;
  meetingId: string | null;
  cellProposedLevel: string | null;
  cellDecidedLevel: string | null;
}

/** One page of cells (by name) with their review's progress, aggregated in the database. */
/** The December view's page of cells, each with its counts. */
export async function decemberPage(ex: Executor, periodId: string, orgPath: string, offset: number, limit: number) {
  return queryRows<DecemberRow>(
    ex,
    sql`WITH page AS (
          SELECT id, name FROM organizations
           WHERE kind = 'cell' AND path LIKE ${`${orgPath}%`} AND closed_on IS NULL
           ORDER BY name, id LIMIT ${limit} OFFSET ${offset})
        SELECT c.id AS "cellId", c.name AS "cellName",
               count(s.id) FILTER (WHERE s.kind = 'member')::int AS members,
               count(s.id) FILTER (WHERE s.kind = 'member' AND s.excluded)::int AS excluded,
               count(a.id) FILTER (WHERE s.kind = 'member' AND a.submitted_at IS NOT NULL)::int AS "selfAssessed",
               count(p.id) FILTER (WHERE s.kind = 'member')::int AS proposed,
               count(d.id) FILTER (WHERE s.kind = 'member')::int AS decided,
               min(p.meeting_id::text) AS "meetingId",
               min(p.level) FILTER (WHERE s.kind = 'cell') AS "cellProposedLevel",
               min(d.level) FILTER (WHERE s.kind = 'cell') AS "cellDecidedLevel"
          FROM page c
          LEFT JOIN evaluation_subjects s ON s.period_id = ${periodId} AND s.cell_id = c.id AND s.deleted_at IS NULL
          LEFT JOIN self_assessments a ON a.subject_id = s.id AND a.deleted_at IS NULL
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
          LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
         GROUP BY c.id, c.name
         ORDER BY c.name, c.id`,
  );
}

/** The December view's totals over the whole đảng bộ: cells met, members self-assessed, proposed, decided. */
export async function decemberTotals(ex: Executor, periodId: string) {
  const [totals] = await queryRows<{
    cells: number;
    cellsMet: number;
    members: number;
    selfAssessed: number;
    proposed: number;
    decided: number;
  }>(
    ex,
    sql`SELECT count(DISTINCT s.cell_id)::int AS cells,
               count(DISTINCT s.cell_id) FILTER (WHERE p.id IS NOT NULL)::int AS "cellsMet",
               count(s.id) FILTER (WHERE s.kind = 'member' AND NOT s.excluded)::int AS members,
               count(a.id) FILTER (WHERE s.kind = 'member' AND a.submitted_at IS NOT NULL)::int AS "selfAssessed",
               count(p.id) FILTER (WHERE s.kind = 'member')::int AS proposed,
               count(d.id) FILTER (WHERE s.kind = 'member')::int AS decided
          FROM evaluation_subjects s
          LEFT JOIN self_assessments a ON a.subject_id = s.id AND a.deleted_at IS NULL
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
          LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
         WHERE s.period_id = ${periodId} AND s.deleted_at IS NULL`,
  );
  return totals!;
}
