import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests } from "../../core/time.js";
import { buildMember, buildOrganization, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type Session, type TestServer } from "../../../test/support/server.js";
import type { MemberRow } from "../members/store.js";

/**
 * A ballot entered wrongly, corrected by the counting board while the round is counted: the serial stays, the marks
 * are replaced, the count follows on every device, the audit keeps who, when and why, a counter holding the ballot
 * as it was before is refused, and a released round is never changed.
 */
let s: TestServer;
const people: MemberRow[] = [];
let secretary: Session;
let counter: Session;
let counterUserId: string;
let secondCounter: Session;
let outsider: Session;
let roundId: string;
const DAY = "2026-03-10";

const call = (who: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
  s.request(who, { method, url, payload: payload as Record<string, unknown> });
const expectRefused = (res: { statusCode: number; json(): { fields?: Record<string, unknown> } }, field: string) => {
  expect(res.statusCode).toBe(422);
  expect(Object.keys(res.json().fields ?? {})).toContain(field);
};
const [A, B, C, D] = [0, 1, 2, 3];
const id = (i: number) => people[i]!.id;
const ballot = (serial: number) => `/api/election-rounds/${roundId}/ballots/${serial}`;
const count = async () => (await call(counter, "GET", `/api/election-rounds/${roundId}/count`)).json();

beforeAll(async () => {
  setClockForTests(DAY);
  s = await createTestServer();
  const cell = (await buildOrganization(s, { cells: 1 })).cells[0]!;
  for (const fullName of [
    "Lê Thị An",
    "Trần Văn Bình",
    "Nguyễn Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đỗ Văn Hải",
    "Bùi Thị Khánh",
    "Ngô Văn Long",
    "Đặng Thị Mai",
  ])
    people.push(await buildMember(s, { organization: cell, fullName, joinedOn: "2020-01-01" }));
  const chief = await buildMember(s, { organization: cell, position: "secretary", joinedOn: "2020-01-01" });
  secretary = (await buildUser(s, { member: chief })).session;
  const first = await buildUser(s, { member: people[4]! });
  counter = first.session;
  counterUserId = first.user.id;
  secondCounter = (await buildUser(s, { member: people[5]! })).session;
  outsider = (await buildUser(s, { member: people[6]! })).session;

  const election = await call(secretary, "POST", `/api/organizations/${cell.id}/elections`, {
    heldOn: DAY,
    title: "Bầu Chi ủy nhiệm kỳ 2026–2028",
    body: "committee",
    seats: 3,
    candidateIds: [A, B, C, D].map(id),
    boardMemberIds: [id(4), id(5)],
  });
  expect(election.statusCode, election.body).toBe(201);
  const round = await call(secretary, "POST", `/api/elections/${election.json().id}/rounds`, {
    mode: "ballots",
    ballotsIssued: 4,
    version: 1,
  });
  roundId = round.json().id;
  for (const [serial, kept] of [
    [1, [A, B, C]],
    [2, [A, B, D]],
    [3, [A, C, D]],
  ] as const) {
    const res = await call(counter, "POST", `/api/election-rounds/${roundId}/ballots`, {
      serial,
      kept: kept.map(id),
      invalid: null,
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => {
  setClockForTests();
  return s.close();
});

describe("correcting a ballot entered wrongly", () => {
  it("replaces the marks under the same serial; the count on another device follows; the audit says why", async () => {
    expect(await count()).toMatchObject({
      entered: 3,
      valid: 3,
      invalid: 0,
      votes: { [id(A)]: 3, [id(B)]: 2, [id(C)]: 2, [id(D)]: 2 },
      corrected: [],
    });
    // Both counters have ballot 2 on their screens, as entered.
    const onFirst = (await call(counter, "GET", ballot(2))).json();
    const onSecond = (await call(secondCounter, "GET", ballot(2))).json();
    expect(onFirst).toEqual({ roundId, serial: 2, kept: [A, B, D].map(id), invalid: null, version: 1 });
    expect(onSecond.version).toBe(1);

    // The paper keeps Cường, not Dung.
    const fixed = await call(counter, "PUT", ballot(2), {
      kept: [A, B, C].map(id),
      invalid: null,
      reason: "Nhập nhầm tên bị gạch: phiếu giấy gạch tên đồng chí Dung",
      version: onFirst.version,
    });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toEqual({ roundId, serial: 2, kept: [A, B, C].map(id), invalid: null, version: 2 });

    // Seen from the other device: the corrected count, the ballot still one of three.
    const seen = (await call(secondCounter, "GET", `/api/election-rounds/${roundId}/count`)).json();
    expect(seen).toMatchObject({
      entered: 3,
      valid: 3,
      votes: { [id(A)]: 3, [id(B)]: 2, [id(C)]: 3, [id(D)]: 1 },
      corrected: [2],
    });

    // The second device still holds version 1: refused, nothing overwritten.
    const stale = await call(secondCounter, "PUT", ballot(2), {
      kept: [A, B, D].map(id),
      invalid: null,
      reason: "Sửa lại",
      version: onSecond.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("stale_version");
    expect((await call(counter, "GET", ballot(2))).json().kept).toEqual([A, B, C].map(id));

    const events = await s.database.rows<{ actor: string; at: Date | null; before: unknown; after: unknown }>(
      sql`SELECT actor_user_id AS actor, at, before, after FROM audit_events
          WHERE entity_type = 'election_round' AND entity_id = ${roundId} AND action = 'correct_ballot'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe(counterUserId);
    expect(events[0]!.at).not.toBeNull();
    expect(events[0]!.before).toEqual({ serial: 2, kept: [A, B, D].map(id), invalid: null, version: 1 });
    // What the audit keeps of a ballot names no one: the serial, the marks, the version and the reason.
    expect(events[0]!.after).toEqual({
      serial: 2,
      kept: [A, B, C].map(id),
      invalid: null,
      version: 2,
      reason: "Nhập nhầm tên bị gạch: phiếu giấy gạch tên đồng chí Dung",
    });
  });

  it("turns a ballot invalid when the paper says so, and the count moves it out of the valid ones", async () => {
    const res = await call(secondCounter, "PUT", ballot(3), {
      kept: [A, B, C, D].map(id),
      invalid: "too_many_names",
      reason: "Phiếu giấy để lại cả bốn tên",
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(await count()).toMatchObject({
      entered: 3,
      valid: 2,
      invalid: 1,
      votes: { [id(A)]: 2, [id(B)]: 2, [id(C)]: 2, [id(D)]: 0 },
      corrected: [2, 3],
    });
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    const base = { kept: [id(A)], invalid: null, reason: "Sửa", version: 1 };
    const { reason: _, ...withoutReason } = base;
    expectRefused(await call(counter, "PUT", ballot(1), withoutReason), "reason");
    expectRefused(await call(counter, "PUT", ballot(1), { ...base, reason: "   " }), "reason");
    expectRefused(await call(counter, "PUT", ballot(1), { ...base, kept: [id(A), id(6)] }), "kept");
    expectRefused(await call(counter, "PUT", ballot(1), { ...base, kept: [A, B, C, D].map(id) }), "kept");
    expectRefused(await call(counter, "PUT", ballot(1), { ...base, kept: [A, B, C].map(id) }), "kept");
    expectRefused(await call(counter, "PUT", ballot(4), base), "serial");
    expectRefused(await call(counter, "PUT", ballot(9), base), "serial");
    expectRefused(await call(counter, "PUT", ballot(1), { ...base, version: 0 }), "version");
    expect((await call(counter, "GET", ballot(4))).statusCode).toBe(404);
    // Not on the board, without the right to run the congress: neither reads nor corrects a ballot.
    expect((await call(outsider, "GET", ballot(1))).statusCode).toBe(403);
    expect((await call(outsider, "PUT", ballot(1), base)).statusCode).toBe(403);
    expect((await call(outsider, "GET", `/api/election-rounds/${roundId}/count`)).statusCode).toBe(403);
    expect((await call(counter, "GET", ballot(1))).json()).toMatchObject({ kept: [A, B, C].map(id), version: 1 });
  });

  it("refuses any correction once the round is released, and the minutes record the corrections", async () => {
    await call(counter, "POST", `/api/election-rounds/${roundId}/ballots`, {
      serial: 4,
      kept: [A, B, C].map(id),
      invalid: null,
    });
    const released = await call(secretary, "POST", `/api/election-rounds/${roundId}/release`, {
      ballotsReturned: 4,
      version: 1,
    });
    expect(released.statusCode).toBe(200);
    expect(released.json().result.valid).toBe(3);
    const late = await call(counter, "PUT", ballot(1), {
      kept: [id(A)],
      invalid: null,
      reason: "Sửa sau khi công bố",
      version: 1,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe("Vòng bầu này đã công bố kết quả; không sửa phiếu được nữa.");
    expect((await call(counter, "GET", ballot(1))).json().version).toBe(1);

    const minutes = await call(secretary, "GET", `/api/election-rounds/${roundId}/minutes/file`);
    expect(minutes.statusCode).toBe(200);
    mkdirSync("test-results/elections", { recursive: true });
    writeFileSync("test-results/elections/counting-minutes-corrected.pdf", minutes.rawPayload);
  });
});
