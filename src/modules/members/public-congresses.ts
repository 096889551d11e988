import { inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { members } from "./schema.js";

/** What the congresses module asks the members module: the names of the members a checklist assigns work to. */
export async function memberNames(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ex
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .where(inArray(members.id, unique));
  return new Map(rows.map((r) => [r.id, r.fullName]));
}
