import { asc, eq } from "drizzle-orm";
import { registerPersonalData } from "../personal-data.js";
import { grants } from "./schema.js";

// The rights granted to an account over organisations (office, viewer).
registerPersonalData(
  "grants",
  async (ex, { userId }) =>
    ex
      .select({ organizationId: grants.organizationId, role: grants.role, createdAt: grants.createdAt })
      .from(grants)
      .where(eq(grants.userId, userId))
      .orderBy(asc(grants.createdAt)),
  [grants.userId],
);
