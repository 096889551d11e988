import path from "node:path";
import { existsSync, readFileSync } from "node:fs";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import { type ReadRunner, WROTE_AT_COOKIE } from "./route.js";
import helmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Database } from "../db/index.js";
import type { Actor } from "../access/index.js";
import { pickLocale, t, type Locale } from "../i18n/index.js";
import { errorHandler, frameworkErrorHandler, sendProblem } from "./problem.js";
import { registerTextSafety } from "./text-safety.js";
import { compressingStream, registerCompression } from "./compression.js";

declare module "fastify" {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
  }
  interface FastifyInstance {
    database: Database;
    /** The declared reads by URL pattern, so a batched read answers through the same chain (route.ts answerRead). */
    reads: Map<string, ReadRunner>;
    /** Every route registered, for the access-matrix test and the docs. */
    routeTable: {
      method: string;
      url: string;
      access: "public" | "authenticated";
      rateLimit?: string;
      /** How the answer is declared: a response schema, or a file (PDF, DOCX, XLSX, CSV, ICS, archive). */
      response: "schema" | "file" | "undeclared";
    }[];
  }
  interface FastifyContextConfig {
    /** Who may call the route at all; finer checks happen inside with authorize(). */
    access?: "public" | "authenticated";
    /** One of the few routes a session with a temporary password may call (change it, who am I, sign out). */
    allowedBeforePasswordChange?: boolean;
    /** The route answers with a file, not JSON: its bytes have no response schema. */
    download?: boolean;
  }
}

export interface AppOptions {
  database: Database;
  /** Built web UI (vite output); when absent the API still works. */
  webDir?: string;
  logger?: boolean;
  /** Behind a TLS proxy set true so cookies get the Secure flag. */
  secureCookies?: boolean;
  /**
   * The API call a page request will make first, if it is known from the request alone (the signed-in home):
   * index.html then names it as a preload, so the call travels with the page instead of after its scripts.
   */
  firstCall?: (request: FastifyRequest) => string | null;
  /**
   * The page's first screen drawn on the server, if it can be for this request (the signed-in home, ADR 0191): null
   * at once when not, else the language it is drawn in and a drawing to start. The drawing yields its parts as each
   * is ready, and each is sent at once, so the browser paints the first while the next is still being read: the first
   * takes the place of the page's empty root (none: the root is sent empty), the others follow it.
   */
  drawFirstScreen?: (request: FastifyRequest) => FirstScreen | null;
}

