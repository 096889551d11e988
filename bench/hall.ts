// The congress day of the bench đảng bộ, for the hall view every screen in the hall polls: a preparation with 500
// official delegates (480 present) and the committee election's first round released — 15 candidates for 13 seats,
// counted by the board's tally from 500 ballots. The bench's other election of the day (bench/elections.ts) is
// still counting, so the hall must leave it out. Set up through the module's own operations; kept on --reuse.
import { sql } from "drizzle-orm";
import { type Database, inTransaction } from "../src/core/db/index.js";
import { addDays, todayIso } from "../src/core/time.js";
import {
  createElection,
  openRound,
  recordTally,
  releaseRound,
} from "../src/modules/congresses/elections-operations.js";
import { hallView } from "../src/modules/congresses/hall.js";
import { createPreparation } from "../src/modules/congresses/preparation-operations.js";
import { congressDelegates } from "../src/modules/congresses/preparation-schema.js";
import { getPreparation } from "../src/modules/congresses/preparation-store.js";
import { getOrganization } from "../src/modules/organizations/store.js";
import { officeActor } from "./generate.js";

export const HALL_DELEGATES = 500;
const LABEL = "bench hall";

export async function ensureHallDay(
  database: Database,
  root: { id: string; path: string },
  log: (s: string) => void,
): Promise<{ preparationId: string }> {
  const [existing] = await database.rows<{ id: string }>(
    sql`SELECT id FROM congress_preparations WHERE organization_id = ${root.id} AND next_term_label = ${LABEL}`,
  );
  if (existing) {
    log("reusing the bench congress day (500 delegates, a released round)");
    return { preparationId: existing.id };
  }
  const started = performance.now();
  const org = (await getOrganization(database.db, root.id))!;
  const day = todayIso();
  const actor = await officeActor(database);
  // Delegates and candidates apart from the bench election's (the first 17 by id).
  const full = await database.rows<{ id: string; organization_id: string }>(
    sql`SELECT m.id, m.organization_id FROM members m JOIN organizations o ON o.id = m.organization_id
         WHERE o.path LIKE ${`${root.path}%`} AND o.kind = 'cell' AND m.status = 'full' AND m.left_on IS NULL
         ORDER BY m.id OFFSET 17 LIMIT ${HALL_DELEGATES}`,
  );
  if (full.length < HALL_DELEGATES) throw new Error(`the bench has only ${full.length} full members for the hall`);
  const preparationId = await inTransaction(database, async (tx) => {
    // Planned the day before, as a congress is: the plan refuses a congress day already here.
    const prep = await createPreparation(
      tx,
      actor,
      org,
      { congressOn: day, nextTermLabel: LABEL, place: null },
      addDays(day, -1),
    );
    await tx.insert(congressDelegates).values(
      full.map((m, i) => ({
        preparationId: prep.id,
        cellId: m.organization_id,
        memberId: m.id,
        kind: "official" as const,
        credential: "accepted" as const,
        present: i % 25 !== 0,
      })),
    );
    const candidateIds = full.slice(0, 15).map((m) => m.id);
    const election = await createElection(tx, actor, org, {
      heldOn: day,
      title: "Ban Chấp hành Đảng bộ (bench hall)",
      body: "committee",
      seats: 13,
      candidateIds,
      boardMemberIds: full.slice(15, 18).map((m) => m.id),
    });
    const round = await openRound(tx, actor, org, election, { mode: "tally", ballotsIssued: 500, version: 1 });
    // 490 valid ballots: the k-th candidate on the list 480 − 20k votes, so twelve pass the majority of 245.
    const votes = Object.fromEntries(round.candidateIds.map((id, k) => [id, 480 - 20 * k]));
    const tallied = await recordTally(tx, actor, round, { valid: 490, invalid: 10, votes, version: round.version });
    await releaseRound(tx, actor, org, tallied, { ballotsReturned: 500, version: tallied.version }, day);
    return prep.id;
  });
  log(`set up the bench congress day in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { preparationId };
}

/** What one reader would cost without the shared view: the preparation, delegates and released rounds read. */
export async function hallBare(db: Database["db"], preparationId: string) {
  const view = await hallView(db, (await getPreparation(db, preparationId))!);
  if (view.attendance.expected !== HALL_DELEGATES || view.results.length !== 1)
    throw new Error("the bench hall lost its delegates or its released round");
  return view;
}
