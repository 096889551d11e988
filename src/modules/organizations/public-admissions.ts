import type { Executor } from "../../core/db/index.js";
import { secretaryOn } from "./public-meetings.js";

// What the admissions module asks about an organisation's posts: whom to warn of a deadline.

/** The member ids of the secretaries of these organisations on the date (vacant posts left out). */
export async function secretariesOn(ex: Executor, organizationIds: string[], date: string): Promise<string[]> {
  const ids: string[] = [];
  for (const id of organizationIds) {
    const memberId = await secretaryOn(ex, id, date);
    if (memberId) ids.push(memberId);
  }
  return ids;
}
