import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getMeeting, listAttendance, rosterOn, rostersAndAttendance } from "../../src/modules/meetings/store.js";
import { createTestServer, type TestServer } from "../support/server.js";

// The overview reads every cell's meeting in two queries; it must see exactly what one meeting at a time saw.
let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

describe("rostersAndAttendance (the overview's batch read)", () => {
  it("gives, for every demo meeting, the same roster (in order) and attendance as rosterOn + listAttendance", async () => {
    const db = server.database.db;
    // A member moved to another cell must still count in the old cell's earlier meetings and not after.
    const ids = (
      (await db.execute(sql`SELECT id FROM meetings ORDER BY date`)) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(5);
    const batch = await rostersAndAttendance(db, ids);
    let rosterRows = 0;
    for (const id of ids) {
      const m = (await getMeeting(db, id))!;
      const roster = await rosterOn(db, m);
      const attendance = await listAttendance(db, id);
      expect(batch.get(id)!.roster, `roster of ${m.organizationName} ${m.date}`).toEqual(roster);
      const key = (a: { memberId: string }) => a.memberId;
      expect([...batch.get(id)!.attendance].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...attendance].sort((a, b) => key(a).localeCompare(key(b))),
      );
      rosterRows += roster.length;
    }
    expect(rosterRows).toBeGreaterThan(50);
    expect((await rostersAndAttendance(db, [])).size).toBe(0);
  });
});
