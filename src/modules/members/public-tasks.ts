import { inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { members } from "./schema.js";
import { memberNames as namesById } from "./store.js";

// What the tasks module asks of the members: the names of the people a task names.

/** The full names of some members, by id. */
export async function memberNames(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  const names = await namesById(ex, ids);
  return new Map([...names].map(([id, n]) => [id, n.fullName]));
}

/** The e-mail addresses the members gave (none when left empty), by id. */
export async function memberEmails(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: members.id, email: members.email })
    .from(members)
    .where(inArray(members.id, [...new Set(ids)]));
  return new Map(rows.flatMap((r) => (r.email ? [[r.id, r.email] as const] : [])));
}
