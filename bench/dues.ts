// This year's dues at the size of the data set (S: 2,000 members in 100 cells): every current member's basis from
// January, and a payment for each month gone by, 5% of member-months left unpaid, handed over month by month, as a
// đảng bộ has them in December. (A year with no payments would have every member due for removal, and the server's
// warning job would spend the run telling 152,000 secretaries so.) Written set-based, once; kept on --reuse.
import { sql } from "drizzle-orm";
import { type Database, inTransaction } from "../src/core/db/index.js";

export interface DuesCtx {
  year: number;
  payments: number;
}

export async function ensureDuesYear(
  database: Database,
  year: number,
  lastMonth: string,
  log: (s: string) => void,
): Promise<DuesCtx> {
  const [existing] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM dues_payments
         WHERE month >= ${`${year}-01-01`}::date AND month <= ${`${lastMonth}-01`}::date`,
  );
  if (existing && existing.n > 0) {
    log(`reusing ${existing.n} dues payments of ${year}`);
    return { year, payments: existing.n };
  }
  const started = performance.now();
  await inTransaction(database, async (tx) => {
    await tx.execute(sql`
      INSERT INTO dues_bases (member_id, organization_id, kind, amount, from_month)
      SELECT m.id, m.organization_id, 'salary', 4000000 + abs(hashtext(m.id::text)) % 6000000, ${`${year}-01-01`}::date
        FROM members m WHERE m.left_on IS NULL
      ON CONFLICT DO NOTHING`);
    // The cell of a member in a party group is the group's parent: the ledger is the cell's.
    await tx.execute(sql`
      INSERT INTO dues_payments (organization_id, member_id, month, amount, due, method, paid_on, receipt_number)
      SELECT CASE WHEN o.kind = 'group' THEN o.parent_id ELSE o.id END, b.member_id, mo.month,
             (b.amount + 50) / 100, (b.amount + 50) / 100, 'cash', mo.month + 9,
             row_number() OVER (PARTITION BY b.organization_id ORDER BY mo.month, b.member_id)
        FROM dues_bases b
        JOIN organizations o ON o.id = b.organization_id
        CROSS JOIN LATERAL (
          SELECT g::date AS month FROM generate_series(${`${year}-01-01`}::date, ${`${lastMonth}-01`}::date, interval '1 month') g
        ) mo
       WHERE b.deleted_at IS NULL AND b.from_month = ${`${year}-01-01`}::date
         AND abs(hashtext(b.member_id::text || mo.month::text)) % 100 >= 5`);
    await tx.execute(sql`
      INSERT INTO dues_handovers (organization_id, month, amount, payments, handed_on)
      SELECT organization_id, month, sum(amount), count(*), month + 40
        FROM dues_payments WHERE month >= ${`${year}-01-01`}::date AND month <= ${`${lastMonth}-01`}::date
       GROUP BY organization_id, month`);
  });
  await database.db.execute(sql`ANALYZE`);
  const [row] = await database.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM dues_payments
         WHERE month >= ${`${year}-01-01`}::date AND month <= ${`${lastMonth}-01`}::date`,
  );
  log(`wrote ${row!.n} dues payments of ${year} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { year, payments: row!.n };
}
