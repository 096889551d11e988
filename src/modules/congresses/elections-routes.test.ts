import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";

/**
 * A cell of ten full members elects a three-seat committee: a tie at the last seat sends two candidates to a second
 * round counted by the board's tally; the secretary is elected alone; the congress is recorded from the result.
 */
let s: TestServer;
let cell: OrganizationRow;
const people: MemberRow[] = [];
let secretary: Session;
let counter: Session;
let outsider: Session;
const DAY = "2026-03-10";

const call = (who: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });
const expectRefused = (res: { statusCode: number; json(): { fields?: Record<string, unknown> } }, field: string) => {
  expect(res.statusCode).toBe(422);
  expect(Object.keys(res.json().fields ?? {})).toContain(field);
};

beforeAll(async () => {
  setClockForTests(DAY);
  s = await createTestServer();
  cell = (await buildOrganization(s, { cells: 1 })).cells[0]!;
  const names = [
    "Trần Văn Bình",
    "Lê Thị An",
    "Nguyễn Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đỗ Văn Hải",
    "Bùi Thị Khánh",
    "Ngô Văn Long",
    "Đặng Thị Mai",
  ];
  for (const fullName of names)
    people.push(await buildMember(s, { organization: cell, fullName, joinedOn: "2020-01-01" }));
  const chief = await buildMember(s, { organization: cell, position: "secretary", joinedOn: "2020-01-01" });
  secretary = (await buildUser(s, { member: chief })).session;
  counter = (await buildUser(s, { member: people[9]! })).session;
  outsider = (await buildUser(s, { member: people[8]! })).session;
});
afterAll(() => s.close());

const [A, B, C, D] = [0, 1, 2, 3];
const id = (i: number) => people[i]!.id;

