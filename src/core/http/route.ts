import type { FastifyContextConfig, FastifySchema, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Action, type Actor, decide, loadOrgRef, type OrgRef } from "../access/index.js";
import { type Database, type Executor, inTransaction, type Tx } from "../db/index.js";
import { type z, ZodError } from "zod";
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError } from "./errors.js";

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route's load and operation receive: its validated input, and the request for the rare need of headers. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
}

/**
 * One route, declared: its schemas, the action it needs, how it finds the record it acts on, the one operation it
 * calls, and the shape of its answer. `readRoute` and `writeRoute` run the chain the same way for every route:
 *
 *   actor → (transaction, for a write) → load the record → authorise on the record's organisation → operation
 *   → serialise through the response schema.
 *
 * The record is loaded *inside* the transaction (and a write's `load` locks it: `{ lock: true }`), so the
 * authorisation and the operation see the same, current row — never a copy read before the transaction began.
 * A field the response schema does not name never leaves the server.
 */
interface RouteSpec<PS, QS, BS, RS extends Schema, Rec, Ex extends Executor> {
  url: string;
  tags: string[];
  summary?: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** The answer's shape (zod). A codec (see core/http/present `timestamp`) turns server values into JSON. */
  response: RS;
  /** The action the actor needs on the record's organisation. */
  action: Action;
  /**
   * Finds the record, or throws NotFoundError. `lock` is true for a write: lock the row (`SELECT … FOR UPDATE`)
   * so a concurrent write waits. Without `load`, the record is the organisation named by the `:id` parameter.
   */
  load?: (ex: Ex, input: RouteInput<Infer<PS>, Infer<QS>, Infer<BS>>, options: { lock: boolean }) => Promise<Rec>;
  /**
   * The organisation the action is checked on; by default the record's `organizationId`. A load that already read
   * the organisation's path with the record (a view shared between readers) returns it whole, and no query is made.
   */
  organizationOf?: (record: Rec) => string | OrgRef;
  /**
   * A rule of the record itself that a role cannot grant (only the meeting's chair and minute-taker approve its
   * minutes): checked with the action, on the loaded record, before the operation; false answers 403.
   */
  allow?: (actor: Actor, record: Rec) => boolean;
  /** The one operation: in the transaction for a write, on the database for a read. */
  handle: (
    ctx: RouteInput<Infer<PS>, Infer<QS>, Infer<BS>> & {
      ex: Ex;
      actor: Actor;
      record: Rec;
      org: OrgRef;
      reply: FastifyReply;
    },
  ) => Promise<z.output<RS>>;
  /** Fastify route config (rate limits, password-change allowance). */
  config?: FastifyContextConfig;
}

export type ReadRouteSpec<PS, QS, RS extends Schema, Rec> = RouteSpec<PS, QS, undefined, RS, Rec, Executor> & {
  /**
   * A heavy read (a dashboard, an overview, a report) that a hot standby may serve when one is configured
   * (DATABASE_READ_URL): for a user who has just written, only once the standby has replayed their write (ADR 0178).
   */
  replica?: boolean;
};
export type WriteRouteSpec<PS, QS, BS, RS extends Schema, Rec> = RouteSpec<PS, QS, BS, RS, Rec, Tx> & {
  method?: "POST" | "PUT" | "PATCH" | "DELETE";
  /** 200 by default; 201 for a creation. */
  status?: 200 | 201;
};

/** A GET route: no transaction, no lock. */
export function readRoute<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  RS extends Schema = Schema,
  Rec = OrgRef,
>(app: FastifyInstance, spec: ReadRouteSpec<PS, QS, RS, Rec>): void {
  const run = register(
    app,
    "GET",
    200,
    spec as RouteSpec<PS, QS, undefined, RS, Rec, Executor>,
    async (database, fn, request) => fn(spec.replica ? await readerFor(database, request) : database.db),
  );
  app.reads.set(spec.url, async (request, reply, actor, raw) => {
    const params = spec.params ? spec.params.parse(raw.params ?? {}) : (raw.params ?? {});
    const query = spec.query ? spec.query.parse(raw.query ?? {}) : (raw.query ?? {});
    return run(request, reply, actor, { params, query });
  });
}

/** A declared read run for a request's actor without a request of its own (answerRead). */
export type ReadRunner = (
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  input: { params?: Record<string, string>; query?: Record<string, string> },
) => Promise<unknown>;

