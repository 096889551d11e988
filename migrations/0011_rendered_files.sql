CREATE TABLE "rendered_files" (
	"subject" text NOT NULL,
	"format" text NOT NULL,
	"part" integer NOT NULL,
	"parts" integer NOT NULL,
	"key" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rendered_files_subject_format_part_pk" PRIMARY KEY("subject","format","part")
);
