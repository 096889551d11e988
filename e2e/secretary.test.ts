import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { buildCellAwaitingCongress } from "../test/support/factories.js";
import { startJourney, type Journey } from "./support/browser.js";

/**
 * The demo secretary on her phone: signs in, reaches her cell's member list, adds a member,
 * imports a roster with one bad row, fixes it, and finds a member by typing without diacritics.
 */
let j: Journey;
let page: Page;
const files = mkdtempSync(path.join(os.tmpdir(), "chibo-e2e-"));

async function rosterFile(name: string, rows: [string, string, string][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Số thẻ đảng viên", "Ngày sinh", "Giới tính"]);
  for (const [fullName, card, dob] of rows) ws.addRow([fullName, card, dob, "Nữ"]);
  const file = path.join(files, name);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

beforeAll(async () => {
  j = await startJourney();
  page = (await j.phone()).page;
});
afterAll(() => j?.close());

describe("the cell secretary on a phone", () => {
  it("sees the Vietnamese sign-in page and signs in", async () => {
    const loaded: { url: string; body: Promise<string> }[] = [];
    const record = (response: import("playwright-core").Response) => {
      if (/\/assets\/.+\.(js|json)$/.test(response.url()))
        loaded.push({ url: response.url(), body: response.text().catch(() => "") });
    };
    page.on("response", record);
    await page.goto("/");
    await page.waitForURL("**/dang-nhap");
    await page.getByRole("heading", { name: "Sổ tay Chi bộ" }).waitFor();
    page.off("response", record);
    // The catalogue is data, fetched once as JSON (the preload is the page's own request), and no script carries
    // it (ADR 0182): the sign-in label is in the JSON, in no script.
    const catalogues = loaded.filter((r) => /\/assets\/(vi|en)-[0-9a-f]+\.json$/.test(r.url));
    expect(catalogues.map((r) => new URL(r.url).pathname.replace(/-[0-9a-f]+\.json$/, ".json"))).toEqual([
      "/assets/vi.json",
    ]);
    expect(await catalogues[0]!.body).toContain("Tên đăng nhập hoặc email");
    const scripts = loaded.filter((r) => r.url.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) expect(await script.body, script.url).not.toContain("Tên đăng nhập hoặc email");
    await page.getByText("Đăng nhập", { exact: true }).first().waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    await page.getByLabel("Tên đăng nhập hoặc email").fill("bithu.llcs");
    await page.getByLabel("Mật khẩu").fill("sai mật khẩu");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.").first().waitFor();
    await j.shot(page, "e2e-sign-in-error");
    await page.getByLabel("Mật khẩu").fill("demo-chibo-2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByText("Xin chào, Nguyễn Thị Thu Hà").waitFor();
  });

  it("reads her home in English and back; a reload keeps the language chosen", async () => {
    // English is not in the first bundle: it is fetched on the switch, and before the first render after a reload.
    await j.shot(page, "e2e-secretary-home-phone");
    await page.getByText("EN", { exact: true }).click();
    await page.getByText("Hello, Nguyễn Thị Thu Hà").waitFor();
    await j.shot(page, "e2e-secretary-home-english-phone");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByText("Hello, Nguyễn Thị Thu Hà").waitFor();
    await page.getByText("VI", { exact: true }).click();
    await page.getByText("Xin chào, Nguyễn Thị Thu Hà").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
  });

  it("reaches her cell's member list, in Vietnamese order", async () => {
    await page.getByRole("link", { name: "Danh sách đảng viên" }).first().click();
    await page.getByText("Bùi Văn An").first().waitFor();
    const body = await page.locator("main").innerText();
    expect(body.indexOf("Bùi Văn An")).toBeLessThan(body.indexOf("Nguyễn Văn An"));
    expect(body.indexOf("Nguyễn Văn An")).toBeLessThan(body.indexOf("Trần Quốc Bảo"));
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await j.shot(page, "e2e-member-list-phone");
  });

  it("adds a member, with a field error first", async () => {
    await page
      .getByRole("link", { name: "Thêm đảng viên" })
      .or(page.getByRole("button", { name: "Thêm đảng viên" }))
      .first()
      .click();
    await page.getByLabel("Họ và tên").fill("Lê Thị Mỹ Duyên");
    await page.getByLabel("Email").fill("khong-phai-email");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Email không hợp lệ").first().waitFor();
    await page.getByLabel("Email").fill("duyen.le@example.vn");
    await page.getByLabel("Số thẻ đảng viên").fill("79300001");
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("Lê Thị Mỹ Duyên").first().waitFor();
    await j.shot(page, "e2e-member-added");
  });

  it("imports a roster: sees the bad row, fixes the file, confirms", async () => {
    await page
      .getByRole("link", { name: "Nhập từ Excel" })
      .or(page.getByRole("button", { name: "Nhập từ Excel" }))
      .first()
      .click();
    const bad = await rosterFile("bad.xlsx", [
      ["Trịnh Thị Hồng Gấm", "79300011", "12/03/1990"],
      ["Vi Thị Sáu", "79300012", "31/02/1991"],
    ]);
    await page.getByLabel("Chọn tệp Excel hoặc CSV").setInputFiles(bad);
    await page.getByText('Dòng 3: "Ngày sinh" không hợp lệ: "31/02/1991" (định dạng dd/mm/yyyy)').first().waitFor();
    expect(await page.getByRole("button", { name: "Xác nhận nhập" }).isDisabled()).toBe(true);
    await j.shot(page, "e2e-roster-row-error");
    const fixed = await rosterFile("fixed.xlsx", [
      ["Trịnh Thị Hồng Gấm", "79300011", "12/03/1990"],
      ["Vi Thị Sáu", "79300012", "28/02/1991"],
    ]);
    await page.getByLabel("Chọn tệp Excel hoặc CSV").setInputFiles(fixed);
    const confirm = page.getByRole("button", { name: "Xác nhận nhập" });
    await page.waitForFunction(() => {
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.includes("Xác nhận nhập"));
      return !!button && !button.disabled;
    });
    await confirm.click();
    await page.getByText("Đã nhập xong").first().waitFor();
    await page.getByText("Thêm mới 2, cập nhật 0, không đổi 0 đảng viên.").first().waitFor();
    await j.shot(page, "e2e-roster-imported");
  });

  it("finds a member by typing without diacritics", async () => {
    await page
      .getByRole("link", { name: "Về danh sách đảng viên" })
      .or(page.getByRole("button", { name: "Về danh sách đảng viên" }))
      .first()
      .click();
    await page.getByLabel("Tìm đảng viên").fill("nguyen van an");
    await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Bùi Văn An"));
    const text = await page.locator("main").innerText();
    expect(text).toContain("Nguyễn Văn An");
    expect(text).not.toContain("Trần Quốc Bảo");
    await page.getByLabel("Tìm đảng viên").fill("vi thi sau");
    await page.getByText("Vi Thị Sáu").first().waitFor();
    await j.shot(page, "e2e-search-without-diacritics");
  });

  it("draws the menu's links only where they show: on a phone once the burger opens it, on a desktop always", async () => {
    for (const [kind, open] of [
      ["phone", true],
      ["desktop", false],
    ] as const) {
      const { context, page: p } = kind === "phone" ? await j.phone() : await j.desktop();
      const signed = await context.request.post("/api/auth/login", {
        data: { login: "bithu.llcs", password: "demo-chibo-2026" },
      });
      expect(signed.ok()).toBe(true);
      await p.goto("/");
      await p.getByRole("heading", { level: 1 }).waitFor();
      const links = p.getByLabel("Điều hướng").getByRole("link", { includeHidden: true });
      if (open) {
        // Closed, the phone's menu is not a hidden copy of every organisation: nothing is drawn.
        expect(await links.count()).toBe(0);
        await p.getByRole("button", { name: "Mở danh sách tổ chức" }).click();
      }
      await p.getByLabel("Điều hướng").getByRole("link", { name: "Trang chủ" }).waitFor();
      await p.getByLabel("Điều hướng").getByRole("link", { name: "Chi bộ Khoa Lý luận cơ sở" }).first().waitFor();
      await context.close();
    }
  });

  it("the home's cards come with its one call; a đảng bộ's whole-tree reads are asked once, as that call's answer arrives", async () => {
    const probationers = (u: string) => /^\/api\/organizations\/[\w-]+\/members\?.*status=probationary/.test(u);
    const cards = [
      (u: string) => u === "/api/me/evaluations",
      (u: string) => u === "/api/backup/status",
      (u: string) => /^\/api\/organizations\/[\w-]+\/meetings\?.*status=planned/.test(u),
      (u: string) => /^\/api\/organizations\/[\w-]+$/.test(u),
      (u: string) => /^\/api\/organizations\/[\w-]+\/evaluation-periods$/.test(u),
      (u: string) => /^\/api\/organizations\/[\w-]+\/rulebooks\/membership$/.test(u),
    ];
    for (const login of ["bithu.llcs", "vanphong"]) {
      // A new phone, so nothing is cached.
      const { context, page: fresh } = await j.phone();
      const signed = await context.request.post("/api/auth/login", { data: { login, password: "demo-chibo-2026" } });
      expect(signed.ok()).toBe(true);
      const asked: string[] = [];
      fresh.on("request", (r) => {
        const u = new URL(r.url());
        asked.push(u.pathname + u.search);
      });
      await fresh.goto("/");
      // The page came with the home drawn and its answer inside (ADR 0191).
      expect(await fresh.locator("#chibo-home").count()).toBe(1);
      await fresh.getByTestId("evaluations-card").waitFor();
      if (login === "bithu.llcs") await fresh.getByTestId("next-meeting").waitFor();
      else await fresh.getByTestId("party-dashboard").getByTestId("cell-row").first().waitFor();
      // Whatever the screen asks for later has been asked by then.
      await fresh.waitForLoadState("networkidle");
      // The cards' reads were answered in the home's answer (ADR 0186), which came inside the page: neither it nor
      // any card's read is asked on its own.
      expect(
        asked.filter((u) => u === "/api/home"),
        asked.join("\n"),
      ).toHaveLength(0);
      for (const card of cards) expect(asked.filter(card), `${login}\n${asked.join("\n")}`).toEqual([]);
      if (login === "bithu.llcs") expect(asked.filter(probationers), asked.join("\n")).toEqual([]);
      else {
        // A đảng bộ's whole-tree reads, each once, before the render reached the comments panel (loaded on demand).
        const panel = asked.findIndex((u) => /^\/assets\/Comments-[\w-]+\.js$/.test(u));
        const reads = [
          (u: string) => /\/dashboard$/.test(u),
          (u: string) => /\/dashboard\/cells\?offset=0&limit=10$/.test(u),
          probationers,
        ];
        for (const read of reads) {
          expect(asked.filter(read), asked.join("\n")).toHaveLength(1);
          if (panel >= 0) expect(asked.findIndex(read), asked.join("\n")).toBeLessThan(panel);
        }
      }
      await context.close();
    }
  });

  it("asks for the home's call before the first render, so a page whose data came first draws no loader (ADR 0190)", async () => {
    const { context, page: p } = await j.phone();
    const signed = await context.request.post("/api/auth/login", {
      data: { login: "bithu.llcs", password: "demo-chibo-2026" },
    });
    expect(signed.ok()).toBe(true);
    // A page the server did not draw (ADR 0191): what the worker's copy of the shell or a browser that does not say
    // it is navigating gets. The page is fetched as such a request and handed to the browser.
    await p.route(
      (u) => u.pathname === "/",
      async (route) =>
        route.fulfill({
          response: await route.fetch({ headers: { ...route.request().headers(), "sec-fetch-mode": "cors" } }),
        }),
    );
    // The page renders once its catalogue is there: the catalogue is held until the home's answer has arrived, so the
    // first render has the data if it was asked for as the scripts ran, and a loader if it is asked from the render.
    const homeAnswered = p.waitForResponse((r) => new URL(r.url()).pathname === "/api/home");
    await p.route(/\/assets\/vi-[0-9a-f]+\.json$/, async (route) => {
      await homeAnswered;
      await route.continue();
    });
    await p.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        if (document.querySelector(".mantine-Loader-root") && !seen.includes("loader")) seen.push("loader");
        if (document.querySelector("h1") && !seen.includes("h1")) seen.push("h1");
      }).observe(document, { childList: true, subtree: true });
    });
    await p.goto("/");
    await p.getByRole("heading", { level: 1 }).waitFor();
    expect(await p.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(["h1"]);
    await context.close();
  });

  it("sees a cell's first five warnings on the home, and all of them on request", async () => {
    // A cell of its own, so the demo's cells stay as the other journeys find them: a secretary and seven members
    // admitted on 2025-01-10, whose twelve months of probation have ended without a decision.
    const onProbation = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"].map((given) => ({
      fullName: `Nguyễn Văn ${given}`,
      status: "probationary" as const,
      ceremonyDate: "2025-01-10",
    }));
    await buildCellAwaitingCongress(j, {
      name: "Chi bộ Khoa Ngoại ngữ",
      code: "CB-KNN",
      roster: [{ fullName: "Trịnh Thị Lan", role: "secretary", username: "bithu.knn" }, ...onProbation],
    });
    const { context, page: p } = await j.phone();
    const signed = await context.request.post("/api/auth/login", {
      data: { login: "bithu.knn", password: "demo-chibo-2026" },
    });
    expect(signed.ok()).toBe(true);
    await p.goto("/");
    const showAll = p.getByRole("button", { name: /^Xem tất cả \d+ cảnh báo$/ });
    await showAll.waitFor();
    const count = Number(/\d+/.exec((await showAll.textContent()) ?? "")![0]);
    expect(count).toBeGreaterThanOrEqual(onProbation.length);
    const warnings = p.getByRole("alert");
    expect(await warnings.count()).toBe(5);
    await j.shot(p, "e2e-home-warnings-first-five");
    await showAll.click();
    await expect.poll(() => warnings.count()).toBe(count);
    expect(await showAll.count()).toBe(0);
    for (const { fullName } of onProbation) await warnings.filter({ hasText: fullName }).first().waitFor();
    await context.close();
  });
});
