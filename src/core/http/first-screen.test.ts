import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync } from "node:zlib";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/database.js";
import type { Database } from "../db/index.js";
import { createApp } from "./app.js";

/**
 * The page with a first screen drawn on the server (ADR 0191), as core sends it: the head first, the drawing's parts,
 * then the rest of the page; the page as it is when the drawing fails.
 */
const HEAD = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/app.js"></script></head>';
const TAIL = "<p>tail</p></body></html>";

let database: Database;
let app: FastifyInstance;
let base: string;
/** What the next drawing does, and what was seen when it started. */
let drawing: (request: FastifyRequest) => AsyncIterable<string>;

beforeAll(async () => {
  const webDir = mkdtempSync(path.join(tmpdir(), "chibo-first-screen-"));
  writeFileSync(path.join(webDir, "index.html"), `${HEAD}<body><div id="root"></div>${TAIL}`);
  database = await createTestDatabase();
  app = await createApp({
    database,
    webDir,
    drawFirstScreen: (request) =>
      request.url === "/"
        ? { lang: request.headers["x-lang"] === "en" ? "en" : "vi", draw: () => drawing(request) }
        : null,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function get(
  url: string,
  encoding = "identity",
  headers: Record<string, string> = {},
): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      // A socket of its own for each request, so what it has written is this answer alone.
      .get(`${base}${url}`, { agent: false, headers: { "accept-encoding": encoding, ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

/** Reads that never yield to the event loop, as the embedded store's do: a long chain of promises. */
async function busyReading() {
  for (let i = 0; i < 100_000; i++) await Promise.resolve();
}

/** A drawing on such reads; `seen` records how much of the answer had left the server as each step began. */
async function* busyDrawing(request: FastifyRequest, seen: { written: number[] }): AsyncGenerator<string> {
  seen.written.push(request.raw.socket?.bytesWritten ?? -1);
  await busyReading();
  yield '<div id="root"><h1>drawn</h1></div>';
  seen.written.push(request.raw.socket?.bytesWritten ?? -1);
  await busyReading();
  yield '<script type="application/json" id="data">{}</script>';
}

describe("a page with its first screen drawn", () => {
  for (const encoding of ["identity", "br"]) {
    it(`sends its head before the drawing starts, then each of the drawing's parts as it comes, then the rest (${encoding})`, async () => {
      const seen = { written: [] as number[] };
      drawing = (request) => busyDrawing(request, seen);
      const page = await get("/", encoding);
      // The head (and the response's headers) had left the server when the drawing began: before, a drawing that
      // never yielded held them back until it was done. And the drawing's first part had left before the rest was
      // read (ADR 0192): the browser paints it meanwhile.
      expect(seen.written[0]).toBeGreaterThan(0);
      expect(seen.written[1]).toBeGreaterThan(seen.written[0]!);
      const body = encoding === "br" ? brotliDecompressSync(page.body).toString("utf8") : page.body.toString("utf8");
      expect(body).toBe(
        `${HEAD}<body><div id="root"><h1>drawn</h1></div><script type="application/json" id="data">{}</script>${TAIL}`,
      );
      expect(page.headers["content-encoding"]).toBe(encoding === "br" ? "br" : undefined);
      // One person's page: no shared cache keeps it.
      expect(page.headers["cache-control"]).toBe("private, no-cache");
      expect(page.headers.vary).toContain("Cookie");
    });
  }

  it("says the language the page is drawn in", async () => {
    drawing = async function* () {
      yield '<div id="root"><h1>Hello</h1></div>';
    };
    const page = (await get("/", "identity", { "x-lang": "en" })).body.toString("utf8");
    expect(page).toBe(`${HEAD.replace('lang="vi"', 'lang="en"')}<body><div id="root"><h1>Hello</h1></div>${TAIL}`);
  });

  it("sends the page with its root empty when the drawing fails or draws nothing", async () => {
    drawing = async function* () {
      yield* [];
      throw new Error("the drawing broke");
    };
    expect((await get("/")).body.toString("utf8")).toBe(`${HEAD}<body><div id="root"></div>${TAIL}`);
    drawing = async function* () {};
    expect((await get("/")).body.toString("utf8")).toBe(`${HEAD}<body><div id="root"></div>${TAIL}`);
  });

  it("ends the page after a part already sent when the drawing fails later", async () => {
    drawing = async function* () {
      yield '<div id="root"><h1>drawn</h1></div>';
      throw new Error("the rest could not be read");
    };
    expect((await get("/")).body.toString("utf8")).toBe(`${HEAD}<body><div id="root"><h1>drawn</h1></div>${TAIL}`);
  });

  it("sends any other page as it is, asked again on every visit", async () => {
    const page = await get("/to-chuc/1");
    expect(page.body.toString("utf8")).toBe(`${HEAD}<body><div id="root"></div>${TAIL}`);
    expect(page.headers["cache-control"]).toBe("no-cache");
  });
});
