import { fill, signatureFor, type Block, type DocumentModel, type DocumentTemplate } from "../../documents/model.js";
import {
  frame,
  headingBlock,
  label,
  levelLabel,
  p,
  percent,
  sourceText,
  tableHeader,
  templateOf,
  written,
} from "./format.js";
import { committeeName } from "./names.js";
import { LEVELS, type Books, type CellReportDoc, type MeetingRating } from "./types.js";

/**
 * Mẫu 01: the cell's collective report, drafted from the year's facts (tasks, meetings and their ratings,
 * resolution targets, the members' proposed levels) around what the committee writes. Each computed part
 * comes first in its section; the committee's own text follows it.
 */

const RATINGS: MeetingRating[] = ["good", "fair", "average", "poor", "unrated"];

export function composeCellReport(books: Books, doc: CellReportDoc): DocumentModel {
  const t = templateOf(books, "DG-01");
  const none = label(t, "none");
  const f = doc.facts;
  // The level above is addressed as its committee: "Đảng bộ Trường …" → "Đảng ủy Trường …".
  const superior = doc.cell.superiorName ? committeeName({ kind: "party_committee", name: doc.cell.superiorName }) : "";
  const values = { issuerName: doc.cell.name, year: String(f.year), superiorCommittee: superior };
  const computed: Record<string, Block[]> = {
    leadership: [
      p(
        label(t, "tasksLine", {
          assigned: String(f.tasks.assigned),
          onTime: String(f.tasks.onTime),
          late: String(f.tasks.late),
          undone: String(f.tasks.undone),
          onTimePct: percent(f.tasks.onTime, f.tasks.assigned),
          latePct: percent(f.tasks.late, f.tasks.assigned),
          undonePct: percent(f.tasks.undone, f.tasks.assigned),
          source: sourceText(t, f.tasks.source),
        }),
      ),
    ],
    targets: doc.targets.length
      ? [
          {
            kind: "table",
            header: tableHeader(t, "targetsHeader"),
            rows: doc.targets.map((x, i) => [
              String(i + 1),
              x.title,
              x.planned,
              x.result,
              label(t, x.met ? "targetMet" : "targetMissed"),
            ]),
            widths: [1.4, 6, 3, 3, 2],
          },
        ]
      : [p(label(t, "noTargets"))],
    meetings: meetingBlocks(t, doc),
    members: memberBlocks(t, doc),
    rating: [
      {
        kind: "paragraph",
        spans: [
          {
            text: label(t, "ratingLine", { level: doc.proposedLevel ? levelLabel(t, doc.proposedLevel) : "" }),
            bold: true,
          },
        ],
        indent: true,
      },
    ],
  };
  const body: Block[] = t.preamble.map((x) => p(fill(x, values)));
  for (const s of t.sections) {
    body.push(headingBlock(fill(s.heading, values)));
    if (s.key.startsWith("part-")) continue; // a part's title only: its sub-sections follow
    const facts = computed[s.key];
    if (facts) {
      body.push(...facts);
      if (doc.sections[s.key]?.trim()) body.push(...written(doc.sections[s.key], none));
    } else {
      body.push(...written(doc.sections[s.key], none));
    }
  }
  return frame(books, doc.cell, {
    type: "BC",
    number: doc.number,
    day: doc.day,
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: fill(t.summary, values),
    body,
    signatures: [signatureFor(books.layout, doc.cell.kind, doc.signerRole, doc.signerName)],
    recipients: t.recipients.map((r) => fill(r, values)),
  });
}

function meetingBlocks(t: DocumentTemplate, doc: CellReportDoc): Block[] {
  const m = doc.facts.meetings;
  const rated = RATINGS.filter((r) => m.byRating[r] > 0);
  return [
    p(label(t, "meetingsLine", { held: String(m.held), source: sourceText(t, m.source) })),
    ...(rated.length
      ? [
          {
            kind: "table",
            header: tableHeader(t, "meetingsHeader"),
            rows: rated.map((r) => [label(t, `rating.${r}`), String(m.byRating[r]), percent(m.byRating[r], m.held)]),
            widths: [6, 3, 3],
          } satisfies Block,
        ]
      : []),
  ];
}

function memberBlocks(t: DocumentTemplate, doc: CellReportDoc): Block[] {
  const m = doc.facts.members;
  const reasons = new Map<string, number>();
  for (const x of m.excluded) reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + 1);
  const excludedReasons = reasons.size
    ? ` (${[...reasons].map(([reason, n]) => `${label(t, `exclusion.${reason}`)}: ${n}`).join("; ")})`
    : "";
  const levels = doc.facts.proposedLevels;
  return [
    p(
      label(t, "membersLine", {
        total: String(m.total),
        evaluated: String(m.evaluated),
        excluded: String(m.excluded.length),
        excludedReasons,
      }),
    ),
    {
      kind: "table",
      header: tableHeader(t, "membersHeader"),
      rows: LEVELS.map((l) => [levelLabel(t, l), String(levels[l]), percent(levels[l], m.evaluated)]),
      widths: [6, 3, 3],
    },
    p(label(t, "disciplinedLine", { count: String(doc.facts.disciplined) })),
  ];
}
