CREATE TABLE "admission_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"gender" text,
	"unit" text,
	"helper_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"course_certificate_on" date,
	"stage" text NOT NULL,
	"resolution_on" date,
	"resolution_votes_for" integer,
	"resolution_full_members" integer,
	"resolution_document_id" uuid,
	"decision_on" date,
	"decision_document_id" uuid,
	"ceremony_on" date,
	"member_id" uuid,
	"recognition_vote_on" date,
	"recognition_votes_for" integer,
	"recognition_full_members" integer,
	"recognition_outcome" text,
	"recognition_decision_on" date,
	"official_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admission_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"form" text NOT NULL,
	"received_on" date NOT NULL,
	"document_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admission_candidates" ADD CONSTRAINT "admission_candidates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_candidates" ADD CONSTRAINT "admission_candidates_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_forms" ADD CONSTRAINT "admission_forms_candidate_id_admission_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."admission_candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_candidates_org_idx" ON "admission_candidates" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "admission_candidates_member_idx" ON "admission_candidates" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_forms_candidate_form_key" ON "admission_forms" USING btree ("candidate_id","form");