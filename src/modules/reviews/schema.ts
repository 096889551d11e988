import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import type { ReviewContent, ReviewKind } from "./model.js";

/** A review report (sơ kết, tổng kết) drafted from the facts, edited by the secretary, issued later as a document. */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<ReviewKind>().notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    content: jsonb().$type<ReviewContent>().notNull(),
    state: text().$type<"draft" | "issued">().notNull().default("draft"),
    /** The issued BC document in the documents register. */
    documentId: uuid("document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("reviews_org_idx").on(t.organizationId, t.periodEnd)],
);
