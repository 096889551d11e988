import { AsyncLocalStorage } from "node:async_hooks";

// One answer built of many parts, each reading through its owner's public functions, reads the same rows more than
// once (the home: an organisation's row eight times, its rulebooks ten). Inside `sharingReads`, a statement asked
// again with the same text and arguments is answered by the first asking, not run again (ADR 0192).

const scope = new AsyncLocalStorage<Map<string, Promise<QueryResult>>>();

interface QueryResult {
  rows: unknown[];
}

/**
 * Runs `read` with its identical statements shared: the second asking of a SELECT with the same text and arguments
 * waits for the first and gets its own copy of the rows. Only for a read-only answer (a GET's batched parts): a
 * statement is not run again, so a change made in between would not be seen. Transactions never share.
 */
export function sharingReads<T>(read: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), read);
}

/** A plain SELECT: the one kind of statement shared. `FOR UPDATE`, `FOR SHARE` and writes run as asked. */
const SHAREABLE = /^\s*select\b(?![\s\S]*\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b)/iu;

/**
 * Makes a driver's `query` (PGlite's `query(text, params, options)`, a node-postgres pool's `query(config, values)`)
 * share statements inside `sharingReads`. A transaction's own connection is not this object: its statements run
 * as asked.
 */
export function shareReadsOf(client: { query: (...args: never[]) => Promise<unknown> }): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<QueryResult>;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const shared = scope.getStore();
    const key = shared && keyOf(args);
    if (!shared || !key) return query(...args);
    const kept = shared.get(key);
    if (kept) return kept.then(copyOf);
    const asked = query(...args);
    // Copied as it arrives, before the first asker's code runs: what it does to its rows stays its own.
    const pristine = asked.then(copyOf);
    pristine.catch(() => shared.delete(key));
    shared.set(key, pristine);
    return asked;
  };
}

function keyOf(args: unknown[]): string | null {
  // A callback-style call answers through its callback, not a promise: run as asked.
  if (args.some((a) => typeof a === "function")) return null;
  const [first, second, third] = args;
  const config = typeof first === "string" ? { text: first } : (first as { text?: string } | null);
  const text = config?.text;
  if (typeof text !== "string" || !SHAREABLE.test(text)) return null;
  const options = typeof first === "string" ? third : { ...config, text: undefined, values: undefined };
  const values = typeof first === "string" ? second : (second ?? (first as { values?: unknown }).values);
  try {
    // The options (row mode, the type parsers by type) are part of the statement: its rows take their shape.
    return JSON.stringify([text, values ?? [], options ?? null], (_key, v) => (typeof v === "function" ? "ƒ" : v));
  } catch {
    return null;
  }
}

/** Each asker gets rows of its own: a part that changes what it read must not change another part's answer. */
function copyOf(result: QueryResult): QueryResult {
  return Object.assign(Object.create(Object.getPrototypeOf(result)), result, { rows: copied(result.rows) });
}

/** A deep copy of what a driver answers: arrays, plain objects (rows, parsed JSON), dates and bytes, as they were. */
function copied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copied);
  if (value instanceof Date) return new Date(value.getTime());
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return value.slice();
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = copied(item);
    return out;
  }
  return value;
}
