CREATE TABLE "dues_month_totals" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"collected" bigint DEFAULT 0 NOT NULL,
	"handed_over" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "dues_month_totals_organization_id_month_pk" PRIMARY KEY("organization_id","month")
);
--> statement-breakpoint
ALTER TABLE "dues_month_totals" ADD CONSTRAINT "dues_month_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written: the totals follow every write to dues_payments, one statement at a time (an import of a month updates
-- each cell's row once), counting live payments only (deleted_at IS NULL), and start from what is there.
CREATE FUNCTION dues_month_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dues_month_totals AS t (organization_id, month, payments, collected)
      SELECT organization_id, month, count(*), sum(amount) FROM new_rows
       WHERE deleted_at IS NULL GROUP BY organization_id, month
      ON CONFLICT (organization_id, month) DO UPDATE
        SET payments = t.payments + EXCLUDED.payments, collected = t.collected + EXCLUDED.collected;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO dues_month_totals AS t (organization_id, month, payments, collected)
      SELECT organization_id, month, sum(n), sum(a) FROM (
        SELECT organization_id, month, 1 AS n, amount AS a FROM new_rows WHERE deleted_at IS NULL
        UNION ALL
        SELECT organization_id, month, -1, -amount FROM old_rows WHERE deleted_at IS NULL
      ) AS delta GROUP BY organization_id, month
      ON CONFLICT (organization_id, month) DO UPDATE
        SET payments = t.payments + EXCLUDED.payments, collected = t.collected + EXCLUDED.collected;
  ELSE
    UPDATE dues_month_totals AS t SET payments = t.payments - o.n, collected = t.collected - o.a
      FROM (SELECT organization_id, month, count(*) AS n, sum(amount) AS a FROM old_rows
             WHERE deleted_at IS NULL GROUP BY organization_id, month) AS o
     WHERE t.organization_id = o.organization_id AND t.month = o.month;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dues_month_totals_insert AFTER INSERT ON dues_payments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_totals_follow();
--> statement-breakpoint
CREATE TRIGGER dues_month_totals_update AFTER UPDATE ON dues_payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_totals_follow();
--> statement-breakpoint
CREATE TRIGGER dues_month_totals_delete AFTER DELETE ON dues_payments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_totals_follow();
--> statement-breakpoint
-- What was handed over follows dues_handovers (one row per cell and month) the same way.
CREATE FUNCTION dues_month_handed_over_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE dues_month_totals AS t SET handed_over = t.handed_over - o.a
      FROM (SELECT organization_id, month, sum(amount) AS a FROM old_rows GROUP BY organization_id, month) AS o
     WHERE t.organization_id = o.organization_id AND t.month = o.month;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO dues_month_totals AS t (organization_id, month, handed_over)
      SELECT organization_id, month, sum(amount) FROM new_rows GROUP BY organization_id, month
      ON CONFLICT (organization_id, month) DO UPDATE SET handed_over = t.handed_over + EXCLUDED.handed_over;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dues_month_handed_over_insert AFTER INSERT ON dues_handovers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_handed_over_follow();
--> statement-breakpoint
CREATE TRIGGER dues_month_handed_over_update AFTER UPDATE ON dues_handovers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_handed_over_follow();
--> statement-breakpoint
CREATE TRIGGER dues_month_handed_over_delete AFTER DELETE ON dues_handovers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_month_handed_over_follow();
--> statement-breakpoint
INSERT INTO dues_month_totals (organization_id, month, payments, collected, handed_over)
  SELECT organization_id, month, sum(n), sum(a), sum(h) FROM (
    SELECT organization_id, month, 1 AS n, amount AS a, 0 AS h FROM dues_payments WHERE deleted_at IS NULL
    UNION ALL
    SELECT organization_id, month, 0, 0, amount FROM dues_handovers
  ) AS existing GROUP BY organization_id, month;
