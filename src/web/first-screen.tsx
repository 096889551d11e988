/**
 * The home's first screen drawn on the server (ADR 0191): the same components as the page, given the same answer of
 * `/api/home`, so the phone shows the greeting, the next meeting and the tasks as soon as the HTML and its styles
 * are there, and the scripts take the drawing over (React's hydration) when they have run. Built by Vite into
 * dist/web-ssr/first-screen.js (scripts/build.mjs) and loaded by the server (src/modules/home/first-screen.ts).
 */
import { prerenderToNodeStream } from "react-dom/static";
import { App, createQueryClient } from "./App";
import { ME_KEY } from "./auth";
import { putHome } from "./home-data";
import { loadCatalogue, type Locale } from "./i18n";
import type { Home } from "../modules/home/present";

/** The markup of the page's root for `home`, in `locale`; rejects after `timeoutMs`, drawing nothing half-way. */
export async function drawHome(home: Home, locale: Locale, timeoutMs: number): Promise<string> {
  await loadCatalogue(locale);
  // A cache of its own for each drawing: nothing of one person's is kept for the next request.
  const queryClient = createQueryClient();
  putHome(queryClient, home);
  queryClient.setQueryData(ME_KEY, home.me);
  // Aborted past its time, drawing nothing half-way; an error in any part fails the whole drawing, so the page
  // draws itself rather than show a part the server could not draw.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`first screen not drawn in ${timeoutMs} ms`)), timeoutMs);
  const errors: unknown[] = [];
  try {
    // Everything, code loaded on demand included, so the page's scripts find the same markup and suspend nothing.
    const { prelude } = await prerenderToNodeStream(<App queryClient={queryClient} location="/" locale={locale} />, {
      signal: controller.signal,
      onError: (error) => void errors.push(error),
    });
    const chunks: Buffer[] = [];
    for await (const chunk of prelude) chunks.push(chunk as Buffer);
    if (errors.length > 0) throw errors[0];
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    clearTimeout(timer);
  }
}
