import type { Executor } from "../../core/db/index.js";
import { t } from "../../core/i18n/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { hanoiDate } from "../../core/time.js";
import type { IssuerInfo } from "../documents/compose.js";
import { type LayoutRules, type TemplateRules, termOn } from "../documents/model.js";
import { issuedByOrigin } from "../documents/public-evaluations.js";
import type { DocumentSummary } from "../documents/store.js";
import { getMeeting } from "../meetings/store.js";
import { minutesOf } from "../meetings/official.js";
import { getMember } from "../members/store.js";
import { getOrganization, listPositions, listTerms } from "../organizations/store.js";
import { positionActive } from "../organizations/model.js";
import { committeeName } from "./documents/names.js";
import { scoreSections } from "./documents/self-assessment.js";
import type {
  Books,
  CellReportDoc,
  CellResult,
  DecisionDoc,
  MemberResult,
  NoticeDoc,
  Period as DocPeriod,
  ReviewMinutesDoc,
  SelfAssessmentDoc,
  SummaryDoc,
  VoteCount,
} from "./documents/types.js";
import { emptyLevelCounts, type Level } from "./model.js";
import { cellReportFacts, decisionList, memberFacts, periodDeadlines, periodRules } from "./operations.js";
import {
  assessmentOf,
  cellsUnder,
  commentsOn,
  type getPeriod,
  type getSubject,
  proposalOf,
  subjectProgress,
  type SubjectProgress,
} from "./store.js";

/**
 * What each evaluation document is made from, read from this module's records and the other modules' public
 * functions (meetings, members, organizations, documents). The composers in documents/ stay pure.
 */

export type Period = NonNullable<Awaited<ReturnType<typeof getPeriod>>>;
export type Subject = NonNullable<Awaited<ReturnType<typeof getSubject>>>;
export type Cell = { id: string; name: string; path: string };

/** The document rulebooks in force on the document's day, where the organisation sits. */
export async function documentBooks(ex: Executor, orgPath: string, day: string): Promise<Books> {
  // One after the other: the issuing calls this inside its transaction.
  const layout = await rulebookInForce<LayoutRules>(ex, "document-layout", orgPath, day);
  const templates = await rulebookInForce<TemplateRules>(ex, "document-template", orgPath, day);
  return { layout: layout.data, templates: templates.data };
}

/** The header of an organisation's documents, as the documents module writes it for its own. */
export async function issuerOf(ex: Executor, organizationId: string, day: string): Promise<IssuerInfo> {
  const org = (await getOrganization(ex, organizationId))!;
  const parent = org.parentId ? await getOrganization(ex, org.parentId) : null;
  const term = termOn(await listTerms(ex, org.id), day);
  return {
    kind: org.kind,
    name: org.name,
    abbreviation: org.abbreviation,
    place: org.place ?? parent?.place ?? "",
    superiorName: org.superiorName ?? parent?.name ?? null,
    termLabel: term?.label ?? null,
  };
}

/** Who signs for an organisation on a day: its secretary, else a deputy; a name left blank when neither is known. */
export async function signerOf(ex: Executor, organizationId: string, day: string) {
  const active = (await listPositions(ex, organizationId)).filter((p) => positionActive(p, day));
  const s = active.find((p) => p.role === "secretary") ?? active.find((p) => p.role === "deputy_secretary");
  return s
    ? { signerName: s.fullName, signerRole: s.role as "secretary" | "deputy_secretary" }
    : { signerName: "", signerRole: "secretary" as const };
}

function docPeriod(period: Period): DocPeriod {
  if (period.kind === "quarter")
    return { kind: "quarter", year: period.year, quarter: period.quarter as 1 | 2 | 3 | 4 };
  if (period.kind === "term")
    return { kind: "term", term: `${period.startsOn.slice(0, 4)}–${period.endsOn.slice(0, 4)}` };
  return { kind: "year", year: period.year };
}

