CREATE TABLE "message_day_summaries" (
	"organization_id" uuid NOT NULL,
	"day" date NOT NULL,
	"channel" "message_channel" NOT NULL,
	"request_id" uuid NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"bounced" integer DEFAULT 0 NOT NULL,
	"segments" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "message_day_summaries_organization_id_day_channel_request_id_pk" PRIMARY KEY("organization_id","day","channel","request_id")
);
--> statement-breakpoint
ALTER TABLE "message_day_summaries" ADD CONSTRAINT "message_day_summaries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The messages figure of the reports (issue 14, docs/reports.md "Summary tables"):
-- message_day_summaries per organisation, day of creation in the organisation's time zone,
-- channel and request (00000000-… for none), kept by triggers on messages (insert: statement
-- level; update: row level with a WHEN of the counted columns, so claims, retries, locks and
-- body purges do not call it; delete: statement level) and on organizations (a time-zone change
-- rebuilds the organisation's rows). Deleting an organisation removes them (foreign key).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "hr_local_day"(p_at timestamptz, p_zone text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (p_at AT TIME ZONE p_zone)::date $$;
--> statement-breakpoint
-- a failed message that bounced or was suppressed (Resend) or undelivered (Twilio); the reports'
-- BOUNCED (null when last_error is null: such a failure counts as neither failed nor bounced)
CREATE FUNCTION "hr_is_bounce"(p_error text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT p_error ~ '^(bounced|suppressed)' OR p_error LIKE 'twilio undelivered%' $$;
--> statement-breakpoint
CREATE FUNCTION "hr_message_days_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- queued messages (every app write) count nothing: the statement finds no row
  INSERT INTO message_day_summaries AS d (organization_id, day, channel, request_id, sent, delivered, failed, bounced, segments)
  SELECT n.organization_id, hr_local_day(n.created_at, o.time_zone), n.channel, coalesce(n.request_id, '00000000-0000-0000-0000-000000000000'::uuid),
    count(n.sent_at)::int, count(*) FILTER (WHERE n.status = 'delivered')::int,
    count(*) FILTER (WHERE n.status = 'failed' AND NOT hr_is_bounce(n.last_error))::int, count(*) FILTER (WHERE n.status = 'failed' AND hr_is_bounce(n.last_error))::int,
    coalesce(sum(n.segments) FILTER (WHERE n.sent_at IS NOT NULL), 0)::int
  FROM new_rows n JOIN organizations o ON o.id = n.organization_id
  WHERE n.sent_at IS NOT NULL OR n.status IN ('delivered', 'failed')
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (organization_id, day, channel, request_id) DO UPDATE
    SET sent = d.sent + excluded.sent, delivered = d.delivered + excluded.delivered, failed = d.failed + excluded.failed,
        bounced = d.bounced + excluded.bounced, segments = d.segments + excluded.segments;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_message_days_deleted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- the rows exist (the deleted messages counted in them); an organisation being deleted is no
  -- longer found, its rows go by the foreign key
  UPDATE message_day_summaries d
    SET sent = d.sent - x.sent, delivered = d.delivered - x.delivered, failed = d.failed - x.failed, bounced = d.bounced - x.bounced, segments = d.segments - x.segments
  FROM (
    SELECT m.organization_id, hr_local_day(m.created_at, o.time_zone) AS day, m.channel, coalesce(m.request_id, '00000000-0000-0000-0000-000000000000'::uuid) AS request_id,
      count(m.sent_at)::int AS sent, count(*) FILTER (WHERE m.status = 'delivered')::int AS delivered,
      count(*) FILTER (WHERE m.status = 'failed' AND NOT hr_is_bounce(m.last_error))::int AS failed, count(*) FILTER (WHERE m.status = 'failed' AND hr_is_bounce(m.last_error))::int AS bounced,
      coalesce(sum(m.segments) FILTER (WHERE m.sent_at IS NOT NULL), 0)::int AS segments
    FROM old_rows m JOIN organizations o ON o.id = m.organization_id
    WHERE m.sent_at IS NOT NULL OR m.status IN ('delivered', 'failed')
    GROUP BY 1, 2, 3, 4
  ) x
  WHERE (d.organization_id, d.day, d.channel, d.request_id) = (x.organization_id, x.day, x.channel, x.request_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- one message's counted columns changed (handed over, delivered, failed, its request deleted …):
-- the difference in its row — a plain update by primary key when the row stays and counted before
CREATE FUNCTION "hr_message_day_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_counts boolean := OLD.organization_id IS NOT NULL AND (OLD.sent_at IS NOT NULL OR OLD.status IN ('delivered', 'failed'));
  n_counts boolean := NEW.organization_id IS NOT NULL AND (NEW.sent_at IS NOT NULL OR NEW.status IN ('delivered', 'failed'));
  o_sent int := (OLD.sent_at IS NOT NULL)::int;
  o_delivered int := (OLD.status = 'delivered')::int;
  o_failed int := ((OLD.status = 'failed' AND NOT hr_is_bounce(OLD.last_error)) IS TRUE)::int;
  o_bounced int := ((OLD.status = 'failed' AND hr_is_bounce(OLD.last_error)) IS TRUE)::int;
  o_segments int := CASE WHEN OLD.sent_at IS NOT NULL THEN coalesce(OLD.segments, 0) ELSE 0 END;
  n_sent int := (NEW.sent_at IS NOT NULL)::int;
  n_delivered int := (NEW.status = 'delivered')::int;
  n_failed int := ((NEW.status = 'failed' AND NOT hr_is_bounce(NEW.last_error)) IS TRUE)::int;
  n_bounced int := ((NEW.status = 'failed' AND hr_is_bounce(NEW.last_error)) IS TRUE)::int;
  n_segments int := CASE WHEN NEW.sent_at IS NOT NULL THEN coalesce(NEW.segments, 0) ELSE 0 END;
  o_day date;
  n_day date;
  same_key boolean := OLD.organization_id IS NOT DISTINCT FROM NEW.organization_id AND OLD.channel = NEW.channel
    AND OLD.created_at = NEW.created_at AND OLD.request_id IS NOT DISTINCT FROM NEW.request_id;
BEGIN
  IF o_counts THEN
    o_day := hr_local_day(OLD.created_at, (SELECT o.time_zone FROM organizations o WHERE o.id = OLD.organization_id));
  END IF;
  IF o_counts AND (NOT n_counts OR NOT same_key OR o_day IS NULL) THEN
    UPDATE message_day_summaries d
      SET sent = d.sent - o_sent, delivered = d.delivered - o_delivered, failed = d.failed - o_failed, bounced = d.bounced - o_bounced, segments = d.segments - o_segments
    WHERE d.organization_id = OLD.organization_id AND d.day = o_day AND d.channel = OLD.channel
      AND d.request_id = coalesce(OLD.request_id, '00000000-0000-0000-0000-000000000000'::uuid);
    o_sent := 0; o_delivered := 0; o_failed := 0; o_bounced := 0; o_segments := 0;
  ELSIF o_counts THEN
    -- same row, counted before: it exists
    IF (n_sent, n_delivered, n_failed, n_bounced, n_segments) IS DISTINCT FROM (o_sent, o_delivered, o_failed, o_bounced, o_segments) THEN
      UPDATE message_day_summaries d
        SET sent = d.sent + n_sent - o_sent, delivered = d.delivered + n_delivered - o_delivered, failed = d.failed + n_failed - o_failed,
            bounced = d.bounced + n_bounced - o_bounced, segments = d.segments + n_segments - o_segments
      WHERE d.organization_id = NEW.organization_id AND d.day = o_day AND d.channel = NEW.channel
        AND d.request_id = coalesce(NEW.request_id, '00000000-0000-0000-0000-000000000000'::uuid);
    END IF;
    RETURN NULL;
  END IF;
  IF n_counts THEN
    n_day := hr_local_day(NEW.created_at, (SELECT o.time_zone FROM organizations o WHERE o.id = NEW.organization_id));
    IF n_day IS NOT NULL THEN
      INSERT INTO message_day_summaries AS d (organization_id, day, channel, request_id, sent, delivered, failed, bounced, segments)
      VALUES (NEW.organization_id, n_day, NEW.channel, coalesce(NEW.request_id, '00000000-0000-0000-0000-000000000000'::uuid), n_sent, n_delivered, n_failed, n_bounced, n_segments)
      ON CONFLICT (organization_id, day, channel, request_id) DO UPDATE
        SET sent = d.sent + excluded.sent, delivered = d.delivered + excluded.delivered, failed = d.failed + excluded.failed,
            bounced = d.bounced + excluded.bounced, segments = d.segments + excluded.segments;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "messages_days_ins" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_message_days_inserted();
--> statement-breakpoint
CREATE TRIGGER "messages_days_upd" AFTER UPDATE ON "messages" FOR EACH ROW
  WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.channel <> NEW.channel OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.request_id IS DISTINCT FROM NEW.request_id OR (OLD.sent_at IS NULL) <> (NEW.sent_at IS NULL)
        OR (OLD.status = 'delivered') <> (NEW.status = 'delivered') OR (OLD.status = 'failed') <> (NEW.status = 'failed')
        OR (NEW.status = 'failed' AND OLD.last_error IS DISTINCT FROM NEW.last_error)
        OR (NEW.sent_at IS NOT NULL AND OLD.segments IS DISTINCT FROM NEW.segments))
  EXECUTE FUNCTION hr_message_day_changed();
--> statement-breakpoint
CREATE TRIGGER "messages_days_del" AFTER DELETE ON "messages" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_message_days_deleted();
--> statement-breakpoint
-- all of one organisation's rows from its messages (the backfill; a time-zone change moves the days)
CREATE FUNCTION "hr_message_days_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM message_day_summaries d WHERE p_org IS NULL OR d.organization_id = p_org;
  INSERT INTO message_day_summaries (organization_id, day, channel, request_id, sent, delivered, failed, bounced, segments)
  SELECT m.organization_id, hr_local_day(m.created_at, o.time_zone), m.channel, coalesce(m.request_id, '00000000-0000-0000-0000-000000000000'::uuid),
    count(m.sent_at)::int, count(*) FILTER (WHERE m.status = 'delivered')::int,
    count(*) FILTER (WHERE m.status = 'failed' AND NOT hr_is_bounce(m.last_error))::int, count(*) FILTER (WHERE m.status = 'failed' AND hr_is_bounce(m.last_error))::int,
    coalesce(sum(m.segments) FILTER (WHERE m.sent_at IS NOT NULL), 0)::int
  FROM messages m JOIN organizations o ON o.id = m.organization_id
  WHERE (p_org IS NULL OR m.organization_id = p_org) AND (m.sent_at IS NOT NULL OR m.status IN ('delivered', 'failed'))
  GROUP BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_organization_message_days_zone"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hr_message_days_rebuild(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "organizations_message_days_zone" AFTER UPDATE OF "time_zone" ON "organizations" FOR EACH ROW
  WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION hr_organization_message_days_zone();
--> statement-breakpoint
SELECT hr_message_days_rebuild(NULL);
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The accept path (docs/benchmarks.md "Reports"): an answer changes one month row (the row
-- trigger on invitations updates it), whose 4 period rows exist. That case is now 4 updates by
-- primary key, in the primary-key order of hr_vp_apply's upsert (one lock order for every
-- writer), without the upsert's eligibility probes; everything else (several rows, an ask taken
-- back, a latest ask gone) still goes through hr_vp_apply.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION "hr_vma_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  k record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM hr_vp_apply(array_agg(n.organization_id), array_agg(n.month), array_agg(n.volunteer_id), array_agg(n.activity_id),
      array_agg(n.asked), array_agg(n.answered), array_agg(n.last_asked_at), array_agg(false))
    FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM hr_vp_apply(array_agg(o.organization_id), array_agg(o.month), array_agg(o.volunteer_id), array_agg(o.activity_id),
      array_agg(-o.asked), array_agg(-o.answered), array_agg(o.last_asked_at), array_agg(true))
    FROM old_rows o;
  ELSE
    -- the key columns of a month row never change (every writer is in migration report_summaries)
    IF (SELECT count(*) FROM new_rows) = 1 THEN
      SELECT n.organization_id, n.month, n.volunteer_id, n.activity_id, n.asked - o.asked AS d_asked, n.answered - o.answered AS d_answered,
        n.last_asked_at, n.last_asked_at < o.last_asked_at AS lower, n.asked <> o.asked OR n.answered <> o.answered OR n.last_asked_at <> o.last_asked_at AS changed
      INTO r FROM new_rows n JOIN old_rows o USING (organization_id, month, volunteer_id, activity_id);
      IF r IS NULL OR NOT r.changed THEN RETURN NULL; END IF;
      IF r.d_asked >= 0 AND NOT r.lower THEN
        FOR k IN SELECT * FROM hr_vp_keys(r.month, r.activity_id) x ORDER BY x.period_months, x.period_start, x.activity_id LOOP
          UPDATE volunteer_period_asks p
            SET asked = p.asked + r.d_asked, answered = p.answered + r.d_answered, last_asked_at = greatest(p.last_asked_at, r.last_asked_at)
          WHERE p.organization_id = r.organization_id AND p.period_months = k.period_months AND p.period_start = k.period_start
            AND p.activity_id = k.activity_id AND p.volunteer_id = r.volunteer_id;
        END LOOP;
        RETURN NULL;
      END IF;
    END IF;
    PERFORM hr_vp_apply(array_agg(n.organization_id), array_agg(n.month), array_agg(n.volunteer_id), array_agg(n.activity_id),
      array_agg(n.asked - o.asked), array_agg(n.answered - o.answered), array_agg(n.last_asked_at), array_agg(n.last_asked_at < o.last_asked_at))
    FROM new_rows n JOIN old_rows o USING (organization_id, month, volunteer_id, activity_id)
    WHERE n.asked <> o.asked OR n.answered <> o.answered OR n.last_asked_at <> o.last_asked_at;
  END IF;
  RETURN NULL;
END $$;
