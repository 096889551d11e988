import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildTerm, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { cachedHallView, forgetHall } from "./hall.js";

/**
 * A cell's congress day: the hall shows the election's rounds only once each is released — a tie at the last seat
 * and its second round — names in the ballot's Vietnamese order, with votes and who was elected.
 */
let s: TestServer;
let cell: OrganizationRow;
const people: MemberRow[] = [];
let secretary: Session;
let member: Session;
let stranger: Session;
const DAY = "2027-03-10";
let prepId = "";
let hallUrl = "";

const call = (who: Session, method: "GET" | "POST", url: string, payload?: object) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });
const hall = async (who = member) => {
  const res = await call(who, "GET", hallUrl);
  expect(res.statusCode).toBe(200);
  return res.json();
};

beforeAll(async () => {
  setClockForTests("2026-09-01");
  s = await createTestServer();
  const built = await buildOrganization(s, { cells: 2 });
  cell = built.cells[0]!;
  await buildTerm(s, { organization: cell, startsOn: "2022-03-20", endsOn: "2027-03-19" });
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
  ];
  for (const fullName of names)
    people.push(await buildMember(s, { organization: cell, fullName, joinedOn: "2020-01-01" }));
  const chief = await buildMember(s, { organization: cell, position: "secretary", joinedOn: "2020-01-01" });
  secretary = (await buildUser(s, { member: chief })).session;
  member = (await buildUser(s, { member: people[8]! })).session;
  const elsewhere = await buildMember(s, { organization: built.cells[1]!, joinedOn: "2020-01-01" });
  stranger = (await buildUser(s, { member: elsewhere })).session;
  const prep = await call(secretary, "POST", `/api/organizations/${cell.id}/congress-preparations`, {
    congressOn: DAY,
    nextTermLabel: "2027–2030",
  });
  expect(prep.statusCode).toBe(201);
  prepId = prep.json().id;
  hallUrl = `/api/congress-preparations/${prepId}/hall`;
  setClockForTests(DAY);
});
afterAll(async () => {
  setClockForTests();
  await s.close();
});

const [A, B, C, D] = [0, 1, 2, 3];
const id = (i: number) => people[i]!.id;

/** Opens the election's next round, counted by the board's tally, and records the tally. */
async function tallied(electionId: string, votes: Record<string, number>, valid: number) {
  const election = (await call(secretary, "GET", `/api/elections/${electionId}`)).json();
  const round = await call(secretary, "POST", `/api/elections/${electionId}/rounds`, {
    mode: "tally",
    ballotsIssued: 10,
    version: election.version,
  });
  expect(round.statusCode).toBe(201);
  const tally = await call(secretary, "POST", `/api/election-rounds/${round.json().id}/tally`, {
    valid,
    invalid: 10 - valid,
    votes,
    version: 1,
  });
  expect(tally.statusCode).toBe(200);
  return round.json().id as string;
}
const release = (roundId: string) =>
  call(secretary, "POST", `/api/election-rounds/${roundId}/release`, { ballotsReturned: 10, version: 2 });

describe("the hall on the congress day", () => {
  let electionId = "";

  it("shows no result while the first round is counted, and is read by the cell's members only", async () => {
    expect((await hall()).results).toEqual([]);
    const res = await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
      heldOn: DAY,
      title: "Chi ủy nhiệm kỳ 2027–2030",
      body: "committee",
      seats: 3,
      candidateIds: [id(C), id(A), id(D), id(B)],
      boardMemberIds: [id(7)],
    });
    expect(res.statusCode).toBe(201);
    electionId = res.json().id;
    // The board has its tally (a tie at the third seat), but nothing is released: the hall shows no figure.
    await tallied(electionId, { [id(A)]: 9, [id(B)]: 8, [id(C)]: 5, [id(D)]: 5 }, 9);
    const seen = await hall();
    expect(seen.results).toEqual([]);
    // The shared view carries the organisation the readers are authorised on; the answer does not.
    expect(seen).not.toHaveProperty("organization");
    expect((await cachedHallView(s.database.db, prepId)).organization.id).toBe(cell.id);
    // Refused while the view a member just read is still shared.
    expect((await call(stranger, "GET", hallUrl)).statusCode).toBe(404);
  });

  it("shows a released round in the ballot's name order, with votes and the elected", async () => {
    const round1 = (await call(secretary, "GET", `/api/elections/${electionId}`)).json().rounds[0].id;
    expect((await release(round1)).statusCode).toBe(200);
    const { results } = await hall();
    expect(results).toEqual([
      {
        title: "Chi ủy nhiệm kỳ 2027–2030",
        round: 1,
        seats: 3,
        validBallots: 9,
        candidates: [
          { name: "Lê Thị An", votes: 8, elected: true },
          { name: "Trần Văn Bình", votes: 9, elected: true },
          { name: "Nguyễn Văn Cường", votes: 5, elected: false },
          { name: "Phạm Thị Dung", votes: 5, elected: false },
        ],
      },
    ]);
  });

  it("adds the second round beside the first once it is released", async () => {
    const round2 = await tallied(electionId, { [id(C)]: 7, [id(D)]: 3 }, 10);
    expect((await hall()).results).toHaveLength(1);
    expect((await release(round2)).statusCode).toBe(200);
    const { results } = await hall();
    expect(results).toHaveLength(2);
    expect(results[1]).toEqual({
      title: "Chi ủy nhiệm kỳ 2027–2030",
      round: 2,
      seats: 1,
      validBallots: 10,
      candidates: [
        { name: "Nguyễn Văn Cường", votes: 7, elected: true },
        { name: "Phạm Thị Dung", votes: 3, elected: false },
      ],
    });
  });

  it("builds the view once for every reader within its lifetime, and again once forgotten or expired", async () => {
    const db = s.database.db;
    forgetHall(prepId);
    const first = cachedHallView(db, prepId, 1_000);
    expect(cachedHallView(db, prepId, 2_999)).toBe(first);
    const expired = cachedHallView(db, prepId, 3_000);
    expect(expired).not.toBe(first);
    forgetHall(prepId);
    expect(cachedHallView(db, prepId, 3_001)).not.toBe(expired);
    expect((await first).results).toHaveLength(2);
    await expect(cachedHallView(db, "00000000-0000-4000-8000-000000000000")).rejects.toThrow();
  });
});
