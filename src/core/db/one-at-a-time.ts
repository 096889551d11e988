import type { Pool, PoolClient } from "pg";

/**
 * A PostgreSQL connection runs one statement at a time. Parts of a transaction that read side by side (`Promise.all`
 * over the transaction's executor, as they do on the pool outside one) all ask its one connection; node-postgres
 * queues such statements itself, but that is deprecated and goes in pg 9 (ADR 0193). Here each connection of the pool
 * takes them in the order asked, one after the other: the same order and results, without the driver's own queue.
 */
export function oneAtATime(pool: Pool): void {
  pool.on("connect", (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    let last: Promise<unknown> = Promise.resolve();
    (client as { query: unknown }).query = (...args: unknown[]) => {
      // The pool's own single statements answer through a callback, and a cursor through itself: as they were.
      if (args.some((a) => typeof a === "function") || (args[0] as { submit?: unknown } | null)?.submit) {
        return query(...args);
      }
      const run = last.then(() => query(...args));
      last = run.catch(() => undefined);
      return run;
    };
  });
}
