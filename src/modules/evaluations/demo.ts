import { insertMany, type Tx } from "../../core/db/index.js";
import { listMeetings } from "../meetings/store.js";
import { findOrganizationByCode } from "../organizations/store.js";
import { checkQuota, type Level, type RubricSection, totalScore } from "./model.js";
import { createPeriod, emptyFactsOfCell, memberFacts, periodRules } from "./operations.js";
import {
  evaluationComments,
  evaluationDecisions,
  evaluationPeriods,
  evaluationProposals,
  selfAssessments,
} from "./schema.js";
import { eq } from "drizzle-orm";
import { listSubjects, type SubjectRow, subjectProgress } from "./store.js";
import { hanoiAt } from "../../core/time.js";

const SCORE: Record<Level, number> = { excellent: 92, good: 82, completed: 65, not_completed: 40 };

/** Points on each criterion in proportion to its maximum, so the total comes to about `target`. */
function scoresFor(sections: RubricSection[], target: number): Record<string, number> {
  return Object.fromEntries(sections.flatMap((s) => s.criteria.map((c) => [c.id, Math.round(c.max * target) / 100])));
}

/**
 * Levels for one group of comparable subjects that respect the quota: the last of a group of three or more is
 * rated hoàn thành, the first ones xuất sắc as far as 20% of the rest allows, the others tốt.
 */
function levelsOfGroup(n: number, quota: Parameters<typeof checkQuota>[0]): Level[] {
  const completed = n >= 3 ? 1 : 0;
  const pool = n - completed;
  const excellent = checkQuota(quota, { excellent: 0, good: pool }, false).allowed;
  return Array.from({ length: n }, (_, i) => (i < excellent ? "excellent" : i < pool ? "good" : "completed"));
}

/**
 * The demo đảng bộ's reviews: last year complete (self-assessed, proposed, decided and published), this year in
 * progress as it is in December — some self-assessments handed in, one cell (CB-LLCS) has met and proposed, nothing
 * decided yet. dangvien.llcs has not self-assessed, so the journey can do it.
 */
