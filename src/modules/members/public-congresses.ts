import type { Executor } from "../../core/db/index.js";
import { memberNames as namesById } from "./store.js";

/** What the congresses module asks the members module: the names of the members a checklist assigns work to. */
export async function memberNames(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  const names = await namesById(ex, ids);
  return new Map([...names].map(([id, n]) => [id, n.fullName]));
}
