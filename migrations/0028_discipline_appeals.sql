ALTER TABLE "discipline_cases" ADD COLUMN "appeal_lodged_by" text;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_resolve_by" date;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_outcome" text;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_resolved_on" date;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_form" text;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD COLUMN "appeal_resolution_text" text;