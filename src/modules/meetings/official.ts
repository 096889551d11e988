import { eq } from "drizzle-orm";
import { duesOfMeeting } from "./dues-step.js";
import type { Actor } from "../../core/access/index.js";
import type { Database, Executor, Tx } from "../../core/db/index.js";
import { ConflictError, NotFoundError } from "../../core/http/errors.js";
import { formatDate, t } from "../../core/i18n/index.js";
import { hanoiDate, todayIso } from "../../core/time.js";
import { issueNewDocument } from "../documents/operations.js";
import {
  forgetUnissuedMinutes,
  issuedDocumentFile,
  issuedMinutesDocument,
  nextMinutesNumber,
  renderUnissuedMinutes,
} from "../documents/public-meetings.js";
import type { DocumentSummary } from "../documents/store.js";
import { memberNames } from "../members/store.js";
import { getOrganization, type OrganizationRow } from "../organizations/store.js";
import { createResolution, linkResolutionDocument, transitionResolution } from "../resolutions/operations.js";
import { getResolution, listResolutionTasks, meetingResolution, type ResolutionRow } from "../resolutions/store.js";
import { createTask } from "../tasks/operations.js";
import { sourcesWithTasks } from "../tasks/store.js";
import { audit, ref } from "./events.js";
import type { MinutesData } from "./minutes.js";
import { attendanceCounts, buildMinutes, meetingTitle } from "./model.js";
import { loadMeetingRecord } from "./record.js";
import { meetings } from "./schema.js";
import {
  getMeeting,
  getScore,
  listAmendments,
  listAttendance,
  listMeetings,
  listMeetingTasks,
  listVotes,
  type Meeting,
  rosterOn,
  scoresOf,
} from "./store.js";

/**
 * Where the meeting meets the rest of chibo: the minutes as an official document (BB), the meeting's
 * resolution in the resolutions module (and its NQ document), and the tasks handed out as tracked tasks.
 */

/** The day the meeting was actually held (its start, Vietnam time), else its planned date. */
export function heldOn(m: Pick<Meeting, "date" | "startedAt">): string {
  return m.startedAt ? hanoiDate(m.startedAt) : m.date;
}

/** The minutes of a held meeting as the documents module renders them (the contract in minutes.ts). */
export async function minutesOf(ex: Executor, m: Meeting): Promise<MinutesData> {
  const record = await loadMeetingRecord(ex, m);
  const meetingTasks = await listMeetingTasks(ex, m.id);
  const amendments = await listAmendments(ex, m.id);
  const score = await getScore(ex, m.id);
  const { roster, attendance, contributions, votes } = record;
  const rules = record.rulebook.data;
  const names = await memberNames(ex, [
    m.chairMemberId ?? "",
    m.minuteTakerMemberId ?? "",
    ...meetingTasks.map((x) => x.responsibleMemberId),
  ]);
  // The resolution's vote: the last one taken (earlier ones, e.g. on the agenda, stay in the record).
  const vote = votes.at(-1);
  // The dues step: what the minute-taker wrote, else the cell's ledger of the month.
  const dues = m.dues || ((await duesOfMeeting(ex, m))?.text ?? null);
  return buildMinutes({
    organizationName: m.organizationName,
    meeting: {
      ...m,
      dues,
      startedAt: m.startedAt?.toISOString() ?? null,
      endedAt: m.endedAt?.toISOString() ?? null,
      approvedAt: m.approvedAt?.toISOString() ?? null,
    },
    names: Object.fromEntries([...names].map(([id, n]) => [id, n.fullName])),
    roster,
    attendance,
    contributions,
    tasks: meetingTasks,
    vote: vote ? { ...vote, ruleLabel: t("vi", rules.votes[vote.rule].labelKey) } : null,
    score: score ? { total: score.total, rating: score.rating } : null,
    amendments: amendments.map((a) => ({ at: a.at.toISOString(), byName: a.byName, text: a.text })),
  });
}

/** The minutes of a meeting that was held; a meeting planned or cancelled has none. */
export async function heldMinutes(ex: Executor, m: Meeting): Promise<MinutesData> {
  if (m.status === "planned" || m.status === "cancelled")
    throw new ConflictError("meeting_not_held", "errors.meeting_not_held");
  return minutesOf(ex, m);
}

