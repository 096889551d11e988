import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FirstScreen } from "../../core/http/app.js";
import { DRAWN_HOME_ID, firstScreenHome, HOME_CALL, HOME_FIRST_CALL, HOME_REST_CALL, wholeHome } from "./model.js";
import type { Home, HomeFirst, HomeRest } from "./present.js";

/** What the first screen's bundle (src/web/first-screen.tsx) exports. */
type DrawHome = (home: Home, locale: "vi" | "en", timeoutMs: number) => Promise<string>;

/** Past this the page is sent to be drawn by its scripts, as it was before ADR 0191: a slow drawing holds no one up. */
const DRAWING_TIMEOUT_MS = 1_500;

/**
 * The signed-in home drawn on the server (ADR 0191). For a browser's navigation to `/` with a session cookie it reads
 * the home exactly as the page would — the API's two halves of `/api/home` (ADR 0192) answered by the app itself with
 * the request's own cookie and address, so their access rules, masking of the CSRF token and serialisation are those
 * of the API — and draws its first screen with the page's own components. The whole answer follows the drawing in the
 * page, and the page's scripts take the drawing over from it without asking again.
 *
 * Only for a navigation (`Sec-Fetch-Mode: navigate`): the service worker's copy of the app shell is fetched without
 * it, so no one's data is ever kept in the shell. Null when the bundle is not built, the request is not such a
 * navigation, or the home cannot be read (signed out, expired): the page is then sent as before, naming the home's
 * call as a preload (`firstCall`). Both ways of serving the home live here.
 */
export function homeFirstScreen(
  app: FastifyInstance,
  webDir: string,
  sessionCookie: string,
): {
  firstCall: (request: FastifyRequest) => string | null;
  drawFirstScreen: (request: FastifyRequest) => FirstScreen | null;
} {
  const bundle = path.join(webDir, "..", "web-ssr", "first-screen.js");
  // Looked for once: a new build is a new server start.
  const built = existsSync(bundle);
  let loaded: Promise<DrawHome> | null = null;
  const signedInHome = (request: FastifyRequest) =>
    request.url.split("?")[0] === "/" && !!request.cookies[sessionCookie];
  return {
    // A page the server does not draw names the home's call as a preload, so it travels with the page (ADR 0163).
    firstCall: (request) => (signedInHome(request) ? HOME_CALL : null),
    drawFirstScreen: (request) => {
      if (!built || request.url !== "/" || !signedInHome(request)) return null;
      if (request.headers["sec-fetch-mode"] !== "navigate") return null;
      loaded ??= import(pathToFileURL(bundle).href).then(
        (m: { drawHome: DrawHome }) => m.drawHome,
        (error: unknown) => {
          // Tried again on the next home; meanwhile pages are sent to be drawn by their scripts.
          loaded = null;
          throw error;
        },
      );
      // The page reads its language from the same cookie, or Vietnamese (src/web/i18n.tsx): both draw alike.
      const lang = request.cookies.chibo_lang === "en" ? "en" : "vi";
      return { lang, draw: () => draw(request, lang) };
    },
  };

  /** A half of the home as the API answers this request's person, or null (signed out, refused, failed). */
  async function ask<T>(request: FastifyRequest, url: string): Promise<T | null> {
    const answer = await app.inject({
      method: "GET",
      url,
      remoteAddress: request.ip,
      headers: {
        cookie: request.headers.cookie ?? "",
        "user-agent": request.headers["user-agent"] ?? "",
        "accept-encoding": "identity",
      },
    });
    return answer.statusCode === 200 ? (JSON.parse(answer.body) as T) : null;
  }

  /**
   * The first screen is drawn from its half of the home and sent at once; the rest is read while the browser paints
   * it (ADR 0192), and the whole answer follows. If the rest cannot be read, the page has its drawing without the
   * answer, and its scripts draw it anew from their own call.
   */
  async function* draw(request: FastifyRequest, locale: "vi" | "en"): AsyncGenerator<string> {
    const first = await ask<HomeFirst>(request, HOME_FIRST_CALL);
    // Signed out, expired, or a temporary password (its page only asks for a new one): nothing to draw.
    if (!first || first.me.mustChangePassword) return;
    const drawHome = await loaded!;
    const root = await drawHome(firstScreenHome(first), locale, DRAWING_TIMEOUT_MS);
    yield `<div id="root">${root}</div>`;
    const rest = await ask<HomeRest>(request, HOME_REST_CALL);
    if (!rest) return;
    const home: Home = wholeHome(first, rest);
    // `<` escaped, the answer cannot end its script element whatever text a member typed into it.
    const data = JSON.stringify(home).replace(/</g, "\\u003c");
    yield `<script type="application/json" id="${DRAWN_HOME_ID}">${data}</script>`;
  }
}
