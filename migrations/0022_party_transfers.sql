CREATE TABLE "party_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"direction" text NOT NULL,
	"party_committee_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"counterpart" text NOT NULL,
	"decision_ref" text,
	"decision_on" date,
	"reason" text,
	"letter_number" text,
	"letter_issued_on" date NOT NULL,
	"document_id" uuid,
	"effective_on" date NOT NULL,
	"late_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "temporary_stays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_committee_id" uuid NOT NULL,
	"member_id" uuid,
	"full_name" text,
	"date_of_birth" date,
	"home_organization_id" uuid,
	"home_name" text,
	"host_organization_id" uuid,
	"host_name" text,
	"purpose" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"letter_number" text,
	"host_comment" text,
	"host_comment_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "party_transfers" ADD CONSTRAINT "party_transfers_party_committee_id_organizations_id_fk" FOREIGN KEY ("party_committee_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_transfers" ADD CONSTRAINT "party_transfers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_transfers" ADD CONSTRAINT "party_transfers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD CONSTRAINT "temporary_stays_party_committee_id_organizations_id_fk" FOREIGN KEY ("party_committee_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD CONSTRAINT "temporary_stays_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD CONSTRAINT "temporary_stays_home_organization_id_organizations_id_fk" FOREIGN KEY ("home_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_stays" ADD CONSTRAINT "temporary_stays_host_organization_id_organizations_id_fk" FOREIGN KEY ("host_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_transfers_committee_idx" ON "party_transfers" USING btree ("party_committee_id","letter_issued_on");--> statement-breakpoint
CREATE INDEX "party_transfers_member_idx" ON "party_transfers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "temporary_stays_host_idx" ON "temporary_stays" USING btree ("host_organization_id","starts_on");--> statement-breakpoint
CREATE INDEX "temporary_stays_home_idx" ON "temporary_stays" USING btree ("home_organization_id","starts_on");--> statement-breakpoint
CREATE INDEX "temporary_stays_committee_idx" ON "temporary_stays" USING btree ("party_committee_id");