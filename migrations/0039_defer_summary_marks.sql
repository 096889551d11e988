-- hand-written: a roster import writes tens of thousands of new members in statements of 5,000 rows, and each
-- statement's triggers on member_transfers and member_status_periods marked every meeting of the members'
-- organisations again. While the transaction sets chibo.defer_summary_marks, they leave it to the writer, which marks
-- those organisations' meetings once when it is done (createMembers, ADR 0179). Otherwise unchanged from 0007 and 0018.
CREATE OR REPLACE FUNCTION meeting_summaries_on_status_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('chibo.defer_summary_marks', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM meeting_summaries_mark_members(ARRAY(SELECT DISTINCT member_id FROM changed_rows), NULL, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION meeting_summaries_on_transfers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ms uuid[];
  orgs uuid[];
  since date;
BEGIN
  IF current_setting('chibo.defer_summary_marks', true) = 'on' THEN
    RETURN NULL;
  END IF;
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
