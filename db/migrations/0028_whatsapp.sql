ALTER TYPE "public"."message_channel" ADD VALUE 'whatsapp';--> statement-breakpoint
ALTER TYPE "public"."token_purpose" ADD VALUE 'connect_whatsapp';--> statement-breakpoint
ALTER TABLE "request_summaries" ADD COLUMN "whatsapp_asked" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "request_summaries" ADD COLUMN "whatsapp_delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "request_summaries" ADD COLUMN "whatsapp_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "request_summaries" ADD COLUMN "whatsapp_yes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "whatsapp_phone" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "whatsapp_connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "whatsapp_opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "whatsapp_last_inbound_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "reach_whatsapp" boolean GENERATED ALWAYS AS (whatsapp_phone is not null and whatsapp_opted_out_at is null) STORED;--> statement-breakpoint
CREATE INDEX "volunteers_whatsapp_phone_idx" ON "volunteers" USING btree ("whatsapp_phone") WHERE "volunteers"."whatsapp_phone" is not null;--> statement-breakpoint
-- The funnel per channel (issue 18): WhatsApp gets its four counts like the other channels (the
-- functions of 0027 with WhatsApp added; channels compared as text: 'whatsapp' is new in this transaction).
CREATE OR REPLACE FUNCTION "hr_rs_funnel"(p_request uuid, p_invitation uuid, p_channel message_channel, p_status message_status, p_sign integer, p_create boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  a integer; y integer;
  e integer := (p_channel::text = 'email')::int * p_sign;
  s integer := (p_channel::text = 'sms')::int * p_sign;
  v integer := (p_channel::text = 'voice')::int * p_sign;
  g integer := (p_channel::text = 'telegram')::int * p_sign;
  w integer := (p_channel::text = 'whatsapp')::int * p_sign;
  d integer := (p_status = 'delivered')::int;
BEGIN
  SELECT (i.responded_at IS NOT NULL)::int, hr_is_yes(i.status, i.responded_at)::int INTO a, y FROM invitations i WHERE i.id = p_invitation;
  IF NOT FOUND THEN RETURN; END IF; -- the invitation is being deleted: its BEFORE DELETE trigger took its part out
  -- the request is being deleted (messages set null, invitations cascade): its summary goes with it
  IF p_sign < 0 AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = p_request) THEN RETURN; END IF;
  FOR attempt IN 1..2 LOOP
    UPDATE request_summaries SET
      email_asked = email_asked + e, email_delivered = email_delivered + e * d, email_answered = email_answered + e * a, email_yes = email_yes + e * y,
      sms_asked = sms_asked + s, sms_delivered = sms_delivered + s * d, sms_answered = sms_answered + s * a, sms_yes = sms_yes + s * y,
      voice_asked = voice_asked + v, voice_delivered = voice_delivered + v * d, voice_answered = voice_answered + v * a, voice_yes = voice_yes + v * y,
      telegram_asked = telegram_asked + g, telegram_delivered = telegram_delivered + g * d, telegram_answered = telegram_answered + g * a, telegram_yes = telegram_yes + g * y,
      whatsapp_asked = whatsapp_asked + w, whatsapp_delivered = whatsapp_delivered + w * d, whatsapp_answered = whatsapp_answered + w * a, whatsapp_yes = whatsapp_yes + w * y
    WHERE request_id = p_request;
    EXIT WHEN FOUND OR NOT p_create;
    INSERT INTO request_summaries (request_id) VALUES (p_request) ON CONFLICT DO NOTHING;
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "hr_invitation_summaries"() RETURNS trigger
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
      SELECT m.request_id, count(*) FILTER (WHERE m.channel::text = 'email')::int AS email, count(*) FILTER (WHERE m.channel::text = 'sms')::int AS sms,
        count(*) FILTER (WHERE m.channel::text = 'voice')::int AS voice, count(*) FILTER (WHERE m.channel::text = 'telegram')::int AS telegram,
        count(*) FILTER (WHERE m.channel::text = 'whatsapp')::int AS whatsapp
      FROM messages m WHERE m.invitation_id = NEW.id AND m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL
      GROUP BY m.request_id
    LOOP
      UPDATE request_summaries SET
        email_answered = email_answered + fm.email * (n_ans - o_ans), email_yes = email_yes + fm.email * (n_yes - o_yes),
        sms_answered = sms_answered + fm.sms * (n_ans - o_ans), sms_yes = sms_yes + fm.sms * (n_yes - o_yes),
        voice_answered = voice_answered + fm.voice * (n_ans - o_ans), voice_yes = voice_yes + fm.voice * (n_yes - o_yes),
        telegram_answered = telegram_answered + fm.telegram * (n_ans - o_ans), telegram_yes = telegram_yes + fm.telegram * (n_yes - o_yes),
        whatsapp_answered = whatsapp_answered + fm.whatsapp * (n_ans - o_ans), whatsapp_yes = whatsapp_yes + fm.whatsapp * (n_yes - o_yes)
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
CREATE OR REPLACE FUNCTION "hr_message_summaries"() RETURNS trigger
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
      UPDATE request_summaries SET email_delivered = email_delivered + CASE WHEN NEW.channel::text = 'email' THEN d ELSE 0 END,
        sms_delivered = sms_delivered + CASE WHEN NEW.channel::text = 'sms' THEN d ELSE 0 END,
        voice_delivered = voice_delivered + CASE WHEN NEW.channel::text = 'voice' THEN d ELSE 0 END,
        telegram_delivered = telegram_delivered + CASE WHEN NEW.channel::text = 'telegram' THEN d ELSE 0 END,
        whatsapp_delivered = whatsapp_delivered + CASE WHEN NEW.channel::text = 'whatsapp' THEN d ELSE 0 END
      WHERE request_id = NEW.request_id;
    END IF;
  ELSE
    IF o_on THEN PERFORM hr_rs_funnel(OLD.request_id, OLD.invitation_id, OLD.channel, OLD.status, -1, false); END IF;
    IF n_on THEN PERFORM hr_rs_funnel(NEW.request_id, NEW.invitation_id, NEW.channel, NEW.status, 1, true); END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "hr_messages_inserted"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO request_summaries AS rs (request_id, email_asked, email_delivered, email_answered, email_yes, sms_asked, sms_delivered, sms_answered, sms_yes,
    voice_asked, voice_delivered, voice_answered, voice_yes, telegram_asked, telegram_delivered, telegram_answered, telegram_yes,
    whatsapp_asked, whatsapp_delivered, whatsapp_answered, whatsapp_yes)
  SELECT m.request_id,
    count(*) FILTER (WHERE m.channel::text = 'email')::int, count(*) FILTER (WHERE m.channel::text = 'email' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel::text = 'email' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel::text = 'email' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel::text = 'sms')::int, count(*) FILTER (WHERE m.channel::text = 'sms' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel::text = 'sms' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel::text = 'sms' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel::text = 'voice')::int, count(*) FILTER (WHERE m.channel::text = 'voice' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel::text = 'voice' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel::text = 'voice' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel::text = 'telegram')::int, count(*) FILTER (WHERE m.channel::text = 'telegram' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel::text = 'telegram' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel::text = 'telegram' AND hr_is_yes(i.status, i.responded_at))::int,
    count(*) FILTER (WHERE m.channel::text = 'whatsapp')::int, count(*) FILTER (WHERE m.channel::text = 'whatsapp' AND m.status = 'delivered')::int, count(*) FILTER (WHERE m.channel::text = 'whatsapp' AND i.responded_at IS NOT NULL)::int, count(*) FILTER (WHERE m.channel::text = 'whatsapp' AND hr_is_yes(i.status, i.responded_at))::int
  FROM new_rows m JOIN invitations i ON i.id = m.invitation_id
  WHERE m.kind = 'invitation' AND m.sent_at IS NOT NULL AND m.request_id IS NOT NULL
  GROUP BY m.request_id
  ON CONFLICT (request_id) DO UPDATE SET
    email_asked = rs.email_asked + excluded.email_asked, email_delivered = rs.email_delivered + excluded.email_delivered, email_answered = rs.email_answered + excluded.email_answered, email_yes = rs.email_yes + excluded.email_yes,
    sms_asked = rs.sms_asked + excluded.sms_asked, sms_delivered = rs.sms_delivered + excluded.sms_delivered, sms_answered = rs.sms_answered + excluded.sms_answered, sms_yes = rs.sms_yes + excluded.sms_yes,
    voice_asked = rs.voice_asked + excluded.voice_asked, voice_delivered = rs.voice_delivered + excluded.voice_delivered, voice_answered = rs.voice_answered + excluded.voice_answered, voice_yes = rs.voice_yes + excluded.voice_yes,
    telegram_asked = rs.telegram_asked + excluded.telegram_asked, telegram_delivered = rs.telegram_delivered + excluded.telegram_delivered, telegram_answered = rs.telegram_answered + excluded.telegram_answered, telegram_yes = rs.telegram_yes + excluded.telegram_yes,
    whatsapp_asked = rs.whatsapp_asked + excluded.whatsapp_asked, whatsapp_delivered = rs.whatsapp_delivered + excluded.whatsapp_delivered, whatsapp_answered = rs.whatsapp_answered + excluded.whatsapp_answered, whatsapp_yes = rs.whatsapp_yes + excluded.whatsapp_yes;
  RETURN NULL;
END $$;
