import { composeDocument, issuerHeader, type IssuerInfo } from "../documents/compose.js";
import {
  type Block,
  type DocumentModel,
  type DocumentTemplate,
  fill,
  type LayoutRules,
  type SectionContent,
  type TemplateRules,
  templateFor,
} from "../documents/model.js";
import {
  type AppealOutcome,
  DISCIPLINE_FORMS,
  type DisciplineForm,
  type InspectionType,
  type ProgrammeBody,
} from "./model.js";
import type { ReportFigures, ReportPeriod } from "./report.js";

/**
 * The module's documents in the official layout (36-HD/VPTW; 05-HD/VPTW): the programme (CTr), the decision setting
 * up a team (QĐ) or the supervision plan (KH), the conclusion notice (TB), the discipline decision (QĐ), the notice
 * of an appeal's resolution (TB) and the UBKT's report (BC). Pure: records and the rulebooks in force → the documents module's model, which both of its
 * renderers read. The wording is the document-template rulebook's ("KTGS-…"), the header, number, date and signature
 * the layout rulebook's, with the UBKT issuing under its đảng ủy ("ĐẢNG ỦY … / ỦY BAN KIỂM TRA", "Số 01-TB/UBKTĐU").
 */

export interface Books {
  layout: LayoutRules;
  templates: TemplateRules;
}

/** Who issues: the organisation (a đảng bộ or a cell) and the body acting for it. */
export interface Issuer {
  info: IssuerInfo;
  body: ProgrammeBody;
  /** The committee above a cell ("Đảng ủy Trường …"): a cell's programme reports to it. */
  parentCommittee: string;
}

/** "2026-03-05" → "05/03/2026" */
export const ddmmyyyy = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
};

const ROMAN = ["I", "II", "III", "IV"];

function templateOf(books: Books, key: string): DocumentTemplate {
  const t = templateFor(books.templates, key, "");
  if (!t) throw new Error(`The document-template rulebook has no template ${key}`);
  return t;
}

/** A label of the template, filled; a missing one prints its key so an office sees what to add. */
const label = (t: DocumentTemplate, key: string, values: Record<string, string> = {}) =>
  fill(t.labels[key] ?? `{${key}}`, values);

/** The body that acts, as the text names it: the UBKT of the đảng ủy, the đảng ủy, or the cell. */
export function actingBody(issuer: Issuer): string {
  const committee = issuerHeader(issuer.info, null).issuer;
  if (issuer.body === "inspection_committee") return `Ủy ban Kiểm tra ${committee}`;
  return committee;
}

/** Rows "| a | b |" as the section text parser reads them: a table the author may still edit. */
function tableText(header: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, "/").replace(/\s+/g, " ").trim() || " ";
  return [header, ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
}

const p = (text: string, bold = false): Block => ({ kind: "paragraph", spans: [{ text, bold }], indent: true });
const centred = (text: string): Block => ({
  kind: "paragraph",
  spans: [{ text, bold: true }],
  align: "center",
  indent: false,
});

/** "Điều 1. …" with the article's number bold, as decisions print it. */
function article(text: string): Block {
  const m = /^(Điều \d+\.)\s+(.*)$/su.exec(text);
  return {
    kind: "paragraph",
    spans: m ? [{ text: `${m[1]} `, bold: true }, { text: m[2]! }] : [{ text }],
    indent: true,
  };
}

interface Frame {
  key: string;
  type: string;
  /** The number as the module gave it ("01-TB/UBKTĐU"), or null for a draft or a number still to write in. */
  numberText: string | null;
  day: string;
  draft: boolean;
  values: Record<string, string>;
  signerName: string;
  /** The body as editable sections, or composed blocks (the articles of a decision). */
  sections?: SectionContent[];
  blocks?: Block[];
}

function compose(books: Books, issuer: Issuer, f: Frame): DocumentModel {
  const t = templateOf(books, f.key);
  const values: Record<string, string> = {
    actingBody: actingBody(issuer),
    parentCommittee: issuer.parentCommittee,
    ...f.values,
  };
  values.superiorCommittee = issuerHeader(
    { kind: "party_committee", name: issuer.info.superiorName ?? "" },
    null,
  ).issuer;
  // Whom the body reports to, as the recipients print it: the programme template holds it for every document.
  values.reportTo = label(templateOf(books, "KTGS-CTr"), `reportTo.${issuer.body}`, values);
  const model = composeDocument({
    layout: books.layout,
    templates: { templates: { [f.key]: t } },
    issuer: issuer.info,
    data: {
      type: f.type,
      templateKey: f.key,
      summary: fill(t.summary, values),
      sections: f.sections ?? [],
      // A line opens with a capital: "- Đồng chí Trần Văn B," though the text names a member "đồng chí …".
      recipients: t.recipients.map((r) =>
        fill(r, values).replace(/^(-\s*)(\p{Ll})/u, (_, dash, c) => dash + c.toLocaleUpperCase("vi")),
      ),
      signerName: f.signerName,
      signerRole: "secretary",
      number: null,
      day: f.day,
      draft: f.draft,
      congress: null,
      issuingBody: issuer.body === "inspection_committee" ? "inspection_committee" : null,
      placeholders: values,
    },
  });
  const numberLine = f.numberText
    ? books.layout.number.pattern.replace(/\{number\}.*$/u, f.numberText)
    : model.numberLine;
  const body = f.blocks ? [...t.preamble.map((x) => italic(fill(x, values))), ...f.blocks] : model.body;
  return { ...model, numberLine, typeName: label(t, "title"), body: body.map(sized) };
}

