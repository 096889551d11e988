import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Roles given explicitly rather than derived from a position, each over an organisation subtree. */
export const grants = pgTable(
  "grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    role: text().$type<"office" | "viewer">().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [index("grants_user_idx").on(t.userId)],
);
