import { fill, type Block, type DocumentModel, type DocumentTemplate } from "../../documents/model.js";
import {
  ddmmyyyy,
  decimal,
  frame,
  headingBlock,
  italic,
  label,
  levelLabel,
  p,
  percent,
  periodLabel,
  roman,
  sourceText,
  tableHeader,
  templateOf,
  written,
} from "./format.js";
import type { Books, MemberFacts, ScoreSection, SelfAssessmentDoc } from "./types.js";

/**
 * A member's bản kiểm điểm (2A, 2B, 2C) or self-rating (Mẫu 05): the form's sections in the template's
 * order, the facts chibo already holds (each with its source) printed under the duties section, the
 * score table and the level the member proposes. A blank field prints a dotted line to fill in by hand.
 */

export const formTemplateKey = (form: SelfAssessmentDoc["form"]) => `DG-${form}`;

function details(t: DocumentTemplate, doc: SelfAssessmentDoc): Block[] {
  const m = doc.member;
  const values: Record<string, string | null> = {
    name: m.fullName,
    birthDate: m.birthDate ? ddmmyyyy(m.birthDate) : null,
    partyPost: m.partyPost,
    post: m.post,
    workplace: m.workplace,
    residence: m.residence,
    cell: doc.cell.name,
  };
  const blank = label(t, "blank");
  return label(t, "detailOrder")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean)
    .map((key) => ({
      kind: "paragraph" as const,
      spans: [{ text: label(t, `detail.${key}`, { value: values[key]?.trim() || blank }), bold: key === "name" }],
      indent: false,
      align: "left" as const,
    }));
}

function factsTable(t: DocumentTemplate, facts: MemberFacts | null): Block[] {
  if (!facts) return [];
  const { tasks, attendance, personalPlan, discipline } = facts;
  const pct = (n: number) => percent(n, tasks.assigned);
  const rate = attendance.ratePercent === null ? "" : ` (${decimal(Math.round(attendance.ratePercent * 10) / 10)}%)`;
  const rows: string[][] = [
    [
      label(t, "fact.tasks"),
      label(t, "fact.tasksValue", {
        assigned: String(tasks.assigned),
        onTime: String(tasks.onTime),
        onTimePct: pct(tasks.onTime),
        late: String(tasks.late),
        latePct: pct(tasks.late),
        undone: String(tasks.undone),
        undonePct: pct(tasks.undone),
        exceeded: String(tasks.exceeded),
        exceededPct: pct(tasks.exceeded),
      }),
      sourceText(t, tasks.source),
    ],
    [
      label(t, "fact.attendance"),
      label(t, "fact.attendanceValue", {
        present: String(attendance.present),
        meetings: String(attendance.meetings),
        rate,
        withReason: String(attendance.absentWithReason),
        withoutReason: String(attendance.absentWithoutReason),
      }),
      sourceText(t, attendance.source),
    ],
  ];
  if (personalPlan) {
    const done = personalPlan.items.filter((i) => i.result?.trim()).length;
    const value = [
      label(t, "fact.planItems", { done: String(done), total: String(personalPlan.items.length) }),
      personalPlan.reviewNote,
    ]
      .filter(Boolean)
      .join("; ");
    rows.push([label(t, "fact.plan"), value, sourceText(t, personalPlan.source)]);
  }
  const disciplined = discipline.entries.map((e) => `${label(t, `discipline.${e.form}`)} (${ddmmyyyy(e.decidedOn)})`);
  rows.push([
    label(t, "fact.discipline"),
    disciplined.join("; ") || label(t, "noDiscipline"),
    sourceText(t, discipline.source),
  ]);
  return [
    italic(label(t, "factsIntro")),
    { kind: "table", header: tableHeader(t, "factsHeader"), rows, widths: [3, 6, 3] },
  ];
}

/** Section III starts from the shortcomings named last time and whether each was fixed. */
function previousShortcomings(t: DocumentTemplate, facts: MemberFacts | null): Block[] {
  const items = facts?.shortcomings.items ?? [];
  if (!items.length) return [];
  const state = (fixed: boolean | null) =>
    label(t, fixed === null ? "previousUnknown" : fixed ? "previousFixed" : "previousNotFixed");
  return [
    italic(label(t, "previousIntro", { source: sourceText(t, facts!.shortcomings.source) })),
    {
      kind: "list",
      ordered: false,
      items: items.map((i) =>
        label(t, "previousItem", { text: i.text.replace(/[.;]\s*$/, ""), state: state(i.fixed) }),
      ),
    },
  ];
}

