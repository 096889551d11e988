-- hand-written: the open-tasks index also carries what a đảng bộ's dashboard reads of each open task (organisation,
-- progress, start), so counting a province's tasks not yet due reads the index alone, not one heap page per task
-- (ADR 0185). Same name, columns, order and condition as 0020's: the late list still reads it by deadline.
DROP INDEX IF EXISTS "tasks_open_due_idx";
--> statement-breakpoint
CREATE INDEX "tasks_open_due_idx" ON "tasks" USING btree ("due_on","created_at") INCLUDE ("organization_id","progress","starts_on") WHERE "tasks"."progress" < 100 AND "tasks"."deleted_at" IS NULL;
