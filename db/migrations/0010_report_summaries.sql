CREATE TABLE "request_summaries" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"first_yes_at" timestamp with time zone,
	"curve_asked" integer DEFAULT 0 NOT NULL,
	"curve_answered" integer DEFAULT 0 NOT NULL,
	"curve_b0" integer DEFAULT 0 NOT NULL,
	"curve_b1" integer DEFAULT 0 NOT NULL,
	"curve_b2" integer DEFAULT 0 NOT NULL,
	"curve_b3" integer DEFAULT 0 NOT NULL,
	"curve_b4" integer DEFAULT 0 NOT NULL,
	"curve_b5" integer DEFAULT 0 NOT NULL,
	"curve_b6" integer DEFAULT 0 NOT NULL,
	"curve_b7" integer DEFAULT 0 NOT NULL,
	"curve_b8" integer DEFAULT 0 NOT NULL,
	"curve_b9" integer DEFAULT 0 NOT NULL,
	"email_asked" integer DEFAULT 0 NOT NULL,
	"email_delivered" integer DEFAULT 0 NOT NULL,
	"email_answered" integer DEFAULT 0 NOT NULL,
	"email_yes" integer DEFAULT 0 NOT NULL,
	"sms_asked" integer DEFAULT 0 NOT NULL,
	"sms_delivered" integer DEFAULT 0 NOT NULL,
	"sms_answered" integer DEFAULT 0 NOT NULL,
	"sms_yes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_month_asks" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"asked" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"last_asked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_month_asks_organization_id_month_volunteer_id_activity_id_pk" PRIMARY KEY("organization_id","month","volunteer_id","activity_id")
);
--> statement-breakpoint
ALTER TABLE "request_summaries" ADD CONSTRAINT "request_summaries_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_invitation_idx" ON "messages" USING btree ("invitation_id") WHERE "messages"."kind" = 'invitation';--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- Report summaries kept right by the database itself (issue 14, docs/reports.md "Summary
-- tables"). drizzle cannot express triggers, so they follow the generated statements here.
-- Every write path (asking, answering, withdrawing, expiring, the outbox and its webhooks,
-- erasure, deleting a request or an organisation) keeps request_summaries and
-- volunteer_month_asks equal to the raw aggregates; tests/integration/report-summaries.test.ts
-- compares them after each kind of change. Inserts: statement-level triggers over the inserted
-- rows (bulk asking). Updates and deletes: row-level triggers with WHEN clauses: an update
-- that touches no counted column (reminders, locks, retries) does not call them at all.
-- ---------------------------------------------------------------------------------------------
-- the response curve bucket of one invitation: null not asked, -1 not answered, 0…10 as
-- width_bucket over CURVE_MINUTES (lib/reports/figures.ts; keep both the same)
CREATE FUNCTION "hr_curve_bucket"(p_asked timestamptz, p_responded timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p_asked IS NULL THEN NULL WHEN p_responded IS NULL THEN -1
    ELSE width_bucket(greatest(extract(epoch from (p_responded - p_asked))::float8 / 60, 0), array[5,15,30,60,120,240,480,1440,2880,10080]::float8[]) END
$$;
--> statement-breakpoint
-- the first day of the local month of an instant (the fairness summary's month)
CREATE FUNCTION "hr_local_month"(p_at timestamptz, p_zone text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('month', p_at AT TIME ZONE p_zone)::date $$;
--> statement-breakpoint
-- the funnel's "yes": accepted, also those who later withdrew or came too late
CREATE FUNCTION "hr_is_yes"(p_status invitation_status, p_responded timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT p_status IN ('accepted', 'withdrawn') OR (p_status = 'not_needed' AND p_responded IS NOT NULL) $$;
--> statement-breakpoint
-- move one invitation on the curve from bucket p_minus to p_plus (either may be null: not counted)
CREATE FUNCTION "hr_rs_curve"(p_request uuid, p_minus integer, p_plus integer, p_create boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  da integer := (p_plus IS NOT NULL)::int - (p_minus IS NOT NULL)::int;
  dn integer := (coalesce(p_plus, -1) >= 0)::int - (coalesce(p_minus, -1) >= 0)::int;
BEGIN
  -- a removal while the request itself is being deleted: its summary goes with it
  IF NOT p_create AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = p_request) THEN RETURN; END IF;
  FOR attempt IN 1..2 LOOP
    UPDATE request_summaries SET
      curve_asked = curve_asked + da, curve_answered = curve_answered + dn,
      curve_b0 = curve_b0 + (p_plus IS NOT DISTINCT FROM 0)::int - (p_minus IS NOT DISTINCT FROM 0)::int,
      curve_b1 = curve_b1 + (p_plus IS NOT DISTINCT FROM 1)::int - (p_minus IS NOT DISTINCT FROM 1)::int,
      curve_b2 = curve_b2 + (p_plus IS NOT DISTINCT FROM 2)::int - (p_minus IS NOT DISTINCT FROM 2)::int,
      curve_b3 = curve_b3 + (p_plus IS NOT DISTINCT FROM 3)::int - (p_minus IS NOT DISTINCT FROM 3)::int,
      curve_b4 = curve_b4 + (p_plus IS NOT DISTINCT FROM 4)::int - (p_minus IS NOT DISTINCT FROM 4)::int,
      curve_b5 = curve_b5 + (p_plus IS NOT DISTINCT FROM 5)::int - (p_minus IS NOT DISTINCT FROM 5)::int,
      curve_b6 = curve_b6 + (p_plus IS NOT DISTINCT FROM 6)::int - (p_minus IS NOT DISTINCT FROM 6)::int,
      curve_b7 = curve_b7 + (p_plus IS NOT DISTINCT FROM 7)::int - (p_minus IS NOT DISTINCT FROM 7)::int,
      curve_b8 = curve_b8 + (p_plus IS NOT DISTINCT FROM 8)::int - (p_minus IS NOT DISTINCT FROM 8)::int,
      curve_b9 = curve_b9 + (p_plus IS NOT DISTINCT FROM 9)::int - (p_minus IS NOT DISTINCT FROM 9)::int
    WHERE request_id = p_request;
    EXIT WHEN FOUND OR NOT p_create;
    -- never on a delete path: the request may be gone (cascade), and its summary with it
    INSERT INTO request_summaries (request_id) VALUES (p_request) ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
--> statement-breakpoint
-- add (p_sign 1) or remove (-1) one invitation message's part of the funnel
CREATE FUNCTION "hr_rs_funnel"(p_request uuid, p_invitation uuid, p_channel message_channel, p_status message_status, p_sign integer, p_create boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  a integer; y integer;
  e integer := (p_channel = 'email')::int * p_sign;
  s integer := (p_channel = 'sms')::int * p_sign;
  d integer := (p_status = 'delivered')::int;
BEGIN
  SELECT (i.responded_at IS NOT NULL)::int, hr_is_yes(i.status, i.responded_at)::int INTO a, y FROM invitations i WHERE i.id = p_invitation;
  IF NOT FOUND THEN RETURN; END IF; -- the invitation is being deleted: its BEFORE DELETE trigger took its part out
  -- the request is being deleted (messages set null, invitations cascade): its summary goes with it
  IF p_sign < 0 AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = p_request) THEN RETURN; END IF;
  FOR attempt IN 1..2 LOOP
    UPDATE request_summaries SET
      email_asked = email_asked + e, email_delivered = email_delivered + e * d, email_answered = email_answered + e * a, email_yes = email_yes + e * y,
      sms_asked = sms_asked + s, sms_delivered = sms_delivered + s * d, sms_answered = sms_answered + s * a, sms_yes = sms_yes + s * y
    WHERE request_id = p_request;
    EXIT WHEN FOUND OR NOT p_create;
    INSERT INTO request_summaries (request_id) VALUES (p_request) ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
--> statement-breakpoint
-- the latest asked_at of one fairness row, from the raw rows (after a removal that may lower it)
CREATE FUNCTION "hr_vm_refresh_last"(p_org uuid, p_month date, p_volunteer uuid, p_activity uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE volunteer_month_asks v SET last_asked_at = x.last
  FROM (
    SELECT max(i.asked_at) AS last FROM invitations i JOIN requests r ON r.id = i.request_id JOIN organizations o ON o.id = r.organization_id
    WHERE i.volunteer_id = p_volunteer AND i.asked_at IS NOT NULL AND r.organization_id = p_org AND r.activity_id = p_activity
      AND hr_local_month(r.starts_at, o.time_zone) = p_month
  ) x
  WHERE v.organization_id = p_org AND v.month = p_month AND v.volunteer_id = p_volunteer AND v.activity_id = p_activity AND x.last IS NOT NULL;
END $$;
--> statement-breakpoint
-- add (p_sign 1) or remove (-1) one asked invitation of a volunteer for a request
CREATE FUNCTION "hr_vm_change"(p_request uuid, p_volunteer uuid, p_asked timestamptz, p_answered integer, p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  k_org uuid; k_month date; k_act uuid; left_asked integer; left_last timestamptz;
BEGIN
  SELECT r.organization_id, hr_local_month(r.starts_at, o.time_zone), r.activity_id INTO k_org, k_month, k_act
  FROM requests r JOIN organizations o ON o.id = r.organization_id WHERE r.id = p_request;
  IF NOT FOUND THEN RETURN; END IF; -- the request is being deleted: its BEFORE DELETE trigger took its part out
  IF p_sign > 0 THEN
    INSERT INTO volunteer_month_asks AS v (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at)
    VALUES (k_org, k_month, p_volunteer, k_act, 1, p_answered, p_asked)
    ON CONFLICT (organization_id, month, volunteer_id, activity_id) DO UPDATE
      SET asked = v.asked + 1, answered = v.answered + excluded.answered, last_asked_at = greatest(v.last_asked_at, excluded.last_asked_at);
  ELSE
    UPDATE volunteer_month_asks v SET asked = v.asked - 1, answered = v.answered - p_answered
    WHERE v.organization_id = k_org AND v.month = k_month AND v.volunteer_id = p_volunteer AND v.activity_id = k_act
    RETURNING v.asked, v.last_asked_at INTO left_asked, left_last;
    IF left_asked <= 0 THEN
      DELETE FROM volunteer_month_asks v WHERE v.organization_id = k_org AND v.month = k_month AND v.volunteer_id = p_volunteer AND v.activity_id = k_act AND v.asked <= 0;
    ELSIF left_last <= p_asked THEN
      PERFORM hr_vm_refresh_last(k_org, k_month, p_volunteer, k_act);
    END IF;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_invitation_summaries"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ob integer; nb integer;
  o_ans integer := 0; n_ans integer := 0; o_yes integer := 0; n_yes integer := 0;
  o_key boolean := false; n_key boolean := false;
  fm record; fy boolean;
BEGIN
  -- deleted with its request (cascade): the summary row goes by cascade, the fairness rows were
  -- taken care of by the request's BEFORE DELETE trigger
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = OLD.request_id) THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    ob := hr_curve_bucket(OLD.asked_at, OLD.responded_at);
    o_ans := (OLD.responded_at IS NOT NULL)::int;
    o_yes := hr_is_yes(OLD.status, OLD.responded_at)::int;
    o_key := OLD.volunteer_id IS NOT NULL AND OLD.asked_at IS NOT NULL;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    nb := hr_curve_bucket(NEW.asked_at, NEW.responded_at);
    n_ans := (NEW.responded_at IS NOT NULL)::int;
    n_yes := hr_is_yes(NEW.status, NEW.responded_at)::int;
    n_key := NEW.volunteer_id IS NOT NULL AND NEW.asked_at IS NOT NULL;
  END IF;

  -- 1. the response curve, and on an accept the first yes, in one update by primary key (the
  -- accept path: answer → curve bucket, least(first yes))
  IF TG_OP = 'UPDATE' AND OLD.request_id = NEW.request_id THEN
    fy := NEW.status = 'accepted' AND NEW.responded_at IS NOT NULL;
    IF ob IS DISTINCT FROM nb OR fy THEN
      FOR attempt IN 1..2 LOOP
        UPDATE request_summaries SET
          curve_asked = curve_asked + (nb IS NOT NULL)::int - (ob IS NOT NULL)::int,
          curve_answered = curve_answered + (coalesce(nb, -1) >= 0)::int - (coalesce(ob, -1) >= 0)::int,
      curve_b0 = curve_b0 + (nb IS NOT DISTINCT FROM 0)::int - (ob IS NOT DISTINCT FROM 0)::int,
      curve_b1 = curve_b1 + (nb IS NOT DISTINCT FROM 1)::int - (ob IS NOT DISTINCT FROM 1)::int,
      curve_b2 = curve_b2 + (nb IS NOT DISTINCT FROM 2)::int - (ob IS NOT DISTINCT FROM 2)::int,
      curve_b3 = curve_b3 + (nb IS NOT DISTINCT FROM 3)::int - (ob IS NOT DISTINCT FROM 3)::int,
      curve_b4 = curve_b4 + (nb IS NOT DISTINCT FROM 4)::int - (ob IS NOT DISTINCT FROM 4)::int,
      curve_b5 = curve_b5 + (nb IS NOT DISTINCT FROM 5)::int - (ob IS NOT DISTINCT FROM 5)::int,
      curve_b6 = curve_b6 + (nb IS NOT DISTINCT FROM 6)::int - (ob IS NOT DISTINCT FROM 6)::int,
      curve_b7 = curve_b7 + (nb IS NOT DISTINCT FROM 7)::int - (ob IS NOT DISTINCT FROM 7)::int,
      curve_b8 = curve_b8 + (nb IS NOT DISTINCT FROM 8)::int - (ob IS NOT DISTINCT FROM 8)::int,
      curve_b9 = curve_b9 + (nb IS NOT DISTINCT FROM 9)::int - (ob IS NOT DISTINCT FROM 9)::int,
          first_yes_at = CASE WHEN fy THEN least(first_yes_at, NEW.responded_at) ELSE first_yes_at END
        WHERE request_id = NEW.request_id;
        EXIT WHEN FOUND;
        INSERT INTO request_summaries (request_id) VALUES (NEW.request_id) ON CONFLICT DO NOTHING;
      END LOOP;
    END IF;
  ELSE
    IF ob IS NOT NULL THEN PERFORM hr_rs_curve(OLD.request_id, ob, NULL, false); END IF;
    IF nb IS NOT NULL THEN PERFORM hr_rs_curve(NEW.request_id, NULL, nb, true); END IF;
  END IF;

  -- 2. the first yes: min(responded_at) of the accepted invitations
  IF TG_OP <> 'INSERT' AND OLD.status = 'accepted' AND OLD.responded_at IS NOT NULL
     AND (TG_OP = 'DELETE' OR NEW.status <> 'accepted' OR NEW.responded_at IS DISTINCT FROM OLD.responded_at OR NEW.request_id <> OLD.request_id) THEN
    -- an accepted answer went away: the minimum may grow, so read it again (a few rows by index)
    UPDATE request_summaries SET first_yes_at = (SELECT min(i.responded_at) FROM invitations i WHERE i.request_id = OLD.request_id AND i.status = 'accepted')
    WHERE request_id = OLD.request_id;
  END IF;
  -- (the same request: done in 1.; inserts: the statement trigger)
  IF TG_OP = 'UPDATE' AND OLD.request_id <> NEW.request_id AND NEW.status = 'accepted' AND NEW.responded_at IS NOT NULL THEN
    UPDATE request_summaries SET first_yes_at = NEW.responded_at WHERE request_id = NEW.request_id AND (first_yes_at IS NULL OR first_yes_at > NEW.responded_at);
    IF NOT FOUND THEN
      -- no row yet (accepted without being asked), or the first yes is earlier already
      INSERT INTO request_summaries (request_id, first_yes_at) VALUES (NEW.request_id, NEW.responded_at) ON CONFLICT DO NOTHING;
    END IF;
  END IF;

  -- 3. the funnel's answered and yes of this invitation's messages (deletes: the BEFORE trigger)
  IF TG_OP = 'UPDATE' AND (n_ans <> o_ans OR n_yes <> o_yes) THEN
    -- one or two rows by messages_invitation_idx; then one update by primary key per request
    FOR fm IN
      SELECT m.request_id, count(*) FILTER (WHERE m.channel = 'email')::int AS email, count(*) FILTER (WHERE m.channel = 'sms')::int AS sms
      FROM messages m WHERE m.invitation_id = NEW.id AND m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL
      GROUP BY m.request_id
    LOOP
      UPDATE request_summaries SET
        email_answered = email_answered + fm.email * (n_ans - o_ans), email_yes = email_yes + fm.email * (n_yes - o_yes),
        sms_answered = sms_answered + fm.sms * (n_ans - o_ans), sms_yes = sms_yes + fm.sms * (n_yes - o_yes)
      WHERE request_id = fm.request_id;
    END LOOP;
  END IF;

  -- 4. fairness: asked and answered per volunteer, activity and month
  IF TG_OP = 'UPDATE' AND o_key AND n_key AND OLD.volunteer_id = NEW.volunteer_id AND OLD.request_id = NEW.request_id AND OLD.asked_at = NEW.asked_at THEN
    IF n_ans <> o_ans THEN
      -- the key by primary keys (an init plan), then the row by its primary key: one statement
      UPDATE volunteer_month_asks SET answered = answered + (n_ans - o_ans)
      WHERE (organization_id, month, volunteer_id, activity_id) = (
        SELECT r.organization_id, hr_local_month(r.starts_at, o.time_zone), NEW.volunteer_id, r.activity_id
        FROM requests r JOIN organizations o ON o.id = r.organization_id WHERE r.id = NEW.request_id);
    END IF;
  ELSE
    IF o_key THEN PERFORM hr_vm_change(OLD.request_id, OLD.volunteer_id, OLD.asked_at, o_ans, -1); END IF;
    IF n_key THEN PERFORM hr_vm_change(NEW.request_id, NEW.volunteer_id, NEW.asked_at, n_ans, 1); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- before an invitation is deleted its messages still point to it: take their funnel part out
CREATE FUNCTION "hr_invitation_before_delete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = OLD.request_id) THEN RETURN OLD; END IF; -- with its request
  PERFORM hr_rs_funnel(m.request_id, m.invitation_id, m.channel, m.status, -1, false)
  FROM messages m WHERE m.invitation_id = OLD.id AND m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_message_summaries"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_on boolean := false; n_on boolean := false; d integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN o_on := OLD.kind = 'invitation' AND OLD.sent_at IS NOT NULL AND OLD.request_id IS NOT NULL AND OLD.invitation_id IS NOT NULL; END IF;
  IF TG_OP <> 'DELETE' THEN n_on := NEW.kind = 'invitation' AND NEW.sent_at IS NOT NULL AND NEW.request_id IS NOT NULL AND NEW.invitation_id IS NOT NULL; END IF;
  IF o_on AND n_on AND OLD.request_id = NEW.request_id AND OLD.invitation_id = NEW.invitation_id AND OLD.channel = NEW.channel THEN
    -- the common case (sent → delivered, → failed): only "delivered" may change
    d := (NEW.status = 'delivered')::int - (OLD.status = 'delivered')::int;
    IF d <> 0 THEN
      UPDATE request_summaries SET email_delivered = email_delivered + CASE WHEN NEW.channel = 'email' THEN d ELSE 0 END,
        sms_delivered = sms_delivered + CASE WHEN NEW.channel = 'sms' THEN d ELSE 0 END
      WHERE request_id = NEW.request_id;
    END IF;
  ELSE
    IF o_on THEN PERFORM hr_rs_funnel(OLD.request_id, OLD.invitation_id, OLD.channel, OLD.status, -1, false); END IF;
    IF n_on THEN PERFORM hr_rs_funnel(NEW.request_id, NEW.invitation_id, NEW.channel, NEW.status, 1, true); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- a request's start, activity or organisation changed: move its invitations between fairness rows
CREATE FUNCTION "hr_request_moved"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_month date; n_month date; r record;
BEGIN
  SELECT hr_local_month(OLD.starts_at, o.time_zone) INTO o_month FROM organizations o WHERE o.id = OLD.organization_id;
  SELECT hr_local_month(NEW.starts_at, o.time_zone) INTO n_month FROM organizations o WHERE o.id = NEW.organization_id;
  IF o_month IS NOT DISTINCT FROM n_month AND OLD.activity_id = NEW.activity_id AND OLD.organization_id = NEW.organization_id THEN RETURN NULL; END IF;
  FOR r IN
    SELECT i.volunteer_id, count(*)::int AS n, count(i.responded_at)::int AS a, max(i.asked_at) AS last
    FROM invitations i WHERE i.request_id = NEW.id AND i.asked_at IS NOT NULL AND i.volunteer_id IS NOT NULL GROUP BY i.volunteer_id
  LOOP
    UPDATE volunteer_month_asks v SET asked = v.asked - r.n, answered = v.answered - r.a
    WHERE v.organization_id = OLD.organization_id AND v.month = o_month AND v.volunteer_id = r.volunteer_id AND v.activity_id = OLD.activity_id;
    DELETE FROM volunteer_month_asks v
    WHERE v.organization_id = OLD.organization_id AND v.month = o_month AND v.volunteer_id = r.volunteer_id AND v.activity_id = OLD.activity_id AND v.asked <= 0;
    PERFORM hr_vm_refresh_last(OLD.organization_id, o_month, r.volunteer_id, OLD.activity_id);
    INSERT INTO volunteer_month_asks AS v (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at)
    VALUES (NEW.organization_id, n_month, r.volunteer_id, NEW.activity_id, r.n, r.a, r.last)
    ON CONFLICT (organization_id, month, volunteer_id, activity_id) DO UPDATE
      SET asked = v.asked + excluded.asked, answered = v.answered + excluded.answered, last_asked_at = greatest(v.last_asked_at, excluded.last_asked_at);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- before a request is deleted (its invitations go with it): take them out of the fairness rows;
-- when the organisation itself is being deleted, its rows go at once
CREATE FUNCTION "hr_request_before_delete"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_month date; r record;
BEGIN
  SELECT hr_local_month(OLD.starts_at, o.time_zone) INTO o_month FROM organizations o WHERE o.id = OLD.organization_id;
  IF NOT FOUND THEN
    DELETE FROM volunteer_month_asks WHERE organization_id = OLD.organization_id;
    RETURN OLD;
  END IF;
  FOR r IN
    SELECT i.volunteer_id, count(*)::int AS n, count(i.responded_at)::int AS a
    FROM invitations i WHERE i.request_id = OLD.id AND i.asked_at IS NOT NULL AND i.volunteer_id IS NOT NULL GROUP BY i.volunteer_id
  LOOP
    UPDATE volunteer_month_asks v SET asked = v.asked - r.n, answered = v.answered - r.a
    WHERE v.organization_id = OLD.organization_id AND v.month = o_month AND v.volunteer_id = r.volunteer_id AND v.activity_id = OLD.activity_id;
    DELETE FROM volunteer_month_asks v
    WHERE v.organization_id = OLD.organization_id AND v.month = o_month AND v.volunteer_id = r.volunteer_id AND v.activity_id = OLD.activity_id AND v.asked <= 0;
  END LOOP;
  -- last_asked_at of what remains, without this request's invitations (still visible here)
  UPDATE volunteer_month_asks v SET last_asked_at = x.last
  FROM (
    SELECT i.volunteer_id, max(i2.asked_at) AS last
    FROM invitations i
    JOIN invitations i2 ON i2.volunteer_id = i.volunteer_id AND i2.asked_at IS NOT NULL AND i2.request_id <> OLD.id
    JOIN requests r2 ON r2.id = i2.request_id AND r2.organization_id = OLD.organization_id AND r2.activity_id = OLD.activity_id
    JOIN organizations o ON o.id = r2.organization_id AND hr_local_month(r2.starts_at, o.time_zone) = o_month
    WHERE i.request_id = OLD.id AND i.asked_at IS NOT NULL AND i.volunteer_id IS NOT NULL
    GROUP BY i.volunteer_id
  ) x
  WHERE v.organization_id = OLD.organization_id AND v.month = o_month AND v.activity_id = OLD.activity_id AND v.volunteer_id = x.volunteer_id;
  RETURN OLD;
END $$;
--> statement-breakpoint
-- the fairness rows of one organisation (or all) from the raw rows: the backfill, and after a
-- change of the organisation's time zone (the months move)
CREATE FUNCTION "hr_vm_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM volunteer_month_asks WHERE p_org IS NULL OR organization_id = p_org;
  INSERT INTO volunteer_month_asks (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at)
  SELECT r.organization_id, hr_local_month(r.starts_at, o.time_zone), i.volunteer_id, r.activity_id, count(*)::int, count(i.responded_at)::int, max(i.asked_at)
  FROM invitations i JOIN requests r ON r.id = i.request_id JOIN organizations o ON o.id = r.organization_id
  WHERE i.asked_at IS NOT NULL AND i.volunteer_id IS NOT NULL AND (p_org IS NULL OR r.organization_id = p_org)
  GROUP BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_organization_zone_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN PERFORM hr_vm_rebuild(NEW.id); RETURN NULL; END $$;
--> statement-breakpoint
-- inserts come in bulk (asking a wave, the fan-out at the product cap): one set-based statement
-- per table over the inserted rows instead of one call per row (no message can point to a new
-- invitation yet, so the funnel is untouched)
CREATE FUNCTION "hr_invitations_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO request_summaries AS rs (request_id, first_yes_at, curve_asked, curve_answered, curve_b0, curve_b1, curve_b2, curve_b3, curve_b4, curve_b5, curve_b6, curve_b7, curve_b8, curve_b9)
  SELECT n.request_id, min(n.responded_at) FILTER (WHERE n.status = 'accepted'),
    count(*) FILTER (WHERE n.asked_at IS NOT NULL)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) >= 0)::int,
    count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 0)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 1)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 2)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 3)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 4)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 5)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 6)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 7)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 8)::int, count(*) FILTER (WHERE hr_curve_bucket(n.asked_at, n.responded_at) = 9)::int
  FROM new_rows n
  GROUP BY n.request_id
  HAVING count(*) FILTER (WHERE n.asked_at IS NOT NULL) > 0 OR min(n.responded_at) FILTER (WHERE n.status = 'accepted') IS NOT NULL
  ON CONFLICT (request_id) DO UPDATE SET
    first_yes_at = least(rs.first_yes_at, excluded.first_yes_at),
    curve_asked = rs.curve_asked + excluded.curve_asked, curve_answered = rs.curve_answered + excluded.curve_answered,
    curve_b0 = rs.curve_b0 + excluded.curve_b0, curve_b1 = rs.curve_b1 + excluded.curve_b1, curve_b2 = rs.curve_b2 + excluded.curve_b2, curve_b3 = rs.curve_b3 + excluded.curve_b3, curve_b4 = rs.curve_b4 + excluded.curve_b4, curve_b5 = rs.curve_b5 + excluded.curve_b5, curve_b6 = rs.curve_b6 + excluded.curve_b6, curve_b7 = rs.curve_b7 + excluded.curve_b7, curve_b8 = rs.curve_b8 + excluded.curve_b8, curve_b9 = rs.curve_b9 + excluded.curve_b9;
  INSERT INTO volunteer_month_asks AS v (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at)
  SELECT r.organization_id, hr_local_month(r.starts_at, o.time_zone), n.volunteer_id, r.activity_id, count(*)::int, count(n.responded_at)::int, max(n.asked_at)
  FROM new_rows n JOIN requests r ON r.id = n.request_id JOIN organizations o ON o.id = r.organization_id
  WHERE n.asked_at IS NOT NULL AND n.volunteer_id IS NOT NULL
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (organization_id, month, volunteer_id, activity_id) DO UPDATE
    SET asked = v.asked + excluded.asked, answered = v.answered + excluded.answered, last_asked_at = greatest(v.last_asked_at, excluded.last_asked_at);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_messages_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO request_summaries AS rs (request_id, email_asked, email_delivered, email_answered, email_yes, sms_asked, sms_delivered, sms_answered, sms_yes)
  SELECT m.request_id,
    count(*) FILTER (WHERE m.channel = 'email')::int, count(*) FILTER (WHERE m.channel = 'email' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel = 'email' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel = 'email' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel = 'sms')::int, count(*) FILTER (WHERE m.channel = 'sms' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel = 'sms' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel = 'sms' AND hr_is_yes(i.status, i.responded_at))::int
  FROM new_rows m JOIN invitations i ON i.id = m.invitation_id
  WHERE m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL
  GROUP BY m.request_id
  ON CONFLICT (request_id) DO UPDATE SET
    email_asked = rs.email_asked + excluded.email_asked, email_delivered = rs.email_delivered + excluded.email_delivered, email_answered = rs.email_answered + excluded.email_answered, email_yes = rs.email_yes + excluded.email_yes, sms_asked = rs.sms_asked + excluded.sms_asked, sms_delivered = rs.sms_delivered + excluded.sms_delivered, sms_answered = rs.sms_answered + excluded.sms_answered, sms_yes = rs.sms_yes + excluded.sms_yes;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "invitations_summaries_ins" AFTER INSERT ON "invitations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_invitations_inserted();
