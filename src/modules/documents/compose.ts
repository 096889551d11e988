import type { MinutesData } from "../meetings/minutes.js";
import {
  fill,
  formatNumberLine,
  formatPlaceDate,
  recipientsWithArchive,
  sectionsToBlocks,
  signatureFor,
  templateFor,
  type Block,
  type DocumentModel,
  type DocumentTemplate,
  type LayoutRules,
  type SectionContent,
  type TemplateRules,
} from "./model.js";

/** Pure: stored document data + issuer + rulebooks → the document model both renderers read. */

export interface IssuerInfo {
  kind: string;
  name: string;
  abbreviation: string;
  place: string;
  /** Name of the level above as the header writes it (parent organisation, or the organisation's own superiorName). */
  superiorName: string | null;
  termLabel: string | null;
}

export interface DocumentData {
  type: string;
  templateKey: string;
  summary: string;
  sections: SectionContent[];
  recipients: string[];
  signerName: string;
  signerRole: string;
  /** The issue number; null while a draft. */
  number: number | null;
  /** The date written in the place/date line (issue date, or today for a draft). */
  day: string;
  draft: boolean;
  /** A congress's documents: the issuer abbreviation is the congress's ("ĐH"). */
  congress: string | null;
  /** A body issuing under the organisation (a key of the layout's `bodies`: "inspection_committee"), or none. */
  issuingBody?: string | null;
  /** For the minutes (BB): the meeting's data, rendered as its body. */
  minutes?: MinutesData | null;
  /** Placeholder values the originating record supplies (they win over the computed ones). */
  placeholders?: Record<string, string>;
}

/** "Đảng bộ X" → "Đảng ủy X": the committee that speaks for a đảng bộ. */
const committeeOf = (name: string) => name.replace(/^Đảng bộ\s+/iu, "Đảng ủy ");

/** The header's two lines: "ĐẢNG BỘ …" (level above) and the issuer; a đảng bộ issues as its đảng ủy. */
export function issuerHeader(
  issuer: { kind: string; name: string },
  superiorName: string | null,
): { superior: string | null; issuer: string } {
  const name = issuer.kind === "party_committee" ? committeeOf(issuer.name) : issuer.name;
  return { superior: superiorName, issuer: name };
}

/** Which wording a document takes: its congress's, its issuing body's (the UBKT), else its organisation's kind. */
export function issuerLevel(issuerKind: string, data: Pick<DocumentData, "congress" | "issuingBody">): string {
  if (data.congress) return "congress";
  return data.issuingBody ?? issuerKind;
}

export function placeholderValues(
  issuer: IssuerInfo,
  data: Pick<DocumentData, "day" | "minutes" | "placeholders">,
): Record<string, string> {
  const [y, m, d] = data.day.split("-");
  return {
    issuerName: issuer.name,
    /** "Đảng ủy Trường …" for a đảng bộ; a cell's own name. */
    committeeName: issuerHeader(issuer, null).issuer,
    superiorName: issuer.superiorName ?? "",
    /** The committee above that receives reports: "Đảng ủy Khối …" for "Đảng bộ Khối …". */
    superiorCommittee: committeeOf(issuer.superiorName ?? ""),
    termLabel: issuer.termLabel ?? "",
    year: y!,
    month: String(Number(m)),
    meetingDate: `${d}/${m}/${y}`,
    meetingTitle: data.minutes?.meetingTitle ?? "",
    ...data.placeholders,
  };
}

const joinNames = (names: string[], none: string) => (names.length ? names.join(", ") : none);