/** The meeting's official outputs: the issued minutes and the resolution it adopted. */
export async function officialOf(ex: Executor, m: Meeting) {
  const doc = await issuedMinutesDocument(ex, m.minutesDocumentId);
  const r = await meetingResolution(ex, m.id);
  // Only approved minutes can be issued: the preview is read for them alone.
  const next =
    m.status === "approved"
      ? await nextMinutesNumber(ex, await organizationOf(ex, m.organizationId), todayIso())
      : null;
  return {
    minutesDocument: doc ? { id: doc.id, numberText: doc.numberText, issuedOn: doc.issuedOn } : null,
    nextMinutesNumber: next,
    resolution: r
      ? { id: r.id, state: r.state, title: r.title, number: r.number, documentId: r.documentId, version: r.version }
      : null,
  };
}

/**
 * The minutes of a held meeting as DOCX or PDF in the official layout. Issued: the stored, hashed file. Otherwise
 * rendered now, without a number; minutes not yet approved carry "DỰ THẢO".
 */
export async function minutesFile(
  database: Database,
  m: Meeting,
  format: "docx" | "pdf",
): Promise<{ bytes: Buffer; numberText: string | null; summary: string }> {
  if (m.status === "planned" || m.status === "cancelled")
    throw new ConflictError("meeting_not_held", "errors.meeting_not_held");
  const ex = database.db;
  const issued = await issuedMinutesDocument(ex, m.minutesDocumentId);
  if (issued)
    return {
      bytes: await issuedDocumentFile(database, issued.id, format),
      numberText: issued.numberText,
      summary: issued.summary,
    };
  const org = await organizationOf(ex, m.organizationId);
  const minutes = await minutesOf(ex, m);
  const bytes = await renderUnissuedMinutes(ex, org, m.id, minutes, format);
  return { bytes, numberText: null, summary: minutes.meetingTitle };
}

async function organizationOf(ex: Executor, id: string): Promise<OrganizationRow> {
  const org = await getOrganization(ex, id);
  if (!org) throw new NotFoundError("organization");
  return org;
}

/**
 * "Ban hành biên bản": the approved minutes become a numbered, hashed, immutable BB document linked to
 * the meeting. One per meeting; after an amendment the minutes may be issued again, and the new
 * document supersedes the earlier one.
 */
export async function issueMinutesDocument(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  issuedOn: string,
): Promise<DocumentSummary> {
  if (m.status !== "approved")
    throw new ConflictError("minutes_issue_not_approved", "errors.minutes_issue_not_approved");
  const previous = await issuedMinutesDocument(tx, m.minutesDocumentId);
  if (previous) {
    const amendments = await listAmendments(tx, m.id);
    if (!amendments.some((a) => a.at > previous.createdAt))
      throw new ConflictError("minutes_already_issued", "errors.minutes_already_issued", {
        number: previous.numberText ?? "",
      });
  }
  const org = await organizationOf(tx, m.organizationId);
  const minutes = await minutesOf(tx, m);
  const doc = await issueNewDocument(
    tx,
    actor,
    org,
    {
      type: "BB",
      minutes,
      summary: minutes.meetingTitle,
      origin: "minutes",
      originRef: m.id,
      signerName: minutes.chair,
      signerRole: "secretary",
      replacesId: previous?.id ?? null,
    },
    issuedOn,
  );
  await tx.update(meetings).set({ minutesDocumentId: doc.id, updatedAt: new Date() }).where(eq(meetings.id, m.id));
  // From now on the issued document's own files are served; the draft's rendering is no longer needed.
  await forgetUnissuedMinutes(tx, m.id);
  await audit(tx, actor, "minutes.issue", ref(m), {
    before: { minutesDocumentId: m.minutesDocumentId },
    after: { minutesDocumentId: doc.id, numberText: doc.numberText },
  });
  return doc;
}

/** The resolution kind a meeting adopts, or null when the meeting adopts none here (committee meetings). */
export function resolutionKindOf(kind: Meeting["kind"]): "monthly" | "thematic" | null {
  if (kind === "thematic") return "thematic";
  if (kind === "monthly" || kind === "combined") return "monthly";
  return null;
}