/** A first screen the server draws (ADR 0191): its language, and the drawing to start once the page's head has left. */
export interface FirstScreen {
  lang: Locale;
  draw: () => AsyncIterable<string>;
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Request logs are for operators who ask for them (LOG_LEVEL=info); the console stays readable by default.
    logger: options.logger ? { level: process.env.LOG_LEVEL ?? "warn" } : false,
    bodyLimit: 25 * 1024 * 1024,
    trustProxy: process.env.CHIBO_TRUST_PROXY === "1",
    routerOptions: { ignoreTrailingSlash: true },
    // A malformed or overlong path is refused as a problem in the user's language, like every other 4xx.
    frameworkErrors: frameworkErrorHandler,
  });
  app.decorate("database", options.database);
  const routeTable: FastifyInstance["routeTable"] = [];
  app.decorate("routeTable", routeTable);
  app.decorate("reads", new Map<string, ReadRunner>());
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      if (method !== "HEAD")
        routeTable.push({
          method,
          url: route.url,
          access: route.config?.access ?? "authenticated",
          rateLimit: route.config?.rateLimit,
          response: route.schema?.response ? "schema" : route.config?.download ? "file" : "undeclared",
        });
    }
  });
  app.decorateRequest("locale", "vi");
  app.decorateRequest("actor", null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  registerTextSafety(app);
  registerCompression(app);

  await app.register(cookie);
  // With a hot standby for heavy reads, a write's answer carries the primary's WAL position: that user's heavy reads
  // wait for the standby to have replayed it, or go to the primary (ADR 0178). Read after the write has committed.
  const database = options.database;
  if (database.walPosition)
    app.addHook("onSend", async (request, reply, payload) => {
      if (request.method === "GET" || request.method === "HEAD" || reply.statusCode >= 400) return payload;
      // The primary unreachable right after the write: a position no standby reaches, so this user's heavy reads
      // go to the primary for the cookie's five minutes.
      const position = await database.walPosition!().catch(() => "FFFFFFFF/FFFFFFFF");
      reply.setCookie(WROTE_AT_COOKIE, position, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: !!options.secureCookies,
        maxAge: 300,
      });
      return payload;
    });
  // After the cookie parser, so the language switch's cookie counts.
  app.addHook("onRequest", async (request) => {
    const explicit = (request.query as Record<string, string> | undefined)?.lang ?? request.cookies.chibo_lang;
    request.locale = pickLocale(explicit, request.headers["accept-language"]);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time; scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    hsts: options.secureCookies ? undefined : false,
  });

  await app.register(swagger, {
    openapi: {
      info: { title: "chibo API", description: "Sổ tay Chi bộ — API", version: "0.1.0" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "chibo_session" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  if (options.webDir && existsSync(path.join(options.webDir, "index.html"))) {
    await app.register(fastifyStatic, {
      root: options.webDir,
      // The build writes .br and .gz copies of each file (ADR 0169); the one the browser accepts is sent.
      preCompressed: true,
      wildcard: false,
      index: false,
      maxAge: "1h",
      // The service worker and the manifest name the current version: checked on every visit, so an update reaches
      // the phone at once (ADR 0147).
      setHeaders: (reply, file) => {
        if (/(^|[/\\])(sw\.js|manifest\.webmanifest)$/.test(file)) reply.header("cache-control", "no-cache");
      },
    });
    app.get("/assets/*", { config: { access: "public" }, schema: { hide: true } }, (request, reply) => {
      const file = (request.params as { "*": string })["*"];
      // Hashed file names: safe to cache for a year.
      return reply.header("cache-control", "public, max-age=31536000, immutable").sendFile(path.join("assets", file));
    });
  }

  // Read once: a new build is a new server start.
  let indexHtml: string | null = null;
  const page = () => (indexHtml ??= readFileSync(path.join(options.webDir!, "index.html"), "utf8"));
  const withPreload = (call: string) => {
    // `crossorigin` makes the preload a CORS-mode request with same-origin credentials, the same as the page's
    // fetch(), so the browser hands the preloaded answer to that fetch instead of asking twice.
    const link = `<link rel="preload" as="fetch" crossorigin="anonymous" href="${call}">`;
    return page().replace("<head>", `<head>\n    ${link}`);
  };

  /**
   * The page with its first screen drawn (ADR 0191), streamed: the head, which names the scripts and the styles, leaves
   * at once, so they download while the server reads and draws; the body follows. If the drawing fails the root is
   * sent empty and the page draws itself, as without. Compressed as the browser accepts: the answer inside holds the
   * CSRF token only masked afresh (compression.ts).
   */
  const ROOT = '<div id="root"></div>';
  const sendDrawn = (request: FastifyRequest, reply: FastifyReply, { lang, draw }: FirstScreen) => {
    const index = page();
    const at = index.indexOf(ROOT);
    // One person's page: never kept by a shared cache, and asked again on every visit.
    reply.header("cache-control", "private, no-cache").header("vary", "Cookie").type("text/html; charset=utf-8");
    const { stream, flush } = compressingStream(request, reply);
    stream.on("error", (error) => request.log.warn({ err: error }, "first screen not sent"));
    const body = async () => {
      let drawn = false;
      try {
        for await (const part of draw()) {
          stream.write(part);
          drawn = true;
          // Sent before the drawing goes on: its next reads would otherwise hold this part back, as they did the head.
          await new Promise<void>((resolve) => flush(resolve));
        }
      } catch (error) {
        // Past the root the page has its drawing without the data it was drawn from: its scripts then draw it anew.
        request.log.error({ err: error }, "first screen not drawn");
      }
      if (!drawn) stream.write(ROOT);
      stream.end(index.slice(at + ROOT.length));
    };
    // The page says the language it is drawn in (index.html says Vietnamese; the scripts set it again as they start).
    stream.write(index.slice(0, at).replace(/<html lang="[a-z]+"/, `<html lang="${lang}"`));
    // The drawing starts once the head has left. The embedded store answers without I/O: started at once, its reads
    // would run as one unbroken chain of promises ahead of the stream's next tick, and the head would leave with the
    // body (measured: 150–600 ms later).
    flush(() => void body());
    return reply.send(stream);
  };

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || !options.webDir || request.method !== "GET") {
      return sendProblem(reply, {
        type: "about:blank",
        title: t(request.locale, "errors.route_not_found"),
        status: 404,
        code: "route_not_found",
        detail: t(request.locale, "errors.route_not_found"),
      });
    }
    // Client-side routes: every other GET gets the single-page app.
    const drawn = options.drawFirstScreen?.(request);
    if (drawn) return sendDrawn(request, reply, drawn);
    const call = options.firstCall?.(request);
    if (call) return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(withPreload(call));
    // The static server's own hour of caching is for the files beside it; the page names the current build's files,
    // so it is asked again on every visit (measured: it was sent with "public, max-age=3600").
    return reply.header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });
  });

  return app;
}
