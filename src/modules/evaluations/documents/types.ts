import type { IssuerInfo } from "../../documents/compose.js";
import type { LayoutRules, TemplateRules } from "../../documents/model.js";

/**
 * What each evaluation document is made from, as plain data. The shapes follow the evaluations module's
 * own (model.ts: MemberFacts, SelfAssessmentView, CellReportFacts, DecisionEntry) as structural subsets,
 * so the server passes its views as they are. Dates are ISO (yyyy-mm-dd); the composers format them.
 * Names are full names in Vietnamese order ("Nguyễn Thị Thu Hà"); lists are ordered by given name here.
 */

/** The four levels of 366-QĐ/TW, best first; the words printed come from the template rulebook. */
export const LEVELS = ["excellent", "good", "completed", "not_completed"] as const;
export type Level = (typeof LEVELS)[number];

export type SelfAssessmentForm = "2A" | "2B" | "2C" | "05";

/** The rulebooks in force on the document's date (document-layout and document-template). */
export interface Books {
  layout: LayoutRules;
  templates: TemplateRules;
}

export type Period =
  | { kind: "year"; year: number }
  | { kind: "quarter"; year: number; quarter: 1 | 2 | 3 | 4 }
  /** A term's review: "2020–2025" */
  | { kind: "term"; term: string };

/** Where a pre-filled fact comes from; the form prints what kind of record and when it was read. */
export interface FactSource {
  module: "tasks" | "meetings" | "plans" | "evaluations" | "committee" | "self";
  ids: string[];
  /** ISO instant */
  readAt: string;
}

export interface TaskFacts {
  assigned: number;
  onTime: number;
  late: number;
  undone: number;
  exceeded: number;
  source: FactSource;
}

export interface AttendanceFacts {
  meetings: number;
  present: number;
  absentWithReason: number;
  absentWithoutReason: number;
  ratePercent: number | null;
  source: FactSource;
}

export interface MemberFacts {
  tasks: TaskFacts;
  attendance: AttendanceFacts;
  personalPlan: {
    items: { what: string; result: string | null }[];
    reviewNote: string | null;
    source: FactSource;
  } | null;
  shortcomings: { items: { text: string; fixed: boolean | null }[]; source: FactSource };
  discipline: {
    entries: { form: "reprimand" | "warning" | "dismissal" | "expulsion"; decidedOn: string; note: string | null }[];
    source: FactSource;
  };
}

/** A rubric section as the rubric rulebook names it, with the member's points (null: not yet scored). */
export interface ScoreSection {
  label: string;
  criteria: { label: string; max: number; score: number | null }[];
}

export interface SelfAssessmentDoc {
  form: SelfAssessmentForm;
  period: Period;
  /** The member's cell (issuer) and its đảng ủy (superiorName), as the header writes them. */
  cell: IssuerInfo;
  member: {
    fullName: string;
    birthDate: string | null;
    partyPost: string | null;
    post: string | null;
    workplace: string | null;
    residence: string | null;
  };
  facts: MemberFacts | null;
  /** The member's own text by section id (politics, ethics, discipline, duties, shortcomings …). */
  sections: Partial<Record<string, string>>;
  scores: ScoreSection[];
  proposedLevel: Level | null;
  /** The date written on the form (submission, or today for a blank to print). */
  day: string;
  draft: boolean;
}

export type MeetingRating = "good" | "fair" | "average" | "poor" | "unrated";
export type ExclusionReason = "admitted_recently" | "exempt" | "suspended";

/** What Mẫu 01 is drafted from: the server's CellReportFacts. */
export interface CellReportFacts {
  year: number;
  members: { total: number; evaluated: number; excluded: { name: string; reason: ExclusionReason }[] };
  meetings: { held: number; byRating: Record<MeetingRating, number>; source: FactSource };
  tasks: { assigned: number; onTime: number; late: number; undone: number; source: FactSource };
  proposedLevels: Record<Level, number>;
  disciplined: number;
}

export interface TargetFact {
  title: string;
  planned: string;
  result: string;
  met: boolean;
}

