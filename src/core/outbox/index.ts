import { sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { queryRows, type Database, type Executor } from "../db/index.js";
import type { MailAttachment } from "./schema.js";
import { drainPush, queuePushes, type PushOptions } from "../push/index.js";

export interface Notice {
  /** The organisation the notice is about. */
  organizationId: string | null;
  /** Recipients: an in-app notice for each member's account, an email when the member has an address. */
  memberIds: string[];
  subject: string;
  text: string;
  /** App path opened from the notice, e.g. "/cuoc-hop/<id>". */
  link?: string;
  /** An iCalendar attachment for the email; its method (REQUEST by default) must be the one inside the file. */
  ics?: { filename: string; content: string; method?: "REQUEST" | "CANCEL" };
  /** Per recipient: a second notice with the same key is ignored, so reminders go out once. */
  dedupeKey?: string;
  /** Not shown nor sent before this moment. */
  sendAfter?: Date;
}

/** Whom a notice reaches: the account for the in-app notice (if any), and the name and address for the email. */
export interface Recipient {
  /** The member behind the recipient, when it is one (the resolver says; an office account is none). */
  memberId?: string;
  userId: string | null;
  name: string;
  email: string | null;
}

/** Tells the outbox who the recipients behind a notice's member ids are (core does not read the members' tables). */
export type RecipientResolver = (ex: Executor, memberIds: string[]) => Promise<Recipient[]>;
let resolveRecipients: RecipientResolver | null = null;

/** The members module registers its resolver when it loads. */
export function registerRecipientResolver(resolver: RecipientResolver): void {
  resolveRecipients = resolver;
}

/**
 * Whom notices to these members reach, as notify resolves them: a periodic job that asks unsentNoticeKeys first
 * needs the same accounts and addresses notify would write to.
 */
export async function recipientsOfMembers(ex: Executor, memberIds: string[]): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  if (!resolveRecipients) throw new Error("No recipient resolver is registered with the outbox");
  return resolveRecipients(ex, memberIds);
}

/**
 * Queues a notice in the caller's transaction: it exists exactly when the change that caused it
 * commits. Returns how many in-app notices and emails were queued (duplicates by key are not).
 */
export async function notify(ex: Executor, notice: Notice): Promise<{ queued: number }> {
  if (notice.memberIds.length === 0) return { queued: 0 };
  return notifyRecipients(ex, notice, await recipientsOfMembers(ex, notice.memberIds));
}

/**
 * Queues a notice for recipients already known (an office account that is no member of any cell): the same rows,
 * the same once-only keys as notify. `notice.memberIds` is not read.
 */
