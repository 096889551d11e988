CREATE TABLE "admission_form_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"form" text NOT NULL,
	"file_name" text NOT NULL,
	"kind" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "admission_form_files" ADD CONSTRAINT "admission_form_files_candidate_id_admission_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."admission_candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_form_files" ADD CONSTRAINT "admission_form_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_form_files_candidate_idx" ON "admission_form_files" USING btree ("candidate_id","form");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_form_files_current_key" ON "admission_form_files" USING btree ("candidate_id","form") WHERE "admission_form_files"."replaced_at" IS NULL;