CREATE TABLE "mass_organization_introductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mass_organization_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"form" text NOT NULL,
	"received_on" date NOT NULL,
	"content" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mass_organization_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mass_organization_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"notes" text NOT NULL,
	"task_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mass_organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"leader_name" text,
	"leader_title" text,
	"member_count" integer,
	"assigned_member_id" uuid,
	"cadence" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_attendance" (
	"session_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "study_attendance_session_id_member_id_pk" PRIMARY KEY("session_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "study_reflections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"resolution_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"via" text NOT NULL,
	"content" text,
	"received_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"resolution_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"issued_on" date NOT NULL,
	"total" integer NOT NULL,
	"studied" integer NOT NULL,
	"reflected" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "study_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"resolution_id" uuid NOT NULL,
	"makeup_of_id" uuid,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"presenter" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mass_organization_introductions" ADD CONSTRAINT "mass_organization_introductions_mass_organization_id_mass_organizations_id_fk" FOREIGN KEY ("mass_organization_id") REFERENCES "public"."mass_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_organization_sessions" ADD CONSTRAINT "mass_organization_sessions_mass_organization_id_mass_organizations_id_fk" FOREIGN KEY ("mass_organization_id") REFERENCES "public"."mass_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_organizations" ADD CONSTRAINT "mass_organizations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mass_organizations" ADD CONSTRAINT "mass_organizations_assigned_member_id_members_id_fk" FOREIGN KEY ("assigned_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_attendance" ADD CONSTRAINT "study_attendance_session_id_study_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."study_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_attendance" ADD CONSTRAINT "study_attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_reflections" ADD CONSTRAINT "study_reflections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_reflections" ADD CONSTRAINT "study_reflections_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_reports" ADD CONSTRAINT "study_reports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mass_organization_introductions_key" ON "mass_organization_introductions" USING btree ("candidate_id","form");--> statement-breakpoint
CREATE INDEX "mass_organization_sessions_org_idx" ON "mass_organization_sessions" USING btree ("mass_organization_id","held_on");--> statement-breakpoint
CREATE INDEX "mass_organizations_org_idx" ON "mass_organizations" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "study_reflections_key" ON "study_reflections" USING btree ("resolution_id","member_id");--> statement-breakpoint
CREATE INDEX "study_reports_org_idx" ON "study_reports" USING btree ("organization_id","resolution_id");--> statement-breakpoint
CREATE INDEX "study_sessions_org_idx" ON "study_sessions" USING btree ("organization_id","resolution_id");