/** A table's columns sized by what they hold: the row number narrow, counts short, text wide. */
function sized(block: Block): Block {
  if (block.kind !== "table") return block;
  const numeric = (i: number) => block.rows.length > 0 && block.rows.every((r) => /^\d+$/u.test(r[i]?.trim() ?? ""));
  return { ...block, widths: block.header.map((h, i) => (h === "TT" ? 1 : numeric(i) ? 2 : 4)) };
}

const italic = (text: string): Block => ({ kind: "paragraph", spans: [{ text, italic: true }], indent: true });

// ---------------------------------------------------------------------------
// The programme (CTr)

export interface ProgrammeDoc {
  year: number;
  numberText: string | null;
  day: string;
  draft: boolean;
  signerName: string;
  items: { subject: string; type: InspectionType; content: string; lead: string; startsOn: string; endsOn: string }[];
}

export function programmeDocument(books: Books, issuer: Issuer, doc: ProgrammeDoc): DocumentModel {
  const t = templateOf(books, "KTGS-CTr");
  const rows = doc.items.map((i, n) => [
    String(n + 1),
    i.subject,
    i.content,
    label(t, `type.${i.type}`),
    i.lead,
    label(t, "period", { from: ddmmyyyy(i.startsOn), to: ddmmyyyy(i.endsOn) }),
  ]);
  const content = rows.length ? tableText(label(t, "table").split("|"), rows) : label(t, "none");
  return compose(books, issuer, {
    key: "KTGS-CTr",
    type: "CTr",
    numberText: doc.numberText,
    day: doc.day,
    draft: doc.draft,
    values: { year: String(doc.year) },
    signerName: doc.signerName,
    sections: t.sections.map((s) => ({ key: s.key, heading: s.heading, text: s.key === "content" ? content : "" })),
  });
}

// ---------------------------------------------------------------------------
// The decision setting up a team (QĐ), or the plan of a thematic supervision or of a cell's inspection (KH)

export interface TeamDoc {
  kind: "decision" | "plan";
  /** A plan's wording: a supervision's (KTGS-KH), or an inspection's, which a chi bộ issues instead of a QĐ. */
  activity: "inspection" | "supervision";
  subject: string;
  content: string;
  lead: string;
  /** The named members of a confidential team. */
  members: string[];
  /** The programme line it runs, if any: the basis and the period. */
  programme: { year: number; numberText: string | null } | null;
  period: { from: string; to: string } | null;
  /** What the team wrote with the step (time, method), printed after the content. */
  text: string | null;
  numberText: string | null;
  day: string;
  signerName: string;
}

export function teamDocument(books: Books, issuer: Issuer, doc: TeamDoc): DocumentModel {
  const key = doc.kind === "decision" ? "KTGS-QĐ" : doc.activity === "inspection" ? "KTGS-KHKT" : "KTGS-KH";
  const t = templateOf(books, key);
  const basis = doc.programme?.numberText
    ? label(t, "basis.programme", { year: String(doc.programme.year), programmeNumber: doc.programme.numberText })
    : label(t, "basis.none");
  const period = doc.period ? `${ddmmyyyy(doc.period.from)} – ${ddmmyyyy(doc.period.to)}` : null;
  const values = { subject: doc.subject, content: doc.content, basis, actingBody: actingBody(issuer) };
  const extra = doc.text?.trim() ? doc.text.trim() : "";
  if (doc.kind === "plan") {
    const content = [
      label(t, "subject", values),
      label(t, "content", values),
      ...(period ? [label(t, "time", { period })] : []),
      ...(extra ? [extra] : []),
    ].join("\n\n");
    return compose(books, issuer, {
      key,
      type: "KH",
      numberText: doc.numberText,
      day: doc.day,
      draft: false,
      values,
      signerName: doc.signerName,
      sections: t.sections.map((s) => ({
        key: s.key,
        heading: s.heading,
        text:
          s.key === "content"
            ? content
            : s.key === "implementation"
              ? label(t, "lead", { ...values, name: doc.lead })
              : "",
      })),
    });
  }
  const blocks: Block[] = [
    centred(actingBody(issuer).toLocaleUpperCase("vi")),
    centred(label(t, "decides")),
    article(label(t, "article1", values)),
    p(`- ${label(t, "lead", { name: doc.lead })}`),
    ...doc.members.map((name) => p(`- ${label(t, "member", { name })}`)),
    article(label(t, "article2", values)),
    ...(period ? [p(label(t, "time", { period }))] : []),
    ...(extra ? [p(extra)] : []),
    article(label(t, "article3", values)),
  ];
  return compose(books, issuer, {
    key,
    type: "QĐ",
    numberText: doc.numberText,
    day: doc.day,
    draft: false,
    values,
    signerName: doc.signerName,
    blocks,
  });
}

