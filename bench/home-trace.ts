// One throttled visit to the home, cold then repeated, as `npm run bench -- --web-only` makes it (bench/slow-phone.ts),
// printing when each request started and ended: where the home's time goes. Against a running server with the bench
// accounts, e.g. `PORT=3997 CHIBO_DATA_DIR=<copy of bench/.data/S-pglite> node bin/chibo.mjs start`, then:
// node --import tsx bench/home-trace.ts [http://127.0.0.1:3997] [bench.bithu]
import { chromium } from "playwright-core";
import { appStartedAt, homeReadyAt, openHomeThrottled, phoneContext } from "./slow-phone.js";

const base = process.argv[2] ?? "http://127.0.0.1:3997";
const login = process.argv[3] ?? "bench.bithu";
const browser = await chromium.launch({
  executablePath: process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const context = await phoneContext(browser, base);
  const signedIn = await context.request.post("/api/auth/login", { data: { login, password: "demo-chibo-2026" } });
  if (!signedIn.ok()) throw new Error(`sign-in: ${signedIn.status()}`);
  for (const visit of ["cold", "repeat"]) {
    const page = await openHomeThrottled(context);
    const usable = Math.round(await homeReadyAt(page));
    const started = Math.round(await appStartedAt(page));
    const [html, loaded] = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return [
        `${Math.round(n?.responseStart ?? 0)}–${Math.round(n?.responseEnd ?? 0)}`,
        n?.domContentLoadedEventEnd ?? 0,
      ];
    });
    const requests = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map(
          (e) =>
            `${Math.round(e.startTime)}–${Math.round((e as PerformanceResourceTiming).responseEnd)} ms  ${e.name.replace(location.origin, "")}`,
        ),
    );
    console.log(
      `${visit}: page ${html} ms, usable at ${usable} ms, scripts run by ${Math.round(loaded)} ms (DOMContentLoaded), ` +
        `app started at ${started} ms\n  ${requests.join("\n  ")}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
