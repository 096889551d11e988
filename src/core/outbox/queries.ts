import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/index.js";

/** A notice as it would reach one person: their account (in-app), their address (mail), either or both. */
export interface NoticeReach {
  dedupeKey: string;
  userId: string | null;
  email: string | null;
}

/**
 * Which of these notices would still queue something if sent now (notify's conditions): an account without a notice
 * under this key, or an address without a mail under it. A periodic job asks this first, so a tick with nothing new
 * writes nothing instead of opening a transaction per notice. Who the accounts and addresses are, the caller asks
 * the modules that know.
 */
export async function unsentNoticeKeys(ex: Executor, reaches: NoticeReach[]): Promise<Set<string>> {
  const wanted = reaches.filter((r) => r.userId || r.email);
  if (wanted.length === 0) return new Set();
  const rows = JSON.stringify(wanted.map((r) => ({ key: r.dedupeKey, user_id: r.userId, email: r.email })));
  const unsent = await queryRows<{ key: string }>(
    ex,
    sql`SELECT d.key FROM jsonb_to_recordset(${rows}::jsonb) AS d(key text, user_id uuid, email text)
         WHERE (d.user_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.user_id = d.user_id AND n.dedupe_key = d.key))
            OR (COALESCE(d.email, '') <> ''
                AND NOT EXISTS (SELECT 1 FROM outbox o WHERE lower(o.recipient) = lower(d.email) AND o.dedupe_key = d.key))`,
  );
  return new Set(unsent.map((r) => r.key));
}
