CREATE TABLE "member_status_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"reason" text,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_status_periods" ADD CONSTRAINT "member_status_periods_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_status_periods_member_idx" ON "member_status_periods" USING btree ("member_id");--> statement-breakpoint
-- The history starts from each member's record (the same rule as periodsFromRecord in members/model.ts): admission
-- opens the probation, recognition the full standing; exemption, of unknown start, is carried as it is today.
INSERT INTO "member_status_periods" ("member_id", "kind", "starts_on", "ends_on", "reason", "source")
SELECT id, 'probationary', COALESCE(admission_date, ceremony_date),
       CASE WHEN status = 'full' THEN official_date END, NULL, 'record'
  FROM members
 WHERE status = 'probationary' OR official_date IS NOT NULL
UNION ALL
SELECT id, 'full', official_date, NULL, NULL, 'record' FROM members WHERE status = 'full'
UNION ALL
SELECT id, 'exempt', NULL, NULL, NULL, 'record' FROM members WHERE exempt_from_activities
UNION ALL
SELECT id, 'left', left_on, NULL, left_reason, 'record' FROM members WHERE left_on IS NOT NULL;