/**
 * The rubric as the evaluation-rubric rulebook gives it (sections of criteria with ids) and the member's
 * points by criterion id, as the score table prints them; a criterion without points is left blank.
 */
export function scoreSections(
  rubric: { label: string; criteria: { id: string; label: string; max: number }[] }[],
  scores: Record<string, number>,
): ScoreSection[] {
  return rubric.map((s) => ({
    label: s.label,
    criteria: s.criteria.map((c) => ({ label: c.label, max: c.max, score: scores[c.id] ?? null })),
  }));
}

const criteriaOf = (scores: ScoreSection[]) => scores.flatMap((s) => s.criteria);
const sumOf = (list: { score: number | null }[]) => list.reduce((a, c) => a + (c.score ?? 0), 0);
const maxOf = (list: { max: number }[]) => list.reduce((a, c) => a + c.max, 0);

/** The total of the member's points; null while a criterion is still blank. */
export function selfScoreTotal(scores: ScoreSection[]): number | null {
  const all = criteriaOf(scores);
  if (!all.length || all.some((c) => c.score === null)) return null;
  return Math.round(sumOf(all) * 100) / 100;
}

/** Sections numbered I, II … with their subtotal, criteria numbered within them, and the total. */
function scoreTable(t: DocumentTemplate, scores: ScoreSection[]): Block[] {
  const all = criteriaOf(scores);
  if (!all.length) return [];
  const rows: string[][] = [];
  const points = (list: { score: number | null }[]) =>
    list.every((c) => c.score !== null) ? decimal(sumOf(list)) : "";
  scores.forEach((section, i) => {
    // Section rows in capitals: a table cell has no bold, and the sections must stand out from their criteria.
    rows.push([
      roman(i + 1),
      section.label.toLocaleUpperCase("vi"),
      decimal(maxOf(section.criteria)),
      points(section.criteria),
    ]);
    section.criteria.forEach((c, j) =>
      rows.push([String(j + 1), c.label, decimal(c.max), c.score === null ? "" : decimal(c.score)]),
    );
  });
  rows.push(["", label(t, "scoreTotal"), decimal(maxOf(all)), points(all)]);
  return [
    italic(label(t, "scoreIntro")),
    { kind: "table", header: tableHeader(t, "scoreHeader"), rows, widths: [1.4, 8, 2, 2] },
  ];
}

export function composeSelfAssessment(books: Books, doc: SelfAssessmentDoc): DocumentModel {
  const t = templateOf(books, formTemplateKey(doc.form));
  const none = label(t, "none");
  const period = periodLabel(t, doc.period);
  const body: Block[] = [...t.preamble.map((x) => italic(x, "center")), ...details(t, doc)];
  for (const s of t.sections) {
    body.push(headingBlock(fill(s.heading, { period })));
    if (s.key.startsWith("part-")) continue; // a part's title only: its sub-sections follow
    if (s.key === "duties") {
      body.push(...factsTable(t, doc.facts));
      if (doc.sections.duties?.trim()) body.push(...written(doc.sections.duties, none));
    } else if (s.key === "fixedPrevious" && doc.facts?.shortcomings.items.length) {
      body.push(...previousShortcomings(t, doc.facts));
      if (doc.sections.fixedPrevious?.trim()) body.push(...written(doc.sections.fixedPrevious, none));
    } else if (s.key === "rating") {
      body.push(...scoreTable(t, doc.scores));
      const total = selfScoreTotal(doc.scores);
      const max = maxOf(criteriaOf(doc.scores));
      if (total !== null) body.push(p(label(t, "totalLine", { score: decimal(total), max: decimal(max) })));
      const level = doc.proposedLevel ? levelLabel(t, doc.proposedLevel) : label(t, "blank");
      body.push({ kind: "paragraph", spans: [{ text: label(t, "levelLine", { level }), bold: true }], indent: true });
    } else {
      body.push(...written(doc.sections[s.key], none));
    }
  }
  return frame(books, doc.cell, {
    type: null,
    number: null,
    day: doc.day,
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: fill(t.summary, { period }),
    body,
    signatures: [{ authority: null, title: label(t, "signatureTitle"), name: doc.member.fullName }],
    recipients: null,
  });
}
