import { z } from "zod";
import { isoDate, text, version } from "../../core/http/schemas.js";
// Shared with the browser: zod and pure functions only. The rules of a congress election (Quy chế bầu cử trong Đảng).

export const ELECTION_BODIES = ["committee", "secretary", "deputy_secretary"] as const;
export type ElectionBody = (typeof ELECTION_BODIES)[number];
export const COUNTING_MODES = ["ballots", "tally"] as const;
export type CountingMode = (typeof COUNTING_MODES)[number];
export const INVALID_REASONS = ["too_many_names", "not_issued", "names_added", "marked"] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

const ratio = z.object({
  /** At least this many percent more candidates than seats (rounded up)… */
  minExtraPercent: z.number().min(0),
  /** …and at least this many more. */
  minExtra: z.number().int().min(0),
  /** At most this many percent more; null: no upper limit. */
  maxExtraPercent: z.number().min(0).nullable(),
});
export type CandidateRatio = z.infer<typeof ratio>;

/** Rulebook kind "election". `unconfirmed` names the fields not found in a primary text (dotted paths). */
export const electionRulesSchema = z.object({
  candidateRatio: z.object({ committee: ratio, secretary: ratio, deputy_secretary: ratio }),
  committeeSize: z.record(
    z.string(),
    z.object({ min: z.number().int().min(1), max: z.number().int().min(1), minFullMembers: z.number().int().min(0) }),
  ),
  /** Elected with more than numerator/denominator of the valid ballots (exactly that share is not enough). */
  majority: z.object({ numerator: z.number().int().min(1), denominator: z.number().int().min(2) }),
  invalidReasons: z
    .array(
      z.object({
        key: z.enum(INVALID_REASONS),
        title: z.string(),
        titleEn: z.string(),
        /** Decided by the names left on the ballot, so chibo applies it itself. */
        byRule: z.boolean(),
      }),
    )
    .min(1),
  tieAtLastSeat: z.literal("another_round"),
  tooFewElected: z.enum(["another_round", "leave_open"]),
  maxRounds: z.number().int().min(1).max(10),
  unconfirmed: z.array(z.string()),
});
export type ElectionRules = z.infer<typeof electionRulesSchema>;

// ---------------------------------------------------------------------------
// Candidates and seats

/** How many candidates a list for `seats` seats must (and may) hold. */
export function candidateBounds(rule: CandidateRatio, seats: number): { min: number; max: number | null } {
  const min = Math.max(seats + rule.minExtra, Math.ceil((seats * (100 + rule.minExtraPercent)) / 100 - 1e-9));
  if (rule.maxExtraPercent === null) return { min, max: null };
  return { min, max: Math.max(min, Math.floor((seats * (100 + rule.maxExtraPercent)) / 100 + 1e-9)) };
}

export type Problem = { field: string; key: string; params?: Record<string, string | number> } | null;

/** The first round's list against the rulebook's ratio of candidates to seats. */
export function candidateListProblem(rules: ElectionRules, body: ElectionBody, seats: number, count: number): Problem {
  const { min, max } = candidateBounds(rules.candidateRatio[body], seats);
  if (count < min) return { field: "candidateIds", key: "errors.election_too_few_candidates", params: { min, seats } };
  if (max !== null && count > max)
    return { field: "candidateIds", key: "errors.election_too_many_candidates", params: { max, seats } };
  return null;
}

/**
 * The size of a committee: within the rulebook's bounds for the organisation's kind, and a cell elects a committee
 * (chi ủy) only with enough full members; a secretary or deputy is one seat.
 */
export function seatsProblem(
  rules: ElectionRules,
  orgKind: string,
  body: ElectionBody,
  seats: number,
  fullMembers: number,
): Problem {
  if (body !== "committee")
    return seats === 1 ? null : { field: "seats", key: "errors.election_one_seat", params: { seats } };
  const size = rules.committeeSize[orgKind];
  if (!size) return { field: "body", key: "errors.election_no_committee" };
  if (fullMembers < size.minFullMembers)
    return { field: "body", key: "errors.election_cell_too_small", params: { min: size.minFullMembers } };
  if (seats > size.max)
    return { field: "seats", key: "errors.election_committee_too_large", params: { max: size.max } };
  if (seats < size.min)
    return { field: "seats", key: "errors.election_committee_too_small", params: { min: size.min } };
  return null;
}

// ---------------------------------------------------------------------------
// Ballots

export interface BallotEntry {
  /** The candidates whose names were left (not struck). */
  kept: string[];
  /** Null: a valid ballot, as the counter reads it. */
  invalid: InvalidReason | null;
}

/** The reason a ballot is invalid by rule alone (what names are left), or null. */
export function invalidByRule(seats: number, kept: readonly string[]): InvalidReason | null {
  return kept.length > seats ? "too_many_names" : null;
}

