import {
  fill,
  formatNumberLine,
  signatureFor,
  type Block,
  type DocumentModel,
  type DocumentTemplate,
} from "../../documents/model.js";
import {
  byName,
  ddmmyyyy,
  emptyLevels,
  frame,
  italic,
  label,
  levelLabel,
  p,
  percent,
  roman,
  tableHeader,
  templateOf,
} from "./format.js";
import { committeeName } from "./names.js";
import { LEVELS, type Books, type DecisionDoc, type Level, type NoticeDoc } from "./types.js";

/**
 * The đảng ủy's decision recognising the results (QĐ), the list attached to it (by level, then by given
 * name) and the notice of results (TB). The list is its own document, printed after the decision's
 * signature as the annex it is.
 */

/** "Điều 1. …" with the article's number bold, as decisions print it. */
function article(text: string): Block {
  const m = /^(Điều \d+\.)\s+(.*)$/su.exec(text);
  return {
    kind: "paragraph",
    spans: m ? [{ text: `${m[1]} `, bold: true }, { text: m[2]! }] : [{ text }],
    indent: true,
  };
}

export function countLevels(levels: Level[]): Record<Level, number> {
  const counts = emptyLevels();
  for (const l of levels) counts[l]++;
  return counts;
}

/** "- Hoàn thành tốt nhiệm vụ: 9 (37,5%);" for each level, the last ending with a full stop. */
function levelLines(t: DocumentTemplate, counts: Record<Level, number>): Block[] {
  const total = LEVELS.reduce((a, l) => a + counts[l], 0);
  return LEVELS.map((l, i) => {
    const line = label(t, "levelCount", {
      level: levelLabel(t, l),
      count: String(counts[l]),
      percent: percent(counts[l], total),
    });
    return p(i === LEVELS.length - 1 ? line.replace(/;$/, ".") : line);
  });
}

function committeeValues(doc: { committee: DecisionDoc["committee"]; year: number }, t: DocumentTemplate) {
  const name = committeeName(doc.committee);
  return {
    committeeName: name,
    committeeUpper: name.toLocaleUpperCase("vi"),
    termSuffix: doc.committee.termLabel ? label(t, "termSuffix", { termLabel: doc.committee.termLabel }) : "",
    year: String(doc.year),
    nextYear: String(doc.year + 1),
  };
}

/** The entries a decision on members, or on cells, lists. */
const entriesOf = (doc: DecisionDoc) =>
  doc.entries.filter((e) => e.subjectKind === (doc.subject === "members" ? "member" : "cell"));

export function composeDecision(books: Books, doc: DecisionDoc): DocumentModel {
  const t = templateOf(books, "DG-QD");
  const entries = entriesOf(doc);
  const subject = label(t, `subject.${doc.subject}`);
  const values = {
    ...committeeValues(doc, t),
    subject,
    subjectCap: label(t, `subjectCap.${doc.subject}`),
    named: label(t, `named.${doc.subject}`),
    superiorCommittee: doc.superiorCommittee,
    count: String(entries.length),
  };
  const body: Block[] = [
    ...t.preamble.map((x) => italic(fill(x, values))),
    { kind: "paragraph", spans: [{ text: values.committeeUpper, bold: true }], align: "center", indent: false },
    { kind: "paragraph", spans: [{ text: label(t, "decides"), bold: true }], align: "center", indent: false },
    article(label(t, "article1", values)),
    ...levelLines(t, countLevels(entries.map((e) => e.level))),
    article(label(t, "article2", values)),
    article(label(t, "article3", values)),
  ];
  return frame(books, doc.committee, {
    type: "QĐ",
    number: doc.number,
    day: doc.day,
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: fill(t.summary, values),
    body,
    signatures: [signatureFor(books.layout, doc.committee.kind, doc.signerRole, doc.signerName)],
    recipients: t.recipients.map((r) => fill(r, values)),
  });
}

/** The list attached to the decision: one table per level, members by given name. */
export function composeDecisionList(books: Books, doc: DecisionDoc): DocumentModel {
  const t = templateOf(books, "DG-DS");
  const number = formatNumberLine(doc.number, "QĐ", doc.committee.abbreviation, books.layout.number).replace(
    /^Số\s*/u,
    "",
  );
  const values = {
    ...committeeValues(doc, t),
    subject: label(t, `subject.${doc.subject}`),
    decisionNumber: number,
    decisionDate: ddmmyyyy(doc.day),
  };
  const body: Block[] = t.preamble.map((x) => italic(fill(x, values), "center"));
  let part = 0;
  for (const level of LEVELS) {
    const entries = entriesOf(doc)
      .filter((e) => e.level === level)
      .sort(byName((e) => e.name));
    if (!entries.length) continue;
    const levelUpper = levelLabel(t, level).toLocaleUpperCase("vi");
    body.push({
      kind: "heading",
      text: label(t, "levelHeading", { roman: roman(++part), levelUpper, count: String(entries.length) }),
    });
    body.push({
      kind: "table",
      header: tableHeader(t, `header.${doc.subject}`),
      rows: entries.map((e, i) => [
        String(i + 1),
        e.name,
        doc.subject === "members" ? e.cellName : values.committeeName,
        "",
      ]),
      widths: [1.4, 5, 5, 3],
    });
  }
  return frame(books, doc.committee, {
    type: null,
    number: null,
    day: doc.day,
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: fill(t.summary, values),
    body,
    signatures: [signatureFor(books.layout, doc.committee.kind, doc.signerRole, doc.signerName)],
    recipients: null,
  });
}

export function composeNotice(books: Books, doc: NoticeDoc): DocumentModel {
  const t = templateOf(books, "DG-TB");
  const values = {
    ...committeeValues(doc, t),
    decisionNumber: doc.decision.numberText.replace(/^Số\s*/u, ""),
    decisionDate: ddmmyyyy(doc.decision.day),
  };
  const counted = (subject: "cells" | "members", counts: Record<Level, number>): Block[] => [
    p(
      label(t, "countsLine", {
        subject: label(t, `subject.${subject}`),
        count: String(LEVELS.reduce((a, l) => a + counts[l], 0)),
      }),
    ),
    ...levelLines(t, counts),
  ];
  const sections: Record<string, Block[]> = {
    cells: counted("cells", doc.totals.cell),
    members: counted("members", doc.totals.member),
    request: [p(label(t, "request", values))],
  };
  const body: Block[] = t.preamble.map((x) => p(fill(x, values)));
  for (const s of t.sections) body.push({ kind: "heading", text: s.heading }, ...(sections[s.key] ?? []));
  return frame(books, doc.committee, {
    type: "TB",
    number: doc.number,
    day: doc.day,
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: fill(t.summary, values),
    body,
    signatures: [signatureFor(books.layout, doc.committee.kind, doc.signerRole, doc.signerName)],
    recipients: t.recipients.map((r) => fill(r, values)),
  });
}
