import { inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { members } from "./schema.js";

// What the tasks module asks of the members: where to send a task's notices. Names come from store.ts memberNames.

/** The e-mail addresses the members gave (none when left empty), by id. */
export async function memberEmails(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(inArray(members.id, [...new Set(ids)]));
  return new Map(rows.flatMap((r) => (r.email ? [[r.id, r.email] as const] : [])));
}
