ALTER TABLE "organizations" ADD COLUMN "usual_meeting_place" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "usual_meeting_time" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- hand-written:
-- A meeting's attendance figures read each member's status on the meeting's date from the status history (ADR 0107),
-- so a change of that history marks the meetings of the member's organisations, as a change of the record does.
CREATE FUNCTION meeting_summaries_on_status_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meeting_summaries_mark_members(ARRAY(SELECT DISTINCT member_id FROM changed_rows), NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_status_periods_insert AFTER INSERT ON member_status_periods REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_status_periods();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_status_periods_update AFTER UPDATE ON member_status_periods REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_status_periods();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_status_periods_delete AFTER DELETE ON member_status_periods REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_status_periods();
