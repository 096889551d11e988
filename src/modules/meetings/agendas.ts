import { z } from "zod";
import { MEETING_KINDS } from "./model.js";

/** Meetings with an agenda of their own (the year-end review…), each one a key of the agenda rulebook. */
export const AGENDA_KINDS = ["year_end_review"] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

const agenda = z.object({
  /** The meeting it is held as (the review is the cell's December meeting). */
  meetingKind: z.enum(MEETING_KINDS),
  /** The meeting's subject line; {year} and the like are filled when the meeting is created. */
  title: z.string().min(1),
  items: z.array(z.string().min(1)).min(1).max(30),
  source: z.string(),
});

/** Rulebook kind `meeting-agenda`: the agenda of each meeting that has one, as the texts prescribe it. */
export const agendaRulesSchema = z.object({ agendas: z.record(z.enum(AGENDA_KINDS), agenda) });
export type AgendaRules = z.infer<typeof agendaRulesSchema>;

/** The agenda with its placeholders filled ("năm {year}" → "năm 2026"). */
export function fillAgenda(rules: AgendaRules["agendas"][AgendaKind], values: Record<string, string | number>) {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (all, k: string) => (k in values ? String(values[k]) : all));
  return { meetingKind: rules.meetingKind, title: fill(rules.title), items: rules.items.map(fill) };
}
