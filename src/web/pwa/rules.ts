/**
 * What the service worker does with each request — pure, so it is tested without a browser (ADR 0147).
 * The worker (worker.ts) and the page (register.ts) share these names.
 */

/** The data the member has read: API answers, kept per address until sign-out. */
export const DATA_CACHE = "chibo-data";
/** Fonts and other assets fetched when first used (the document print page's fonts): kept across versions. */
export const ASSET_CACHE = "chibo-assets";
/** The app shell of one version: index.html, the scripts and styles, the icons. */
export const shellCache = (version: string) => `chibo-shell-${version}`;
/** The header a cached API answer carries: when the server sent it (ISO). The page reads it to show the banner. */
export const SAVED_AT = "x-chibo-saved-at";
/** Enough for a member's screens; past it the oldest answers go first. */
export const DATA_CACHE_LIMIT = 300;
/** The message a page posts to a waiting worker when the member accepts the update. */
export const SKIP_WAITING = "skip-waiting";

export type Strategy =
  /** A page load: the network, or the cached app shell when there is none. */
  | "page"
  /** A hashed asset or an icon: the cache first (its name changes when its content does). */
  | "asset"
  /** An API read: the network first, its answer kept; the kept answer when the network fails. */
  | "data"
  /** Everything else (writes, other origins, the API docs): straight to the network, nothing kept. */
  | "network";

/** Routes whose answers are never kept: the API's own docs and the health probe are not the member's data. */
const UNKEPT = [/^\/api\/docs(\/|$)/, /^\/api\/health$/];

export function strategyFor(request: { method: string; url: string; mode?: string }, origin: string): Strategy {
  const url = new URL(request.url);
  if (url.origin !== origin || request.method !== "GET") return "network";
  if (request.mode === "navigate") return url.pathname.startsWith("/api/") ? "network" : "page";
  if (url.pathname.startsWith("/api/")) return UNKEPT.some((r) => r.test(url.pathname)) ? "network" : "data";
  if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/icons/")) return "asset";
  if (url.pathname === "/manifest.webmanifest") return "asset";
  return "network";
}

/** The copy of an answer kept for offline: the answer as it came, with the moment it was kept (SAVED_AT). */
export function keptCopy(body: Blob | string, headers: HeadersInit, savedAt: Date): Response {
  const kept = new Headers(headers);
  kept.set(SAVED_AT, savedAt.toISOString());
  return new Response(body, { status: 200, headers: kept });
}

/** Only a complete JSON answer is worth reading offline: files (PDF, DOCX, exports) and errors are not kept. */
export function mayKeep(status: number, contentType: string | null): boolean {
  return status === 200 && (contentType ?? "").startsWith("application/json");
}

/** A session that ended (401) means the next person on this phone must not read the last one's data. */
export function endsSession(status: number): boolean {
  return status === 401;
}