/**
 * A declared read answered inside another request (the home's batched call, ADR 0186): the route's own chain —
 * its schemas parse the parameters, its load finds the record, its action is decided on the record's organisation,
 * its operation answers — for the same actor, without a round trip. Null when the route refuses (403, 404, a bad
 * parameter) or fails: the part is left out, and the screen asks the route itself, which says why. Only for reads
 * that answer with their value: the reply handed on is the batched call's own, not one to set headers on.
 */
export async function answerRead(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  url: string,
  input: { params?: Record<string, string>; query?: Record<string, string> },
): Promise<unknown> {
  const runner = app.reads.get(url);
  if (!runner) throw new Error(`no declared read at ${url}`);
  try {
    return await runner(request, reply, requireActor(request), input);
  } catch (error) {
    if (!(error instanceof AppError) && !(error instanceof ZodError))
      request.log.error({ err: error, url }, "batched read failed");
    return null;
  }
}

/** The cookie that carries the primary's WAL position after a user's last write (ADR 0178). */
export const WROTE_AT_COOKIE = "chibo_wrote_at";

/**
 * Where a heavy read goes: the standby, unless it has not yet replayed this user's last write (the position their
 * last write's answer left in a cookie), or there is none; then the primary, so nobody reads stale data of their own.
 */
async function readerFor(database: Database, request: FastifyRequest): Promise<Executor> {
  const replica = database.replica;
  if (!replica) return database.db;
  const cookie = request.cookies?.[WROTE_AT_COOKIE];
  // No write of theirs to wait for: the standby is only asked whether it answers at all.
  const wroteAt = cookie && /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/u.test(cookie) ? cookie : "0/0";
  try {
    return (await replica.replayedUpTo(wroteAt)) ? replica.db : database.db;
  } catch {
    // The standby is down or restarting: the primary answers.
    return database.db;
  }
}

/** A route that changes something: one transaction, the record loaded and locked inside it. POST by default. */
export function writeRoute<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
  RS extends Schema = Schema,
  Rec = OrgRef,
>(app: FastifyInstance, spec: WriteRouteSpec<PS, QS, BS, RS, Rec>): void {
  register(app, spec.method ?? "POST", spec.status ?? 200, spec as RouteSpec<PS, QS, BS, RS, Rec, Executor>, (db, fn) =>
    inTransaction(db, (tx) => fn(tx)),
  );
}

function register<PS, QS, BS, RS extends Schema, Rec>(
  app: FastifyInstance,
  method: string,
  status: number,
  spec: RouteSpec<PS, QS, BS, RS, Rec, Executor>,
  within: (database: Database, fn: (ex: Executor) => Promise<unknown>, request: FastifyRequest) => Promise<unknown>,
): (
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  parsed: { params: unknown; query: unknown; body?: unknown },
) => Promise<unknown> {
  const write = method !== "GET";
  const organizationOf = spec.organizationOf ?? ((r: Rec) => (r as { organizationId: string }).organizationId);
  const run = async (
    ex: Executor,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
    parsed: { params: unknown; query: unknown; body?: unknown },
  ) => {
    const input = { ...parsed, request } as RouteInput<Infer<PS>, Infer<QS>, Infer<BS>>;
    let record: Rec;
    let org: OrgRef | null;
    if (spec.load) {
      record = await spec.load(ex, input, { lock: write });
      const of = organizationOf(record);
      org = typeof of === "string" ? await loadOrgRef(ex, of) : of;
    } else {
      org = await loadOrgRef(ex, (input.params as { id: string }).id);
      record = org as Rec;
    }
    if (!org) throw new NotFoundError("organization");
    decide(actor, spec.action, org);
    if (spec.allow && !spec.allow(actor, record)) throw new ForbiddenError();
    return spec.handle({ ...input, ex, actor, record, org, reply });
  };

  // Registered untyped: the chain's own generics type the load and the operation; Fastify validates at run time.
  app.route({
    method,
    url: spec.url,
    // Only the parts declared: Fastify warns about a key present but undefined.
    schema: Object.fromEntries(
      Object.entries({
        tags: spec.tags,
        summary: spec.summary,
        params: spec.params,
        querystring: spec.query,
        body: spec.body,
        response: { [status]: spec.response },
      }).filter(([, v]) => v !== undefined),
    ) as FastifySchema,
    config: spec.config,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = requireActor(request);
      const parsed = { params: request.params, query: request.query, body: request.body };
      const result = await within(app.database, (ex) => run(ex, actor, request, reply, parsed), request);
      return reply.status(status).send(result);
    },
  });
  return (request, reply, actor, parsed) =>
    within(app.database, (ex) => run(ex, actor, request, reply, parsed), request);
}