/** A ballot as entered: names only from the round's list, each once; a ballot invalid by rule must say so. */
export function ballotProblem(round: { seats: number; candidateIds: readonly string[] }, entry: BallotEntry): Problem {
  const listed = new Set(round.candidateIds);
  if (entry.kept.some((id) => !listed.has(id))) return { field: "kept", key: "errors.ballot_not_candidate" };
  if (new Set(entry.kept).size !== entry.kept.length) return { field: "kept", key: "errors.ballot_name_twice" };
  if (entry.invalid === null && invalidByRule(round.seats, entry.kept))
    return { field: "kept", key: "errors.ballot_too_many_names", params: { seats: round.seats } };
  return null;
}

export interface Tally {
  valid: number;
  invalid: number;
  /** Votes per candidate (member id), every candidate of the round present. */
  votes: Record<string, number>;
}

/** Count entered ballots: an invalid ballot counts for no one. */
export function tallyBallots(candidateIds: readonly string[], ballots: readonly BallotEntry[]): Tally {
  const votes: Record<string, number> = Object.fromEntries(candidateIds.map((id) => [id, 0]));
  let valid = 0;
  for (const b of ballots) {
    if (b.invalid !== null) continue;
    valid++;
    for (const id of b.kept) votes[id] = (votes[id] ?? 0) + 1;
  }
  return { valid, invalid: ballots.length - valid, votes };
}

/** The board's own tally: each candidate has at most the valid ballots, and no valid ballot keeps more than seats. */
export function tallyProblem(round: { seats: number; candidateIds: readonly string[] }, tally: Tally): Problem {
  for (const id of round.candidateIds)
    if (tally.votes[id] === undefined) return { field: "votes", key: "errors.tally_missing_candidate" };
  for (const id of Object.keys(tally.votes))
    if (!round.candidateIds.includes(id)) return { field: "votes", key: "errors.ballot_not_candidate" };
  for (const [id, n] of Object.entries(tally.votes))
    if (n > tally.valid) return { field: `votes.${id}`, key: "errors.tally_over_valid" };
  const total = Object.values(tally.votes).reduce((a, b) => a + b, 0);
  if (total > tally.valid * round.seats) return { field: "votes", key: "errors.tally_over_seats" };
  return null;
}

// ---------------------------------------------------------------------------
// The result of a round

export type RoundOutcome = "complete" | "tie" | "too_few";

export interface RoundResult {
  valid: number;
  invalid: number;
  /** Every candidate with their votes and share, highest first (ties in list order). */
  standings: { memberId: string; votes: number; majority: boolean }[];
  elected: { memberId: string; votes: number }[];
  /** At a tie for the last seat: the candidates tied there. */
  tied: string[];
  seatsLeft: number;
  outcome: RoundOutcome;
}

/** More than the rulebook's share of the valid ballots: exactly half of them is not a majority. */
export function hasMajority(rules: Pick<ElectionRules, "majority">, votes: number, valid: number): boolean {
  return valid > 0 && votes * rules.majority.denominator > valid * rules.majority.numerator;
}

/**
 * Who is elected in a round: candidates with a majority, highest first, up to the seats. Equal votes across the last
 * seat elect no one of them (another round decides between them); fewer with a majority than seats leaves seats.
 */
