import type { Block, DocumentModel } from "../../documents/model.js";
import {
  byName,
  ddmmyyyy,
  decimal,
  frame,
  italic,
  label,
  levelLabel,
  p,
  roman,
  subheading,
  tableHeader,
  templateOf,
  voteCounts,
} from "./format.js";
import type { Books, ReviewMinutesDoc } from "./types.js";

/**
 * The minutes of the cell's review meeting: who attended, the Mẫu 01 draft presented, then for each member
 * (by given name) the self-assessment heard, the comments, the residence cell's note, the vote and the
 * proposal, a summary table, and the cell's own level.
 */

/** "14:00" of an ISO date-time written with its offset (Vietnam time), as "14 giờ 00". */
function clock(iso: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]} giờ ${m[2]}` : iso;
}

export function composeReviewMinutes(books: Books, doc: ReviewMinutesDoc): DocumentModel {
  const t = templateOf(books, "DG-BB");
  const year = String(doc.year);
  const nobody = label(t, "noneName");
  const a = doc.attendance;
  const members = [...doc.members].sort(byName((m) => m.fullName));
  const level = (l: Parameters<typeof levelLabel>[1] | null) => (l ? levelLabel(t, l) : "—");
  const sections: Record<string, Block[]> = {
    opening: [
      p(
        label(t, "startedAt", {
          time: clock(doc.startedAt),
          date: ddmmyyyy(doc.startedAt),
          place: doc.place,
          issuerName: doc.cell.name,
          year,
        }),
      ),
      p(label(t, "chair", { name: doc.chair })),
      p(label(t, "minuteTaker", { name: doc.minuteTaker })),
      ...(doc.guests.length ? [p(label(t, "guests", { names: doc.guests.join(", ") }))] : []),
      p(label(t, "attendance", { total: String(a.total), exempt: String(a.exempt), present: String(a.present) })),
      p(
        label(t, "absentWithReason", {
          names: a.absentWithReason.map((x) => `${x.name} (${x.reason})`).join(", ") || nobody,
        }),
      ),
      p(label(t, "absentWithoutReason", { names: a.absentWithoutReason.join(", ") || nobody })),
    ],
    report: doc.report
      ? [p(label(t, "reportRead", { name: doc.report.presenter, year, sentOn: ddmmyyyy(doc.report.sentOn) }))]
      : [],
    members: [
      ...members.flatMap((m, i): Block[] => [
        subheading(label(t, "memberHeading", { index: String(i + 1), name: m.fullName })),
        p(
          m.selfScore === null
            ? label(t, "selfReadNoScore", { name: m.fullName, level: level(m.selfLevel) })
            : label(t, "selfRead", { name: m.fullName, score: decimal(m.selfScore), level: level(m.selfLevel) }),
        ),
        ...(m.comments.length
          ? [
              italic(label(t, "comments")),
              ...m.comments.map(
                (c): Block => ({
                  kind: "paragraph",
                  spans: [{ text: label(t, "commentBy", { name: c.speaker }), bold: true }, { text: c.text }],
                  indent: true,
                }),
              ),
            ]
          : [p(label(t, "noComments"))]),
        ...(m.residenceComment ? [p(label(t, "residence", { text: m.residenceComment }))] : []),
        ...(m.vote
          ? [
              p(
                label(t, "vote", {
                  method: label(t, `method.${m.vote.method}`),
                  eligible: String(m.vote.eligible),
                  counts: voteCounts(t, m.vote.counts, m.vote.eligible),
                }),
              ),
            ]
          : []),
        {
          kind: "paragraph",
          spans: [{ text: label(t, "proposal", { level: level(m.proposedLevel) }), bold: true }],
          indent: true,
        },
      ]),
      italic(label(t, "summaryIntro")),
      {
        kind: "table",
        header: tableHeader(t, "summaryHeader"),
        rows: members.map((m, i) => [
          String(i + 1),
          m.fullName,
          level(m.selfLevel),
          level(m.proposedLevel),
          m.vote && m.proposedLevel ? `${m.vote.counts[m.proposedLevel] ?? 0}/${m.vote.eligible}` : "",
        ]),
        widths: [1.4, 5, 4, 4, 2],
      },
    ],
    cell: doc.cellVote
      ? [
          p(
            label(t, "cellVote", {
              eligible: String(doc.cellVote.eligible),
              counts: voteCounts(t, doc.cellVote.counts, doc.cellVote.eligible),
              level: levelLabel(t, doc.cellVote.proposedLevel),
            }),
          ),
        ]
      : [],
    closing: [
      ...doc.conclusion.map((c) => p(c)),
      ...(doc.endedAt ? [p(label(t, "ended", { time: clock(doc.endedAt) }))] : []),
    ],
  };
  const body: Block[] = [];
  let part = 0;
  for (const s of t.sections) {
    const blocks = sections[s.key] ?? [];
    // A part with nothing to say (no cell vote yet) is left out and the parts after it renumbered.
    if (!blocks.length) continue;
    body.push({ kind: "heading", text: s.heading.replace(/^[IVX]+\./, `${roman(++part)}.`) }, ...blocks);
  }
  return frame(books, doc.cell, {
    type: "BB",
    number: doc.number,
    day: doc.startedAt.slice(0, 10),
    draft: doc.draft,
    typeName: label(t, "title"),
    summary: t.summary.replace("{year}", year),
    body,
    signatures: [
      { authority: null, title: label(t, "minuteTakerTitle"), name: doc.minuteTaker },
      { authority: null, title: label(t, "chairTitle"), name: doc.chair },
    ],
    recipients: null,
  });
}