function hhmm(iso: string): string {
  // The contract's date-times carry their offset (Vietnam, +07:00): read the wall-clock time as written.
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]} giờ ${m[2]}` : iso;
}

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** The minutes' body from the meeting's data, in the template's order and wording. */
export function minutesBlocks(minutes: MinutesData, template: DocumentTemplate): Block[] {
  const L = template.labels;
  const none = L.none ?? "không";
  const p = (text: string): Block => ({ kind: "paragraph", spans: [{ text }], indent: true });
  const label = (text: string): Block => ({ kind: "paragraph", spans: [{ text, italic: true }], indent: true });
  const bySection: Record<string, Block[]> = {
    opening: [
      p(
        fill(L.startedAt ?? "", {
          time: hhmm(minutes.startedAt),
          date: ddmmyyyy(minutes.startedAt),
          place: minutes.place,
          organizationName: minutes.organizationName,
          meetingTitle: minutes.meetingTitle,
        }),
      ),
      p(fill(L.chair ?? "", { name: minutes.chair })),
      p(fill(L.minuteTaker ?? "", { name: minutes.minuteTaker })),
      ...(minutes.guests.length ? [p(fill(L.guests ?? "", { names: minutes.guests.join(", ") }))] : []),
      ...(minutes.purpose?.length && L.purpose ? [label(L.purpose), ...minutes.purpose.map(p)] : []),
      p(
        fill(L.attendance ?? "", {
          total: String(minutes.attendance.total),
          exempt: String(minutes.attendance.exempt),
          present: String(minutes.attendance.present),
        }),
      ),
      ...(minutes.attendance.exemptNames.length
        ? [p(fill(L.exemptNames ?? "", { names: minutes.attendance.exemptNames.join(", ") }))]
        : []),
      p(
        fill(L.absentWithReason ?? "", {
          names: joinNames(
            minutes.attendance.absentWithReason.map((a) => `${a.name} (${a.reason})`),
            none,
          ),
        }),
      ),
      p(fill(L.absentWithoutReason ?? "", { names: joinNames(minutes.attendance.absentWithoutReason, none) })),
      ...(minutes.attendance.late.length ? [p(fill(L.late ?? "", { names: minutes.attendance.late.join(", ") }))] : []),
    ],
    agenda: [
      label(L.agendaIntro ?? ""),
      { kind: "list", ordered: true, items: minutes.agenda },
      p(fill(L.dues ?? "", { dues: minutes.dues })),
      label(L.content ?? ""),
      ...minutes.content.map(p),
    ],
    discussion: [
      label(L.contributions ?? ""),
      ...minutes.contributions.map(
        (c): Block => ({
          kind: "paragraph",
          spans: [{ text: `Đồng chí ${c.speaker}: `, bold: true }, { text: c.text }],
          indent: true,
        }),
      ),
      ...(minutes.criticism.length ? [label(L.criticism ?? ""), ...minutes.criticism.map(p)] : []),
    ],
    conclusion: [
      label(L.conclusion ?? ""),
      ...minutes.conclusion.map(p),
      ...(minutes.tasks.length
        ? [
            label(L.tasks ?? ""),
            {
              kind: "table",
              header: ["Nội dung", "Người thực hiện", "Thời hạn"],
              rows: minutes.tasks.map((t) => [t.what, t.who, t.deadline]),
              widths: [5, 3, 2],
            } as Block,
          ]
        : []),
      ...(minutes.vote
        ? [
            p(
              fill(L.vote ?? "", {
                subject: minutes.vote.subject,
                inFavour: String(minutes.vote.inFavour),
                eligible: String(minutes.vote.eligible),
                against: String(minutes.vote.against),
                other: String(minutes.vote.other),
                rule: minutes.vote.rule,
                result: minutes.vote.passed ? (L.votePassed ?? "") : (L.voteFailed ?? ""),
              }),
            ),
          ]
        : []),
      ...(minutes.quality ? [p(fill(L.quality ?? "", { quality: minutes.quality }))] : []),
      p(
        minutes.endedAt && minutes.durationMinutes !== null
          ? fill(L.ended ?? "", { time: hhmm(minutes.endedAt), minutes: String(minutes.durationMinutes) })
          : (L.endedOpen ?? ""),
      ),
    ],
  };
  const blocks: Block[] = [];
  for (const s of template.sections) {
    if (s.heading) blocks.push({ kind: "heading", text: s.heading });
    blocks.push(...(bySection[s.key] ?? []));
  }
  return blocks;
}

/** Everything a document's files are made from: the rulebooks in force, the issuer and the document's data. */
export interface ComposeInput {
  layout: LayoutRules;
  templates: TemplateRules;
  issuer: IssuerInfo;
  data: DocumentData;
}

export function composeDocument(input: ComposeInput): DocumentModel {
  const { layout, templates, issuer, data } = input;
  const level = issuerLevel(issuer.kind, data);
  const template = templateFor(templates, data.templateKey, level);
  const values = placeholderValues(issuer, data);
  const body = data.issuingBody ? layout.bodies[data.issuingBody] : undefined;
  const issuerAbbr = data.congress
    ? layout.congressIssuer
    : body
      ? fill(body.abbreviation, { issuer: issuer.abbreviation })
      : issuer.abbreviation;
  const blocks =
    data.minutes && template
      ? minutesBlocks(data.minutes, template)
      : sectionsToBlocks(template, data.sections, values);
  // A congress's minutes written from its day's record (not a meeting's data) are signed as minutes are: by the
  // congress's secretary (the placeholder "minuteTaker") and for the presidium (the document's signer).
  const congressMinutes = !data.minutes && level === "congress" && data.type === "BB";
  const isMinutes = !!data.minutes || congressMinutes;
  const signatures = isMinutes
    ? [
        {
          authority: null,
          title: template?.labels.minuteTakerTitle ?? "",
          name: data.minutes?.minuteTaker ?? values.minuteTaker ?? "",
        },
        {
          authority: null,
          title: template?.labels.chairTitle ?? "",
          name: data.minutes?.chair ?? data.signerName,
        },
      ]
    : [signatureFor(layout, level, data.signerRole, data.signerName)];
  // A congress's file is kept by its organisation's office; a body's by the body.
  const keeper = layout.recipients.archiveBy[level === "congress" ? issuer.kind : level] ?? issuer.name;
  const header = issuerHeader(issuer, issuer.superiorName);
  return {
    layout,
    // A body issues under its committee: "ĐẢNG ỦY TRƯỜNG …" above "ỦY BAN KIỂM TRA".
    header: body ? { superior: header.issuer, issuer: body.header } : header,
    numberLine: formatNumberLine(data.number, data.type, issuerAbbr, layout.number),
    placeDate: formatPlaceDate(issuer.place, data.day, layout.date),
    typeName: layout.typeNames[data.type] ?? data.type.toUpperCase(),
    summary: data.summary,
    draft: data.draft,
    body: blocks,
    signatures,
    recipients: isMinutes ? null : recipientsWithArchive(layout, data.recipients, keeper),
  };
}
