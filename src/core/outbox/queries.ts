import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "../db/index.js";

/**
 * Which of these notices would still queue something if sent now: notify's conditions for each (key, member) — an
 * active account without a notice under this key, or an address without a mail under it. A periodic job asks this
 * first, so a tick with nothing new writes nothing instead of opening a transaction per notice.
 */
export async function unsentNoticeKeys(
  ex: Executor,
  wanted: { dedupeKey: string; memberId: string }[],
): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const pairs = JSON.stringify(wanted.map((w) => ({ key: w.dedupeKey, member_id: w.memberId })));
  const rows = await queryRows<{ key: string }>(
    ex,
    sql`SELECT d.key FROM jsonb_to_recordset(${pairs}::jsonb) AS d(key text, member_id uuid)
          JOIN members m ON m.id = d.member_id
          LEFT JOIN users u ON u.member_id = m.id AND u.disabled_at IS NULL
         WHERE (u.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.user_id = u.id AND n.dedupe_key = d.key))
            OR (COALESCE(NULLIF(m.email, ''), u.email, '') <> ''
                AND NOT EXISTS (SELECT 1 FROM outbox o WHERE lower(o.recipient) = lower(COALESCE(NULLIF(m.email, ''), u.email)) AND o.dedupe_key = d.key))`,
  );
  return new Set(rows.map((r) => r.key));
}
