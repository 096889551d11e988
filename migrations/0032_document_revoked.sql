ALTER TABLE "documents" ADD COLUMN "revoked_on" date;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "revoke_reason" text;