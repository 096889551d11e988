import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ballotProblem,
  candidateBounds,
  candidateListProblem,
  countingWording,
  electionRulesSchema,
  hasMajority,
  invalidByRule,
  nextRound,
  releaseProblem,
  roundResult,
  seatsProblem,
  tallyBallots,
  tallyProblem,
  type BallotEntry,
} from "./elections-model.js";

const book = JSON.parse(readFileSync("rulebooks/election/quy-che-bau-cu-2024.json", "utf8"));
const rules = electionRulesSchema.parse(book.data);
const ballot = (kept: string[], invalid: BallotEntry["invalid"] = null): BallotEntry => ({ kept, invalid });
const tally = (valid: number, votes: Record<string, number>) => ({ valid, invalid: 0, votes });

describe("the election rulebook", () => {
  it("parses, and names every field it holds without a primary text", () => {
    expect(book.kind).toBe("election");
    expect(rules.unconfirmed).toContain("maxRounds");
    expect(rules.committeeSize.cell!.max).toBe(7);
  });
});

describe("candidate ratio", () => {
  it("asks at least 10% more (rounded up) and at least one more for a committee", () => {
    expect(candidateBounds(rules.candidateRatio.committee, 7)).toEqual({ min: 8, max: 9 });
    expect(candidateBounds(rules.candidateRatio.committee, 15)).toEqual({ min: 17, max: 19 });
    expect(candidateBounds(rules.candidateRatio.committee, 3)).toEqual({ min: 4, max: 4 });
    expect(candidateBounds(rules.candidateRatio.committee, 10)).toEqual({ min: 11, max: 13 });
  });
  it("allows a single candidate for a secretary", () => {
    expect(candidateBounds(rules.candidateRatio.secretary, 1)).toEqual({ min: 1, max: null });
    expect(candidateListProblem(rules, "secretary", 1, 1)).toBeNull();
    expect(candidateListProblem(rules, "secretary", 1, 3)).toBeNull();
  });
  it("refuses too few and too many candidates, naming the bound", () => {
    expect(candidateListProblem(rules, "committee", 7, 7)).toEqual({
      field: "candidateIds",
      key: "errors.election_too_few_candidates",
      params: { min: 8, seats: 7 },
    });
    expect(candidateListProblem(rules, "committee", 7, 8)).toBeNull();
    expect(candidateListProblem(rules, "committee", 7, 9)).toBeNull();
    expect(candidateListProblem(rules, "committee", 7, 10)?.key).toBe("errors.election_too_many_candidates");
  });
});

describe("committee size", () => {
  it("a cell's committee has at most 7 and needs 9 full members", () => {
    expect(seatsProblem(rules, "cell", "committee", 7, 9)).toBeNull();
    expect(seatsProblem(rules, "cell", "committee", 8, 20)?.key).toBe("errors.election_committee_too_large");
    expect(seatsProblem(rules, "cell", "committee", 5, 8)?.key).toBe("errors.election_cell_too_small");
    expect(seatsProblem(rules, "cell", "committee", 2, 12)?.key).toBe("errors.election_committee_too_small");
    expect(seatsProblem(rules, "party_committee", "committee", 15, 40)).toBeNull();
    expect(seatsProblem(rules, "group", "committee", 3, 40)?.key).toBe("errors.election_no_committee");
  });
  it("a secretary or deputy is one seat", () => {
    expect(seatsProblem(rules, "cell", "secretary", 1, 4)).toBeNull();
    expect(seatsProblem(rules, "cell", "deputy_secretary", 2, 4)?.field).toBe("seats");
  });
});

describe("majority", () => {
  it("exactly half of the valid ballots is not elected; one more is", () => {
    expect(hasMajority(rules, 50, 100)).toBe(false);
    expect(hasMajority(rules, 51, 100)).toBe(true);
    expect(hasMajority(rules, 3, 5)).toBe(true);
    expect(hasMajority(rules, 2, 5)).toBe(false);
    expect(hasMajority(rules, 0, 0)).toBe(false);
  });
  it("counts on valid ballots only: invalid ballots do not raise the bar", () => {
    const t = tallyBallots(
      ["a", "b"],
      [ballot(["a"]), ballot(["a"]), ballot(["b"]), ballot(["a", "b"], "too_many_names"), ballot([], "not_issued")],
    );
    expect(t).toEqual({ valid: 3, invalid: 2, votes: { a: 2, b: 1 } });
    const r = roundResult(rules, 1, ["a", "b"], t);
    expect(r.elected).toEqual([{ memberId: "a", votes: 2 }]);
    expect(r.outcome).toBe("complete");
  });
});