export async function notifyRecipients(
  ex: Executor,
  notice: Notice,
  recipients: Recipient[],
): Promise<{ queued: number }> {
  if (recipients.length === 0) return { queued: 0 };
  const accounts = JSON.stringify(recipients.flatMap((r) => (r.userId ? [{ user_id: r.userId }] : [])));
  const addresses = JSON.stringify(recipients.flatMap((r) => (r.email ? [{ name: r.name, email: r.email }] : [])));
  const visibleFrom = notice.sendAfter ?? new Date();
  const attachments: MailAttachment[] = notice.ics
    ? [
        {
          filename: notice.ics.filename,
          content: notice.ics.content,
          contentType: `text/calendar; charset=utf-8; method=${notice.ics.method ?? "REQUEST"}`,
        },
      ]
    : [];
  const text = notice.link ? `${notice.text}\n\n${notice.link}` : notice.text;
  const dedupeKey = notice.dedupeKey ?? null;
  // One statement per channel, whatever the number of recipients.
  const inApp = await queryRows<{ id: number | string }>(
    ex,
    sql`INSERT INTO notices (user_id, organization_id, subject, text, link, dedupe_key, visible_from)
        SELECT r.user_id, ${notice.organizationId}::uuid, ${notice.subject}::text, ${notice.text}::text, ${notice.link ?? null}::text, ${dedupeKey}::text, ${visibleFrom.toISOString()}::timestamptz
          FROM jsonb_to_recordset(${accounts}::jsonb) AS r(user_id uuid)
        ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
  );
  // Each new in-app notice also goes to the browsers its account subscribed (ADR 0148); a duplicate is not new.
  await queuePushes(
    ex,
    inApp.map((r) => Number(r.id)),
  );
  const mail = await queryRows(
    ex,
    sql`INSERT INTO outbox (recipient, recipient_name, subject, text, attachments, dedupe_key, send_after)
        SELECT r.email, r.name, ${notice.subject}::text, ${text}::text, ${JSON.stringify(attachments)}::jsonb, ${dedupeKey}::text, ${visibleFrom.toISOString()}::timestamptz
          FROM jsonb_to_recordset(${addresses}::jsonb) AS r(name text, email text)
        ON CONFLICT (lower(recipient), dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
  );
  return { queued: inApp.length + mail.length };
}

/**
 * Withdraws what was queued under a key and not yet delivered: mail not sent (marked abandoned, kept for the record)
 * and in-app notices not yet visible. A reminder of a meeting that moved or was cancelled must not go out.
 */
export async function withdrawNotices(ex: Executor, dedupeKey: string): Promise<void> {
  await ex.execute(sql`UPDATE outbox SET abandoned_at = now(), last_error = 'withdrawn'
                        WHERE dedupe_key = ${dedupeKey} AND sent_at IS NULL AND abandoned_at IS NULL`);
  await ex.execute(sql`DELETE FROM notices WHERE dedupe_key = ${dedupeKey} AND visible_from > now()`);
}

export interface NoticeView {
  id: number;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listNotices(
  ex: Executor,
  userId: string,
  limit = 50,
): Promise<{ items: NoticeView[]; unread: number }> {
  const items = await queryRows<NoticeView>(
    ex,
    sql`SELECT id::int AS id, subject, text, link, visible_from AS "createdAt", read_at AS "readAt"
          FROM notices WHERE user_id = ${userId} AND visible_from <= now()
         ORDER BY visible_from DESC, id DESC LIMIT ${limit}`,
  );
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM notices WHERE user_id = ${userId} AND visible_from <= now() AND read_at IS NULL`,
  );
  return {
    items: items.map((n) => ({
      ...n,
      createdAt: new Date(n.createdAt).toISOString(),
      readAt: n.readAt && new Date(n.readAt).toISOString(),
    })),
    unread: count?.n ?? 0,
  };
}

/** Marks one notice (or, without an id, all of them) as read; only the owner's notices are touched. */
export async function markNoticesRead(ex: Executor, userId: string, id?: number): Promise<number> {
  const rows = await queryRows(
    ex,
    id === undefined
      ? sql`UPDATE notices SET read_at = now() WHERE user_id = ${userId} AND read_at IS NULL AND visible_from <= now() RETURNING id`
      : sql`UPDATE notices SET read_at = COALESCE(read_at, now()) WHERE user_id = ${userId} AND id = ${id} RETURNING id`,
  );
  return rows.length;
}

export type PeriodicJob = (database: Database, now: Date) => Promise<void>;
const jobs = new Map<string, { job: PeriodicJob; everyMs: number; lastRun: number | null }>();

/**
 * A job the worker runs before sending (e.g. finding tasks whose reminder is due): on every tick, or at most once
 * per `everyMs` for a job whose deadlines are counted in days. Those read every cell of a đảng bộ; at a province's
 * size (8,000 cells) one run takes seconds, too much to repeat every 30 seconds for a warning due on a day.
 */
export function registerPeriodicJob(name: string, job: PeriodicJob, options: { everyMs?: number } = {}): void {
  jobs.set(name, { job, everyMs: options.everyMs ?? 0, lastRun: null });
}

/** For tests only: drops every job, before a test file builds its own server (which registers its jobs again). */
export function forgetPeriodicJobs(): void {
  jobs.clear();
}

/** Day-granular reminders and warnings: sent once each (deduplicated), so a quarter of an hour late loses nothing. */
export const DAILY_JOB_EVERY_MS = 15 * 60_000;

export async function runPeriodicJobs(
  database: Database,
  now = new Date(),
  onError: (name: string, err: unknown) => void = () => {},
): Promise<void> {
  // The jobs as they stand when the tick starts: a Map's iterator would also visit a job registered while an earlier
  // job of this tick is still running, and run it with this tick's time.
  for (const [name, entry] of [...jobs]) {
    const at = now.getTime();
    if (entry.lastRun !== null && at >= entry.lastRun && at - entry.lastRun < entry.everyMs) continue;
    entry.lastRun = at;
    try {
      await entry.job(database, now);
    } catch (err) {
      onError(name, err);
    }
  }
}

export interface DrainOptions {
  from?: string;
  limit?: number;
  /** How long a claimed message is reserved for this worker. */
  leaseMs?: number;
  now?: Date;
}

const MAX_ATTEMPTS = 8;
const MAX_AGE_DAYS = 7;
export const DEFAULT_FROM = "Sổ tay Chi bộ <no-reply@localhost>";

/**
 * Sends what is due. Rows are claimed in a short transaction (FOR UPDATE SKIP LOCKED + a lease),
 * sent outside it, then marked sent; a message is sent more than once only if the process dies
 * between the server accepting it and the mark — its Message-ID stays the same so clients merge it.
 */
export async function drainOutbox(
  database: Database,
  transport: Pick<Transporter, "sendMail">,
  options: DrainOptions = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const lease = new Date(now.getTime() + (options.leaseMs ?? 5 * 60_000));
  const limit = options.limit ?? 50;
  const claimed = await database.db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE outbox SET abandoned_at = ${now.toISOString()}, last_error = COALESCE(last_error, 'quá hạn gửi')
                          WHERE sent_at IS NULL AND abandoned_at IS NULL AND created_at < ${new Date(now.getTime() - MAX_AGE_DAYS * 86_400_000).toISOString()}`);
    return queryRows<{
      id: number;
      recipient: string;
      recipient_name: string | null;
      subject: string;
      text: string;
      attachments: MailAttachment[];
    }>(
      tx,
      sql`UPDATE outbox SET claimed_until = ${lease.toISOString()}, attempts = attempts + 1
           WHERE id IN (SELECT id FROM outbox
                         WHERE sent_at IS NULL AND abandoned_at IS NULL AND send_after <= ${now.toISOString()}
                           AND (claimed_until IS NULL OR claimed_until < ${now.toISOString()})
                         ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       RETURNING id::int AS id, recipient, recipient_name, subject, text, attachments`,
    );
  });
  let sent = 0;
  for (const m of claimed) {
    try {
      await transport.sendMail({
        from: options.from ?? DEFAULT_FROM,
        to: m.recipient_name ? { name: m.recipient_name, address: m.recipient } : m.recipient,
        subject: m.subject,
        text: m.text,
        messageId: `<outbox-${m.id}@chibo>`,
        attachments: m.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
        })),
      });
      await database.db.execute(
        sql`UPDATE outbox SET sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ${m.id}`,
      );
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Back off quadratically; give up after MAX_ATTEMPTS so a bad address does not retry forever.
      await database.db.execute(sql`UPDATE outbox SET last_error = ${message},
             claimed_until = now() + make_interval(mins => attempts * attempts),
             abandoned_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() END
           WHERE id = ${m.id}`);
    }
  }
  return sent;
}