--> statement-breakpoint
CREATE TRIGGER "invitations_summaries_upd" AFTER UPDATE ON "invitations" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.asked_at IS DISTINCT FROM NEW.asked_at OR OLD.responded_at IS DISTINCT FROM NEW.responded_at
        OR OLD.volunteer_id IS DISTINCT FROM NEW.volunteer_id OR OLD.request_id IS DISTINCT FROM NEW.request_id)
  EXECUTE FUNCTION hr_invitation_summaries();
--> statement-breakpoint
CREATE TRIGGER "invitations_summaries_del" AFTER DELETE ON "invitations" FOR EACH ROW EXECUTE FUNCTION hr_invitation_summaries();
--> statement-breakpoint
CREATE TRIGGER "invitations_summaries_before_del" BEFORE DELETE ON "invitations" FOR EACH ROW EXECUTE FUNCTION hr_invitation_before_delete();
--> statement-breakpoint
CREATE TRIGGER "messages_summaries_ins" AFTER INSERT ON "messages" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_messages_inserted();
--> statement-breakpoint
CREATE TRIGGER "messages_summaries_upd" AFTER UPDATE ON "messages" FOR EACH ROW
  WHEN ((OLD.kind = 'invitation' OR NEW.kind = 'invitation') AND (OLD.status IS DISTINCT FROM NEW.status OR (OLD.sent_at IS NULL) <> (NEW.sent_at IS NULL)
        OR OLD.request_id IS DISTINCT FROM NEW.request_id OR OLD.invitation_id IS DISTINCT FROM NEW.invitation_id OR OLD.channel <> NEW.channel OR OLD.kind <> NEW.kind))
  EXECUTE FUNCTION hr_message_summaries();
