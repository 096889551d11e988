import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../personal-data.js";
import { pushSubscriptions } from "./schema.js";

// The browsers an account asked to receive notifications on: the push service's address and when it was last used.
registerPersonalData(
  "pushSubscriptions",
  async (ex, { userId }) =>
    ex
      .select({
        endpoint: pushSubscriptions.endpoint,
        createdAt: pushSubscriptions.createdAt,
        lastSentAt: pushSubscriptions.lastSentAt,
      })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, userId))
      .orderBy(asc(pushSubscriptions.createdAt)),
  [pushSubscriptions.userId],
);
