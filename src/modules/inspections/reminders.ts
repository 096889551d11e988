import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database, Executor } from "../../core/db/index.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { type Notice, notify, DAILY_JOB_EVERY_MS, registerPeriodicJob } from "../../core/outbox/index.js";
import { todayIso } from "../../core/time.js";
import { getMember } from "../members/store.js";
import { getOrganization, listPositions } from "../organizations/store.js";
import { appealDeadline, reminderDue } from "./model.js";
import { confidentialCases, disciplineCases, inspectionFindings, inspections } from "./schema.js";
import { inspectionRules, listSteps } from "./store.js";

/**
 * Reminders of the module's deadlines, in the app and by email, each once (the outbox's dedupe key), and only to
 * those allowed to see the case (ADR 0129):
 *  - a denunciation's acceptance and resolution deadlines: to the UBKT alone;
 *  - the end of a discipline decision's appeal window, and an appeal's resolution deadline: to the UBKT alone;
 *  - a finding's remedy near or past its deadline: to its owner, the subject cell's secretary and the team's lead.
 * A confidential reminder is tied to no organisation and names neither the subject nor the denouncer: the
 * organisation's notices are part of its office's export, and a mail's subject line is read on any screen.
 */

/** The UBKT of a đảng bộ on the day: its chair and members. */
export async function inspectorsOn(ex: Executor, organizationId: string, day: string): Promise<string[]> {
  return (await listPositions(ex, organizationId))
    .filter(
      (p) =>
        (p.role === "inspection_chair" || p.role === "inspection_member") &&
        p.startsOn <= day &&
        (!p.endsOn || p.endsOn >= day),
    )
    .map((p) => p.memberId);
}

async function secretaryOn(ex: Executor, organizationId: string, day: string): Promise<string[]> {
  return (await listPositions(ex, organizationId))
    .filter((p) => p.role === "secretary" && p.startsOn <= day && (!p.endsOn || p.endsOn >= day))
    .map((p) => p.memberId);
}

function message(key: string, passed: boolean, params: Record<string, string | number>) {
  const when = passed ? "passed" : "before";
  return {
    subject: t("vi", `inspections.mail.${key}.${when}.subject`, params),
    text: t("vi", `inspections.mail.${key}.${when}.text`, params),
  };
}

