import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { queryRows, type Executor } from "../db/index.js";
import { RateLimitedError } from "../http/errors.js";

export interface Limit {
  /** Attempts allowed in one window. */
  limit: number;
  windowMs: number;
}

export interface Counted {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against a key and says whether it is within the limit. One statement increments and reads
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING takes the row lock), so parallel attempts each see their own number
 * and no more than `limit` of them are ever allowed in a window, on one app server or several. The time left is
 * read on the clock, not at the transaction's start: an attempt that waited for the row lock started before the
 * window it joins was opened, and would otherwise be told to wait longer than the window.
 */
export async function countAttempt(ex: Executor, key: string, { limit, windowMs }: Limit): Promise<Counted> {
  const [row] = await queryRows<{ count: number; retry: number }>(
    ex,
    sql`INSERT INTO rate_limits AS r (key, count, reset_at)
        VALUES (${key}, 1, now() + make_interval(secs => ${windowMs / 1000}))
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
        RETURNING count, ceil(extract(epoch FROM reset_at - clock_timestamp()))::int AS retry`,
  );
  const count = Number(row!.count);
  return { allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Number(row!.retry)) };
}

/** An attempt that turned out legitimate (a successful sign-in) gives its count back. */
export async function giveBack(ex: Executor, key: string): Promise<void> {
  await ex.execute(sql`UPDATE rate_limits SET count = greatest(count - 1, 0) WHERE key = ${key}`);
}

/** Starts a key afresh (a successful sign-in clears its own name-and-address counter). */
export async function clearAttempts(ex: Executor, key: string): Promise<void> {
  await ex.execute(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}

/** Windows long past are of no use; called where a write happens anyway. */
export async function purgeOldAttempts(ex: Executor): Promise<void> {
  await ex.execute(sql`DELETE FROM rate_limits WHERE reset_at < now() - interval '1 day'`);
}

/**
 * Per-user limits on expensive routes (uploads, rendering, backups, exports). A route opts in with one line,
 * `config: { rateLimit: "render" }`; each user has a counter per route. The numbers are generous for a person
 * at work and stop a script or a stuck client from tying up the server.
 */
export const ROUTE_LIMITS = {
  /** Uploads that are parsed: drafts, roster and progress spreadsheets. */
  upload: { limit: 30, windowMs: 10 * 60_000 },
  /** Rendering or downloading DOCX/PDF. */
  render: { limit: 60, windowMs: 10 * 60_000 },
  /** Spreadsheet and personal-data exports. */
  export: { limit: 30, windowMs: 10 * 60_000 },
  /** Whole backups. */
  backup: { limit: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;
export type RouteLimitName = keyof typeof ROUTE_LIMITS;

declare module "fastify" {
  interface FastifyContextConfig {
    /** A per-user limit on this route (see ROUTE_LIMITS). */
    rateLimit?: RouteLimitName;
  }
}

/**
 * Counts each signed-in request to a limited route before its body is read or its work starts; over the limit it
 * answers 429 problem+json with a Retry-After. Register after authentication, which sets request.actor.
 */
export function registerRouteLimits(app: FastifyInstance) {
  app.addHook("onRequest", async (request, reply) => {
    const name = request.routeOptions.config?.rateLimit;
    if (!name || !request.actor) return;
    const key = `route:${request.method} ${request.routeOptions.url}:${request.actor.userId}`;
    const counted = await countAttempt(app.database.db, key, ROUTE_LIMITS[name]);
    if (!counted.allowed) {
      reply.header("retry-after", String(counted.retryAfterSeconds));
      throw new RateLimitedError(counted.retryAfterSeconds);
    }
  });
}

/** True while the key's current window holds more attempts than the limit allows. */
export async function overLimit(ex: Executor, key: string, { limit }: Limit): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`SELECT count AS n FROM rate_limits WHERE key = ${key} AND reset_at > now()`,
  );
  return Number(row?.n ?? 0) >= limit;
}
