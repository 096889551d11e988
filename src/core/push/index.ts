import type { Agent } from "node:https";
import { sql } from "drizzle-orm";
import webpush from "web-push";
import { queryRows, type Database, type Executor } from "../db/index.js";
import { pushMessage, subscriptionGone, type SubscriptionBody } from "./model.js";

/**
 * Web Push, the outbox's third channel (ADR 0148): a notice queued for an account is queued in the same statement's
 * transaction for each browser that account subscribed, and sent by the outbox worker like mail.
 */

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The installation's VAPID keys, made the first time they are asked for (at the server's start). Two servers
 * starting together agree:
 * the second insert does nothing, and both read the one row.
 */
export async function vapidKeys(ex: Executor): Promise<VapidKeys> {
  const read = () =>
    queryRows<VapidKeys>(ex, sql`SELECT public_key AS "publicKey", private_key AS "privateKey" FROM push_keys`);
  const [kept] = await read();
  if (kept) return kept;
  const made = webpush.generateVAPIDKeys();
  await ex.execute(sql`INSERT INTO push_keys (id, public_key, private_key)
                       VALUES (1, ${made.publicKey}, ${made.privateKey}) ON CONFLICT (id) DO NOTHING`);
  const [row] = await read();
  return row!;
}

/**
 * Stores a browser's subscription for the signed-in account. A browser has one endpoint: if another account had
 * subscribed it (a shared phone), that account's subscription and its unsent pushes go.
 */
export async function subscribe(ex: Executor, userId: string, body: SubscriptionBody): Promise<void> {
  await ex.execute(sql`DELETE FROM push_subscriptions WHERE endpoint = ${body.endpoint} AND user_id <> ${userId}`);
  await ex.execute(sql`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
                       VALUES (${userId}, ${body.endpoint}, ${body.keys.p256dh}, ${body.keys.auth})
                       ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth`);
}

/** Only the account's own subscription is removed; returns whether there was one. */
export async function unsubscribe(ex: Executor, userId: string, endpoint: string): Promise<boolean> {
  const rows = await queryRows(
    ex,
    sql`DELETE FROM push_subscriptions WHERE endpoint = ${endpoint} AND user_id = ${userId} RETURNING id`,
  );
  return rows.length > 0;
}

/** Queues the new in-app notices for every browser their accounts subscribed; due when the notice becomes visible. */
export async function queuePushes(ex: Executor, noticeIds: number[]): Promise<void> {
  if (noticeIds.length === 0) return;
  await ex.execute(sql`INSERT INTO push_deliveries (subscription_id, notice_id, send_after)
                       SELECT s.id, n.id, n.visible_from
                         FROM notices n JOIN push_subscriptions s ON s.user_id = n.user_id
                        WHERE n.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(noticeIds)}::jsonb)::bigint)
                       ON CONFLICT (subscription_id, notice_id) DO NOTHING`);
}

export interface PushOptions {
  /** The contact the push services may write to about this installation: "mailto:…" or "https:…". */
  subject: string;
  limit?: number;
  leaseMs?: number;
  now?: Date;
  /** The HTTPS agent for the push services; tests pass one that trusts their loopback service's certificate. */
  agent?: Agent;
  timeoutMs?: number;
}

const MAX_ATTEMPTS = 8;
/** A reminder that could not reach the phone within a day is stale: the notice is still in the app. */
const MAX_AGE_HOURS = 24;

/**
 * Sends the due pushes, claimed as drainOutbox claims mail (FOR UPDATE SKIP LOCKED and a lease), so two servers
 * never send the same one. A subscription the push service calls gone (404/410) is dropped with what it had queued.
 */
export async function drainPush(database: Database, options: PushOptions): Promise<number> {
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000));
  const claimed = await database.db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE push_deliveries SET abandoned_at = ${now.toISOString()},
                                last_error = COALESCE(last_error, 'quá hạn gửi')
                          WHERE sent_at IS NULL AND abandoned_at IS NULL
                            AND send_after < ${new Date(now.getTime() - MAX_AGE_HOURS * 3_600_000).toISOString()}`);
    return queryRows<{
      id: number;
      subscriptionId: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      noticeId: number;
      subject: string;
      text: string;
      link: string | null;
    }>(
      tx,
      sql`WITH due AS (
            UPDATE push_deliveries SET claimed_until = ${lease.toISOString()}, attempts = attempts + 1
             WHERE id IN (SELECT id FROM push_deliveries
                           WHERE sent_at IS NULL AND abandoned_at IS NULL AND send_after <= ${now.toISOString()}
                             AND (claimed_until IS NULL OR claimed_until < ${now.toISOString()})
                           ORDER BY id LIMIT ${options.limit ?? 50} FOR UPDATE SKIP LOCKED)
         RETURNING id, subscription_id, notice_id)
          SELECT d.id::int AS id, s.id AS "subscriptionId", s.endpoint, s.p256dh, s.auth,
                 n.id::int AS "noticeId", n.subject, n.text, n.link
            FROM due d JOIN push_subscriptions s ON s.id = d.subscription_id JOIN notices n ON n.id = d.notice_id
           ORDER BY d.id`,
    );
  });
  if (claimed.length === 0) return 0;
  const keys = await vapidKeys(database.db);
  let sent = 0;
  const gone = new Set<string>();
  for (const p of claimed) {
    // Its deliveries went with the subscription; the rest of this batch for it has nowhere to go.
    if (gone.has(p.subscriptionId)) continue;
    const message = pushMessage({ id: p.noticeId, subject: p.subject, text: p.text, link: p.link });
    try {
      await webpush.sendNotification(
        { endpoint: p.endpoint, keys: { p256dh: p.p256dh, auth: p.auth } },
        JSON.stringify(message),
        {
          vapidDetails: { subject: options.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: MAX_AGE_HOURS * 3600,
          agent: options.agent,
          timeout: options.timeoutMs ?? 15_000,
        },
      );
      await database.db.execute(
        sql`UPDATE push_deliveries SET sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ${p.id}`,
      );
      await database.db.execute(sql`UPDATE push_subscriptions SET last_sent_at = now() WHERE id = ${p.subscriptionId}`);
      sent++;
    } catch (err) {
      const status = err instanceof webpush.WebPushError ? err.statusCode : undefined;
      if (subscriptionGone(status)) {
        await database.db.execute(sql`DELETE FROM push_subscriptions WHERE id = ${p.subscriptionId}`);
        gone.add(p.subscriptionId);
        continue;
      }
      const message = err instanceof Error ? err.message : String(err);
      await database.db.execute(sql`UPDATE push_deliveries SET last_error = ${message},
             claimed_until = now() + make_interval(mins => attempts * attempts),
             abandoned_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() END
           WHERE id = ${p.id}`);
    }
  }
  return sent;
}