/** The member's bản kiểm điểm as saved (the facts kept with it), or a blank pre-filled with the facts read now. */
export async function selfAssessmentDoc(
  ex: Executor,
  period: Period,
  subject: Subject,
  now: Date,
): Promise<SelfAssessmentDoc> {
  const [assessment, member, { rubric }] = await Promise.all([
    assessmentOf(ex, subject.id),
    getMember(ex, subject.memberId!),
    periodRules(ex, period),
  ]);
  const day = assessment?.submittedAt ? hanoiDate(assessment.submittedAt) : hanoiDate(now);
  const facts = assessment?.facts ?? (await memberFacts(ex, period, subject, { now }));
  const role = (await listPositions(ex, subject.cellId)).find(
    (p) => p.memberId === subject.memberId && positionActive(p, period.endsOn),
  )?.role;
  const sections = Object.fromEntries(
    Object.entries(assessment?.sections ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return {
    form: subject.form as SelfAssessmentDoc["form"],
    period: docPeriod(period),
    cell: await issuerOf(ex, subject.cellId, day),
    member: {
      fullName: member?.fullName ?? subject.memberName ?? "",
      birthDate: member?.dateOfBirth ?? null,
      partyPost: role ? t("vi", `roles.${role}`) : null,
      post: null,
      workplace: null,
      residence: null,
    },
    facts,
    sections,
    scores: scoreSections(rubric.variants[subject.post]!.sections, assessment?.scores ?? {}),
    proposedLevel: assessment?.proposedLevel ?? null,
    day,
    draft: !assessment?.submittedAt,
  };
}

/** The cell's subject (the collective) among a period's progress rows. */
const cellRow = (rows: SubjectProgress[]) => rows.find((r) => r.kind === "cell") ?? null;

/** Mẫu 01: a draft until the cell has proposed its own level, final after. */
export async function cellReportDoc(ex: Executor, period: Period, cell: Cell, now: Date): Promise<CellReportDoc> {
  const day = hanoiDate(now);
  const facts = await cellReportFacts(ex, period, cell, now);
  const own = cellRow(await subjectProgress(ex, period.id, [cell.id]));
  const assessment = own ? await assessmentOf(ex, own.id) : null;
  const sections = Object.fromEntries(
    Object.entries(assessment?.sections ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return {
    cell: await issuerOf(ex, cell.id, day),
    number: null,
    day,
    draft: facts.proposedLevel === null,
    facts,
    // TODO(resolutions targets): the resolution's targets join the report once the resolutions module exposes them.
    targets: [],
    sections,
    proposedLevel: facts.proposedLevel ?? assessment?.proposedLevel ?? null,
    ...(await signerOf(ex, cell.id, day)),
  };
}

/** The meeting the cell reviewed its members at: the one its proposals were made at (its own first). */
export function reviewMeetingOf(rows: SubjectProgress[]): string | null {
  return cellRow(rows)?.meetingId ?? rows.find((r) => r.meetingId)?.meetingId ?? null;
}

const BLANK_NAME = "..............................";

/**
 * The review meeting's minutes: the meeting's place, chair and attendance from the meetings module, then each
 * member heard with the comments received, the residence cell's note, the vote and the level proposed.
 */
export async function reviewMinutesDoc(ex: Executor, period: Period, cell: Cell): Promise<ReviewMinutesDoc | null> {
  const rows = await subjectProgress(ex, period.id, [cell.id]);
  const meetingId = reviewMeetingOf(rows);
  const meeting = meetingId ? await getMeeting(ex, meetingId) : null;
  if (!meeting || meeting.status === "planned" || meeting.status === "cancelled") return null;
  const minutes = await minutesOf(ex, meeting);
  const present = minutes.attendance.present;
  // Those who voted are at least those present: a meeting whose attendance was not taken still has its votes.
  const voteOf = (votes: { inFavour: number; against: number; other: number } | null, level: Level | null) =>
    votes && level
      ? ({
          method: "named",
          eligible: Math.max(present, votes.inFavour + votes.against + votes.other),
          counts: { [level]: votes.inFavour },
        } satisfies VoteCount)
      : null;
  const members: ReviewMinutesDoc["members"] = [];
  for (const r of rows.filter((x) => x.kind === "member" && !x.excluded)) {
    const comments = await commentsOn(ex, r.id);
    const proposal = await proposalOf(ex, r.id);
    const residence = comments.filter((c) => c.kind === "residence").map((c) => c.text);
    members.push({
      fullName: r.name,
      selfScore: r.submittedAt ? r.total : null,
      selfLevel: r.submittedAt ? (r.selfLevel as Level | null) : null,
      comments: comments
        .filter((c) => c.kind === "criticism")
        .map((c) => ({ speaker: c.authorName ?? "", text: c.text })),
      residenceComment: residence.length ? residence.join(" ") : null,
      vote: voteOf(proposal?.votes ?? null, proposal?.level ?? null),
      proposedLevel: proposal?.level ?? null,
    });
  }
  const own = cellRow(rows);
  const ownProposal = own ? await proposalOf(ex, own.id) : null;
  const cellVote = ownProposal ? voteOf(ownProposal.votes, ownProposal.level) : null;
  return {
    cell: await issuerOf(ex, cell.id, minutes.startedAt.slice(0, 10)),
    year: period.year,
    number: null,
    draft: minutes.status !== "approved",
    place: minutes.place,
    startedAt: minutes.startedAt,
    endedAt: minutes.endedAt,
    // A name the meeting did not record is left as a dotted line to fill in by hand.
    chair: minutes.chair.trim() || BLANK_NAME,
    minuteTaker: minutes.minuteTaker.trim() || BLANK_NAME,
    guests: minutes.guests,
    attendance: minutes.attendance,
    report: null,
    members,
    cellVote: cellVote && ownProposal ? { ...cellVote, proposedLevel: ownProposal.level } : null,
    conclusion: minutes.conclusion,
  };
}

// ── the đảng ủy's documents ──

export const DECISION_ORIGIN = { members: "evaluation-decision-members", cells: "evaluation-decision-cells" } as const;
export const NOTICE_ORIGIN = "evaluation-notice";

/** The decisions (on members, on cells) and the notice issued for a period in the register, if issued. */
export async function issuedForPeriod(ex: Executor, period: Period) {
  // One after the other: the issuing calls this inside its transaction.
  const members = await issuedByOrigin(ex, period.organizationId, DECISION_ORIGIN.members, period.id);
  const cells = await issuedByOrigin(ex, period.organizationId, DECISION_ORIGIN.cells, period.id);
  const notice = await issuedByOrigin(ex, period.organizationId, NOTICE_ORIGIN, period.id);
  return { members: members.at(-1) ?? null, cells: cells.at(-1) ?? null, notice: notice.at(-1) ?? null };
}

/** "Ban Tổ chức Đảng ủy …" of the level above, to whom the decision is sent. */
function superiorCommittee(committee: IssuerInfo): string {
  const above = committee.superiorName ? committeeName({ kind: "party_committee", name: committee.superiorName }) : "";
  return above ? `Ban Tổ chức ${above}` : "";
}

/**
 * The decision on members or on cells: numbered and dated as issued in the register, else a draft of today listing
 * the levels decided so far.
 */
export async function decisionDoc(
  ex: Executor,
  period: Period,
  subject: "members" | "cells",
  issued: DocumentSummary | null,
  now: Date,
): Promise<DecisionDoc> {
  const day = issued?.issuedOn ?? hanoiDate(now);
  const committee = await issuerOf(ex, period.organizationId, day);
  return {
    committee,
    subject,
    year: period.year,
    number: issued?.number ?? null,
    day,
    draft: !issued,
    entries: (await decisionList(ex, period)).entries,
    superiorCommittee: superiorCommittee(committee),
    ...(issued
      ? { signerName: issued.signerName ?? "", signerRole: issued.signerRole ?? "secretary" }
      : await signerOf(ex, period.organizationId, day)),
  };
}

/** The notice of results, citing the decision on members (its number and day once issued). */
export async function noticeDoc(
  ex: Executor,
  period: Period,
  decision: DocumentSummary | null,
  issued: DocumentSummary | null,
  now: Date,
): Promise<NoticeDoc> {
  const day = issued?.issuedOn ?? hanoiDate(now);
  return {
    committee: await issuerOf(ex, period.organizationId, day),
    year: period.year,
    number: issued?.number ?? null,
    day,
    draft: !issued,
    decision: { numberText: decision?.numberText ?? "", day: decision?.issuedOn ?? day },
    totals: (await decisionList(ex, period)).totals,
    ...(await signerOf(ex, period.organizationId, day)),
  };
}

/** Mẫu 04 and the XLSX: each cell's results (decided, else proposed) and each member's line; a draft until all decided. */
export async function summaryData(
  ex: Executor,
  period: Period,
  now: Date,
): Promise<{ summary: SummaryDoc; members: MemberResult[] }> {
  const day = hanoiDate(now);
  const [books, rows, cells, list] = await Promise.all([
    periodRules(ex, period),
    subjectProgress(ex, period.id),
    cellsUnder(ex, period.organizationPath),
    decisionList(ex, period),
  ]);
  const committee = await issuerOf(ex, period.organizationId, day);
  const decidedOn = new Map(list.entries.map((e) => [e.subjectId, e.decidedOn]));
  const cellName = new Map(cells.map((c) => [c.id, c.name]));
  const results: CellResult[] = cells.map((c) => {
    const mine = rows.filter((r) => r.cellId === c.id);
    const members = mine.filter((r) => r.kind === "member");
    const levels = emptyLevelCounts();
    for (const m of members) {
      const level = (m.decidedLevel ?? m.proposedLevel) as Level | null;
      if (level && !m.excluded) levels[level] += 1;
    }
    const own = cellRow(mine);
    return {
      name: c.name,
      members: members.length,
      evaluated: members.filter((m) => !m.excluded).length,
      levels,
      proposedLevel: (own?.proposedLevel as Level | null) ?? null,
      decidedLevel: (own?.decidedLevel as Level | null) ?? null,
    };
  });
  const excluded: SummaryDoc["excluded"] = {};
  for (const r of rows)
    if (r.excluded && r.exclusionReason) excluded[r.exclusionReason] = (excluded[r.exclusionReason] ?? 0) + 1;
  const raised = rows.some((r) => r.quotaRaisedReason !== null);
  const summary: SummaryDoc = {
    committee,
    year: period.year,
    number: null,
    day,
    draft: rows.some((r) => !r.excluded && !r.decidedLevel),
    superiorCommittee: committee.superiorName
      ? committeeName({ kind: "party_committee", name: committee.superiorName })
      : "",
    dueOn: periodDeadlines(books, period).find((d) => d.key === "dossier")!.due,
    quotaPercent: raised ? books.rules.quota.raisedShare : books.rules.quota.share,
    cells: results,
    excluded,
    ...(await signerOf(ex, period.organizationId, day)),
  };
  const members: MemberResult[] = rows
    .filter((r) => r.kind === "member" && !r.excluded)
    .map((r) => ({
      name: r.name,
      cellName: cellName.get(r.cellId) ?? "",
      form: r.form,
      score: r.total,
      selfLevel: r.submittedAt ? (r.selfLevel as Level | null) : null,
      proposedLevel: r.proposedLevel as Level | null,
      level: r.decidedLevel as Level | null,
      decidedOn: decidedOn.get(r.id) ?? null,
    }));
  return { summary, members };
}
