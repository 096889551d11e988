import { z } from "zod";

// Building blocks of response schemas (each module's present.ts). Only zod here: the browser imports the types.

/** A timestamp: a Date on the server, its ISO string in JSON (and so in the UI's inferred types). */
export const timestamp = () =>
  z.codec(z.iso.datetime({ offset: true }), z.date(), {
    decode: (s) => new Date(s),
    encode: (d) => d.toISOString(),
  });

/** The answer of a route that returns a list. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** One entry of a record's history (core/audit listEntityEvents), as every page shows it. */
export const historyEntry = z.object({
  id: z.number(),
  at: timestamp(),
  actorName: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

/** The wire form of a response schema: what the browser receives, for the UI's types. */
export type Wire<S extends z.ZodType> = z.input<S>;
