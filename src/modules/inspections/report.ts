import { z } from "zod";
import { isoDate, optionalText, version } from "../../core/http/schemas.js";
import { addDays, addMonths, dateOf } from "../../core/time.js";
import {
  DISCIPLINE_FORMS,
  type DisciplineForm,
  INSPECTION_TYPES,
  type InspectionType,
  type ProgrammeBody,
} from "./model.js";

/**
 * The UBKT's quarterly and yearly report (BC): the period it covers and the figures it is drafted from, counted from
 * the records as they stood at the period's end. Pure: the routes gather the records, the documents print them.
 */

export type ReportKind = "quarter" | "year";

export interface ReportPeriod {
  kind: ReportKind;
  year: number;
  quarter: number | null;
  fromOn: string;
  toOn: string;
}

/** A quarter runs from the first day of its first month to the last day of its third; a year is the calendar year. */
export function reportPeriod(kind: ReportKind, year: number, quarter: number | null): ReportPeriod {
  if (kind === "year") return { kind, year, quarter: null, fromOn: dateOf(year, 1, 1), toOn: dateOf(year, 12, 31) };
  const q = quarter ?? 1;
  const fromOn = dateOf(year, 3 * q - 2, 1);
  return { kind, year, quarter: q, fromOn, toOn: addDays(addMonths(fromOn, 3), -1) };
}

export interface ReportRecords {
  programmes: {
    title: string;
    body: ProgrammeBody;
    items: { startsOn: string; endsOn: string; concludedOn: string | null }[];
  }[];
  /** Ordinary and confidential inspections, supervisions and denunciations, each with its first step's date. */
  cases: { type: InspectionType; startedOn: string | null; concludedOn: string | null; receivedOn: string | null }[];
  findings: { concludedOn: string; dueOn: string; closedOn: string | null }[];
  discipline: { form: DisciplineForm | null; decidedOn: string | null; appealedOn: string | null }[];
}

export interface ReportFigures {
  programmes: { title: string; body: ProgrammeBody; planned: number; done: number }[];
  /** By type: carried out in the period (begun by its end, not concluded before its start) and concluded in it. */
  byType: { type: InspectionType; carried: number; concluded: number }[];
  findings: { raised: number; closed: number; open: number; overdue: number };
  discipline: { total: number; byForm: Record<DisciplineForm, number>; appeals: number };
  denunciations: { received: number; resolved: number; pending: number };
}

const within = (d: string | null, p: ReportPeriod) => d !== null && d >= p.fromOn && d <= p.toOn;
const byEnd = (d: string | null, p: ReportPeriod) => d !== null && d <= p.toOn;

export function reportFigures(period: ReportPeriod, records: ReportRecords): ReportFigures {
  // A programme line counts in the period it overlaps; it is done once an inspection from it concluded by the end.
  const programmes = records.programmes.map((p) => {
    const lines = p.items.filter((i) => i.startsOn <= period.toOn && i.endsOn >= period.fromOn);
    return {
      title: p.title,
      body: p.body,
      planned: lines.length,
      done: lines.filter((i) => byEnd(i.concludedOn, period)).length,
    };
  });
  const active = (c: ReportRecords["cases"][number]) =>
    byEnd(c.startedOn, period) && (c.concludedOn === null || c.concludedOn >= period.fromOn);
  const byType = INSPECTION_TYPES.filter((t) => t !== "denunciation").map((type) => {
    const ofType = records.cases.filter((c) => c.type === type);
    return {
      type,
      carried: ofType.filter(active).length,
      concluded: ofType.filter((c) => within(c.concludedOn, period)).length,
    };
  });
  const raised = records.findings.filter((f) => within(f.concludedOn, period));
  const openAtEnd = records.findings.filter(
    (f) => byEnd(f.concludedOn, period) && (f.closedOn === null || f.closedOn > period.toOn),
  );
  const decided = records.discipline.filter((d) => d.form !== null && within(d.decidedOn, period));
  const byForm = Object.fromEntries(DISCIPLINE_FORMS.map((f) => [f, 0])) as Record<DisciplineForm, number>;
  for (const d of decided) byForm[d.form!]++;
  const denunciations = records.cases.filter((c) => c.type === "denunciation");
  return {
    programmes,
    byType,
    findings: {
      raised: raised.length,
      closed: records.findings.filter((f) => within(f.closedOn, period)).length,
      open: openAtEnd.length,
      overdue: openAtEnd.filter((f) => f.dueOn < period.toOn).length,
    },
    discipline: {
      total: decided.length,
      byForm,
      appeals: records.discipline.filter((d) => within(d.appealedOn, period)).length,
    },
    denunciations: {
      received: denunciations.filter((c) => within(c.receivedOn, period)).length,
      resolved: denunciations.filter((c) => within(c.concludedOn, period)).length,
      pending: denunciations.filter(
        (c) => byEnd(c.receivedOn, period) && (c.concludedOn === null || c.concludedOn > period.toOn),
      ).length,
    },
  };
}

// ---------------------------------------------------------------------------
// Input schemas (shared with the UI)

export const reportDraftBody = z
  .object({
    kind: z.enum(["quarter", "year"]),
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4).nullable().default(null),
  })
  .refine((b) => (b.kind === "quarter") === (b.quarter !== null), {
    path: ["quarter"],
    message: "errors.inspection_report_quarter",
  });

export const reportEditBody = z.object({
  sections: z
    .array(z.object({ key: z.string().min(1).max(40), heading: z.string().max(300), text: z.string().max(20000) }))
    .min(1)
    .max(20),
  signerName: optionalText(120),
  version: version(),
});

export const reportIssueBody = z.object({ issuedOn: isoDate(), version: version() });

/** A file of the module: a programme, a step's document, a discipline decision, a report. */
export const fileParams = z.object({ id: z.uuid(), format: z.enum(["docx", "pdf"]) });
export const stepFileParams = z.object({
  id: z.uuid(),
  document: z.enum(["decision", "conclusion"]),
  format: z.enum(["docx", "pdf"]),
});
