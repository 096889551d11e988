// What the evaluations module needs of meetings: the cell's year-end review held as a meeting with its own agenda.
import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { RuleError } from "../../core/http/errors.js";
import { NoRulebookError, rulebookInForce } from "../../core/rulebooks/index.js";
import type { OrganizationRow } from "../organizations/store.js";
import { type AgendaKind, type AgendaRules, fillAgenda } from "./agendas.js";
import { createMeeting, updateMeeting } from "./operations.js";
import { getMeeting } from "./store.js";

/**
 * A meeting of the cell whose kind, subject line and agenda come from the agenda rulebook in force on its date
 * (`meeting-agenda`), e.g. the year-end review: every rule of an ordinary meeting of that kind still applies.
 */
export async function createAgendaMeeting(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: {
    agenda: AgendaKind;
    date: string;
    startTime: string;
    place: string;
    values: Record<string, string | number>;
  },
) {
  const book = await rulebookInForce<AgendaRules>(tx, "meeting-agenda", org.path, input.date).catch((e: unknown) => {
    if (e instanceof NoRulebookError) throw new RuleError("no_agenda_rulebook", "date", "errors.no_agenda_rulebook");
    throw e;
  });
  const agenda = fillAgenda(book.data.agendas[input.agenda], input.values);
  const created = await createMeeting(tx, actor, org, {
    kind: agenda.meetingKind,
    date: input.date,
    startTime: input.startTime,
    place: input.place,
    title: agenda.title,
  });
  const meeting = (await getMeeting(tx, created.id))!;
  return updateMeeting(tx, actor, meeting, { version: meeting.version, agenda: agenda.items });
}
