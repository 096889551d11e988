import type { Executor } from "../../core/db/index.js";
import { RuleError } from "../../core/http/errors.js";
import { loadCentralRulebooks, NoRulebookError, rulebookInForce } from "../../core/rulebooks/index.js";
import { type Rulebook, selectRulebook } from "../../core/rulebooks/model.js";
import { hasCommitteeOn } from "../organizations/public-meetings.js";
import { meetingFacts, type MeetingRules } from "./model.js";
import { previousResolutionCarriedOut, type ScoreSheet, scoreSheetSchema } from "./scoring.js";
import {
  earlierAbsences,
  listAttendance,
  listContributions,
  listSteps,
  listVotes,
  type Meeting,
  previousResolutionWork,
  rosterOn,
  stepRecords,
} from "./store.js";

// What a meeting's record is made of, read the same way by the meeting page, the score, the minutes and the demo.
// Each read waits for the one before: they may run on a transaction's one connection.

/** The meeting rulebook in force on the date; a date before any rulebook is refused, not a crash. */
export async function meetingRules(ex: Executor, orgPath: string, date: string): Promise<Rulebook<MeetingRules>> {
  try {
    const book = await rulebookInForce<MeetingRules>(ex, "meeting", orgPath, date);
    if (book.data.minutesSigners) return book;
    // A local variant adopted before the rulebook spoke of the minutes' signers says nothing about them: the
    // central rule in force on the date applies.
    const books = loadCentralRulebooks().filter((b) => b.kind === "meeting") as Rulebook<MeetingRules>[];
    const central = selectRulebook(books, [], date);
    return { ...book, data: { ...book.data, minutesSigners: central!.data.minutesSigners } };
  } catch (error) {
    if (error instanceof NoRulebookError && error.kind === "meeting")
      throw new RuleError("no_meeting_rulebook", "date", "errors.no_meeting_rulebook");
    throw error;
  }
}

/** The score sheet in force on the meeting's date (a đảng ủy's own sheet wins over the central one). */
export async function scoreSheetFor(ex: Executor, orgPath: string, date: string): Promise<Rulebook<ScoreSheet> | null> {
  try {
    const sheet = await rulebookInForce<ScoreSheet>(ex, "meeting-score", orgPath, date);
    // Parsed here too: callers outside the server (the CLI's demo) may load rulebooks before the kinds are registered.
    return { ...sheet, data: scoreSheetSchema.parse(sheet.data) };
  } catch (error) {
    if (error instanceof NoRulebookError && error.kind === "meeting-score") return null;
    throw error;
  }
}

/** What a meeting's facts are computed from. The meeting page loads the same and passes it, so it is read once. */
export async function loadMeetingRecord(ex: Executor, m: Meeting) {
  return {
    rulebook: await meetingRules(ex, m.organizationPath, m.date),
    roster: await rosterOn(ex, m),
    attendance: await listAttendance(ex, m.id),
    steps: await listSteps(ex, m.id),
    contributions: await listContributions(ex, m.id),
    votes: await listVotes(ex, m.id),
    committee: await hasCommitteeOn(ex, m.organizationId, m.date),
  };
}
export type MeetingRecord = Awaited<ReturnType<typeof loadMeetingRecord>>;

/** The facts of a recorded meeting, for scoring and for the meeting page. */
export async function factsOf(ex: Executor, m: Meeting, record?: MeetingRecord) {
  const { rulebook, roster, attendance, steps, contributions, votes, committee } =
    record ?? (await loadMeetingRecord(ex, m));
  const earlier = await earlierAbsences(ex, m.organizationId, m.date, m.id);
  const previous = await previousResolutionWork(ex, m.organizationId, m.date);
  return meetingFacts({
    meeting: { ...m, startedAt: m.startedAt?.toISOString() ?? null, endedAt: m.endedAt?.toISOString() ?? null },
    rules: rulebook.data,
    hasCommittee: committee,
    roster,
    attendance,
    earlierAbsences: earlier,
    steps: stepRecords(steps),
    speakerIds: contributions.filter((c) => c.part === "discussion" && c.memberId).map((c) => c.memberId!),
    votes: votes.length,
    previousResolutionDone: previousResolutionCarriedOut(previous, m.date),
  });
}
