import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { buildOrganization } from "../../../test/support/factories.js";
import { admissionTargets, recordAdmission } from "./public-admissions.js";
import { measurements, resolutions, targets } from "./schema.js";

// The admissions board reads each admission target's latest measurement for a whole đảng bộ at once: the latest is
// the newest by date, then by when it was written; a target with none has none; other targets are not read.
let s: TestServer;
let cells: { id: string }[];
beforeAll(async () => {
  s = await createTestServer();
  cells = (await buildOrganization(s, { cells: 3 })).cells;
});
afterAll(() => s.close());

async function resolutionWith(organizationId: string, state: "adopted" | "draft", names: string[]) {
  const [r] = await s.database.db
    .insert(resolutions)
    .values({ organizationId, kind: "congress", title: "Nghị quyết Đại hội", state })
    .returning();
  return s.database.db
    .insert(targets)
    .values(
      names.map((name, i) => ({ resolutionId: r!.id, position: i, name, measureUnit: "người", baseline: 2, goal: 6 })),
    )
    .returning();
}

it("gives each admission target of the live resolutions its latest measurement, and moves them on an admission", async () => {
  const [a, other] = await resolutionWith(cells[0]!.id, "adopted", [
    "Kết nạp đảng viên mới",
    "Tỷ lệ đảng viên hoàn thành tốt",
  ]);
  const [b] = await resolutionWith(cells[1]!.id, "adopted", ["KET NAP dang vien"]);
  const [none] = await resolutionWith(cells[2]!.id, "adopted", ["Kết nạp 2 quần chúng ưu tú"]);
  await resolutionWith(cells[2]!.id, "draft", ["Kết nạp đảng viên (dự thảo)"]);
  await s.database.db.insert(measurements).values([
    { targetId: a!.id, measuredOn: "2026-03-01", value: 3 },
    { targetId: a!.id, measuredOn: "2026-09-01", value: 5 },
    { targetId: a!.id, measuredOn: "2026-06-01", value: 4 },
    { targetId: b!.id, measuredOn: "2026-05-01", value: 7 },
    { targetId: other!.id, measuredOn: "2026-10-01", value: 99 },
  ]);
  // The same day again, written after.
  await s.database.db.insert(measurements).values({ targetId: b!.id, measuredOn: "2026-05-01", value: 8 });
  const found = await admissionTargets(
    s.database.db,
    cells.map((c) => c.id),
  );
  const latest = Object.fromEntries(found.map((t) => [t.id, t.latest]));
  // Same day: the one written last.
  expect(latest).toEqual({ [a!.id]: 5, [b!.id]: 8, [none!.id]: null });

  await recordAdmission(s.database.db as never, [cells[0]!.id, cells[2]!.id], "2026-12-04", "Kết nạp");
  const after = Object.fromEntries(
    (await admissionTargets(s.database.db, [cells[0]!.id, cells[2]!.id])).map((t) => [t.id, t.latest]),
  );
  // From the latest, or from the baseline where nothing was measured yet.
  expect(after).toEqual({ [a!.id]: 6, [none!.id]: 3 });
});
