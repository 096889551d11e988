ALTER TABLE "meetings" ADD COLUMN "chair_approved_by" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "taker_approved_by" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_approved_by_members_id_fk" FOREIGN KEY ("chair_approved_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_taker_approved_by_members_id_fk" FOREIGN KEY ("taker_approved_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Approvals given before their givers were recorded cannot be checked against the roles: minutes still waiting
-- for their second approval are approved again, by the chair and by the minute-taker.
UPDATE "meetings" SET "chair_approved_at" = NULL, "taker_approved_at" = NULL WHERE "status" = 'closed';
