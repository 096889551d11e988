import type { FastifyInstance } from "fastify";
import type { Executor } from "../../core/db/index.js";
import { readRoute } from "../../core/http/route.js";
import { idParams } from "../../core/http/schemas.js";
import { monthSummary } from "../dues/public-meetings.js";
import { meetingDuesSchema } from "./present.js";
import type { Meeting } from "./store.js";

// The monthly meeting's dues step reads the cell's dues ledger (the dues module's monthSummary): the live page shows
// it, and the minutes print it when the minute-taker wrote nothing else.

/** The ledger of the meeting's month, for a monthly meeting of a cell; null otherwise or without dues rules. */
export async function duesOfMeeting(ex: Executor, m: Meeting) {
  if (m.kind !== "monthly") return null;
  return monthSummary(ex, { id: m.organizationId, path: m.organizationPath }, m.date.slice(0, 7));
}

export function meetingDuesRoute(
  app: FastifyInstance,
  loadMeeting: (ex: Executor, input: { params: { id: string } }, options: { lock: boolean }) => Promise<Meeting>,
): void {
  readRoute(app, {
    url: "/api/meetings/:id/dues",
    tags: ["meetings"],
    params: idParams,
    response: meetingDuesSchema,
    action: "meeting.view",
    load: loadMeeting,
    handle: async ({ ex, record }) => {
      const s = await duesOfMeeting(ex, record);
      return { text: s?.text ?? null, paid: s?.paid ?? 0, owing: s?.owing ?? 0, collected: s?.collected ?? 0 };
    },
  });
}
