import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { startJourney, type Journey } from "./support/browser.js";
import { noSideScroll, phone360, signIn } from "./support/phone.js";

/**
 * A đảng bộ with more cells than one page: the office's home shows 10 cells and the meetings overview 50, each says
 * how many are left, and "Xem thêm" brings the rest, in Vietnamese name order.
 */
let j: Journey;
let root: string;
const ADDED = 55;

beforeAll(async () => {
  j = await startJourney();
  const [row] = await j.database.rows<{ id: string }>(sql`SELECT id FROM organizations WHERE code = 'DB-TCT'`);
  root = row!.id;
  // The cells are opened the way the office opens them: through the API.
  const login = await j.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { login: "vanphong", password: "demo-chibo-2026" },
  });
  const cookie = login.cookies.find((c) => c.name === "chibo_session")!.value;
  const csrf = (await j.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie } })).json()
    .csrfToken as string;
  for (let i = 1; i <= ADDED; i++) {
    const n = String(i).padStart(2, "0");
    const res = await j.app.inject({
      method: "POST",
      url: "/api/organizations",
      cookies: { chibo_session: cookie },
      headers: { "x-csrf-token": csrf },
      payload: { parentId: root, kind: "cell", name: `Chi bộ Thôn ${i}`, code: `CB-THON-${n}`, abbreviation: "CB" },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => j?.close());

describe("a đảng bộ with more cells than one page", () => {
  it("the office's home lists 10 cells at a time and the rest on request", async () => {
    const page = await phone360(j);
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    const board = page.getByTestId("party-dashboard");
    await board.waitFor();
    const total = 5 + ADDED;
    await board.getByText(`0/${total}`).first().waitFor();
    // A phone's screen or two of cells (ADR 0186); each "Xem thêm" brings ten more and says how many are left.
    for (let shown = 10; shown < total; shown += 10) {
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="party-dashboard"] [data-testid="cell-row"]').length === n,
        shown,
      );
      await board.getByRole("button", { name: `Xem thêm (còn ${total - shown} chi bộ)` }).click();
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="party-dashboard"] [data-testid="cell-row"]').length === n,
      total,
    );
    expect(await board.getByRole("button", { name: /Xem thêm/ }).count()).toBe(0);
    const all = await page.$$eval('[data-testid="party-dashboard"] [data-testid="cell-row"] a:first-child', (els) =>
      els.map((e) => e.textContent ?? ""),
    );
    expect(all).toEqual([...all].sort(new Intl.Collator("vi", { numeric: true }).compare));
    // Numbers by value, as a person reads them: Thôn 9 before Thôn 10.
    expect(all.indexOf("Chi bộ Thôn 9")).toBeLessThan(all.indexOf("Chi bộ Thôn 10"));
    await noSideScroll(page);
  });

  it("the meetings overview lists 50 cells and the rest on request", async () => {
    const page = await phone360(j);
    await signIn(page, "vanphong", "Văn phòng Đảng ủy");
    await page.goto(`/to-chuc/${root}?tab=sinh-hoat`);
    await page.getByRole("link", { name: "Tổng hợp sinh hoạt các chi bộ" }).click();
    await page.getByRole("heading", { name: "Tổng hợp sinh hoạt chi bộ" }).waitFor();
    await page.locator("[data-cell]").first().waitFor();
    expect(await page.locator("[data-cell]").count()).toBe(50);
    await page.getByRole("button", { name: `Xem thêm (còn ${5 + ADDED - 50} chi bộ)` }).click();
    await page.waitForFunction((n) => document.querySelectorAll("[data-cell]").length === n, 5 + ADDED);
    const all = await page.$$eval("[data-cell]", (els) => els.map((e) => e.getAttribute("data-cell") ?? ""));
    expect(all).toEqual([...all].sort(new Intl.Collator("vi", { numeric: true }).compare));
  });
});
