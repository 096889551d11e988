CREATE TABLE "evaluation_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"author_member_id" uuid,
	"author_name" text,
	"text" text NOT NULL,
	"meeting_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evaluation_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"level" text NOT NULL,
	"score" double precision,
	"decided_on" date NOT NULL,
	"decided_by" uuid NOT NULL,
	"quota_raised_reason" text,
	"veto_kind" text,
	"veto_reason" text,
	"re_rankings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"rulebook_key" text NOT NULL,
	"rubric_key" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"level" text NOT NULL,
	"meeting_id" uuid,
	"vote_id" uuid,
	"votes" jsonb,
	"note" text,
	"proposed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_subjects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"cell_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"member_id" uuid,
	"post" text NOT NULL,
	"form" text NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	"exclusion_reason" text,
	"discipline" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"sections" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"rubric_key" text NOT NULL,
	"proposed_level" text NOT NULL,
	"shortcoming_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"previous_fixed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exceeded_task_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"facts" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_subject_id_evaluation_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."evaluation_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_author_member_id_members_id_fk" FOREIGN KEY ("author_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_decisions" ADD CONSTRAINT "evaluation_decisions_subject_id_evaluation_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."evaluation_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_decisions" ADD CONSTRAINT "evaluation_decisions_period_id_evaluation_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."evaluation_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_periods" ADD CONSTRAINT "evaluation_periods_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_proposals" ADD CONSTRAINT "evaluation_proposals_subject_id_evaluation_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."evaluation_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_period_id_evaluation_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."evaluation_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_cell_id_organizations_id_fk" FOREIGN KEY ("cell_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_subjects" ADD CONSTRAINT "evaluation_subjects_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_subject_id_evaluation_subjects_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."evaluation_subjects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_comments_subject_idx" ON "evaluation_comments" USING btree ("subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_decisions_subject_key" ON "evaluation_decisions" USING btree ("subject_id") WHERE "evaluation_decisions"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "evaluation_decisions_period_idx" ON "evaluation_decisions" USING btree ("period_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_periods_key" ON "evaluation_periods" USING btree ("organization_id","kind","year",coalesce("quarter", 0)) WHERE "evaluation_periods"."deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_proposals_subject_key" ON "evaluation_proposals" USING btree ("subject_id") WHERE "evaluation_proposals"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "evaluation_subjects_period_cell_idx" ON "evaluation_subjects" USING btree ("period_id","cell_id");--> statement-breakpoint
CREATE INDEX "evaluation_subjects_member_idx" ON "evaluation_subjects" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_subjects_key" ON "evaluation_subjects" USING btree ("period_id","cell_id",coalesce("member_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE UNIQUE INDEX "self_assessments_subject_key" ON "self_assessments" USING btree ("subject_id") WHERE "self_assessments"."deleted_at" IS NULL;