CREATE TABLE "evaluation_review_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "evaluation_review_meetings" ADD CONSTRAINT "evaluation_review_meetings_period_id_evaluation_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."evaluation_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_review_meetings" ADD CONSTRAINT "evaluation_review_meetings_cell_id_organizations_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_review_meetings_key" ON "evaluation_review_meetings" USING btree ("period_id","cell_id") WHERE "evaluation_review_meetings"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "evaluation_review_meetings_meeting_idx" ON "evaluation_review_meetings" USING btree ("meeting_id");