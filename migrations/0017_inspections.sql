CREATE TABLE "confidential_case_openings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "confidential_case_people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"member_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "confidential_case_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"step" text NOT NULL,
	"on" date NOT NULL,
	"text" text,
	"number" integer,
	"number_text" text,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"case_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "confidential_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"body" text NOT NULL,
	"programme_item_id" uuid,
	"type" text NOT NULL,
	"subject_organization_id" uuid,
	"subject_member_id" uuid,
	"content" text NOT NULL,
	"lead_member_id" uuid NOT NULL,
	"meeting_id" uuid,
	"concluded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"received_on" date,
	"receiver_name" text,
	"denouncer" text,
	"accept_by" date,
	"resolve_by" date,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "discipline_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"case_id" uuid,
	"proposed_form" text NOT NULL,
	"reason" text NOT NULL,
	"proposed_on" date NOT NULL,
	"body" text,
	"form" text,
	"decided_on" date,
	"received_on" date,
	"number_text" text,
	"appealed_on" date,
	"appeal_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"text" text NOT NULL,
	"remedy" text NOT NULL,
	"owner_member_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"task_id" uuid,
	"report" text,
	"reported_on" date,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_programme_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"subject_organization_id" uuid,
	"subject_member_id" uuid,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"lead_member_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"body" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"adopted_on" date,
	"document_id" uuid,
	"number_text" text,
	"issued_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"step" text NOT NULL,
	"on" date NOT NULL,
	"text" text,
	"number" integer,
	"number_text" text,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"inspection_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"body" text NOT NULL,
	"programme_item_id" uuid,
	"type" text NOT NULL,
	"subject_organization_id" uuid,
	"subject_member_id" uuid,
	"content" text NOT NULL,
	"lead_member_id" uuid NOT NULL,
	"meeting_id" uuid,
	"concluded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "confidential_case_openings" ADD CONSTRAINT "confidential_case_openings_case_id_confidential_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."confidential_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_case_people" ADD CONSTRAINT "confidential_case_people_case_id_confidential_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."confidential_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_case_people" ADD CONSTRAINT "confidential_case_people_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_case_steps" ADD CONSTRAINT "confidential_case_steps_case_id_confidential_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."confidential_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_cases" ADD CONSTRAINT "confidential_cases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_cases" ADD CONSTRAINT "confidential_cases_programme_item_id_inspection_programme_items_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."inspection_programme_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_cases" ADD CONSTRAINT "confidential_cases_subject_organization_id_organizations_id_fk" FOREIGN KEY ("subject_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_cases" ADD CONSTRAINT "confidential_cases_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confidential_cases" ADD CONSTRAINT "confidential_cases_lead_member_id_members_id_fk" FOREIGN KEY ("lead_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_case_id_confidential_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."confidential_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_findings" ADD CONSTRAINT "inspection_findings_owner_member_id_members_id_fk" FOREIGN KEY ("owner_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_programme_items" ADD CONSTRAINT "inspection_programme_items_programme_id_inspection_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."inspection_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_programme_items" ADD CONSTRAINT "inspection_programme_items_subject_organization_id_organizations_id_fk" FOREIGN KEY ("subject_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_programme_items" ADD CONSTRAINT "inspection_programme_items_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_programme_items" ADD CONSTRAINT "inspection_programme_items_lead_member_id_members_id_fk" FOREIGN KEY ("lead_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_programmes" ADD CONSTRAINT "inspection_programmes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_steps" ADD CONSTRAINT "inspection_steps_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_programme_item_id_inspection_programme_items_id_fk" FOREIGN KEY ("programme_item_id") REFERENCES "public"."inspection_programme_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_subject_organization_id_organizations_id_fk" FOREIGN KEY ("subject_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_subject_member_id_members_id_fk" FOREIGN KEY ("subject_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_lead_member_id_members_id_fk" FOREIGN KEY ("lead_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "confidential_case_openings_idx" ON "confidential_case_openings" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "confidential_case_people_idx" ON "confidential_case_people" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "confidential_case_steps_idx" ON "confidential_case_steps" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "confidential_cases_org_idx" ON "confidential_cases" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "discipline_cases_member_idx" ON "discipline_cases" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "discipline_cases_org_idx" ON "discipline_cases" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "inspection_findings_idx" ON "inspection_findings" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_programme_items_prog_idx" ON "inspection_programme_items" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "inspection_programmes_org_idx" ON "inspection_programmes" USING btree ("organization_id","year");--> statement-breakpoint
CREATE INDEX "inspection_steps_idx" ON "inspection_steps" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspections_org_idx" ON "inspections" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "inspections_subject_org_idx" ON "inspections" USING btree ("subject_organization_id");