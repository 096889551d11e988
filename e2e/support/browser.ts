import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { buildServer, WEB_DIR, type ServerOptions } from "../../src/server.js";
import { createTestDatabase } from "../../test/support/database.js";
import type { Database } from "../../src/core/db/index.js";

// Journeys save what they saw here (not committed); docs/screenshots holds the curated pictures.
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");

export interface Journey {
  url: string;
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  phone(): Promise<{ context: BrowserContext; page: Page }>;
  desktop(): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** A real chibo server on a free loopback port with a fresh demo database, and Debian's Chromium. */
export async function startJourney(options: Pick<ServerOptions, "backups"> = {}): Promise<Journey> {
  const database = await createTestDatabase();
  const app = await buildServer({ database, webDir: WEB_DIR, ...options });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const open = async (viewport: { width: number; height: number }, isMobile: boolean) => {
    const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, locale: "vi-VN", baseURL: url });
    return { context, page: await context.newPage() };
  };
  return {
    url,
    app,
    database,
    browser,
    phone: () => open({ width: 390, height: 844 }, true),
    desktop: () => open({ width: 1280, height: 800 }, false),
    shot: async (page, name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}
