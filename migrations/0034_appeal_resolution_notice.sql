ALTER TABLE "discipline_cases" ADD COLUMN "appeal_number" integer;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_number_text" text;