export interface CellReportDoc {
  cell: IssuerInfo;
  number: number | null;
  day: string;
  draft: boolean;
  facts: CellReportFacts;
  /** The resolution's targets and their results, when the cell tracks them */
  targets: TargetFact[];
  /** The committee's own text by section key (leadership, shortcomings, causes, direction …) */
  sections: Partial<Record<string, string>>;
  proposedLevel: Level | null;
  signerName: string;
  signerRole: string;
}

export interface VoteCount {
  method: "named" | "secret";
  /** Members present who voted */
  eligible: number;
  counts: Partial<Record<Level, number>>;
}

export interface ReviewMinutesDoc {
  cell: IssuerInfo;
  year: number;
  number: number | null;
  draft: boolean;
  place: string;
  /** ISO date-times with offset, as the meetings module records them */
  startedAt: string;
  endedAt: string | null;
  chair: string;
  minuteTaker: string;
  guests: string[];
  attendance: {
    total: number;
    exempt: number;
    present: number;
    absentWithReason: { name: string; reason: string }[];
    absentWithoutReason: string[];
  };
  /** Who presented the Mẫu 01 draft, and the day it went to members */
  report: { presenter: string; sentOn: string } | null;
  members: {
    fullName: string;
    selfScore: number | null;
    selfLevel: Level | null;
    comments: { speaker: string; text: string }[];
    residenceComment: string | null;
    vote: VoteCount | null;
    proposedLevel: Level | null;
  }[];
  cellVote: (VoteCount & { proposedLevel: Level }) | null;
  conclusion: string[];
}

/** A decided subject: the server's DecisionEntry. */
export interface DecisionEntry {
  subjectKind: "member" | "cell";
  /** A member's full name, or a cell's name */
  name: string;
  cellName: string;
  form: string | null;
  score: number | null;
  /** The cell's proposal */
  proposedLevel: Level | null;
  level: Level;
  decidedOn: string;
}

export interface DecisionDoc {
  /** The đảng ủy (kind party_committee) */
  committee: IssuerInfo;
  subject: "members" | "cells";
  year: number;
  number: number | null;
  day: string;
  draft: boolean;
  /** Entries of the other subject kind are left out */
  entries: DecisionEntry[];
  /** "Ban Tổ chức Đảng ủy …" as the recipients write it */
  superiorCommittee: string;
  signerName: string;
  signerRole: string;
}

export interface NoticeDoc {
  committee: IssuerInfo;
  year: number;
  number: number | null;
  day: string;
  draft: boolean;
  decision: { numberText: string; day: string };
  /** The server's DecisionList totals */
  totals: { member: Record<Level, number>; cell: Record<Level, number> };
  signerName: string;
  signerRole: string;
}

export interface CellResult {
  name: string;
  members: number;
  evaluated: number;
  /** Its members' levels (decided, else proposed) */
  levels: Record<Level, number>;
  proposedLevel: Level | null;
  decidedLevel: Level | null;
}

/** A member's line in the XLSX: the server's DecisionEntry, with the member's own details where known. */
export interface MemberResult {
  name: string;
  cellName: string;
  birthDate?: string | null;
  post?: string | null;
  form: string | null;
  score: number | null;
  selfLevel?: Level | null;
  proposedLevel: Level | null;
  /** Decided level; null while undecided */
  level: Level | null;
  decidedOn: string | null;
}

export interface SummaryDoc {
  committee: IssuerInfo;
  year: number;
  number: number | null;
  day: string;
  draft: boolean;
  superiorCommittee: string;
  /** The day the dossier is due at the level above (01/02 of the next year by the rulebook) */
  dueOn: string;
  /** Share of xuất sắc against hoàn thành tốt the rulebook allows (20, or 25 when raised); null: not shown */
  quotaPercent: number | null;
  cells: CellResult[];
  /** Members not evaluated, by reason */
  excluded: Partial<Record<ExclusionReason, number>>;
  signerName: string;
  signerRole: string;
}
