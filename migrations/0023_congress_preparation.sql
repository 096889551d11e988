CREATE TABLE "congress_delegates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"preparation_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"credential" text DEFAULT 'pending' NOT NULL,
	"credential_note" text,
	"present" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "congress_preparations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"term_id" uuid,
	"congress_on" date NOT NULL,
	"next_term_label" text NOT NULL,
	"place" text,
	"rulebook_key" text NOT NULL,
	"political_report_id" uuid,
	"self_review_id" uuid,
	"draft_resolution_id" uuid,
	"presidium" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"secretariat" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"counting_board" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"current_item" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegate_quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"preparation_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"quota" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "preparation_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"preparation_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"step_key" text NOT NULL,
	"position" integer NOT NULL,
	"group" text NOT NULL,
	"owner" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"source" text NOT NULL,
	"due_on" date NOT NULL,
	"owner_member_id" uuid,
	"done" boolean DEFAULT false NOT NULL,
	"done_on" date,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "congress_delegates" ADD CONSTRAINT "congress_delegates_preparation_id_congress_preparations_id_fk" FOREIGN KEY ("preparation_id") REFERENCES "public"."congress_preparations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_delegates" ADD CONSTRAINT "congress_delegates_cell_id_organizations_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_delegates" ADD CONSTRAINT "congress_delegates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_preparations" ADD CONSTRAINT "congress_preparations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_preparations" ADD CONSTRAINT "congress_preparations_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate_quotas" ADD CONSTRAINT "delegate_quotas_preparation_id_congress_preparations_id_fk" FOREIGN KEY ("preparation_id") REFERENCES "public"."congress_preparations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegate_quotas" ADD CONSTRAINT "delegate_quotas_cell_id_organizations_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preparation_steps" ADD CONSTRAINT "preparation_steps_preparation_id_congress_preparations_id_fk" FOREIGN KEY ("preparation_id") REFERENCES "public"."congress_preparations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preparation_steps" ADD CONSTRAINT "preparation_steps_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preparation_steps" ADD CONSTRAINT "preparation_steps_owner_member_id_members_id_fk" FOREIGN KEY ("owner_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "congress_delegates_key" ON "congress_delegates" USING btree ("preparation_id","member_id");--> statement-breakpoint
CREATE INDEX "congress_delegates_member_idx" ON "congress_delegates" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "congress_preparations_org_day_key" ON "congress_preparations" USING btree ("organization_id","congress_on");--> statement-breakpoint
CREATE UNIQUE INDEX "delegate_quotas_key" ON "delegate_quotas" USING btree ("preparation_id","cell_id");--> statement-breakpoint
CREATE INDEX "preparation_steps_prep_idx" ON "preparation_steps" USING btree ("preparation_id","position");--> statement-breakpoint
CREATE INDEX "preparation_steps_open_idx" ON "preparation_steps" USING btree ("done");