--> statement-breakpoint
CREATE TRIGGER "messages_summaries_del" AFTER DELETE ON "messages" FOR EACH ROW
  WHEN (OLD.kind = 'invitation' AND OLD.sent_at IS NOT NULL) EXECUTE FUNCTION hr_message_summaries();
--> statement-breakpoint
CREATE TRIGGER "requests_summaries_moved" AFTER UPDATE OF "starts_at", "activity_id", "organization_id" ON "requests" FOR EACH ROW
  WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.activity_id IS DISTINCT FROM NEW.activity_id OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
  EXECUTE FUNCTION hr_request_moved();
--> statement-breakpoint
CREATE TRIGGER "requests_summaries_before_del" BEFORE DELETE ON "requests" FOR EACH ROW EXECUTE FUNCTION hr_request_before_delete();
--> statement-breakpoint
CREATE TRIGGER "organizations_summaries_zone" AFTER UPDATE OF "time_zone" ON "organizations" FOR EACH ROW
  WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION hr_organization_zone_changed();
--> statement-breakpoint
-- Backfill: the summaries of the rows that exist already.
INSERT INTO "request_summaries" ("request_id", "first_yes_at", "curve_asked", "curve_answered", "curve_b0", "curve_b1", "curve_b2", "curve_b3", "curve_b4", "curve_b5", "curve_b6", "curve_b7", "curve_b8", "curve_b9")
SELECT i.request_id,
  min(i.responded_at) FILTER (WHERE i.status = 'accepted'),
  count(*) FILTER (WHERE i.asked_at IS NOT NULL)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) >= 0)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 0)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 1)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 2)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 3)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 4)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 5)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 6)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 7)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 8)::int,
  count(*) FILTER (WHERE hr_curve_bucket(i.asked_at, i.responded_at) = 9)::int
