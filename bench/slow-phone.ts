/**
 * The phone the home's budgets are measured on (issue 19): DevTools' "Slow 4G" (150 ms round trip, 1.6 Mbit/s down,
 * 750 kbit/s up), a 4× slower CPU, 360 × 780 px, the service worker blocked. DevTools throttling applies to the
 * page's own requests, not to a worker's, so a figure with the worker would be unthrottled in part (with it the
 * repeat visit can only be faster). Shared by the bench (bench/run.ts) and the trace of one visit (home-trace.ts).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";

export const SLOW_PHONE_PROFILE = "Slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), CPU 4× slowdown, 360×780";

/** A fresh context on the phone: its own HTTP cache, which a second visit in it finds warm. */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 780 }, baseURL, serviceWorkers: "block" });
}

/** Opens `/` in a new tab of the context, throttled, and returns as soon as the navigation is committed. */
export async function openHomeThrottled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto("/", { waitUntil: "commit" });
  return page;
}

/**
 * Waits until the home is usable — the greeting there, no loader left — or, with `complete`, until every card below
 * the first screen is there too (ADR 0187); returns the time from navigation, in ms.
 */
export async function homeReadyAt(page: Page, { complete = false } = {}): Promise<number> {
  await page.waitForFunction(
    (marker) => !!document.querySelector(marker) && !document.querySelector(".mantine-Loader-root"),
    complete ? "[data-home-complete]" : "h1",
    { timeout: 60_000, polling: 50 },
  );
  return page.evaluate(() => performance.now());
}
