import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { notices } from "../outbox/schema.js";

/**
 * A browser that asked for push notifications for a signed-in account (ADR 0148). The endpoint is the push
 * service's address for that one browser; p256dh and auth are the keys the payload is encrypted with.
 */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull(),
    endpoint: text().notNull(),
    p256dh: text().notNull(),
    auth: text().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("push_subscriptions_endpoint").on(t.endpoint), index("push_subscriptions_user").on(t.userId)],
);

/**
 * One in-app notice to one subscribed browser, queued in the notice's transaction and sent by the outbox worker
 * with the same claim-and-lease as mail: unique per (subscription, notice), so it goes out once.
 */
export const pushDeliveries = pgTable(
  "push_deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => pushSubscriptions.id, { onDelete: "cascade" }),
    noticeId: bigint("notice_id", { mode: "number" })
      .notNull()
      .references(() => notices.id, { onDelete: "cascade" }),
    sendAfter: timestamp("send_after", { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    attempts: integer().notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    abandonedAt: timestamp("abandoned_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("push_deliveries_once").on(t.subscriptionId, t.noticeId),
    index("push_deliveries_due").on(t.sendAfter).where(sql`${t.sentAt} IS NULL AND ${t.abandonedAt} IS NULL`),
  ],
);

/**
 * The installation's VAPID key pair, made on first start (ADR 0148). In the database, not in a file: every app
 * server signs with the same key, and a backup carries it, so subscriptions survive a move and a restore.
 */
export const pushKeys = pgTable("push_keys", {
  id: integer().primaryKey().default(1),
  publicKey: text("public_key").notNull(),
  privateKey: text("private_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