/** The summary line (trích yếu) of a meeting's resolution. */
export function resolutionSummaryOf(m: Pick<Meeting, "kind" | "date" | "title" | "thematic">): string {
  const [y, mo] = m.date.split("-");
  if (m.kind === "thematic") return `về ${(m.thematic?.topic ?? m.title ?? "").trim() || "chuyên đề"}`;
  return `lãnh đạo thực hiện nhiệm vụ tháng ${Number(mo)} năm ${y}`;
}

/**
 * What approving the minutes sets going, in the approval's transaction and exactly once:
 * each task handed out becomes a tracked task (source: the meeting task), and a monthly or
 * thematic meeting whose vote passed yields its resolution, adopted by that vote.
 */
export async function afterMinutesApproved(
  tx: Tx,
  actor: Actor,
  m: Meeting,
): Promise<{ tasksCreated: number; resolutionId: string | null }> {
  if (m.status !== "approved") return { tasksCreated: 0, resolutionId: null };
  const handed = await listMeetingTasks(tx, m.id);
  const taken = await sourcesWithTasks(
    tx,
    "meeting",
    handed.map((x) => x.id),
  );
  let tasksCreated = 0;
  for (const task of handed) {
    if (taken.has(task.id)) continue;
    await createTask(tx, actor, {
      organizationId: m.organizationId,
      title: task.what,
      description: `Giao tại ${meetingTitle(m.kind, m.date, m.title)} ngày ${formatDate(m.date)}.`,
      responsibleMemberId: task.responsibleMemberId,
      helperIds: [],
      startsOn: task.deadline < m.date ? task.deadline : m.date,
      dueOn: task.deadline,
      source: { kind: "meeting", id: task.id },
    });
    tasksCreated++;
  }
  let resolutionId: string | null = null;
  const kind = resolutionKindOf(m.kind);
  const vote = (await listVotes(tx, m.id)).at(-1);
  if (kind && vote?.passed) {
    const existing = await meetingResolution(tx, m.id);
    if (existing) resolutionId = existing.id;
    else {
      const org = await organizationOf(tx, m.organizationId);
      const summary = resolutionSummaryOf(m);
      const created = await createResolution(tx, actor, org, {
        kind,
        number: null,
        title: `Nghị quyết ${summary}`,
        summary: (m.draftResolution ?? m.conclusion ?? "").trim() || null,
        congressId: null,
        targets: [],
        tasks: handed.map((x) => ({ title: x.what, focal: true, breakthrough: false })),
      });
      // The workflow as declared: draft → adopted, by the vote of this meeting, on its date.
      await transitionResolution(tx, actor, created, {
        to: "adopted",
        on: heldOn(m),
        meetingId: m.id,
        number: null,
        version: created.version,
      });
      resolutionId = created.id;
    }
  }
  return { tasksCreated, resolutionId };
}

/**
 * "Ban hành nghị quyết": the NQ document through the documents module, then the workflow's
 * adopted → issued with the register's number. A meeting's resolution cites the meeting's exact date.
 */