describe("invalid ballots", () => {
  const round = { seats: 2, candidateIds: ["a", "b", "c"] };
  it("more names left than seats is invalid by rule, and must be entered as invalid", () => {
    expect(invalidByRule(2, ["a", "b"])).toBeNull();
    expect(invalidByRule(2, ["a", "b", "c"])).toBe("too_many_names");
    expect(ballotProblem(round, ballot(["a", "b", "c"]))).toEqual({
      field: "kept",
      key: "errors.ballot_too_many_names",
      params: { seats: 2 },
    });
    expect(ballotProblem(round, ballot(["a", "b", "c"], "too_many_names"))).toBeNull();
  });
  it("a ballot with every name struck is valid and counts for no one", () => {
    expect(ballotProblem(round, ballot([]))).toBeNull();
    expect(tallyBallots(["a"], [ballot([])])).toEqual({ valid: 1, invalid: 0, votes: { a: 0 } });
  });
  it("names off the list or twice are refused", () => {
    expect(ballotProblem(round, ballot(["z"]))?.key).toBe("errors.ballot_not_candidate");
    expect(ballotProblem(round, ballot(["a", "a"]))?.key).toBe("errors.ballot_name_twice");
  });
  it("a board's tally is checked against the valid ballots and seats", () => {
    expect(tallyProblem(round, tally(10, { a: 10, b: 5, c: 5 }))).toBeNull();
    expect(tallyProblem(round, tally(10, { a: 11, b: 5, c: 0 }))?.field).toBe("votes.a");
    expect(tallyProblem(round, tally(10, { a: 10, b: 10, c: 1 }))?.key).toBe("errors.tally_over_seats");
    expect(tallyProblem(round, tally(10, { a: 1, b: 1 }))?.key).toBe("errors.tally_missing_candidate");
  });
});

describe("result of a round", () => {
  it("elects the highest with a majority up to the seats", () => {
    const r = roundResult(rules, 2, ["a", "b", "c"], tally(10, { a: 9, b: 7, c: 6 }));
    expect(r.elected.map((e) => e.memberId)).toEqual(["a", "b"]);
    expect(r.outcome).toBe("complete");
    expect(nextRound(rules, 1, ["a", "b", "c"], r)).toBeNull();
  });
  it("a tie at the last seat elects those above it and sends the tied to another round", () => {
    const r = roundResult(rules, 2, ["a", "b", "c", "d"], tally(10, { a: 9, b: 7, c: 7, d: 2 }));
    expect(r.elected).toEqual([{ memberId: "a", votes: 9 }]);
    expect(r.tied).toEqual(["b", "c"]);
    expect(r.outcome).toBe("tie");
    expect(nextRound(rules, 1, ["a", "b", "c", "d"], r)).toEqual({ seats: 1, candidateIds: ["b", "c"] });
  });
  it("a tie below the last seat changes nothing", () => {
    const r = roundResult(rules, 2, ["a", "b", "c", "d"], tally(10, { a: 9, b: 8, c: 6, d: 6 }));
    expect(r.outcome).toBe("complete");
    expect(r.tied).toEqual([]);
  });
  it("a tie where every tied candidate fits is no tie", () => {
    const r = roundResult(rules, 3, ["a", "b", "c", "d"], tally(10, { a: 9, b: 7, c: 7, d: 2 }));
    expect(r.elected.map((e) => e.memberId)).toEqual(["a", "b", "c"]);
    expect(r.outcome).toBe("complete");
  });
  it("too few with a majority: a second round among those not elected, for the seats left", () => {
    const r = roundResult(rules, 3, ["a", "b", "c", "d"], tally(10, { a: 9, b: 5, c: 5, d: 4 }));
    expect(r.elected.map((e) => e.memberId)).toEqual(["a"]);
    expect(r.outcome).toBe("too_few");
    expect(r.seatsLeft).toBe(2);
    const second = nextRound(rules, 1, ["a", "b", "c", "d"], r)!;
    expect(second).toEqual({ seats: 2, candidateIds: ["b", "c", "d"] });
    const r2 = roundResult(rules, 2, second.candidateIds, tally(10, { b: 6, c: 6, d: 3 }));
    expect(r2.elected.map((e) => e.memberId)).toEqual(["b", "c"]);
    expect(r2.outcome).toBe("complete");
  });
  it("no more rounds than the rulebook allows, and none when it leaves seats open", () => {
    const r = roundResult(rules, 2, ["a", "b", "c"], tally(10, { a: 9, b: 4, c: 4 }));
    expect(nextRound(rules, rules.maxRounds, ["a", "b", "c"], r)).toBeNull();
    expect(nextRound({ ...rules, tooFewElected: "leave_open" }, 1, ["a", "b", "c"], r)).toBeNull();
  });
  it("no valid ballot elects no one", () => {
    const r = roundResult(rules, 1, ["a"], { valid: 0, invalid: 3, votes: { a: 0 } });
    expect(r.elected).toEqual([]);
    expect(r.outcome).toBe("too_few");
  });
});

