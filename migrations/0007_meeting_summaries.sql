CREATE SEQUENCE "public"."meeting_summary_marks" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "meeting_summaries" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"mark" bigint NOT NULL,
	"computed_mark" bigint,
	"expected" integer,
	"present" integer,
	"rate_percent" double precision,
	"computed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "meeting_summaries" ADD CONSTRAINT "meeting_summaries_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_summaries_stale_idx" ON "meeting_summaries" USING btree ("meeting_id") WHERE "meeting_summaries"."computed_mark" IS DISTINCT FROM "meeting_summaries"."mark";--> statement-breakpoint
-- Which meetings' attendance figures a change can move (the figures themselves are computed in the application,
-- by the same rule as the meeting page). A member counts on the roster of every organisation on the path of the
-- organisation they were transferred to, so those organisations' meetings since the change are marked.
CREATE FUNCTION meeting_summaries_mark_members(member_ids uuid[], extra_orgs uuid[], since date) RETURNS void LANGUAGE sql AS $$
  UPDATE meeting_summaries s SET mark = nextval('meeting_summary_marks')
    FROM meetings mt
   WHERE s.meeting_id = mt.id
     AND (since IS NULL OR mt.date >= since)
     AND mt.organization_id IN (
       SELECT DISTINCT a.id::uuid
         FROM organizations o
        CROSS JOIN unnest(string_to_array(trim(BOTH '/' FROM o.path), '/')) AS a(id)
        WHERE o.id IN (SELECT t.to_organization_id FROM member_transfers t WHERE t.member_id = ANY(member_ids))
           OR o.id = ANY(extra_orgs))
$$;
--> statement-breakpoint
CREATE FUNCTION meeting_summaries_on_meetings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meeting_summaries (meeting_id, mark) SELECT id, nextval('meeting_summary_marks') FROM new_rows
  ON CONFLICT (meeting_id) DO UPDATE SET mark = EXCLUDED.mark;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_meetings_insert AFTER INSERT ON meetings REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_meetings_insert();
--> statement-breakpoint
CREATE FUNCTION meeting_summaries_on_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE meeting_summaries SET mark = nextval('meeting_summary_marks') WHERE meeting_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_meeting_moved AFTER UPDATE OF date, organization_id ON meetings FOR EACH ROW
  WHEN (OLD.date IS DISTINCT FROM NEW.date OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
  EXECUTE FUNCTION meeting_summaries_on_meeting_moved();
--> statement-breakpoint
CREATE FUNCTION meeting_summaries_on_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE meeting_summaries SET mark = nextval('meeting_summary_marks') WHERE meeting_id IN (SELECT meeting_id FROM new_rows);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE meeting_summaries SET mark = nextval('meeting_summary_marks') WHERE meeting_id IN (SELECT meeting_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_attendance_insert AFTER INSERT ON meeting_attendance REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_attendance();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_attendance_update AFTER UPDATE ON meeting_attendance REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_attendance();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_attendance_delete AFTER DELETE ON meeting_attendance REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_attendance();
--> statement-breakpoint
CREATE FUNCTION meeting_summaries_on_transfers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ms uuid[];
  orgs uuid[];
  since date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(member_id), array_agg(to_organization_id), min(transferred_on) INTO ms, orgs, since FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(member_id), array_agg(to_organization_id), min(transferred_on) INTO ms, orgs, since FROM old_rows;
  ELSE
    SELECT array_agg(r.member_id), array_agg(r.to_organization_id), min(r.transferred_on) INTO ms, orgs, since
      FROM (SELECT member_id, to_organization_id, transferred_on FROM new_rows
            UNION ALL SELECT member_id, to_organization_id, transferred_on FROM old_rows) r;
  END IF;
  IF ms IS NOT NULL THEN
    PERFORM meeting_summaries_mark_members(ms, orgs, since);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_transfers_insert AFTER INSERT ON member_transfers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_transfers();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_transfers_update AFTER UPDATE ON member_transfers REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_transfers();
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_transfers_delete AFTER DELETE ON member_transfers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_summaries_on_transfers();
--> statement-breakpoint
-- Today's status and exemption count for every past meeting (no history of them is kept), so all dates are marked.
CREATE FUNCTION meeting_summaries_on_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM meeting_summaries_mark_members(ARRAY[NEW.id], ARRAY[NEW.organization_id], NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_member AFTER UPDATE OF status, exempt_from_activities, left_on ON members FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.exempt_from_activities IS DISTINCT FROM NEW.exempt_from_activities OR OLD.left_on IS DISTINCT FROM NEW.left_on)
  EXECUTE FUNCTION meeting_summaries_on_member();
--> statement-breakpoint
-- A moved organisation changes the rosters of its old and new ancestors (a committee's roster is its whole tree).
CREATE FUNCTION meeting_summaries_on_organization_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE meeting_summaries s SET mark = nextval('meeting_summary_marks')
    FROM meetings mt
   WHERE s.meeting_id = mt.id
     AND mt.organization_id IN (SELECT a.id::uuid FROM unnest(string_to_array(OLD.path || NEW.path, '/')) AS a(id) WHERE a.id <> '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_summaries_organization_moved AFTER UPDATE OF path ON organizations FOR EACH ROW
  WHEN (OLD.path IS DISTINCT FROM NEW.path)
  EXECUTE FUNCTION meeting_summaries_on_organization_moved();
--> statement-breakpoint
-- Every meeting recorded so far starts stale; the periodic job (or the first overview) computes it.
INSERT INTO meeting_summaries (meeting_id, mark) SELECT id, nextval('meeting_summary_marks') FROM meetings;
