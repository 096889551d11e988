import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";

/**
 * Three counters on three devices enter the 500 ballots of one round at the same time, each also re-entering a few
 * ballots another counter has: every ballot is stored once, every second entry of a serial is refused, and the
 * released result is the one the ballots say.
 */
let s: TestServer;
let secretary: Session;
const counters: Session[] = [];
const candidates: string[] = [];
let roundId: string;
const ISSUED = 500;
const DAY = "2026-03-10";

/** What ballot `serial` says: a fixed pattern, every 50th leaving all four names (invalid by rule). */
function ballotOf(serial: number) {
  if (serial % 50 === 0) return { kept: candidates, invalid: "too_many_names" as const };
  const kept = candidates.filter((_, i) => (serial + i) % 4 !== 0 && (i < 2 || serial % 3 !== i));
  return { kept: kept.slice(0, 3), invalid: null };
}

beforeAll(async () => {
  setClockForTests(DAY);
  s = await createTestServer();
  const cell = (await buildOrganization(s, { cells: 1 })).cells[0]!;
  const members = [];
  for (let i = 0; i < 10; i++) members.push(await buildMember(s, { organization: cell, joinedOn: "2020-01-01" }));
  const chief = await buildMember(s, { organization: cell, position: "secretary", joinedOn: "2020-01-01" });
  secretary = (await buildUser(s, { member: chief })).session;
  for (const m of members.slice(7, 10)) counters.push((await buildUser(s, { member: m })).session);
  candidates.push(...members.slice(0, 4).map((m) => m.id));
  const election = await s.request(secretary, {
    method: "POST",
    url: `/api/organizations/${cell.id}/elections`,
    payload: {
      heldOn: DAY,
      title: "Chi ủy",
      body: "committee",
      seats: 3,
      candidateIds: candidates,
      boardMemberIds: members.slice(7, 10).map((m) => m.id),
    },
  });
  const round = await s.request(secretary, {
    method: "POST",
    url: `/api/elections/${election.json().id}/rounds`,
    payload: { mode: "ballots", ballotsIssued: ISSUED, version: 1 },
  });
  roundId = round.json().id;
});
afterAll(() => s.close());

describe("three counters at once", () => {
  it("count every ballot once and refuse every serial entered twice", async () => {
    const jobs: { counter: number; serial: number }[] = [];
    for (let serial = 1; serial <= ISSUED; serial++) jobs.push({ counter: serial % 3, serial });
    // Each counter also picks up 20 ballots from the next counter's pile.
    for (let c = 0; c < 3; c++) {
      const pile = (c + 1) % 3;
      for (let k = 1; k <= 20; k++) jobs.push({ counter: c, serial: 3 * k + pile });
    }
    const responses = await Promise.all(
      jobs.map((j) =>
        s.request(counters[j.counter]!, {
          method: "POST",
          url: `/api/election-rounds/${roundId}/ballots`,
          payload: { serial: j.serial, ...ballotOf(j.serial) },
        }),
      ),
    );
    const stored = responses.filter((r) => r.statusCode === 201).length;
    const refused = responses.filter((r) => r.statusCode === 422 && r.json().code === "ballot_serial_taken").length;
    expect(stored).toBe(ISSUED);
    expect(refused).toBe(jobs.length - ISSUED);

    const [row] = await s.database.rows<{ n: number; serials: number }>(
      sql`SELECT count(*)::int AS n, count(DISTINCT serial)::int AS serials FROM election_ballots WHERE round_id = ${roundId}`,
    );
    expect(row).toEqual({ n: ISSUED, serials: ISSUED });

    const released = await s.request(secretary, {
      method: "POST",
      url: `/api/election-rounds/${roundId}/release`,
      payload: { ballotsReturned: ISSUED, version: 1 },
    });
    expect(released.statusCode).toBe(200);
    const expected: Record<string, number> = Object.fromEntries(candidates.map((c) => [c, 0]));
    let valid = 0;
    for (let serial = 1; serial <= ISSUED; serial++) {
      const b = ballotOf(serial);
      if (b.invalid) continue;
      valid++;
      for (const c of b.kept) expected[c]!++;
    }
    const result = released.json().result;
    expect(result.valid).toBe(valid);
    expect(result.invalid).toBe(ISSUED - valid);
    expect(
      Object.fromEntries(result.standings.map((x: { memberId: string; votes: number }) => [x.memberId, x.votes])),
    ).toEqual(expected);
  }, 180_000);
});
