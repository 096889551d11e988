ALTER TABLE "party_transfers" ADD COLUMN "cancelled_on" date;--> statement-breakpoint
ALTER TABLE "party_transfers" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "party_transfers" ADD COLUMN "cancelled_by" uuid;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD COLUMN "cancelled_on" date;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD COLUMN "cancelled_by" uuid;