import { date, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A rulebook variant a đảng ủy adopts for its subtree, overriding the central one from its effective date. */
export const localRulebooks = pgTable(
  "local_rulebooks",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    kind: text().notNull(),
    key: text().notNull(),
    title: text().notNull(),
    source: text().notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    data: jsonb().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
  },
  (t) => [index("local_rulebooks_org_idx").on(t.organizationId, t.kind)],
);