export function roundResult(
  rules: Pick<ElectionRules, "majority">,
  seats: number,
  candidateIds: readonly string[],
  tally: Tally,
): RoundResult {
  const standings = candidateIds
    .map((memberId, i) => ({ memberId, i, votes: tally.votes[memberId] ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.i - b.i)
    .map(({ memberId, votes }) => ({ memberId, votes, majority: hasMajority(rules, votes, tally.valid) }));
  const withMajority = standings.filter((s) => s.majority);
  let elected = withMajority.slice(0, seats);
  let tied: string[] = [];
  if (withMajority.length > seats) {
    const last = withMajority[seats - 1]!.votes;
    if (withMajority[seats]!.votes === last) {
      elected = withMajority.filter((s) => s.votes > last);
      tied = withMajority.filter((s) => s.votes === last).map((s) => s.memberId);
    }
  }
  const seatsLeft = seats - elected.length;
  const outcome: RoundOutcome = seatsLeft === 0 ? "complete" : tied.length > 0 ? "tie" : "too_few";
  return {
    valid: tally.valid,
    invalid: tally.invalid,
    standings,
    elected: elected.map(({ memberId, votes }) => ({ memberId, votes })),
    tied,
    seatsLeft,
    outcome,
  };
}

/**
 * The round after this one, by the rulebook: between the tied candidates for the seats left, or among those not
 * elected when too few were; none when the seats are filled, the rules leave them open, or the rounds are used up.
 */
export function nextRound(
  rules: Pick<ElectionRules, "tooFewElected" | "maxRounds">,
  roundNumber: number,
  candidateIds: readonly string[],
  result: RoundResult,
): { seats: number; candidateIds: string[] } | null {
  if (result.outcome === "complete" || roundNumber >= rules.maxRounds) return null;
  if (result.outcome === "tie") return { seats: result.seatsLeft, candidateIds: [...result.tied] };
  if (rules.tooFewElected === "leave_open") return null;
  const elected = new Set(result.elected.map((e) => e.memberId));
  const rest = candidateIds.filter((id) => !elected.has(id));
  return rest.length > 0 ? { seats: result.seatsLeft, candidateIds: rest } : null;
}

/** The result may be released once every ballot returned from the box is counted, no more and no fewer. */
export function releaseProblem(
  round: { mode: CountingMode; ballotsIssued: number; entered: number; tally: Tally | null },
  ballotsReturned: number,
): Problem {
  if (ballotsReturned > round.ballotsIssued)
    return { field: "ballotsReturned", key: "errors.ballots_over_issued", params: { issued: round.ballotsIssued } };
  const counted = round.mode === "ballots" ? round.entered : round.tally ? round.tally.valid + round.tally.invalid : 0;
  if (counted !== ballotsReturned)
    return {
      field: "ballotsReturned",
      key: "errors.election_not_all_counted",
      params: { counted, returned: ballotsReturned },
    };
  return null;
}

// ---------------------------------------------------------------------------
// The counting minutes' wording

// "Bầu" as the title's first word, in any case and either Unicode form; "Bấu" or "Bầuu" is another word.
const STARTS_WITH_BAU = /^bầu(?=$|[\s\p{P}])/u;

/**
 * How the counting minutes name what was elected: "Bầu Chi ủy …" as the heading and "bầu Chi ủy …" inside a
 * sentence. A title that already says "Bầu …" is used as it is (only its first word lowered inside a sentence), so
 * the minutes never read "Bầu Bầu …".
 */
export function countingWording(title: string, round: number): { heading: string; sentence: string } {
  const name = title.normalize("NFC").trim();
  const suffix = round > 1 ? ` (vòng ${round})` : "";
  if (STARTS_WITH_BAU.test(name.toLocaleLowerCase("vi")))
    return { heading: `${name}${suffix}`, sentence: `bầu${name.slice("bầu".length)}${suffix}` };
  return { heading: `Bầu ${name}${suffix}`, sentence: `bầu ${name}${suffix}` };
}

// ---------------------------------------------------------------------------
// Input at the edge

export const createElectionBody = z.object({
  heldOn: isoDate(),
  title: text(200),
  body: z.enum(ELECTION_BODIES),
  seats: z.number().int().min(1).max(60),
  candidateIds: z.array(z.uuid()).min(1).max(200),
  /** The vote-counting board (ban kiểm phiếu); the first is its head. */
  boardMemberIds: z.array(z.uuid()).min(1).max(15),
});
export type CreateElectionInput = z.infer<typeof createElectionBody>;

export const openRoundBody = z.object({
  mode: z.enum(COUNTING_MODES),
  ballotsIssued: z.number().int().min(1).max(10_000),
  version: version(),
});

export const ballotBody = z.object({
  serial: z.number().int().min(1).max(10_000),
  kept: z.array(z.uuid()).max(200),
  invalid: z.enum(INVALID_REASONS).nullable(),
});

/** A ballot of a round, by the serial printed on it. */
export const ballotParams = z.object({ id: z.uuid(), serial: z.coerce.number().int().min(1).max(10_000) });

/** A ballot entered wrongly, corrected: what the paper really says, and why the entry was wrong. */
export const ballotCorrectionBody = z.object({
  kept: z.array(z.uuid()).max(200),
  invalid: z.enum(INVALID_REASONS).nullable(),
  reason: text(500),
  version: version(),
});

export const tallyBody = z.object({
  valid: z.number().int().min(0).max(10_000),
  invalid: z.number().int().min(0).max(10_000),
  votes: z.record(z.uuid(), z.number().int().min(0).max(10_000)),
  version: version(),
});

export const releaseBody = z.object({ ballotsReturned: z.number().int().min(0).max(10_000), version: version() });

export const congressFromElectionsBody = z
  .object({
    heldOn: isoDate(),
    termLabel: text(60),
    termEndsOn: isoDate(),
    delegatesTotal: z.number().int().min(1).max(10_000),
    delegatesPresent: z.number().int().min(0).max(10_000),
  })
  .refine((v) => v.termEndsOn > v.heldOn, { path: ["termEndsOn"], message: "validation.invalid_date" })
  .refine((v) => v.delegatesPresent <= v.delegatesTotal, {
    path: ["delegatesPresent"],
    message: "validation.invalid_value",
  });
