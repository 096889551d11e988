// A đảng bộ congress at the size OpenSlides' poll view gives up at: 500 delegates, 15 candidates for 13 seats, and
// the 500 ballots of the first round entered. The measured read is the tally the release runs (every ballot read,
// counted and ranked by the rulebook); over HTTP, the election page every counter's device polls. Kept on --reuse.
import { sql } from "drizzle-orm";
import { type Database, inTransaction } from "../src/core/db/index.js";
import { todayIso } from "../src/core/time.js";
import { createElection, electionRules, openRound } from "../src/modules/congresses/elections-operations.js";
import { roundResult, tallyBallots, type ElectionRules } from "../src/modules/congresses/elections-model.js";
import { electionBallots } from "../src/modules/congresses/elections-schema.js";
import { getElection, getRound, roundBallots } from "../src/modules/congresses/elections-store.js";
import { getOrganization } from "../src/modules/organizations/store.js";
import { officeActor } from "./generate.js";

export interface ElectionCtx {
  electionId: string;
  roundId: string;
  rules: ElectionRules;
}

const TITLE = "Ban Chấp hành Đảng bộ (bench)";
export const BALLOTS = 500;

export async function ensureElectionRound(
  database: Database,
  root: { id: string; path: string },
  log: (s: string) => void,
): Promise<ElectionCtx> {
  const org = (await getOrganization(database.db, root.id))!;
  const day = todayIso();
  const { data: rules } = await electionRules(database.db, org, day);
  const [existing] = await database.rows<{ election_id: string; round_id: string }>(
    sql`SELECT e.id AS election_id, r.id AS round_id FROM elections e JOIN election_rounds r ON r.election_id = e.id
         WHERE e.organization_id = ${root.id} AND e.title = ${TITLE} AND r.number = 1`,
  );
  if (existing) {
    log("reusing the bench election (500 ballots entered)");
    return { electionId: existing.election_id, roundId: existing.round_id, rules };
  }
  const started = performance.now();
  const actor = await officeActor(database);
  const candidates = await database.rows<{ id: string }>(
    sql`SELECT m.id FROM members m JOIN organizations o ON o.id = m.organization_id
         WHERE o.path LIKE ${`${root.path}%`} AND m.status = 'full' AND m.left_on IS NULL
         ORDER BY m.id LIMIT 17`,
  );
  const { roundId, electionId, ids } = await inTransaction(database, async (tx) => {
    const election = await createElection(tx, actor, org, {
      heldOn: day,
      title: TITLE,
      body: "committee",
      seats: 13,
      candidateIds: candidates.slice(0, 15).map((c) => c.id),
      boardMemberIds: candidates.slice(15, 17).map((c) => c.id),
    });
    const round = await openRound(tx, actor, org, election, { mode: "ballots", ballotsIssued: BALLOTS, version: 1 });
    return { roundId: round.id, electionId: election.id, ids: round.candidateIds };
  });
  // Each ballot strikes two or three names by a fixed pattern; every 40th leaves all fifteen (invalid by rule).
  const rows = Array.from({ length: BALLOTS }, (_, i) => {
    const serial = i + 1;
    if (serial % 40 === 0) return { roundId, serial, kept: ids, invalidReason: "too_many_names" as const };
    const kept = ids.filter((_, k) => (serial * 7 + k * 3) % 15 > 2).slice(0, 13);
    return { roundId, serial, kept, invalidReason: null };
  });
  await database.db.insert(electionBallots).values(rows);
  log(`set up the bench election and its ${BALLOTS} ballots in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { electionId, roundId, rules };
}

/** What the release computes: every ballot of the round read, counted and ranked. */
export async function tallyBare(db: Database["db"], ctx: ElectionCtx) {
  const round = (await getRound(db, ctx.roundId))!;
  const election = (await getElection(db, ctx.electionId))!;
  const tally = tallyBallots(round.candidateIds, await roundBallots(db, round.id));
  const result = roundResult(ctx.rules, round.seats, round.candidateIds, tally);
  if (tally.valid + tally.invalid !== BALLOTS || election.candidates.length !== 15)
    throw new Error("the bench election lost ballots");
  return result;
}