export async function sendInspectionReminders(database: Database, now: Date): Promise<number> {
  const db = database.db;
  const today = todayIso(now);
  const notices: Notice[] = [];
  const rulesOf = async (organizationId: string) => {
    const org = await getOrganization(db, organizationId);
    return org ? inspectionRules(db, org.path, today) : null;
  };

  // Denunciations still open: accepted by, then resolved by.
  const open = await db
    .select()
    .from(confidentialCases)
    .where(
      and(
        eq(confidentialCases.type, "denunciation"),
        isNull(confidentialCases.concludedOn),
        isNull(confidentialCases.deletedAt),
      ),
    );
  for (const c of open) {
    const rules = await rulesOf(c.organizationId);
    if (!rules) continue;
    const done = (await listSteps(db, { ...c, confidential: true, namedMemberIds: [] })).map((s) => s.step);
    const deadline = !done.includes("acceptance")
      ? { kind: "accept", dueOn: c.acceptBy }
      : { kind: "resolve", dueOn: c.resolveBy };
    if (!deadline.dueOn) continue;
    const due = reminderDue(`inspection:${c.id}:${deadline.kind}`, deadline.dueOn, today, [
      ...rules.denunciation.reminderDaysBefore,
    ]);
    if (!due) continue;
    const params = {
      step: t("vi", `inspections.deadline.${deadline.kind}`),
      received: formatDate(c.receivedOn ?? deadline.dueOn),
      date: formatDate(deadline.dueOn),
      days: due.days,
    };
    notices.push({
      organizationId: null,
      memberIds: await inspectorsOn(db, c.organizationId, today),
      ...message("denunciation", due.passed, params),
      link: `/kiem-tra/${c.id}`,
      dedupeKey: due.key,
    });
  }

  // Decided discipline without an appeal: the window's end.
  const decided = await db
    .select()
    .from(disciplineCases)
    .where(
      and(isNotNull(disciplineCases.receivedOn), isNull(disciplineCases.appealedOn), isNull(disciplineCases.deletedAt)),
    );
  for (const d of decided) {
    const rules = await rulesOf(d.organizationId);
    if (!rules) continue;
    const last = appealDeadline(rules, d.receivedOn!);
    const due = reminderDue(`discipline:${d.id}:appeal`, last, today, rules.reminders.appealDaysBefore);
    if (!due) continue;
    notices.push({
      organizationId: null,
      memberIds: await inspectorsOn(db, d.organizationId, today),
      ...message("appeal", due.passed, { number: d.numberText ?? "", date: formatDate(last), days: due.days }),
      link: `/to-chuc/${d.organizationId}/ky-luat`,
      dedupeKey: due.key,
    });
  }

  // Appeals lodged and not yet resolved: the resolution deadline fixed when each was lodged.
  const appealed = await db
    .select()
    .from(disciplineCases)
    .where(
      and(
        isNotNull(disciplineCases.appealResolveBy),
        isNull(disciplineCases.appealOutcome),
        isNull(disciplineCases.deletedAt),
      ),
    );
  for (const d of appealed) {
    const rules = await rulesOf(d.organizationId);
    if (!rules) continue;
    const dueOn = d.appealResolveBy!;
    const due = reminderDue(
      `discipline:${d.id}:appeal-resolution`,
      dueOn,
      today,
      rules.appeal.resolution.reminderDaysBefore,
    );
    if (!due) continue;
    const params = {
      number: d.numberText ?? "",
      appealed: formatDate(d.appealedOn),
      date: formatDate(dueOn),
      days: due.days,
    };
    notices.push({
      organizationId: null,
      memberIds: await inspectorsOn(db, d.organizationId, today),
      ...message("appealResolution", due.passed, params),
      link: `/to-chuc/${d.organizationId}/ky-luat`,
      dedupeKey: due.key,
    });
  }

  // Open findings of ordinary inspections (a confidential case's are never tasks, nor findings here).
  const findings = await db
    .select({ finding: inspectionFindings, inspection: inspections })
    .from(inspectionFindings)
    .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
    .where(
      and(isNull(inspectionFindings.closedOn), isNull(inspectionFindings.deletedAt), isNull(inspections.deletedAt)),
    );
  for (const { finding, inspection } of findings) {
    const rules = await rulesOf(inspection.organizationId);
    if (!rules) continue;
    const due = reminderDue(`finding:${finding.id}:remedy`, finding.dueOn, today, rules.reminders.remedyDaysBefore);
    if (!due) continue;
    const subjectOrgId =
      inspection.subjectOrganizationId ?? (await getMember(db, finding.ownerMemberId))?.organizationId ?? null;
    const memberIds = new Set([finding.ownerMemberId, inspection.leadMemberId]);
    if (subjectOrgId) for (const id of await secretaryOn(db, subjectOrgId, today)) memberIds.add(id);
    notices.push({
      organizationId: subjectOrgId,
      memberIds: [...memberIds],
      ...message("remedy", due.passed, { remedy: finding.remedy, date: formatDate(finding.dueOn), days: due.days }),
      link: finding.taskId ? `/nhiem-vu/${finding.taskId}` : `/kiem-tra/${inspection.id}`,
      dedupeKey: due.key,
    });
  }

  let queued = 0;
  for (const notice of notices) {
    if (notice.memberIds.length === 0) continue;
    queued += await db.transaction(async (tx) => (await notify(tx, notice)).queued);
  }
  return queued;
}

export function registerInspectionReminders(): void {
  registerPeriodicJob(
    "inspections.reminders",
    async (database, now) => {
      await sendInspectionReminders(database, now);
    },
    { everyMs: DAILY_JOB_EVERY_MS },
  );
}