// ---------------------------------------------------------------------------
// The conclusion notice (TB): kết luận kiểm tra, kết quả giám sát, kết luận giải quyết tố cáo

export interface ConclusionDoc {
  activity: "inspection" | "supervision" | "denunciation";
  subject: string;
  content: string;
  /** The decision or plan it follows ("01-QĐ/UBKTĐU" on a day); a denunciation follows its receipt instead. */
  decision: { type: string; numberText: string | null; day: string } | null;
  receivedOn: string | null;
  conclusion: string;
  findings: { text: string; remedy: string; owner: string; dueOn: string }[];
  /** A confidential case's findings are not followed as tasks: the notice prints none. */
  listsFindings: boolean;
  numberText: string | null;
  day: string;
  signerName: string;
}

export function conclusionDocument(books: Books, issuer: Issuer, doc: ConclusionDoc): DocumentModel {
  const t = templateOf(books, "KTGS-TB");
  const values = {
    subject: doc.subject,
    content: doc.content.replace(/[.。]\s*$/u, ""),
    kindLabel: label(t, `kind.${doc.activity}`),
    conclusionHeading: label(t, `heading.${doc.activity}`),
    decisionNumber: doc.decision?.numberText ?? "",
    decisionDate: doc.decision ? ddmmyyyy(doc.decision.day) : "",
    receivedOn: doc.receivedOn ? ddmmyyyy(doc.receivedOn) : "",
    actingBody: actingBody(issuer),
  };
  const opening =
    doc.activity === "inspection" && doc.decision?.type === "KH"
      ? "opening.inspection.plan"
      : `opening.${doc.activity}`;
  const findings = doc.findings.length
    ? tableText(
        label(t, "findingsTable").split("|"),
        doc.findings.map((f, i) => [String(i + 1), f.text, f.remedy, f.owner, ddmmyyyy(f.dueOn)]),
      )
    : label(t, "noFindings");
  const texts: Record<string, string> = {
    // A cell's inspection follows its plan (KH), not a decision: the opening cites the plan.
    conclusion: `${label(t, opening, values)}\n\n${doc.conclusion}`,
    findings,
    implementation: label(t, "implementation", values),
  };
  return compose(books, issuer, {
    key: "KTGS-TB",
    type: "TB",
    numberText: doc.numberText,
    day: doc.day,
    draft: false,
    values,
    signerName: doc.signerName,
    sections: t.sections
      .filter((s) => doc.listsFindings || s.key !== "findings")
      .map((s, i) => ({
        key: s.key,
        // Without the findings the headings stay numbered in order.
        heading: fill(s.heading, values).replace(/^\d+\./u, `${i + 1}.`),
        text: texts[s.key] ?? "",
      })),
  });
}

// ---------------------------------------------------------------------------
// The discipline decision (QĐ)

export interface DisciplineDoc {
  name: string;
  cellName: string;
  form: DisciplineForm;
  reason: string;
  windowDays: number;
  numberText: string | null;
  day: string;
  draft: boolean;
  signerName: string;
}

export function disciplineDocument(books: Books, issuer: Issuer, doc: DisciplineDoc): DocumentModel {
  const t = templateOf(books, "KTGS-QĐKL");
  const values = {
    name: doc.name,
    cellName: doc.cellName,
    form: label(t, `form.${doc.form}`),
    reason: doc.reason,
    windowDays: String(doc.windowDays),
  };
  return compose(books, issuer, {
    key: "KTGS-QĐKL",
    type: "QĐ",
    numberText: doc.numberText,
    day: doc.day,
    draft: doc.draft,
    values,
    signerName: doc.signerName,
    blocks: [
      centred(actingBody(issuer).toLocaleUpperCase("vi")),
      centred(label(t, "decides")),
      ...["article1", "article2", "article3", "article4"].map((a) => article(label(t, a, values))),
    ],
  });
}

// ---------------------------------------------------------------------------
// The UBKT's notice of an appeal's resolution (TB, ADR 0165)

