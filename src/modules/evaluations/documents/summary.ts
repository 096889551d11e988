import { fill, signatureFor, type Block, type DocumentModel, type DocumentTemplate } from "../../documents/model.js";
import {
  decimal,
  ddmmyyyy,
  emptyLevels,
  frame,
  label,
  levelLabel,
  p,
  percent,
  tableHeader,
  templateOf,
} from "./format.js";
import { committeeName } from "./names.js";
import { LEVELS, type Books, type CellResult, type Level, type SummaryDoc } from "./types.js";

/**
 * Mẫu 04: the đảng ủy's summary of the year's results going up by 01/02 — its cells and its members by
 * level (counts and shares of those evaluated), the results cell by cell, and the dossier sent with it.
 * The same figures feed the XLSX summary (xlsx.ts).
 */

export interface SummaryTotals {
  cells: { total: number; evaluated: number; levels: Record<Level, number> };
  members: { total: number; evaluated: number; excluded: number; levels: Record<Level, number> };
}

export function summaryTotals(cells: CellResult[]): SummaryTotals {
  const cellLevels = emptyLevels();
  const memberLevels = emptyLevels();
  let total = 0;
  let evaluated = 0;
  for (const c of cells) {
    if (c.decidedLevel) cellLevels[c.decidedLevel]++;
    for (const l of LEVELS) memberLevels[l] += c.levels[l];
    total += c.members;
    evaluated += c.evaluated;
  }
  return {
    cells: { total: cells.length, evaluated: cells.filter((c) => c.decidedLevel).length, levels: cellLevels },
    members: { total, evaluated, excluded: total - evaluated, levels: memberLevels },
  };
}

/** Level | count | share, with the total evaluated as the last row. */
function levelTable(t: DocumentTemplate, levels: Record<Level, number>, evaluated: number): Block {
  return {
    kind: "table",
    header: tableHeader(t, "levelHeader"),
    rows: [
      ...LEVELS.map((l) => [levelLabel(t, l), String(levels[l]), percent(levels[l], evaluated)]),
      [label(t, "total"), String(evaluated), percent(evaluated, evaluated)],
    ],
    widths: [6, 3, 3],
  };
}

export function composeSummary(books: Books, doc: SummaryDoc): DocumentModel {
  const t = templateOf(books, "DG-04");
  const totals = summaryTotals(doc.cells);
  const values = {
    committeeName: committeeName(doc.committee),
    year: String(doc.year),
    superiorCommittee: doc.superiorCommittee,
    dueOn: ddmmyyyy(doc.dueOn),
  };
  const m = totals.members;
  const reasons = Object.entries(doc.excluded).filter(([, n]) => n);
  const excluded = reasons.length
    ? ` (${reasons.map(([reason, n]) => `${label(t, `exclusion.${reason}`)}: ${n}`).join("; ")})`
    : "";
  const sections: Record<string, Block[]> = {
    cells: [
      p(
        label(t, "cellsLine", {
          total: String(totals.cells.total),
          decided: String(totals.cells.evaluated),
          pending: String(totals.cells.total - totals.cells.evaluated),
        }),
      ),
      levelTable(t, totals.cells.levels, totals.cells.evaluated),
    ],
    members: [
      p(
        label(t, "totalsLine", {
          total: String(m.total),
          evaluated: String(m.evaluated),
          excluded: `${m.excluded}${excluded}`,
        }),
      ),
      levelTable(t, m.levels, m.evaluated),
      ...(doc.quotaPercent !== null
        ? [
            p(
              label(t, "quotaLine", {
                share: percent(m.levels.excellent, m.levels.good),
                limit: `${decimal(doc.quotaPercent)}%`,
              }),
            ),
          ]
        : []),
    ],
    byCell: [
      {
        kind: "table",
        header: tableHeader(t, "byCellHeader"),
        rows: doc.cells.map((c, i) => [
          String(i + 1),
          c.name,
          String(c.members),
          String(c.evaluated),
          ...LEVELS.map((l) => String(c.levels[l])),
          c.decidedLevel ? label(t, `short.${c.decidedLevel}`) : label(t, "pending"),
        ]),
        widths: [1.4, 5, 2, 2.2, 1.7, 1.5, 1.4, 1.5, 2.6],
      },
    ],
    dossier: label(t, "dossier")
      .split("\n")
      .map((line) => p(line)),
  };
  const body: Block[] = t.preamble.map((x) => p(fill(x, values)));
  for (const s of t.sections) body.push({ kind: "heading", text: s.heading }, ...(sections[s.key] ?? []));
  body.push(...t.closing.map((x) => ({ ...p(fill(x, values)), spans: [{ text: fill(x, values), italic: true }] })));
  return frame(books, doc.committee, {
    type: "BC",
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