describe("an election at a cell congress", () => {
  let electionId: string;
  let round1: string;

  it("refuses a committee larger than the rules allow, and a list with too few candidates", async () => {
    const base = {
      heldOn: DAY,
      title: "Chi ủy nhiệm kỳ 2026–2028",
      body: "committee",
      boardMemberIds: [id(9), id(7)],
    };
    expectRefused(
      await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
        ...base,
        seats: 8,
        candidateIds: people.slice(0, 9).map((p) => p.id),
      }),
      "seats",
    );
    expectRefused(
      await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
        ...base,
        seats: 3,
        candidateIds: [id(A), id(B), id(C)],
      }),
      "candidateIds",
    );
    const [n] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM elections WHERE organization_id = ${cell.id}`,
    );
    expect(n!.n).toBe(0);
    const res = await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
      ...base,
      seats: 3,
      candidateIds: [id(C), id(A), id(D), id(B)],
    });
    expect(res.statusCode).toBe(201);
    electionId = res.json().id;
    // Printed in Vietnamese name order: by given name (An, Bình, Cường, Dung).
    expect(res.json().candidates.map((c: { fullName: string }) => c.fullName)).toEqual([
      "Lê Thị An",
      "Trần Văn Bình",
      "Nguyễn Văn Cường",
      "Phạm Thị Dung",
    ]);
  });

  it("counts ballot by ballot: a serial once, names beyond the seats only as an invalid ballot", async () => {
    const open = await call(secretary, "POST", `/api/elections/${electionId}/rounds`, {
      mode: "ballots",
      ballotsIssued: 10,
      version: 1,
    });
    expect(open.statusCode).toBe(201);
    round1 = open.json().id;
    const ballots = await call(secretary, "GET", `/api/election-rounds/${round1}/ballots/file`);
    expect(ballots.headers["content-type"]).toBe("application/pdf");
    expect(ballots.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    mkdirSync("test-results/elections", { recursive: true });
    writeFileSync("test-results/elections/ballots-round-1.pdf", ballots.rawPayload);

    // Nine valid ballots: A 9, B 8, C 5, D 5 — a tie at the third seat.
    const kept = [
      [A, B, C],
      [A, B, C],
      [A, B, C],
      [A, B, D],
      [A, B, D],
      [A, B, D],
      [A, C, D],
      [A, B, C],
      [A, B, D],
    ];
    for (const [i, k] of kept.entries()) {
      const res = await call(counter, "POST", `/api/election-rounds/${round1}/ballots`, {
        serial: i + 1,
        kept: k.map(id),
        invalid: null,
      });
      expect(res.statusCode).toBe(201);
    }
    expectRefused(
      await call(counter, "POST", `/api/election-rounds/${round1}/ballots`, {
        serial: 3,
        kept: [id(A)],
        invalid: null,
      }),
      "serial",
    );
    expectRefused(
      await call(counter, "POST", `/api/election-rounds/${round1}/ballots`, {
        serial: 10,
        kept: [A, B, C, D].map(id),
        invalid: null,
      }),
      "kept",
    );
    // Not on the counting board, without the right to run the congress: refused.
    const stranger = await call(outsider, "POST", `/api/election-rounds/${round1}/ballots`, {
      serial: 10,
      kept: [],
      invalid: null,
    });
    expect(stranger.statusCode).toBe(403);

    // Before the last ballot: nothing released, no figure shown.
    expectRefused(
      await call(secretary, "POST", `/api/election-rounds/${round1}/release`, { ballotsReturned: 10, version: 1 }),
      "ballotsReturned",
    );
    const missing = (await call(counter, "GET", `/api/election-rounds/${round1}/missing`)).json();
    expect(missing.missing).toEqual([10]);
    const detail = (await call(secretary, "GET", `/api/elections/${electionId}`)).json();
    expect(detail.rounds[0].entered).toBe(9);
    expect(detail.rounds[0].result).toBeNull();

    const last = await call(counter, "POST", `/api/election-rounds/${round1}/ballots`, {
      serial: 10,
      kept: [A, B, C, D].map(id),
      invalid: "too_many_names",
    });
    expect(last.json()).toEqual({ serial: 10, entered: 10, ballotsIssued: 10 });
  });

  it("releases the result by rule: a tie at the last seat leads to a second round", async () => {
    const res = await call(secretary, "POST", `/api/election-rounds/${round1}/release`, {
      ballotsReturned: 10,
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    const result = res.json().result;
    expect(result.valid).toBe(9);
    expect(result.invalid).toBe(1);
    expect(result.elected).toEqual([
      { memberId: id(A), votes: 9 },
      { memberId: id(B), votes: 8 },
    ]);
    expect(result.tied.sort()).toEqual([id(C), id(D)].sort());
    expect(result.outcome).toBe("tie");
    // No more ballots once released.
    expect(
      (
        await call(counter, "POST", `/api/election-rounds/${round1}/ballots`, {
          serial: 1,
          kept: [],
          invalid: null,
        })
      ).statusCode,
    ).toBe(409);

    const minutes = await call(secretary, "GET", `/api/election-rounds/${round1}/minutes/file`);
    expect(minutes.headers["content-type"]).toBe("application/pdf");
    writeFileSync("test-results/elections/counting-minutes-round-1.pdf", minutes.rawPayload);
  });

  it("counts the second round by the board's tally and fills the seat", async () => {
    const election = (await call(secretary, "GET", `/api/elections/${electionId}`)).json();
    const open = await call(secretary, "POST", `/api/elections/${electionId}/rounds`, {
      mode: "tally",
      ballotsIssued: 10,
      version: election.version,
    });
    expect(open.statusCode).toBe(201);
    const round = open.json();
    expect(round.number).toBe(2);
    expect(round.seats).toBe(1);
    expect(round.candidateIds.sort()).toEqual([id(C), id(D)].sort());
    expectRefused(
      await call(counter, "POST", `/api/election-rounds/${round.id}/tally`, {
        valid: 10,
        invalid: 0,
        votes: { [id(C)]: 11, [id(D)]: 3 },
        version: 1,
      }),
      `votes.${id(C)}`,
    );
    const tally = await call(counter, "POST", `/api/election-rounds/${round.id}/tally`, {
      valid: 10,
      invalid: 0,
      votes: { [id(C)]: 7, [id(D)]: 3 },
      version: 1,
    });
    expect(tally.statusCode).toBe(200);
    const released = await call(secretary, "POST", `/api/election-rounds/${round.id}/release`, {
      ballotsReturned: 10,
      version: 2,
    });
    expect(released.json().result.elected).toEqual([{ memberId: id(C), votes: 7 }]);
    const done = (await call(secretary, "GET", `/api/elections/${electionId}`)).json();
    expect(done.status).toBe("done");
    expect(done.elected.map((e: { memberId: string }) => e.memberId)).toEqual([id(A), id(B), id(C)]);
    expect(
      (
        await call(secretary, "POST", `/api/elections/${electionId}/rounds`, {
          mode: "tally",
          ballotsIssued: 10,
          version: done.version,
        })
      ).statusCode,
    ).toBe(409);
  });

  it("puts the new committee and secretary in office through the congress, and starts the checklist", async () => {
    const sec = await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
      heldOn: DAY,
      title: "Bí thư Chi bộ nhiệm kỳ 2026–2028",
      body: "secretary",
      seats: 1,
      candidateIds: [id(A)],
      boardMemberIds: [id(9)],
    });
    expect(sec.statusCode).toBe(201);
    const payload = {
      heldOn: DAY,
      termLabel: "2026–2028",
      termEndsOn: "2028-03-10",
      delegatesTotal: 11,
      delegatesPresent: 10,
    };
    // The secretary's election is not finished yet: nothing is recorded.
    expectRefused(await call(secretary, "POST", `/api/organizations/${cell.id}/elections/congress`, payload), "heldOn");
    const round = (
      await call(secretary, "POST", `/api/elections/${sec.json().id}/rounds`, {
        mode: "tally",
        ballotsIssued: 10,
        version: 1,
      })
    ).json();
    await call(counter, "POST", `/api/election-rounds/${round.id}/tally`, {
      valid: 10,
      invalid: 0,
      votes: { [id(A)]: 10 },
      version: 1,
    });
    await call(secretary, "POST", `/api/election-rounds/${round.id}/release`, { ballotsReturned: 10, version: 2 });

    const res = await call(secretary, "POST", `/api/organizations/${cell.id}/elections/congress`, payload);
    expect(res.statusCode).toBe(201);
    const congress = res.json();
    expect(congress.elected).toEqual(
      expect.arrayContaining([
        { memberId: id(A), role: "secretary", votes: 10 },
        { memberId: id(B), role: "committee_member", votes: 8 },
        { memberId: id(C), role: "committee_member", votes: 7 },
      ]),
    );
    expect(congress.elected).toHaveLength(3);
    expect(congress.ratifiedOn).toBeNull();
    expect(congress.checklist.length).toBeGreaterThan(0);
    const positions = await s.database.rows<{ member_id: string; role: string }>(
      sql`SELECT member_id, role FROM positions WHERE organization_id = ${cell.id} AND starts_on = ${DAY} AND ends_on IS NULL`,
    );
    expect(positions.map((p) => `${p.member_id}:${p.role}`).sort()).toEqual(
      [`${id(A)}:secretary`, `${id(B)}:committee_member`, `${id(C)}:committee_member`].sort(),
    );
    // Recorded once; the outgoing secretary has left office, the new one runs the cell.
    expect(
      (await call(secretary, "POST", `/api/organizations/${cell.id}/elections/congress`, payload)).statusCode,
    ).toBe(403);
    const newSecretary = (await buildUser(s, { member: people[A]! })).session;
    expectRefused(
      await call(newSecretary, "POST", `/api/organizations/${cell.id}/elections/congress`, payload),
      "heldOn",
    );
  });

  it("keeps no link between a ballot and anyone: a ballot holds its round, serial and what it says", async () => {
    const columns = await s.database.rows<{ column_name: string }>(
      sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'election_ballots' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      "id",
      "invalid_reason",
      "kept",
      "round_id",
      "serial",
      "version",
    ]);
  });
});