export interface OutboxWorker {
  stop(): Promise<void>;
}

/** Runs the periodic jobs and drains the outbox every `intervalMs` until stopped. Without a transport, mail waits. */
export function startOutboxWorker(
  database: Database,
  options: {
    transport: Pick<Transporter, "sendMail"> | null;
    from?: string;
    /** Web Push (ADR 0148); without it, pushes wait like mail without a transport. */
    push?: PushOptions | null;
    intervalMs?: number;
    /** Runs the first tick at once instead of after one interval (tests of a running tick). */
    tickAtStart?: boolean;
    /** How long stopping waits for a running tick (see `stop`). */
    stopWaitMs?: number;
    onError?: (what: string, err: unknown) => void;
  },
): OutboxWorker {
  const onError = options.onError ?? (() => {});
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const tick = async () => {
    await runPeriodicJobs(database, new Date(), onError);
    if (options.transport)
      await drainOutbox(database, options.transport, { from: options.from }).catch((err) => onError("outbox", err));
    if (options.push) await drainPush(database, options.push).catch((err) => onError("push", err));
  };
  const schedule = () => {
    if (!stopped) current = current.then(tick);
  };
  const timer = setInterval(schedule, options.intervalMs ?? 30_000);
  timer.unref();
  // The first tick waits one interval (ADR 0181): its jobs hold the embedded store for seconds at a đảng bộ's size
  // (the admission and dues warnings), and a server that has just started answers first. Nothing they send is due
  // to the second; what waits from before the start is sent at the first tick.
  if (options.tickAtStart) schedule();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A tick can run for minutes at a province's size (a warning job over 8,000 cells). Shutting down waits a
      // moment for it, not for all of it: every notice and every sent mail is its own transaction, so a tick cut
      // short leaves nothing half-written, and the next start does the rest (each is sent once).
      await Promise.race([
        current,
        new Promise((resolve) => setTimeout(resolve, options.stopWaitMs ?? 10_000).unref()),
      ]);
    },
  };
}