export async function loadEvaluationsDemo(tx: Tx, today: string): Promise<void> {
  const root = await findOrganizationByCode(tx, "DB-TCT");
  if (!root) return;
  const year = Number(today.slice(0, 4));
  const now = hanoiAt(today, "09:00");

  // ── last year, complete ──
  const last = year - 1;
  const { period: done } = await createPeriod(tx, root, {
    kind: "year",
    year: last,
    quarter: null,
    startsOn: `${last}-01-01`,
    endsOn: `${last}-12-31`,
    posts: {},
  });
  const doneRules = await periodRules(tx, { ...done, organizationPath: root.path });
  const subjects = (await listSubjects(tx, done.id)).filter((x) => !x.excluded);
  const groups = new Map<string, SubjectRow[]>();
  for (const x of subjects) groups.set(`${x.kind}:${x.form}`, [...(groups.get(`${x.kind}:${x.form}`) ?? []), x]);
  const decidedAt = hanoiAt(`${last}-12-29`, "10:00");
  const assessments: (typeof selfAssessments.$inferInsert)[] = [];
  const proposals: (typeof evaluationProposals.$inferInsert)[] = [];
  const decisions: (typeof evaluationDecisions.$inferInsert)[] = [];
  for (const group of groups.values()) {
    const levels = levelsOfGroup(group.length, doneRules.rules.quota);
    for (const [i, x] of group.entries()) {
      const level = levels[i]!;
      const scores = scoresFor(doneRules.rubric.variants[x.post]!.sections, SCORE[level]);
      assessments.push({
        subjectId: x.id,
        sections: { duties: "Hoàn thành các nhiệm vụ được giao trong năm." },
        scores,
        total: totalScore(scores),
        rubricKey: doneRules.rubricBook.key,
        proposedLevel: level,
        shortcomingItems: level === "excellent" ? [] : ["Chưa chủ động đề xuất sáng kiến trong công việc"],
        previousFixed: [],
        exceededTaskIds: [],
        facts: emptyFactsOfCell(x, decidedAt),
        submittedAt: hanoiAt(`${last}-12-15`, "09:00"),
      });
      proposals.push({
        subjectId: x.id,
        level,
        meetingId: null,
        voteId: null,
        votes: null,
        note: "Nhập bổ sung",
        proposedBy: SYSTEM,
      });
      decisions.push({
        subjectId: x.id,
        periodId: done.id,
        level,
        score: totalScore(scores),
        decidedOn: `${last}-12-29`,
        decidedBy: SYSTEM,
        quotaRaisedReason: null,
        vetoKind: null,
        vetoReason: null,
        reRankings: [],
      });
    }
  }
  await insertMany(tx, selfAssessments, assessments);
  await insertMany(tx, evaluationProposals, proposals);
  await insertMany(tx, evaluationDecisions, decisions);
  await tx
    .update(evaluationPeriods)
    .set({ state: "closed", publishedAt: decidedAt })
    .where(eq(evaluationPeriods.id, done.id));

  // ── this year, in progress ──
  const { period: current } = await createPeriod(tx, root, {
    kind: "year",
    year,
    quarter: null,
    startsOn: `${year}-01-01`,
    endsOn: `${year}-12-31`,
    posts: {},
  });
  const rules = await periodRules(tx, { ...current, organizationPath: root.path });
  const llcs = await findOrganizationByCode(tx, "CB-LLCS");
  // Eight members hand in theirs, those of CB-LLCS first, except dangvien.llcs (Phạm Văn Đức).
  const names = new Map((await subjectProgress(tx, current.id)).map((p) => [p.id, p.name]));
  const first = (x: SubjectRow) => (x.cellId === llcs?.id ? 0 : 1);
  const writers = (await listSubjects(tx, current.id))
    .filter((x) => !x.excluded && x.kind === "member" && names.get(x.id) !== "Phạm Văn Đức")
    .sort((a, b) => first(a) - first(b))
    .slice(0, 8);
  const meeting = llcs
    ? (await listMeetings(tx, llcs.id, { from: `${year}-11-01`, limit: 5, order: "desc" })).find((m) =>
        ["open", "closed", "approved"].includes(m.status),
      )
    : undefined;
  for (const x of writers) {
    const level: Level = "good";
    const scores = scoresFor(rules.rubric.variants[x.post]!.sections, SCORE[level]);
    await tx.insert(selfAssessments).values({
      subjectId: x.id,
      sections: {
        duties: "Hoàn thành nhiệm vụ giảng dạy và công tác chi bộ giao.",
        direction: "Nộp báo cáo đúng hạn.",
      },
      scores,
      total: totalScore(scores),
      rubricKey: rules.rubricBook.key,
      proposedLevel: level,
      shortcomingItems: ["Đôi lúc nộp báo cáo chậm"],
      previousFixed: [],
      exceededTaskIds: [],
      facts: await memberFacts(tx, current, x, { now }),
      submittedAt: now,
    });
    if (meeting && x.cellId === llcs?.id) {
      await tx.insert(evaluationProposals).values({
        subjectId: x.id,
        level,
        meetingId: meeting.id,
        votes: { inFavour: 10, against: 0, other: 0 },
        proposedBy: SYSTEM,
      });
      await tx.insert(evaluationComments).values({
        subjectId: x.id,
        kind: "criticism",
        authorName: "Nguyễn Thị Thu Hà",
        text: "Đồng chí cần chủ động hơn trong việc nộp báo cáo đúng hạn.",
        meetingId: meeting.id,
        createdBy: SYSTEM,
      });
    }
  }
}

/** Demo rows are written by no account. */
const SYSTEM = "00000000-0000-0000-0000-000000000000";
