import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** In-app notices: what a signed-in user sees under the bell. Shown from `visibleFrom` on. */
export const notices = pgTable(
  "notices",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid("user_id").notNull(),
    organizationId: uuid("organization_id"),
    subject: text().notNull(),
    text: text().notNull(),
    link: text(),
    dedupeKey: text("dedupe_key"),
    visibleFrom: timestamp("visible_from", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notices_user_idx").on(t.userId, t.visibleFrom),
    uniqueIndex("notices_dedupe_key").on(t.userId, t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/**
 * Mail waiting to be sent. A worker claims due rows with FOR UPDATE SKIP LOCKED and a lease
 * (`claimedUntil`), sends them, then marks them sent: two instances never claim the same row,
 * and a crash only delays a message until its lease runs out.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recipient: text().notNull(),
    recipientName: text("recipient_name"),
    subject: text().notNull(),
    text: text().notNull(),
    attachments: jsonb().$type<MailAttachment[]>().notNull().default([]),
    dedupeKey: text("dedupe_key"),
    sendAfter: timestamp("send_after", { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** Set when a message is given up: too many failures, or too old to be worth sending. */
    abandonedAt: timestamp("abandoned_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("outbox_due_idx").on(t.sendAfter).where(sql`${t.sentAt} IS NULL AND ${t.abandonedAt} IS NULL`),
    uniqueIndex("outbox_dedupe_key").on(sql`lower(${t.recipient})`, t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);
