ALTER TABLE "meetings" ADD COLUMN "minutes_document_id" uuid;--> statement-breakpoint
ALTER TABLE "resolutions" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "document_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "placeholders" jsonb DEFAULT '{}'::jsonb NOT NULL;