CREATE TABLE "election_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"serial" integer NOT NULL,
	"kept" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"invalid_reason" text
);
--> statement-breakpoint
CREATE TABLE "election_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"election_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"seats" integer NOT NULL,
	"candidate_ids" jsonb NOT NULL,
	"mode" text NOT NULL,
	"ballots_issued" integer NOT NULL,
	"ballots_returned" integer,
	"tally" jsonb,
	"status" text DEFAULT 'counting' NOT NULL,
	"result" jsonb,
	"released_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"seats" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"board" jsonb NOT NULL,
	"rulebook_key" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"elected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"congress_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_round_id_election_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."election_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_rounds" ADD CONSTRAINT "election_rounds_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_rounds" ADD CONSTRAINT "election_rounds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "elections" ADD CONSTRAINT "elections_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "election_ballots_serial_key" ON "election_ballots" USING btree ("round_id","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "election_rounds_number_key" ON "election_rounds" USING btree ("election_id","number");--> statement-breakpoint
CREATE INDEX "elections_org_idx" ON "elections" USING btree ("organization_id","held_on");