FROM invitations i GROUP BY i.request_id;
--> statement-breakpoint
INSERT INTO "request_summaries" AS rs ("request_id", "email_asked", "email_delivered", "email_answered", "email_yes", "sms_asked", "sms_delivered", "sms_answered", "sms_yes")
SELECT m.request_id,
    count(*) FILTER (WHERE m.channel = 'email')::int,
    count(*) FILTER (WHERE m.channel = 'email' AND m.status = 'delivered')::int,
    count(*) FILTER (WHERE m.channel = 'email' AND i.responded_at IS NOT NULL)::int,
    count(*) FILTER (WHERE m.channel = 'email' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel = 'sms')::int,
    count(*) FILTER (WHERE m.channel = 'sms' AND m.status = 'delivered')::int,
    count(*) FILTER (WHERE m.channel = 'sms' AND i.responded_at IS NOT NULL)::int,
    count(*) FILTER (WHERE m.channel = 'sms' AND hr_is_yes(i.status, i.responded_at))::int
  FROM messages m JOIN invitations i ON i.id = m.invitation_id
  WHERE m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL
  GROUP BY m.request_id
ON CONFLICT ("request_id") DO UPDATE SET
  email_asked = excluded.email_asked, email_delivered = excluded.email_delivered, email_answered = excluded.email_answered, email_yes = excluded.email_yes,
  sms_asked = excluded.sms_asked, sms_delivered = excluded.sms_delivered, sms_answered = excluded.sms_answered, sms_yes = excluded.sms_yes;
--> statement-breakpoint
SELECT hr_vm_rebuild(NULL);
