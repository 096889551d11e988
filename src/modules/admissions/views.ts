import { daysBetween } from "../../core/time.js";
import type { HolidayCalendar } from "../../core/working-days.js";
import {
  certificateValidUntil,
  deadlines,
  deadlineState,
  GENERATED_FORMS,
  openDeadline,
  probationEndsOn,
  type AdmissionRules,
} from "./model.js";
import type { CandidateRow, FormFileInfo, FormRow } from "./store.js";

// The shapes present.ts declares, built from the rows and the rules in force.

interface Books {
  rules: AdmissionRules;
  calendar: HolidayCalendar;
}

export function listItem(c: CandidateRow, books: Books, today: string) {
  const open = openDeadline(c, books.rules, books.calendar);
  return {
    id: c.id,
    organizationId: c.organizationId,
    fullName: c.fullName,
    stage: c.stage,
    openDeadline: open
      ? {
          kind: open.kind,
          dueOn: open.dueOn,
          state: deadlineState(open.dueOn, today, books.rules.warnDaysBefore),
          daysLeft: daysBetween(today, open.dueOn),
        }
      : null,
    version: c.version,
  };
}

/**
 * The board's order: the nearest open deadline first, then those without one. Sort the rows oldest first beforehand
 * (a stable sort keeps that order among equal days): then this is the order the store pages by (`openCandidatesPage`).
 * Passed, near and running follow from the due day alone, so the most urgent come first.
 */
export function byOpenDeadline(a: ReturnType<typeof listItem>, b: ReturnType<typeof listItem>): number {
  const x = a.openDeadline?.dueOn;
  const y = b.openDeadline?.dueOn;
  if (x === y) return 0;
  if (x === undefined) return 1;
  if (y === undefined) return -1;
  return x < y ? -1 : 1;
}

/** When each deadline was met: the step it waits for, done on or before it counts, later does not. */
const metOn = (c: CandidateRow) => ({
  decision: c.decisionOn,
  ceremony: c.ceremonyOn,
  recognitionVote: c.recognitionVoteOn,
  recognitionDecision: c.recognitionDecisionOn,
});

export function candidateView(
  c: CandidateRow,
  forms: FormRow[],
  helperNames: Map<string, { fullName: string }>,
  books: Books,
  today: string,
  /** The mass organisation that provided a form (4-KNĐ, 5-KNĐ), by form. */
  providedBy: ReadonlyMap<string, string> = new Map(),
  /** The dossier's files, newest first (store.listFormFiles). */
  files: FormFileInfo[] = [],
) {
  const done = metOn(c);
  const byForm = new Map(forms.map((f) => [f.form, f]));
  const fileView = (f: FormFileInfo) => ({
    id: f.id,
    fileName: f.fileName,
    kind: f.kind,
    size: f.size,
    uploadedAt: f.uploadedAt,
    replacedAt: f.replacedAt,
  });
  return {
    ...listItem(c, books, today),
    dateOfBirth: c.dateOfBirth,
    gender: c.gender,
    unit: c.unit,
    helpers: c.helperIds.map((id) => ({ id, fullName: helperNames.get(id)?.fullName ?? "" })),
    courseCertificateOn: c.courseCertificateOn,
    certificateValidUntil: c.courseCertificateOn
      ? certificateValidUntil(c.courseCertificateOn, books.rules.certificateValidYears)
      : null,
    resolutionOn: c.resolutionOn,
    resolutionVotesFor: c.resolutionVotesFor,
    resolutionFullMembers: c.resolutionFullMembers,
    resolutionDocumentId: c.resolutionDocumentId,
    decisionOn: c.decisionOn,
    decisionDocumentId: c.decisionDocumentId,
    ceremonyOn: c.ceremonyOn,
    memberId: c.memberId,
    probationEndsOn: c.ceremonyOn ? probationEndsOn(c.ceremonyOn, books.rules.probationMonths) : null,
    recognitionVoteOn: c.recognitionVoteOn,
    recognitionVotesFor: c.recognitionVotesFor,
    recognitionFullMembers: c.recognitionFullMembers,
    recognitionOutcome: c.recognitionOutcome,
    recognitionDecisionOn: c.recognitionDecisionOn,
    officialOn: c.officialOn,
    deadlines: deadlines(c, books.rules, books.calendar).map((d) => {
      const when = done[d.kind];
      return {
        ...d,
        met: when !== null && when <= d.dueOn,
        state: when ? ("running" as const) : deadlineState(d.dueOn, today, books.rules.warnDaysBefore),
      };
    }),
    forms: books.rules.forms.map((f) => ({
      form: f.code,
      title: f.title,
      generated: GENERATED_FORMS.includes(f.code),
      receivedOn: byForm.get(f.code)?.receivedOn ?? null,
      documentId: byForm.get(f.code)?.documentId ?? null,
      providedBy: providedBy.get(f.code) ?? null,
      file: files.filter((x) => x.form === f.code && !x.replacedAt).map(fileView)[0] ?? null,
      earlierFiles: files.filter((x) => x.form === f.code && x.replacedAt).map(fileView),
    })),
  };
}
