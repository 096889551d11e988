CREATE TABLE "task_counts" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_counts" ADD CONSTRAINT "task_counts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_open_due_idx" ON "tasks" USING btree ("due_on","created_at") WHERE "tasks"."progress" < 100 AND "tasks"."deleted_at" IS NULL;--> statement-breakpoint
-- hand-written: the counters follow every write to tasks, one statement at a time (a bulk insert updates each
-- organisation's row once), and start from what is there.
CREATE FUNCTION task_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO task_counts AS c (organization_id, total, done)
      SELECT organization_id, count(*), count(*) FILTER (WHERE progress >= 100) FROM new_rows
       WHERE deleted_at IS NULL GROUP BY organization_id
      ON CONFLICT (organization_id) DO UPDATE SET total = c.total + EXCLUDED.total, done = c.done + EXCLUDED.done;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO task_counts AS c (organization_id, total, done)
      SELECT organization_id, sum(n), sum(d) FROM (
        SELECT organization_id, 1 AS n, (progress >= 100)::int AS d FROM new_rows WHERE deleted_at IS NULL
        UNION ALL
        SELECT organization_id, -1, -((progress >= 100)::int) FROM old_rows WHERE deleted_at IS NULL
      ) AS delta GROUP BY organization_id
      ON CONFLICT (organization_id) DO UPDATE SET total = c.total + EXCLUDED.total, done = c.done + EXCLUDED.done;
  ELSE
    UPDATE task_counts AS c SET total = c.total - o.n, done = c.done - o.d
      FROM (SELECT organization_id, count(*) AS n, count(*) FILTER (WHERE progress >= 100) AS d FROM old_rows
             WHERE deleted_at IS NULL GROUP BY organization_id) AS o
     WHERE c.organization_id = o.organization_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_follow();
--> statement-breakpoint
CREATE TRIGGER task_counts_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_follow();
--> statement-breakpoint
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_counts_follow();
--> statement-breakpoint
INSERT INTO task_counts (organization_id, total, done)
  SELECT organization_id, count(*), count(*) FILTER (WHERE progress >= 100) FROM tasks
   WHERE deleted_at IS NULL GROUP BY organization_id;
