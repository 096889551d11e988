import type { Database } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { notify, notifyRecipients, DAILY_JOB_EVERY_MS, registerPeriodicJob } from "../../core/outbox/index.js";
import { addDays, todayIso } from "../../core/time.js";
import { officeRecipients } from "../accounts/public-admissions.js";
import { memberNames } from "../members/store.js";
import { getOrganization, organizationNames } from "../organizations/store.js";
import { secretariesOn } from "../organizations/public-admissions.js";
import { presentDeadline, reminderDue } from "./model.js";
import { staysEndingBetween, transferBooks, transfersToRemind } from "./store.js";

// A letter is valid for 30 working days (about six weeks); a stay's end is looked for a little ahead and behind.
const LETTER_LOOKBACK_DAYS = 120;
const STAY_AHEAD_DAYS = 60;
const STAY_BEHIND_DAYS = 30;

interface Reminded {
  /** The organisations whose secretaries are told; the office above the first is told too. */
  organizationIds: string[];
  subject: string;
  text: string;
  link: string;
  key: string;
}

async function send(database: Database, r: Reminded, today: string): Promise<number> {
  const db = database.db;
  const first = (await getOrganization(db, r.organizationIds[0]!))!;
  const notice = {
    organizationId: first.id,
    memberIds: await secretariesOn(db, r.organizationIds, today),
    subject: r.subject,
    text: r.text,
    link: r.link,
    dedupeKey: r.key,
  };
  const office = await officeRecipients(db, first.path.split("/").filter(Boolean));
  return db.transaction(async (tx) => {
    const a = await notify(tx, notice);
    const b = await notifyRecipients(tx, notice, office);
    return a.queued + b.queued;
  });
}

/**
 * Reminds the secretaries (the cell's and the đảng ủy's) and the office, in the app and by email, of the last day to
 * present a giấy giới thiệu issued out of the đảng bộ — some working days before (rulebook) and once when passed —
 * and the host and official cells of the end of a temporary stay. Each reminder goes out once: its dedupe key.
 */
export async function sendTransferReminders(database: Database, now: Date): Promise<number> {
  const db = database.db;
  const today = todayIso(now);
  let queued = 0;
  const booksByCommittee = new Map<string, Awaited<ReturnType<typeof transferBooks>>>();
  const books = async (committeeId: string) => {
    if (!booksByCommittee.has(committeeId)) {
      const committee = (await getOrganization(db, committeeId))!;
      booksByCommittee.set(committeeId, await transferBooks(db, committee.path, today));
    }
    return booksByCommittee.get(committeeId)!;
  };

  const transfers = await transfersToRemind(db, addDays(today, -LETTER_LOOKBACK_DAYS));
  const stays = await staysEndingBetween(db, addDays(today, -STAY_BEHIND_DAYS), addDays(today, STAY_AHEAD_DAYS));
  const names = await memberNames(db, [
    ...transfers.map((x) => x.memberId),
    ...stays.flatMap((s) => (s.memberId ? [s.memberId] : [])),
  ]);
  const orgIds = stays.flatMap((s) => [s.homeOrganizationId, s.hostOrganizationId]).filter((id) => id !== null);
  const orgs = new Map((await organizationNames(db, [...new Set(orgIds)])).map((o) => [o.id, o.name]));

  for (const x of transfers) {
    const { rules, calendar } = await books(x.partyCommitteeId);
    const dueOn = presentDeadline(rules, calendar, x.letterIssuedOn);
    const due = reminderDue(calendar, `transfer:${x.id}:present`, dueOn, today, rules.remindWorkingDaysBefore);
    if (!due) continue;
    const passed = due.threshold === "passed";
    const params = {
      name: names.get(x.memberId)?.fullName ?? "",
      counterpart: x.counterpart,
      number: x.letterNumber ?? "",
      date: formatDate(dueOn),
      days: passed ? 0 : due.threshold,
    };
    const kind = passed ? "passed" : "before";
    queued += await send(
      database,
      {
        organizationIds: [x.organizationId, x.partyCommitteeId],
        subject: t("vi", `transfers.mail.present.${kind}.subject`, params),
        text: t("vi", `transfers.mail.present.${kind}.text`, params),
        link: `/to-chuc/${x.partyCommitteeId}/chuyen-sinh-hoat`,
        key: due.key,
      },
      today,
    );
  }

  for (const s of stays) {
    const { rules, calendar } = await books(s.partyCommitteeId);
    const due = reminderDue(calendar, `stay:${s.id}:end`, s.endsOn, today, rules.remindWorkingDaysBefore);
    if (!due) continue;
    const passed = due.threshold === "passed";
    const ours = [s.hostOrganizationId, s.homeOrganizationId].filter((id) => id !== null);
    const params = {
      name: s.memberId ? (names.get(s.memberId)?.fullName ?? "") : (s.fullName ?? ""),
      host: s.hostOrganizationId ? (orgs.get(s.hostOrganizationId) ?? "") : (s.hostName ?? ""),
      home: s.homeOrganizationId ? (orgs.get(s.homeOrganizationId) ?? "") : (s.homeName ?? ""),
      date: formatDate(s.endsOn),
      days: passed ? 0 : due.threshold,
    };
    const kind = passed ? "passed" : "before";
    queued += await send(
      database,
      {
        organizationIds: ours.length > 0 ? ours : [s.partyCommitteeId],
        subject: t("vi", `transfers.mail.stayEnd.${kind}.subject`, params),
        text: t("vi", `transfers.mail.stayEnd.${kind}.text`, params),
        link: `/to-chuc/${ours[0] ?? s.partyCommitteeId}/chuyen-sinh-hoat`,
        key: due.key,
      },
      today,
    );
  }
  return queued;
}

export function registerTransferReminders(): void {
  registerPeriodicJob(
    "transfers.reminders",
    async (database, now) => {
      await sendTransferReminders(database, now);
    },
    { everyMs: DAILY_JOB_EVERY_MS },
  );
}
