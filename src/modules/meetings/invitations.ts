import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { readConfig } from "../../core/config.js";
import type { Tx } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { DEFAULT_FROM, notify, withdrawNotices } from "../../core/outbox/index.js";
import { addDays, hanoiAt, now } from "../../core/time.js";
import { overseersOn } from "../organizations/public-meetings.js";
import { meetingTitle, scheduledStart } from "./model.js";
import { type Meeting, type MeetingRow, rosterOn } from "./store.js";

/**
 * A meeting's invitations: the first one when the notice step is recorded, an updated one (same UID, next SEQUENCE,
 * METHOD:REQUEST) when the date, time or place change after it, and a cancelled one (METHOD:CANCEL) when the meeting
 * is cancelled. Calendar programs match them by the UID and keep the highest SEQUENCE (RFC 5545/5546).
 */

type IcsMeeting = {
  id: string;
  date: string;
  startTime: string;
  place: string;
  kind: MeetingRow["kind"];
  title: string | null;
  organizationName: string;
  sequence?: number;
};

/** The address invitations come from, as the ORGANIZER a REQUEST or CANCEL must name. */
function organizerEmail(): string {
  const from = readConfig().mailFrom ?? DEFAULT_FROM;
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

/**
 * Meetings as iCalendar: PUBLISH for a feed, REQUEST for an invitation (new or changed), CANCEL for a cancelled one.
 * The UID is the meeting's, whatever the method, so a change or a cancellation replaces the event already received.
 */
export function meetingIcs(
  list: IcsMeeting[],
  name: string,
  method: "PUBLISH" | "REQUEST" | "CANCEL" = "PUBLISH",
): string {
  const cal = ical({
    name,
    method: ICalCalendarMethod[method],
    prodId: { company: "chibo", product: "so-tay-chi-bo", language: "VI" },
  });
  for (const m of list) {
    const start = new Date(scheduledStart(m.date, m.startTime));
    cal.createEvent({
      id: `meeting-${m.id}@chibo`,
      sequence: m.sequence ?? 0,
      start,
      end: new Date(start.getTime() + (m.kind === "combined" ? 120 : 90) * 60_000),
      summary: `${m.organizationName}: ${meetingTitle(m.kind, m.date, m.title)}`,
      location: m.place,
      ...(method === "PUBLISH" ? {} : { organizer: { name: m.organizationName, email: organizerEmail() } }),
      ...(method === "CANCEL" ? { status: ICalEventStatus.CANCELLED } : {}),
    });
  }
  return cal.toString();
}

/** The cell's members (not the exempt) and the đảng ủy members who follow the cell, on the meeting's date. */
async function invitees(tx: Tx, m: Meeting): Promise<string[]> {
  const roster = await rosterOn(tx, m);
  return [
    ...new Set([
      ...roster.filter((r) => !r.exempt).map((r) => r.id),
      ...(await overseersOn(tx, m.organizationId, m.date)),
    ]),
  ];
}

const paramsOf = (m: Meeting) => ({
  title: meetingTitle(m.kind, m.date, m.title),
  organization: m.organizationName,
  date: formatDate(m.date),
  time: m.startTime,
  place: m.place,
});
const reminderKey = (m: Pick<Meeting, "id" | "sequence">) => `meeting-reminder:${m.id}:${m.sequence}`;

/**
 * The invitation with its .ics, and a reminder at 08:00 (Hanoi) the day before, never in the past. `change` says
 * what changed for an updated invitation (its text names the new date, time and place, and the reason if given).
 */
export async function sendInvitations(tx: Tx, m: Meeting, change?: { reason: string | null }): Promise<number> {
  const recipients = await invitees(tx, m);
  const params = paramsOf(m);
  const link = `/cuoc-hop/${m.id}`;
  const ics = meetingIcs([m], m.organizationName, "REQUEST");
  const invitation = await notify(tx, {
    organizationId: m.organizationId,
    memberIds: recipients,
    subject: t("vi", change ? "meetings.schedule.mail.updateSubject" : "meetings.mail.inviteSubject", params),
    text: change
      ? t("vi", "meetings.schedule.mail.updateText", params) +
        (change.reason ? `\n${t("vi", "meetings.schedule.mail.reason", { reason: change.reason })}` : "")
      : t("vi", "meetings.mail.inviteText", params),
    link,
    ics: { filename: "cuoc-hop.ics", content: ics, method: "REQUEST" },
    dedupeKey: `meeting-invite:${m.id}:${m.sequence}`,
  });
  const dayBefore = hanoiAt(addDays(m.date, -1), "08:00");
  if (dayBefore.getTime() > now().getTime()) {
    await notify(tx, {
      organizationId: m.organizationId,
      memberIds: recipients,
      subject: t("vi", "meetings.mail.reminderSubject", params),
      text: t("vi", "meetings.mail.reminderText", params),
      link,
      dedupeKey: reminderKey(m),
      sendAfter: dayBefore,
    });
  }
  return invitation.queued;
}

/** The reminder queued for the meeting as it was: it would name the old day, or a meeting that will not take place. */
export const withdrawReminder = (tx: Tx, before: Pick<Meeting, "id" | "sequence">) =>
  withdrawNotices(tx, reminderKey(before));

/** The cancellation: a notice with the reason and the cancelled .ics (same UID, next SEQUENCE, METHOD:CANCEL). */
export async function sendCancellation(tx: Tx, m: Meeting, reason: string): Promise<number> {
  const params = { ...paramsOf(m), reason };
  const sent = await notify(tx, {
    organizationId: m.organizationId,
    memberIds: await invitees(tx, m),
    subject: t("vi", "meetings.schedule.mail.cancelSubject", params),
    text: t("vi", "meetings.schedule.mail.cancelText", params),
    link: `/cuoc-hop/${m.id}`,
    ics: { filename: "cuoc-hop.ics", content: meetingIcs([m], m.organizationName, "CANCEL"), method: "CANCEL" },
    dedupeKey: `meeting-cancel:${m.id}`,
  });
  return sent.queued;
}
