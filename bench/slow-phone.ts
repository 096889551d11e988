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

/**
 * Watches the page from its first byte: when the greeting is painted (Element Timing on the home's h1), when the last
 * loader left the page and when the whole home was there. Set before the navigation, so nothing drawn early is missed.
 */
function watchTheHome() {
  const w = window as unknown as Record<string, number | undefined>;
  w.__chiboLoaderGoneAt = 0;
  let loading = false;
  new MutationObserver(() => {
    const now = document.querySelector(".mantine-Loader-root") !== null;
    if (loading && !now) w.__chiboLoaderGoneAt = performance.now();
    loading = now;
    if (w.__chiboCompleteAt === undefined && document.querySelector("[data-home-complete]"))
      w.__chiboCompleteAt = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-home-complete"] });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[])
      if (entry.identifier === "home-greeting") w.__chiboGreetingPaint ??= entry.renderTime || entry.startTime;
  }).observe({ type: "element", buffered: true });
}

/** Opens `/` in a new tab of the context, throttled, and returns as soon as the navigation is committed. */
export async function openHomeThrottled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(watchTheHome);
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
 * Waits until the home is usable — the greeting painted, no loader left — or, with `complete`, until every card below
 * the first screen is there too (ADR 0187); returns the time from navigation, in ms. The moments are those the page
 * recorded (watchTheHome), not when this poll saw them: a poll runs on the page's main thread and waits behind its
 * scripts, while a greeting the server drew is on the screen already (ADR 0191).
 */
export async function homeReadyAt(page: Page, { complete = false } = {}): Promise<number> {
  const handle = await page.waitForFunction(
    (complete) => {
      const w = window as unknown as Record<string, number | undefined>;
      if (w.__chiboGreetingPaint === undefined || document.querySelector(".mantine-Loader-root")) return false;
      if (complete && w.__chiboCompleteAt === undefined) return false;
      return Math.max(w.__chiboGreetingPaint, w.__chiboLoaderGoneAt ?? 0, complete ? w.__chiboCompleteAt! : 0);
    },
    complete,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** When the page's scripts had the home in hand (the mark main.tsx sets once the app has committed), in ms. */
export async function appStartedAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => performance.getEntriesByName("chibo:started")[0]?.startTime, null, {
    timeout: 60_000,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}
