// The đảng bộ dashboard names the organisations it counts in one of two ways (ADR 0185): the subtree's subquery when
// the reader sees all of it, the list of ids otherwise. Both must count and list the same tasks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests, todayIso } from "../../core/time.js";
import { addDays } from "../../core/time.js";
import { latestCongresses } from "../congresses/store.js";
import { openSubtreeSet } from "../organizations/public-tasks.js";
import type { OrganizationRow } from "../organizations/store.js";
import { buildMember, buildOrganization, buildTask, buildUser } from "../../../test/support/factories.js";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { countTasksByStatus, listUrgentTasks, taskRules } from "./store.js";

let s: TestServer;
let partyCommittee: OrganizationRow;
let cells: OrganizationRow[];

beforeAll(async () => {
  s = await createTestServer();
  setClockForTests("2026-03-10");
  ({ partyCommittee, cells } = await buildOrganization(s, { cells: 3 }));
  const today = todayIso();
  for (const [i, cell] of cells.entries()) {
    const member = await buildMember(s, { organization: cell, position: i === 0 ? "secretary" : undefined });
    // Per cell: one task late by i + 1 days, one due in 3 days untouched (at risk), one far ahead (on track).
    await buildTask(s, {
      organization: cell,
      responsible: member,
      startsOn: addDays(today, -40),
      dueOn: addDays(today, -1 - i),
    });
    await buildTask(s, {
      organization: cell,
      responsible: member,
      startsOn: addDays(today, -20),
      dueOn: addDays(today, 3),
    });
    await buildTask(s, { organization: cell, responsible: member, startsOn: today, dueOn: addDays(today, 200) });
  }
});
afterAll(async () => {
  setClockForTests();
  await s.close();
});

describe("the organisations a dashboard counts", () => {
  it("are the subtree's subquery for a reader who sees all of it, and count what the list of ids counts", async () => {
    const { actor } = await buildUser(s, { isAdmin: true });
    const { organizations, set } = await openSubtreeSet(s.database.db, actor, "plan.view", partyCommittee);
    expect(Array.isArray(set)).toBe(false);
    expect(organizations.map((o) => o.id).sort()).toEqual([partyCommittee.id, ...cells.map((c) => c.id)].sort());
    const ids = organizations.map((o) => o.id);
    const today = todayIso();
    const { atRisk } = await taskRules(s.database.db, partyCommittee.path, today);

    const bySet = await countTasksByStatus(s.database.db, set, today, atRisk);
    expect(bySet).toEqual(await countTasksByStatus(s.database.db, ids, today, atRisk));
    for (const cell of cells) expect(bySet.get(cell.id)).toEqual({ total: 3, late: 1, atRisk: 1, done: 0 });

    const urgent = await listUrgentTasks(s.database.db, set, today, atRisk, 20);
    expect(urgent).toEqual(await listUrgentTasks(s.database.db, ids, today, atRisk, 20));
    // Late first, oldest deadline first (the third cell's is 3 days past), then the three at risk.
    expect(urgent.map((t) => [t.organizationId, t.status])).toEqual([
      [cells[2]!.id, "late"],
      [cells[1]!.id, "late"],
      [cells[0]!.id, "late"],
      ...cells.map((c) => [c.id, "at_risk"]),
    ]);
    expect(await latestCongresses(s.database.db, set)).toEqual(await latestCongresses(s.database.db, ids));
  });

  it("are a list of ids for a reader who sees part of it, and count only that part", async () => {
    const secretary = await buildMember(s, { organization: cells[1]!, position: "secretary" });
    const { actor } = await buildUser(s, { member: secretary });
    const { organizations, set } = await openSubtreeSet(s.database.db, actor, "plan.view", partyCommittee);
    expect(set).toEqual([cells[1]!.id]);
    expect(organizations.map((o) => o.id)).toEqual([cells[1]!.id]);
    const today = todayIso();
    const { atRisk } = await taskRules(s.database.db, partyCommittee.path, today);
    expect([...(await countTasksByStatus(s.database.db, set, today, atRisk)).keys()]).toEqual([cells[1]!.id]);
    const urgent = await listUrgentTasks(s.database.db, set, today, atRisk, 20);
    expect(new Set(urgent.map((t) => t.organizationId))).toEqual(new Set([cells[1]!.id]));
  });
});
