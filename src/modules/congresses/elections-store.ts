import { and, asc, count, desc, eq, gt, inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { BallotEntry } from "./elections-model.js";
import { electionBallots, electionRounds, elections } from "./elections-schema.js";

export type ElectionRow = typeof elections.$inferSelect;
export type RoundRow = typeof electionRounds.$inferSelect;

export async function getElection(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ElectionRow | null> {
  const q = ex.select().from(elections).where(eq(elections.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/**
 * A round, locked as the caller needs: "update" for a change of the round itself (release, tally), "share" for a
 * ballot — many counters enter ballots of one round at once, while a release waits for them all to commit.
 */
export async function getRound(
  ex: Executor,
  id: string,
  opts: { lock?: "update" | "share" } = {},
): Promise<RoundRow | null> {
  const q = ex.select().from(electionRounds).where(eq(electionRounds.id, id));
  const [row] = opts.lock ? await q.for(opts.lock) : await q;
  return row ?? null;
}

export async function listElections(ex: Executor, organizationId: string): Promise<ElectionRow[]> {
  return ex
    .select()
    .from(elections)
    .where(eq(elections.organizationId, organizationId))
    .orderBy(desc(elections.heldOn), asc(elections.createdAt));
}

export async function electionsOn(ex: Executor, organizationId: string, heldOn: string): Promise<ElectionRow[]> {
  return ex
    .select()
    .from(elections)
    .where(and(eq(elections.organizationId, organizationId), eq(elections.heldOn, heldOn)))
    .orderBy(asc(elections.createdAt));
}

export async function listRounds(ex: Executor, electionIds: string[]): Promise<RoundRow[]> {
  if (electionIds.length === 0) return [];
  return ex
    .select()
    .from(electionRounds)
    .where(inArray(electionRounds.electionId, electionIds))
    .orderBy(asc(electionRounds.number));
}

/** How many ballots of each round are entered. */
export async function enteredCounts(ex: Executor, roundIds: string[]): Promise<Map<string, number>> {
  if (roundIds.length === 0) return new Map();
  const rows = await ex
    .select({ roundId: electionBallots.roundId, n: count() })
    .from(electionBallots)
    .where(inArray(electionBallots.roundId, roundIds))
    .groupBy(electionBallots.roundId);
  return new Map(rows.map((r) => [r.roundId, Number(r.n)]));
}

/**
 * Stores one ballot unless its serial is already entered in the round; true when stored. The unique index decides,
 * so two counters entering the same serial at once store it once.
 */
export async function insertBallot(
  ex: Executor,
  roundId: string,
  serial: number,
  entry: BallotEntry,
): Promise<boolean> {
  const rows = await ex
    .insert(electionBallots)
    .values({ roundId, serial, kept: entry.kept, invalidReason: entry.invalid })
    .onConflictDoNothing({ target: [electionBallots.roundId, electionBallots.serial] })
    .returning({ id: electionBallots.id });
  return rows.length === 1;
}

export type BallotRow = typeof electionBallots.$inferSelect;

/** One ballot of a round by the serial printed on it. */
export async function getBallot(ex: Executor, roundId: string, serial: number): Promise<BallotRow | null> {
  const [row] = await ex
    .select()
    .from(electionBallots)
    .where(and(eq(electionBallots.roundId, roundId), eq(electionBallots.serial, serial)));
  return row ?? null;
}

/** The serials of a round's ballots corrected after they were entered. */
export async function correctedSerials(ex: Executor, roundId: string): Promise<number[]> {
  const rows = await ex
    .select({ serial: electionBallots.serial })
    .from(electionBallots)
    .where(and(eq(electionBallots.roundId, roundId), gt(electionBallots.version, 1)))
    .orderBy(asc(electionBallots.serial));
  return rows.map((r) => r.serial);
}

/** What the round's ballots say, for the count. */
export async function roundBallots(ex: Executor, roundId: string): Promise<BallotEntry[]> {
  const rows = await ex
    .select({ kept: electionBallots.kept, invalid: electionBallots.invalidReason })
    .from(electionBallots)
    .where(eq(electionBallots.roundId, roundId));
  return rows;
}

/** The serials entered in a round, so the board sees which are still missing. */
export async function enteredSerials(ex: Executor, roundId: string): Promise<number[]> {
  const rows = await ex
    .select({ serial: electionBallots.serial })
    .from(electionBallots)
    .where(eq(electionBallots.roundId, roundId))
    .orderBy(asc(electionBallots.serial));
  return rows.map((r) => r.serial);
}

/**
 * The released rounds of an organisation's elections held on a day — what the congress hall may show — in the order
 * the elections were set up, each round after the one before. A round still counting is never read here.
 */
export async function releasedRoundsOn(ex: Executor, organizationId: string, heldOn: string) {
  return ex
    .select({
      title: elections.title,
      candidates: elections.candidates,
      number: electionRounds.number,
      seats: electionRounds.seats,
      candidateIds: electionRounds.candidateIds,
      result: electionRounds.result,
    })
    .from(electionRounds)
    .innerJoin(elections, eq(elections.id, electionRounds.electionId))
    .where(
      and(
        eq(elections.organizationId, organizationId),
        eq(elections.heldOn, heldOn),
        eq(electionRounds.status, "released"),
      ),
    )
    .orderBy(asc(elections.createdAt), asc(elections.id), asc(electionRounds.number));
}
