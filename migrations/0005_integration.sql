ALTER TABLE "meetings" ADD COLUMN "minutes_document_id" uuid;--> statement-breakpoint
ALTER TABLE "resolutions" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "placeholders" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_meeting_source_key" ON "tasks" USING btree ("source_id") WHERE "tasks"."source_kind" = 'meeting';