import { eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { todayIso } from "../../core/time.js";
import { compareVietnameseNames } from "../members/names.js";
import { cellMembersOn, statusOn } from "../members/presence.js";
import { getMember } from "../members/store.js";
import { formatPlaceDate, type LayoutRules } from "../documents/model.js";
import { getOrganization, type OrganizationRow } from "../organizations/store.js";
import {
  ballotProblem,
  type BallotEntry,
  candidateListProblem,
  type CountingMode,
  type CreateElectionInput,
  type ElectionRules,
  type InvalidReason,
  nextRound,
  type Problem,
  releaseProblem,
  roundResult,
  seatsProblem,
  type Tally,
  tallyBallots,
  tallyProblem,
} from "./elections-model.js";
import { type PaperHeader, renderBallots, renderCountingMinutes } from "./elections-pdf.js";
import { electionBallots, type ElectionPerson, electionRounds, elections } from "./elections-schema.js";
import {
  type BallotRow,
  correctedSerials,
  type ElectionRow,
  electionsOn,
  enteredCounts,
  enteredSerials,
  getBallot,
  insertBallot,
  listElections,
  listRounds,
  type RoundRow,
  roundBallots,
} from "./elections-store.js";
import { forgetHall } from "./hall.js";
import type { ElectedRole } from "./model.js";
import { recordCongress } from "./operations.js";
import { listPreparations } from "./preparation-store.js";

type ElectionEvents = {
  create: Change<null, ElectionRow>;
  congress: Change<ElectionRow, ElectionRow>;
};
/** A ballot as the audit keeps it: its serial and what it says (a ballot names no one). */
type BallotState = { serial: number; kept: string[]; invalid: InvalidReason | null; version: number };
type RoundEvents = {
  open: Change<null, RoundRow>;
  correct_ballot: Change<BallotState, BallotState & { reason: string }>;
  tally: Change<RoundRow, RoundRow>;
  release: Change<RoundRow, RoundRow>;
};
const electionAudit = auditTrail<ElectionEvents>("election");
const roundAudit = auditTrail<RoundEvents>("election_round");

const refuse = (code: string, problem: NonNullable<Problem>): never => {
  throw new RuleError(code, problem.field, problem.key, problem.params);
};

export async function electionRules(ex: Executor, org: OrganizationRow, day: string) {
  return rulebookInForce<ElectionRules>(ex, "election", org.path, day);
}

/** Members of the organisation, each named once; `full` asks for full members on the day (candidates stand so). */
async function people(
  tx: Tx,
  org: OrganizationRow,
  ids: string[],
  field: string,
  day: string,
  full: boolean,
): Promise<ElectionPerson[]> {
  if (new Set(ids).size !== ids.length) throw new RuleError("election_person_twice", field, "errors.election_twice");
  const out: ElectionPerson[] = [];
  for (const [i, id] of ids.entries()) {
    const member = await getMember(tx, id);
    if (!member || member.leftOn || !member.organizationPath.startsWith(org.path))
      throw new RuleError("position_member_elsewhere", `${field}.${i}`, "errors.position_member_elsewhere");
    if (full && (await statusOn(tx, id, day))?.standing !== "full")
      throw new RuleError("election_not_full_member", `${field}.${i}`, "errors.election_not_full_member");
    out.push({ memberId: id, fullName: member.fullName });
  }
  return out;
}

/**
 * Sets up an election: the seats within the rulebook's committee size, the list of candidates (full members) within
 * its ratio, printed in Vietnamese name order, and the counting board.
 */
export async function createElection(tx: Tx, actor: Actor, org: OrganizationRow, input: CreateElectionInput) {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  const book = await electionRules(tx, org, input.heldOn);
  const fullMembers =
    org.kind === "cell" ? (await cellMembersOn(tx, org.id, input.heldOn)).filter((m) => m.status === "full").length : 0;
  const seats = seatsProblem(book.data, org.kind, input.body, input.seats, fullMembers);
  if (seats) refuse("election_seats", seats);
  const ratio = candidateListProblem(book.data, input.body, input.seats, input.candidateIds.length);
  if (ratio) refuse("election_candidates", ratio);
  const candidates = await people(tx, org, input.candidateIds, "candidateIds", input.heldOn, true);
  candidates.sort((a, b) => compareVietnameseNames(a.fullName, b.fullName));
  const board = await people(tx, org, input.boardMemberIds, "boardMemberIds", input.heldOn, false);
  const [row] = await tx
    .insert(elections)
    .values({
      organizationId: org.id,
      heldOn: input.heldOn,
      title: input.title,
      body: input.body,
      seats: input.seats,
      candidates,
      board,
      rulebookKey: book.key,
    })
    .returning();
  await electionAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

/**
 * Opens the next round: the first with every candidate for every seat; a later one as the rulebook sends it after
 * the last released round (the tied candidates, or those not elected for the seats left).
 */
export async function openRound(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  election: ElectionRow,
  input: { mode: CountingMode; ballotsIssued: number; version: number },
) {
  if (election.status === "done") throw new ConflictError("election_done", "errors.election_done");
  const rounds = await listRounds(tx, [election.id]);
  const last = rounds.at(-1);
  let next: { seats: number; candidateIds: string[] } | null = {
    seats: election.seats,
    candidateIds: election.candidates.map((c) => c.memberId),
  };
  if (last) {
    if (last.status !== "released") throw new ConflictError("round_counting", "errors.election_round_counting");
    const book = await electionRules(tx, org, election.heldOn);
    next = nextRound(book.data, last.number, last.candidateIds, last.result!);
    if (!next) throw new ConflictError("election_done", "errors.election_done");
  }
  // The election's version moves with each round, so two secretaries opening a round at once open one.
  await updateVersioned(tx, elections, election.id, input.version, {});
  const [row] = await tx
    .insert(electionRounds)
    .values({
      electionId: election.id,
      organizationId: election.organizationId,
      number: (last?.number ?? 0) + 1,
      seats: next.seats,
      candidateIds: next.candidateIds,
      mode: input.mode,
      ballotsIssued: input.ballotsIssued,
    })
    .returning();
  await roundAudit(
    tx,
    actor,
    "open",
    { organizationId: election.organizationId, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

function assertCounting(round: RoundRow, mode: CountingMode) {
  if (round.status !== "counting") throw new ConflictError("round_released", "errors.election_round_released");
  if (round.mode !== mode) throw new ConflictError("round_mode", `errors.election_round_mode_${round.mode}`);
}

/**
 * One ballot, entered by any counter on any device. The serial printed on the ballot is unique in the round: the
 * same ballot entered twice is refused, whoever entered it first. Nothing about who voted is known or kept.
 */
export async function enterBallot(tx: Tx, round: RoundRow, input: BallotEntry & { serial: number }) {
  assertCounting(round, "ballots");
  if (input.serial > round.ballotsIssued)
    throw new RuleError("ballot_serial_range", "serial", "errors.ballot_serial_range", { issued: round.ballotsIssued });
  const problem = ballotProblem(round, input);
  if (problem) refuse("ballot", problem);
  if (!(await insertBallot(tx, round.id, input.serial, input)))
    throw new RuleError("ballot_serial_taken", "serial", "errors.ballot_serial_taken", { serial: input.serial });
  const entered = (await enteredCounts(tx, [round.id])).get(round.id) ?? 0;
  return { serial: input.serial, entered, ballotsIssued: round.ballotsIssued };
}

const ballotView = (b: BallotRow) => ({
  roundId: b.roundId,
  serial: b.serial,
  kept: b.kept,
  invalid: b.invalidReason,
  version: b.version,
});
const ballotState = (b: BallotRow): BallotState => ({
  serial: b.serial,
  kept: b.kept,
  invalid: b.invalidReason,
  version: b.version,
});

/** A ballot of the round as entered, for the board to check against the paper. */
export async function ballotOf(ex: Executor, round: RoundRow, serial: number) {
  const ballot = await getBallot(ex, round.id, serial);
  if (!ballot) throw new NotFoundError("election_ballot");
  return ballotView(ballot);
}

/**
 * A ballot entered wrongly, corrected by the counting board while the round is still counted: the serial stays and
 * what the ballot says is replaced, checked by the same rules as an entry. The audit keeps who corrected it, when,
 * why, and the ballot before and after — still without anything about who cast it. A counter who read the ballot
 * before another corrected it gets a conflict, not a silent overwrite; a released round is never changed.
 */
export async function correctBallot(
  tx: Tx,
  actor: Actor,
  round: RoundRow,
  serial: number,
  input: BallotEntry & { reason: string; version: number },
) {
  if (round.status !== "counting") throw new ConflictError("round_released", "errors.ballot_correction_released");
  assertCounting(round, "ballots");
  if (serial > round.ballotsIssued)
    throw new RuleError("ballot_serial_range", "serial", "errors.ballot_serial_range", { issued: round.ballotsIssued });
  const ballot = await getBallot(tx, round.id, serial);
  if (!ballot) throw new RuleError("ballot_not_entered", "serial", "errors.ballot_not_entered", { serial });
  const problem = ballotProblem(round, input);
  if (problem) refuse("ballot", problem);
  const same =
    ballot.invalidReason === input.invalid &&
    ballot.kept.length === input.kept.length &&
    ballot.kept.every((id) => input.kept.includes(id));
  if (same) throw new RuleError("ballot_unchanged", "kept", "errors.ballot_unchanged", { serial });
  const row = await updateVersioned(tx, electionBallots, ballot.id, input.version, {
    kept: input.kept,
    invalidReason: input.invalid,
  });
  await roundAudit(
    tx,
    actor,
    "correct_ballot",
    { organizationId: round.organizationId, entityId: round.id },
    { before: ballotState(ballot), after: { ...ballotState(row), reason: input.reason } },
  );
  return ballotView(row);
}

/**
 * The count so far, for the counting board on every device: what the entered ballots say now, corrections
 * included (or the board's tally), and which serials were corrected.
 */
export async function runningCount(ex: Executor, round: RoundRow) {
  const ballots = round.mode === "ballots" ? await roundBallots(ex, round.id) : [];
  const tally = round.mode === "ballots" ? tallyBallots(round.candidateIds, ballots) : round.tally;
  return {
    roundId: round.id,
    entered: ballots.length,
    ...(tally ?? tallyBallots(round.candidateIds, [])),
    corrected: round.mode === "ballots" ? await correctedSerials(ex, round.id) : [],
  };
}

/** The board's own count, instead of ballot by ballot. */
export async function recordTally(tx: Tx, actor: Actor, round: RoundRow, input: Tally & { version: number }) {
  assertCounting(round, "tally");
  const tally = { valid: input.valid, invalid: input.invalid, votes: input.votes };
  if (tally.valid + tally.invalid > round.ballotsIssued)
    throw new RuleError("ballots_over_issued", "valid", "errors.ballots_over_issued", { issued: round.ballotsIssued });
  const problem = tallyProblem(round, tally);
  if (problem) refuse("tally", problem);
  const row = await updateVersioned(tx, electionRounds, round.id, input.version, { tally });
  await roundAudit(
    tx,
    actor,
    "tally",
    { organizationId: round.organizationId, entityId: round.id },
    { before: round, after: row },
  );
  return row;
}

/**
 * Releases a round's result once every ballot taken from the box is counted: the result by rule, the elected added
 * to the election, and the election done when its seats are filled or the rulebook allows no further round.
 */
export async function releaseRound(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  round: RoundRow,
  input: { ballotsReturned: number; version: number },
  today = todayIso(),
) {
  if (round.status !== "counting") throw new ConflictError("round_released", "errors.election_round_released");
  const entered = (await enteredCounts(tx, [round.id])).get(round.id) ?? 0;
  const problem = releaseProblem({ ...round, entered }, input.ballotsReturned);
  if (problem) refuse("election_not_all_counted", problem);
  const election = (await tx.select().from(elections).where(eq(elections.id, round.electionId)).for("update"))[0]!;
  const book = await electionRules(tx, org, election.heldOn);
  const tally =
    round.mode === "ballots" ? tallyBallots(round.candidateIds, await roundBallots(tx, round.id)) : round.tally!;
  const result = roundResult(book.data, round.seats, round.candidateIds, tally);
  const row = await updateVersioned(tx, electionRounds, round.id, input.version, {
    status: "released",
    ballotsReturned: input.ballotsReturned,
    result,
    releasedOn: today,
  });
  const more = nextRound(book.data, round.number, round.candidateIds, result);
  await updateVersioned(tx, elections, election.id, null, {
    elected: [...election.elected, ...result.elected.map((e) => ({ ...e, round: round.number }))],
    status: more ? "open" : "done",
  });
  await roundAudit(
    tx,
    actor,
    "release",
    { organizationId: round.organizationId, entityId: round.id },
    { before: round, after: row },
  );
  // The congress hall of that day shows the result from now on.
  for (const prep of await listPreparations(tx, [election.organizationId]))
    if (prep.congressOn === election.heldOn) forgetHall(prep.id);
  return row;
}

const ROLE_OF = {
  committee: "committee_member",
  secretary: "secretary",
  deputy_secretary: "deputy_secretary",
} as const;

/**
 * The congress recorded from the day's finished elections: the committee, then the secretary and deputy (elected
 * from it, or alone in a small cell) take office through the congress's own operation — the new term, positions
 * and the post-congress checklist — and the secretary awaits ratification as every congress's does.
 */
export async function recordCongressFromElections(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: { heldOn: string; termLabel: string; termEndsOn: string; delegatesTotal: number; delegatesPresent: number },
) {
  const held = await electionsOn(tx, org.id, input.heldOn);
  if (held.length === 0) throw new RuleError("election_none", "heldOn", "errors.election_none");
  const pending = held.find((e) => e.status !== "done");
  if (pending) throw new RuleError("election_pending", "heldOn", "errors.election_pending", { title: pending.title });
  if (held.some((e) => e.congressId)) throw new RuleError("congress_exists", "heldOn", "errors.congress_exists");
  const roles = new Map<string, { role: ElectedRole; votes: number | null }>();
  // The committee first: a secretary elected from it holds that seat instead of a plain member's.
  for (const body of ["committee", "secretary", "deputy_secretary"] as const)
    for (const e of held.filter((x) => x.body === body))
      for (const person of e.elected) roles.set(person.memberId, { role: ROLE_OF[body], votes: person.votes });
  const book = await electionRules(tx, org, input.heldOn);
  const max = book.data.committeeSize[org.kind]?.max;
  if (max !== undefined && roles.size > max)
    throw new RuleError("election_committee_too_large", "heldOn", "errors.election_committee_too_large", { max });
  const elected = [...roles.entries()].map(([memberId, r]) => ({ memberId, ...r }));
  const congress = await recordCongress(tx, actor, org, { ...input, elected, note: null });
  for (const e of held) {
    const row = await updateVersioned(tx, elections, e.id, null, { congressId: congress.id });
    await electionAudit(tx, actor, "congress", { organizationId: org.id, entityId: e.id }, { before: e, after: row });
  }
  return congress;
}

// ---------------------------------------------------------------------------
// What the pages read

/** An organisation's elections, newest first, each with its rounds and how many ballots each has entered. */
export async function electionsOf(ex: Executor, organizationId: string) {
  const rows = await listElections(ex, organizationId);
  return { items: await withRounds(ex, rows) };
}

export async function electionDetail(ex: Executor, election: ElectionRow) {
  const [item] = await withRounds(ex, [election]);
  return item!;
}

async function withRounds(ex: Executor, rows: ElectionRow[]) {
  const rounds = await listRounds(
    ex,
    rows.map((r) => r.id),
  );
  const counts = await enteredCounts(
    ex,
    rounds.map((r) => r.id),
  );
  return rows.map((e) => ({
    ...e,
    rounds: rounds
      .filter((r) => r.electionId === e.id)
      // A round's figures stay inside the board until the result is released.
      .map((r) => ({ ...r, tally: r.status === "released" ? r.tally : null, entered: counts.get(r.id) ?? 0 })),
  }));
}

/** The serials still missing in a round, so the board finds the ballots not yet entered. */
export async function missingSerials(ex: Executor, round: RoundRow) {
  const entered = new Set(await enteredSerials(ex, round.id));
  const missing: number[] = [];
  for (let s = 1; s <= round.ballotsIssued && missing.length < 200; s++) if (!entered.has(s)) missing.push(s);
  return { roundId: round.id, entered: entered.size, ballotsIssued: round.ballotsIssued, missing };
}

// ---------------------------------------------------------------------------
// The papers

async function paperHeader(ex: Executor, org: OrganizationRow, day: string | null): Promise<PaperHeader> {
  const parent = org.parentId ? await getOrganization(ex, org.parentId) : null;
  let placeDate = "";
  if (day) {
    const layout = await rulebookInForce<LayoutRules>(ex, "document-layout", org.path, day);
    // Without a place on record the line starts at the date, not with a stray comma.
    placeDate = formatPlaceDate(org.place ?? "", day, layout.data.date).replace(/^,\s*/, "");
  }
  return { superior: org.superiorName ?? parent?.name ?? null, congress: `Đại hội ${org.name}`, placeDate };
}

const orderedCandidates = (election: ElectionRow, ids: readonly string[]) =>
  election.candidates.filter((c) => ids.includes(c.memberId));

/** The round's ballots, serials 1…issued, names in the list's Vietnamese order. */
export async function ballotsFile(ex: Executor, org: OrganizationRow, election: ElectionRow, round: RoundRow) {
  const serials = Array.from({ length: round.ballotsIssued }, (_, i) => i + 1);
  return renderBallots(
    {
      header: await paperHeader(ex, org, null),
      title: election.title,
      round: round.number,
      seats: round.seats,
      candidates: orderedCandidates(election, round.candidateIds),
      serials,
    },
    round.createdAt,
  );
}

/** The counting minutes of a released round. */
export async function countingMinutesFile(ex: Executor, org: OrganizationRow, election: ElectionRow, round: RoundRow) {
  if (round.status !== "released" || !round.result)
    throw new ConflictError("round_counting", "errors.election_round_counting");
  const day = round.releasedOn ?? election.heldOn;
  const book = await electionRules(ex, org, election.heldOn);
  const candidates = orderedCandidates(election, round.candidateIds);
  const name = (id: string) => candidates.find((c) => c.memberId === id)?.fullName ?? "";
  const invalid =
    round.mode === "ballots" ? (await roundBallots(ex, round.id)).flatMap((b) => (b.invalid ? [b.invalid] : [])) : [];
  const next = nextRound(book.data, round.number, round.candidateIds, round.result);
  const corrected = round.mode === "ballots" ? await correctedSerials(ex, round.id) : [];
  return renderCountingMinutes(
    {
      header: await paperHeader(ex, org, day),
      congressName: `Đại hội ${org.name}`,
      title: election.title,
      round: round.number,
      day,
      seats: round.seats,
      candidates,
      board: election.board,
      ballotsIssued: round.ballotsIssued,
      ballotsReturned: round.ballotsReturned ?? 0,
      invalidByReason: book.data.invalidReasons.map((r) => ({
        reason: r.key,
        title: r.title,
        count: invalid.filter((x) => x === r.key).length,
      })),
      result: round.result,
      corrected,
      next: next && {
        seats: next.seats,
        candidates: next.candidateIds.map(name),
        why: round.result.outcome === "tie" ? "tie" : "too_few",
      },
    },
    round.createdAt,
  );
}