export interface AppealResolutionDoc {
  name: string;
  cellName: string;
  /** The decision appealed against: its number, day and the body that decided (null: the level above). */
  decision: { numberText: string | null; day: string; body: string | null };
  form: DisciplineForm;
  appealedOn: string;
  outcome: AppealOutcome;
  /** A changed decision's new form. */
  newForm: DisciplineForm | null;
  resolvedOn: string;
  /** The UBKT's own words on the resolution, printed after the outcome. */
  text: string;
  numberText: string | null;
  signerName: string;
}

export function appealResolutionDocument(books: Books, issuer: Issuer, doc: AppealResolutionDoc): DocumentModel {
  const t = templateOf(books, "KTGS-TBKN");
  const values = {
    name: doc.name,
    cellName: doc.cellName,
    decisionNumber: doc.decision.numberText ?? "",
    decisionDate: ddmmyyyy(doc.decision.day),
    decidingBody: doc.decision.body ?? label(t, "body.level_above"),
    form: label(t, `form.${doc.form}`),
    newForm: doc.newForm ? label(t, `form.${doc.newForm}`) : "",
    appealedOn: ddmmyyyy(doc.appealedOn),
    resolvedOn: ddmmyyyy(doc.resolvedOn),
    actingBody: actingBody(issuer),
  };
  const texts: Record<string, string> = {
    appeal: label(t, doc.decision.numberText ? "appeal" : "appeal.unnumbered", values),
    resolution: [label(t, `outcome.${doc.outcome}`, values), doc.text.trim()].filter(Boolean).join("\n\n"),
    implementation: label(t, "implementation", values),
  };
  return compose(books, issuer, {
    key: "KTGS-TBKN",
    type: "TB",
    numberText: doc.numberText,
    day: doc.resolvedOn,
    draft: false,
    values,
    signerName: doc.signerName,
    sections: t.sections.map((s) => ({ key: s.key, heading: fill(s.heading, values), text: texts[s.key] ?? "" })),
  });
}

// ---------------------------------------------------------------------------
// The UBKT's report (BC)

export function periodLabel(books: Books, period: Pick<ReportPeriod, "kind" | "year" | "quarter">): string {
  const t = templateOf(books, "KTGS-BC");
  return period.kind === "quarter"
    ? label(t, "period.quarter", { quarter: ROMAN[(period.quarter ?? 1) - 1]!, year: String(period.year) })
    : label(t, "period.year", { year: String(period.year) });
}

/** The report's first draft, one text per section, from the figures; the UBKT edits it before issuing. */
export function reportSections(books: Books, figures: ReportFigures): SectionContent[] {
  const t = templateOf(books, "KTGS-BC");
  const ctr = templateOf(books, "KTGS-CTr");
  const programmes = figures.programmes.length
    ? tableText(
        label(t, "programmesTable").split("|"),
        figures.programmes.map((p) => [p.title, String(p.planned), String(p.done)]),
      )
    : label(t, "noProgramme");
  const inspections = tableText(
    label(t, "inspectionsTable").split("|"),
    figures.byType.map((r) => [label(ctr, `type.${r.type}`), String(r.carried), String(r.concluded)]),
  );
  const count = (n: number) => String(n);
  const byForm = Object.fromEntries(DISCIPLINE_FORMS.map((f) => [f, count(figures.discipline.byForm[f])]));
  const texts: Record<string, string> = {
    programmes,
    inspections,
    findings: label(t, "findings", {
      raised: count(figures.findings.raised),
      closed: count(figures.findings.closed),
      open: count(figures.findings.open),
      overdue: count(figures.findings.overdue),
    }),
    discipline: [
      label(t, "discipline", {
        total: count(figures.discipline.total),
        appeals: count(figures.discipline.appeals),
        ...byForm,
      }),
      label(t, "denunciations", {
        received: count(figures.denunciations.received),
        resolved: count(figures.denunciations.resolved),
        pending: count(figures.denunciations.pending),
      }),
    ].join("\n"),
  };
  return t.sections.map((s) => ({ key: s.key, heading: s.heading, text: texts[s.key] ?? s.starter }));
}

export interface ReportDoc {
  period: Pick<ReportPeriod, "kind" | "year" | "quarter">;
  sections: SectionContent[];
  numberText: string | null;
  day: string;
  draft: boolean;
  signerName: string;
}

export function reportDocument(books: Books, issuer: Issuer, doc: ReportDoc): DocumentModel {
  return compose(books, issuer, {
    key: "KTGS-BC",
    type: "BC",
    numberText: doc.numberText,
    day: doc.day,
    draft: doc.draft,
    values: { periodLabel: periodLabel(books, doc.period), year: String(doc.period.year) },
    signerName: doc.signerName,
    sections: doc.sections,
  });
}
