// One throttled visit to the home, cold then repeated, as `npm run bench -- --web-only` makes it (Slow 4G, 4× CPU,
// 360 px, service worker blocked), printing when each request started and ended: where the home's time goes.
// Against a running server with the bench accounts, e.g. `PORT=3997 CHIBO_DATA_DIR=<copy of bench/.data/S-pglite>
// node bin/chibo.mjs start`, then: node bench/home-trace.mjs [http://127.0.0.1:3997] [bench.bithu]
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:3997";
const login = process.argv[3] ?? "bench.bithu";
const network = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const browser = await chromium.launch({
  executablePath: process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    baseURL: base,
    serviceWorkers: "block",
  });
  const signedIn = await context.request.post("/api/auth/login", { data: { login, password: "demo-chibo-2026" } });
  if (!signedIn.ok()) throw new Error(`sign-in: ${signedIn.status()}`);
  for (const visit of ["cold", "repeat"]) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", network);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto("/", { waitUntil: "commit" });
    await page.waitForFunction(
      () => !!document.querySelector("h1") && !document.querySelector(".mantine-Loader-root"),
      null,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    const usable = Math.round(await page.evaluate(() => performance.now()));
    const loaded = Math.round(
      await page.evaluate(() => performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? 0),
    );
    const requests = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map(
          (e) => `${Math.round(e.startTime)}–${Math.round(e.responseEnd)} ms  ${e.name.replace(location.origin, "")}`,
        ),
    );
    console.log(
      `${visit}: usable at ${usable} ms, scripts run by ${loaded} ms (DOMContentLoaded)\n  ${requests.join("\n  ")}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