export async function issueResolutionDocument(
  tx: Tx,
  actor: Actor,
  resolution: ResolutionRow,
  issuedOn: string,
): Promise<{ resolution: ResolutionRow; document: DocumentSummary }> {
  const locked = await getResolution(tx, resolution.id, { forUpdate: true });
  if (!locked) throw new NotFoundError("resolution");
  if (locked.version !== resolution.version) resolution = locked;
  const org = await organizationOf(tx, resolution.organizationId);
  const rTasks = await listResolutionTasks(tx, [resolution.id]);
  const m = resolution.meetingId ? await getMeeting(tx, resolution.meetingId) : null;
  const bullets = rTasks.map((x) => `- ${x.title}`).join("\n");
  let input: Parameters<typeof issueNewDocument>[3];
  if (m) {
    const minutes = await minutesOf(tx, m);
    const day = heldOn(m);
    const [y, mo] = day.split("-");
    const summary = resolutionSummaryOf(m);
    const table = minutes.tasks.length
      ? `| Nội dung | Người thực hiện | Thời hạn |\n${minutes.tasks.map((x) => `| ${x.what.replace(/\|/g, "/")} | ${x.who} | ${x.deadline} |`).join("\n")}`
      : "";
    const vote = minutes.vote
      ? `Nghị quyết được ${minutes.vote.inFavour}/${minutes.vote.eligible} đồng chí có quyền biểu quyết tán thành (${minutes.vote.rule}).`
      : "";
    input = {
      type: "NQ",
      templateKey: "NQSH",
      summary,
      origin: "resolution",
      originRef: resolution.id,
      placeholders: {
        meetingDate: formatDate(day),
        meetingTitle: minutes.meetingTitle,
        month: String(Number(mo)),
        year: y!,
        resolutionSummary: summary,
      },
      sectionTexts: {
        assessment: (m.content ?? "").trim(),
        tasks: [(resolution.summary ?? "").trim(), bullets].filter(Boolean).join("\n\n"),
        implementation: [table, vote].filter(Boolean).join("\n\n"),
      },
    };
  } else {
    input = {
      type: "NQ",
      summary: resolution.title.replace(/^Nghị quyết\s+/iu, ""),
      origin: "resolution",
      originRef: resolution.id,
      sectionTexts: { assessment: (resolution.summary ?? "").trim(), tasks: bullets },
    };
  }
  // Refuse a transition the workflow does not allow before a number is drawn.
  if (resolution.state !== "adopted") {
    await transitionResolution(tx, actor, resolution, {
      to: "issued",
      on: issuedOn,
      meetingId: null,
      number: null,
      version: resolution.version,
    });
  }
  const document = await issueNewDocument(tx, actor, org, input, issuedOn);
  const number = (document.numberText ?? "").replace(/^Số:?\s*/u, "") || null;
  const moved = await transitionResolution(tx, actor, resolution, {
    to: "issued",
    on: issuedOn,
    meetingId: null,
    number,
    version: resolution.version,
  });
  const linked = await linkResolutionDocument(tx, actor, moved, document);
  return { resolution: linked, document };
}

const RATING_VI: Record<string, string> = { good: "Tốt", fair: "Khá", average: "Trung bình", poor: "Kém" };

/** The monthly meetings held in a period, with their ratings (Vietnamese), for review reports. */
export async function meetingsHeldIn(
  ex: Executor,
  organizationId: string,
  from: string,
  to: string,
): Promise<{ heldOn: string; rating: string | null }[]> {
  const rows = await listMeetings(ex, organizationId, { from, to, limit: 500, order: "asc" });
  const held = rows.filter((r) => r.kind !== "committee" && (r.status === "closed" || r.status === "approved"));
  const scores = await scoresOf(
    ex,
    held.map((r) => r.id),
  );
  return held.map((r) => {
    const score = scores.get(r.id);
    return {
      heldOn: r.date,
      rating: score?.rating
        ? `${RATING_VI[score.rating] ?? score.rating}${score.total !== null ? ` (${Math.round(score.total)} điểm)` : ""}`
        : null,
    };
  });
}

/** This month's cell meeting for a portfolio or home card: held or not, attendance rate, rating. */
export async function monthMeeting(ex: Executor, organizationId: string, today: string) {
  const [y, mo] = today.split("-").map(Number) as [number, number];
  const from = `${today.slice(0, 7)}-01`;
  const to = `${today.slice(0, 7)}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, "0")}`;
  const rows = (await listMeetings(ex, organizationId, { from, to, limit: 20, order: "asc" })).filter(
    (r) => (r.kind === "monthly" || r.kind === "combined" || r.kind === "thematic") && r.status !== "cancelled",
  );
  const m = rows.find((r) => r.status === "closed" || r.status === "approved") ?? rows[0];
  if (!m) return { held: false, meetingId: null, date: null, status: null, ratePercent: null, rating: null };
  const held = m.status === "closed" || m.status === "approved" || m.status === "open";
  let ratePercent: number | null = null;
  if (held) {
    ratePercent = attendanceCounts(
      await rosterOn(ex, { organizationId, date: m.date }),
      await listAttendance(ex, m.id),
    ).ratePercent;
  }
  const score = await getScore(ex, m.id);
  // A held meeting is dated by when it actually started (a meeting opened before its day is shown on that day).
  const date = m.startedAt ? hanoiDate(m.startedAt) : m.date;
  return { held, meetingId: m.id, date, status: m.status, ratePercent, rating: score?.rating ?? null };
}
