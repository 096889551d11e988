import { PassThrough, type Transform } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a compressed answer saves less than its headers and the CPU cost. */
const MIN_BYTES = 1024;
const JSON_TYPE = /^application\/(problem\+)?json/;

/** The encoding to use for an Accept-Encoding header: Brotli, else gzip, else none. */
export function chooseEncoding(accept: string | undefined): "br" | "gzip" | null {
  const offered = new Map<string, number>();
  for (const part of (accept ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (name: string) => (offered.get(name) ?? offered.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return null;
}

/**
 * JSON answers are compressed when the browser accepts it (ADR 0169): a home or a list of a hundred cells is 10–150
 * KB of JSON, a second or more at 1.6 Mbit/s, and a tenth of that compressed. A compressed secret beside text an
 * attacker can influence leaks through the answer's length (BREACH): answers give the CSRF token only masked afresh
 * (csrf.ts), and an answer that still holds the session's raw token is sent as it is. Files are sent precompressed
 * by the static server.
 */
export function registerCompression(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    if (reply.getHeader("content-encoding")) return payload;
    if (!JSON_TYPE.test(String(reply.getHeader("content-type") ?? ""))) return payload;
    const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
    if (size < MIN_BYTES) return payload;
    const token = request.actor?.csrfToken;
    if (token && payload.includes(token)) return payload;
    const encoding = chooseEncoding(request.headers["accept-encoding"]);
    reply.header("vary", appendVary(reply.getHeader("vary")));
    if (!encoding) return payload;
    reply.header("content-encoding", encoding);
    reply.removeHeader("content-length");
    return encoding === "br"
      ? br(payload, {
          params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: size },
        })
      : gz(payload, { level: GZIP_LEVEL });
  });
}

/** Most of Brotli's gain at a few milliseconds for 150 KB; level 11 is for files compressed once, at build. */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

/**
 * An answer written as it is made (the home drawn by the server, ADR 0191), compressed as the browser accepts, with
 * the reply's headers set: write to it, `flush` what must leave now, and send it. Its text must hold no secret beside
 * text an attacker can influence, as above (the CSRF token only masked afresh).
 */
export function compressingStream(
  request: FastifyRequest,
  reply: FastifyReply,
): { stream: Transform; flush: (then?: () => void) => void } {
  const encoding = chooseEncoding(request.headers["accept-encoding"]);
  reply.header("vary", appendVary(reply.getHeader("vary")));
  if (!encoding) {
    const stream = new PassThrough();
    // Written straight through: what was written has left once the current tick's I/O has run.
    return { stream, flush: (then) => then && setImmediate(then) };
  }
  reply.header("content-encoding", encoding);
  const stream =
    encoding === "br"
      ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
      : createGzip({ level: GZIP_LEVEL });
  return { stream, flush: (then) => stream.flush(() => then && setImmediate(then)) };
}

function appendVary(current: unknown): string {
  const values = String(current ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  return values.some((v) => v.toLowerCase() === "accept-encoding" || v === "*")
    ? values.join(", ")
    : [...values, "Accept-Encoding"].join(", ");
}
