import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "../src/core/time.js";
import { createTestServer, type Session, type TestServer } from "./support/server.js";

/**
 * Two people editing the same draft at the same moment, from two sessions: one wins, the other gets a 409 with a
 * plain Vietnamese message, and the record holds exactly the winner's text — never a silent overwrite.
 * (The module tests prove the sequential case; this sends both writes at once.)
 */
let s: TestServer;
let a: Session;
let b: Session;
const STALE =
  "Dữ liệu đã được người khác sửa trong lúc bạn đang sửa. Hãy tải lại trang để xem bản mới nhất rồi sửa lại.";

beforeAll(async () => {
  s = await createTestServer();
  a = await s.signIn("bithu.llcs");
  b = await s.signIn("phobithu.llcs");
});
afterAll(() => s.close());

async function json(as: Session, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await s.request(as, { method, url, payload: payload as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

function oneWins(results: { statusCode: number; json(): { code?: string; detail?: string } }[]) {
  const codes = results.map((r) => r.statusCode).sort();
  expect(codes).toEqual([200, 409]);
  const loser = results.find((r) => r.statusCode === 409)!.json();
  expect(loser.code).toBe("stale_version");
  expect(loser.detail).toBe(STALE);
  return results.findIndex((r) => r.statusCode === 200);
}

describe("two sessions, one draft", () => {
  it("the minutes of a live meeting: the second save is refused, the first one's text stays", async () => {
    const cell = await s.orgId("CB-LLCS");
    const m = await json(a, "POST", `/api/organizations/${cell}/meetings`, {
      kind: "monthly",
      date: todayIso(),
      startTime: "14:00",
      place: "Phòng họp",
    });
    await json(a, "POST", `/api/meetings/${m.id}/transition`, { to: "open", version: m.version });
    for (let round = 0; round < 5; round++) {
      const { version } = await json(a, "GET", `/api/meetings/${m.id}`);
      const texts = [`Kết luận của bí thư ${round}`, `Kết luận của phó bí thư ${round}`];
      const results = await Promise.all([
        s.request(a, { method: "PUT", url: `/api/meetings/${m.id}`, payload: { version, conclusion: texts[0] } }),
        s.request(b, { method: "PUT", url: `/api/meetings/${m.id}`, payload: { version, conclusion: texts[1] } }),
      ]);
      const winner = oneWins(results);
      const after = await json(a, "GET", `/api/meetings/${m.id}`);
      expect(after.conclusion).toBe(texts[winner]);
      expect(after.version).toBe(version + 1);
    }
  });

  it("a plan item: the second edit is refused, the first one's change stays", async () => {
    const cell = await s.orgId("CB-LLCS");
    const plan = await json(a, "POST", `/api/organizations/${cell}/plans`, {
      kind: "yearly",
      title: "Kế hoạch năm thử",
      startsOn: "2099-01-01",
      endsOn: "2099-12-31",
    });
    const item = await json(a, "POST", `/api/plans/${plan.id}/items`, {
      what: "Nội dung ban đầu",
      dueOn: "2099-06-30",
      responsibleUnit: "Chi ủy",
    });
    for (let round = 0; round < 5; round++) {
      const current = (await json(a, "GET", `/api/plans/${plan.id}`)).items.find(
        (i: { id: string }) => i.id === item.id,
      );
      const body = {
        what: current.what,
        dueOn: current.dueOn,
        responsibleUnit: "Chi ủy",
        targetIds: [],
        version: current.version,
      };
      const texts = [`Bí thư sửa ${round}`, `Phó bí thư sửa ${round}`];
      const results = await Promise.all([
        s.request(a, { method: "PUT", url: `/api/plan-items/${item.id}`, payload: { ...body, what: texts[0] } }),
        s.request(b, { method: "PUT", url: `/api/plan-items/${item.id}`, payload: { ...body, what: texts[1] } }),
      ]);
      const winner = oneWins(results);
      const after = (await json(a, "GET", `/api/plans/${plan.id}`)).items.find((i: { id: string }) => i.id === item.id);
      expect(after.what).toBe(texts[winner]);
      expect(after.version).toBe(current.version + 1);
    }
  });
});
