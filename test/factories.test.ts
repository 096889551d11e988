// The example of a test that builds its own organisation with the factories and fixes "today" with the clock,
// instead of reading the demo organisation on the machine's date (docs/architecture.md, "Tests").
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setClockForTests, todayIso } from "../src/core/time.js";
import { buildMeeting, buildMember, buildOrganization, buildTask, buildUser } from "./support/factories.js";
import { createTestServer, type TestServer } from "./support/server.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterEach(() => setClockForTests());
afterAll(() => s.close());

describe("factories and an injected clock", () => {
  it("a task is late once the clock passes its due date, for the secretary of a cell built for the test", async () => {
    setClockForTests("2026-02-01");
    const { partyCommittee, cells } = await buildOrganization(s, { cells: 2 });
    expect(cells.map((c) => c.parentId)).toEqual([partyCommittee.id, partyCommittee.id]);
    const [cell] = cells;
    const secretary = await buildMember(s, { organization: cell!, position: "secretary" });
    const member = await buildMember(s, { organization: cell!, status: "probationary", admissionDate: "2025-09-02" });
    const task = await buildTask(s, { organization: cell!, responsible: member, dueOn: "2026-03-05" });
    expect(task.startsOn).toBe("2026-02-01");
    const { session } = await buildUser(s, { member: secretary });

    const late = async () =>
      (await s.request(session, { method: "GET", url: `/api/organizations/${cell!.id}/tasks?status=late` }))
        .json()
        .items.map((t: { id: string }) => t.id);
    setClockForTests("2026-03-05");
    expect(await late()).toEqual([]);
    setClockForTests("2026-03-06");
    expect(await late()).toEqual([task.id]);
  });

  it("a meeting dated before the clock's today is marked as entered late", async () => {
    const { cells } = await buildOrganization(s);
    setClockForTests("2026-03-10");
    expect(todayIso()).toBe("2026-03-10");
    expect((await buildMeeting(s, { organization: cells[0]!, date: "2026-03-03" })).enteredLate).toBe(true);
    expect((await buildMeeting(s, { organization: cells[0]!, date: "2026-04-03" })).enteredLate).toBe(false);
  });

  it("the clock goes back to the machine's when a test is done", () => {
    expect(todayIso()).toBe(todayIso(new Date()));
  });
});