describe("release", () => {
  const base = { mode: "ballots" as const, ballotsIssued: 500, entered: 499, tally: null };
  it("is refused until every returned ballot is entered", () => {
    expect(releaseProblem(base, 500)?.key).toBe("errors.election_not_all_counted");
    expect(releaseProblem({ ...base, entered: 500 }, 500)).toBeNull();
    expect(releaseProblem(base, 499)).toBeNull();
    expect(releaseProblem(base, 501)?.key).toBe("errors.ballots_over_issued");
  });
  it("a board's tally must account for every returned ballot", () => {
    const t = { mode: "tally" as const, ballotsIssued: 50, entered: 0 };
    expect(releaseProblem({ ...t, tally: { valid: 47, invalid: 2, votes: {} } }, 49)).toBeNull();
    expect(releaseProblem({ ...t, tally: { valid: 47, invalid: 2, votes: {} } }, 50)?.field).toBe("ballotsReturned");
    expect(releaseProblem({ ...t, tally: null }, 49)?.key).toBe("errors.election_not_all_counted");
  });
});

describe("the counting minutes' wording", () => {
  it("puts 'Bầu' before a title that names only what is elected", () => {
    expect(countingWording("Chi ủy nhiệm kỳ 2026–2028", 1)).toEqual({
      heading: "Bầu Chi ủy nhiệm kỳ 2026–2028",
      sentence: "bầu Chi ủy nhiệm kỳ 2026–2028",
    });
    expect(countingWording("Ban Chấp hành Đảng bộ", 2).heading).toBe("Bầu Ban Chấp hành Đảng bộ (vòng 2)");
  });
  it("uses a title that already starts with 'Bầu' as it is, in any case and either Unicode form", () => {
    expect(countingWording("Bầu Chi ủy nhiệm kỳ 2026–2028", 1)).toEqual({
      heading: "Bầu Chi ủy nhiệm kỳ 2026–2028",
      sentence: "bầu Chi ủy nhiệm kỳ 2026–2028",
    });
    expect(countingWording("BẦU BÍ THƯ CHI BỘ", 2)).toEqual({
      heading: "BẦU BÍ THƯ CHI BỘ (vòng 2)",
      sentence: "bầu BÍ THƯ CHI BỘ (vòng 2)",
    });
    expect(countingWording("bầu cử Phó Bí thư", 1).heading).toBe("bầu cử Phó Bí thư");
    // Decomposed (NFD) as some keyboards type it: the same word, printed composed.
    const decomposed = "Bầu Chi ủy".normalize("NFD");
    expect(decomposed).not.toBe("Bầu Chi ủy");
    expect(countingWording(decomposed, 1).heading).toBe("Bầu Chi ủy");
    expect(countingWording("Bầu: Chi ủy", 1).heading).toBe("Bầu: Chi ủy");
  });
  it("tells 'Bầu' from other words that look like it", () => {
    expect(countingWording("Bấu Chi ủy", 1).heading).toBe("Bầu Bấu Chi ủy");
    expect(countingWording("Bau Chi uy", 1).heading).toBe("Bầu Bau Chi uy");
    expect(countingWording("Bầuu", 1).heading).toBe("Bầu Bầuu");
    expect(countingWording("Ban bầu cử", 1).heading).toBe("Bầu Ban bầu cử");
  });
});
