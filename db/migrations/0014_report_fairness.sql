CREATE TABLE "volunteer_period_asks" (
	"organization_id" uuid NOT NULL,
	"period_months" smallint NOT NULL,
	"period_start" date NOT NULL,
	"activity_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"asked" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"last_asked_at" timestamp with time zone NOT NULL,
	"eligible" boolean NOT NULL,
	CONSTRAINT "volunteer_period_asks_organization_id_period_months_period_start_activity_id_volunteer_id_pk" PRIMARY KEY("organization_id","period_months","period_start","activity_id","volunteer_id")
);
--> statement-breakpoint
CREATE INDEX "volunteer_period_asks_silent_idx" ON "volunteer_period_asks" USING btree ("organization_id","period_months","period_start","activity_id","asked" DESC NULLS LAST,"last_asked_at" DESC NULLS LAST,"volunteer_id") WHERE "volunteer_period_asks"."answered" = 0;--> statement-breakpoint
CREATE INDEX "volunteer_period_asks_volunteer_idx" ON "volunteer_period_asks" USING btree ("volunteer_id","activity_id");--> statement-breakpoint
CREATE INDEX "invitations_accepted_idx" ON "invitations" USING btree ("request_id") WHERE "invitations"."status" = 'accepted';--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- Fairness per volunteer for whole quarters and years (issue 14, docs/reports.md "Summary
-- tables"): volunteer_period_asks is the sum of volunteer_month_asks over the quarter's or
-- year's months, per activity and for every activity (activity_id 00000000-…), kept by
-- statement-level triggers on volunteer_month_asks (whatever changed it: asking, answers,
-- erasure, moves, deletes, a time-zone rebuild). `eligible` (active now and, for an activity
-- row, doing that activity now) is kept by the triggers on volunteers and volunteer_activities,
-- so the report counts "never asked" without joining the eligible volunteers.
-- ---------------------------------------------------------------------------------------------
-- the period rows a month row of one activity counts in: its quarter and its year, each for the
-- activity and for every activity
CREATE FUNCTION "hr_vp_keys"(p_month date, p_activity uuid) RETURNS TABLE (period_months smallint, period_start date, activity_id uuid)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT g.m, date_trunc(CASE g.m WHEN 3 THEN 'quarter' ELSE 'year' END, p_month::timestamp)::date, a.id
  FROM (VALUES (3::smallint), (12::smallint)) g(m) CROSS JOIN (VALUES (p_activity), ('00000000-0000-0000-0000-000000000000'::uuid)) a(id)
$$;
--> statement-breakpoint
-- whether a volunteer counts as eligible in one period row (see the table's comment)
CREATE FUNCTION "hr_vp_eligible"(p_volunteer uuid, p_activity uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT v.status = 'active' FROM volunteers v WHERE v.id = p_volunteer), false)
    AND (p_activity = '00000000-0000-0000-0000-000000000000'::uuid
      OR EXISTS (SELECT 1 FROM volunteer_activities va WHERE va.volunteer_id = p_volunteer AND va.activity_id = p_activity))
$$;
--> statement-breakpoint
-- apply changes of month rows (as deltas) to the period rows, in one upsert; rows that drop to
-- nothing go, and last_asked_at is read again (from the month rows, by primary key) where it may
-- have gone down (p_lower: a month row's latest ask went down or the month row went away)
CREATE FUNCTION "hr_vp_apply"(p_org uuid[], p_month date[], p_volunteer uuid[], p_activity uuid[], p_asked integer[], p_answered integer[], p_last timestamptz[], p_lower boolean[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_org IS NULL THEN RETURN; END IF; -- the statement changed no month row
  INSERT INTO volunteer_period_asks AS p (organization_id, period_months, period_start, activity_id, volunteer_id, asked, answered, last_asked_at, eligible)
  SELECT d.org, k.period_months, k.period_start, k.activity_id, d.vol, sum(d.asked)::int, sum(d.answered)::int, max(d.last), hr_vp_eligible(d.vol, k.activity_id)
  FROM unnest(p_org, p_month, p_volunteer, p_activity, p_asked, p_answered, p_last) AS d(org, month, vol, act, asked, answered, last)
  CROSS JOIN LATERAL hr_vp_keys(d.month, d.act) k
  GROUP BY d.org, k.period_months, k.period_start, k.activity_id, d.vol
  ORDER BY 1, 2, 3, 4, 5 -- one lock order for every writer
  ON CONFLICT (organization_id, period_months, period_start, activity_id, volunteer_id) DO UPDATE
    SET asked = p.asked + excluded.asked, answered = p.answered + excluded.answered, last_asked_at = greatest(p.last_asked_at, excluded.last_asked_at);
  IF NOT EXISTS (SELECT 1 FROM unnest(p_asked, p_lower) x(asked, lower) WHERE x.asked < 0 OR x.lower) THEN RETURN; END IF;
  DELETE FROM volunteer_period_asks p
  USING (SELECT DISTINCT d.org, k.period_months, k.period_start, k.activity_id, d.vol
         FROM unnest(p_org, p_month, p_volunteer, p_activity, p_asked, p_lower) AS d(org, month, vol, act, asked, lower)
         CROSS JOIN LATERAL hr_vp_keys(d.month, d.act) k WHERE d.asked < 0 OR d.lower) x
  WHERE (p.organization_id, p.period_months, p.period_start, p.activity_id, p.volunteer_id) = (x.org, x.period_months, x.period_start, x.activity_id, x.vol)
    AND p.asked <= 0;
  UPDATE volunteer_period_asks p SET last_asked_at = x.last
  FROM (
    SELECT y.*, (SELECT max(m.last_asked_at) FROM volunteer_month_asks m
                 WHERE m.organization_id = y.org AND m.volunteer_id = y.vol
                   AND m.month = ANY (ARRAY(SELECT (y.period_start + make_interval(months => i))::date FROM generate_series(0, y.period_months - 1) i))
                   AND (y.activity_id = '00000000-0000-0000-0000-000000000000'::uuid OR m.activity_id = y.activity_id)) AS last
    FROM (SELECT DISTINCT d.org, k.period_months, k.period_start, k.activity_id, d.vol
          FROM unnest(p_org, p_month, p_volunteer, p_activity, p_asked, p_lower) AS d(org, month, vol, act, asked, lower)
          CROSS JOIN LATERAL hr_vp_keys(d.month, d.act) k WHERE d.asked < 0 OR d.lower) y
  ) x
  WHERE (p.organization_id, p.period_months, p.period_start, p.activity_id, p.volunteer_id) = (x.org, x.period_months, x.period_start, x.activity_id, x.vol)
    AND x.last IS NOT NULL AND p.last_asked_at IS DISTINCT FROM x.last;
END $$;
--> statement-breakpoint
-- one call per statement on volunteer_month_asks (bulk asking changes thousands of rows at once;
-- an answer one): the changed rows as deltas
CREATE FUNCTION "hr_vma_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
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
    PERFORM hr_vp_apply(array_agg(n.organization_id), array_agg(n.month), array_agg(n.volunteer_id), array_agg(n.activity_id),
      array_agg(n.asked - o.asked), array_agg(n.answered - o.answered), array_agg(n.last_asked_at), array_agg(n.last_asked_at < o.last_asked_at))
    FROM new_rows n JOIN old_rows o USING (organization_id, month, volunteer_id, activity_id)
    WHERE n.asked <> o.asked OR n.answered <> o.answered OR n.last_asked_at <> o.last_asked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "volunteer_month_asks_period_ins" AFTER INSERT ON "volunteer_month_asks" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_vma_changed();
--> statement-breakpoint
CREATE TRIGGER "volunteer_month_asks_period_upd" AFTER UPDATE ON "volunteer_month_asks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_vma_changed();
--> statement-breakpoint
CREATE TRIGGER "volunteer_month_asks_period_del" AFTER DELETE ON "volunteer_month_asks" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_vma_changed();
--> statement-breakpoint
-- a volunteer became active or stopped being active: their period rows' eligibility
CREATE FUNCTION "hr_volunteer_status_eligible"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE volunteer_period_asks p SET eligible = hr_vp_eligible(p.volunteer_id, p.activity_id)
  WHERE p.volunteer_id = NEW.id AND p.eligible IS DISTINCT FROM hr_vp_eligible(p.volunteer_id, p.activity_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "volunteers_period_eligible" AFTER UPDATE OF "status" ON "volunteers" FOR EACH ROW
  WHEN ((OLD.status = 'active') IS DISTINCT FROM (NEW.status = 'active')) EXECUTE FUNCTION hr_volunteer_status_eligible();
--> statement-breakpoint
-- a volunteer's activities changed: the eligibility of their period rows of those activities
CREATE FUNCTION "hr_volunteer_activities_eligible"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE volunteer_period_asks p SET eligible = hr_vp_eligible(p.volunteer_id, p.activity_id)
    FROM old_rows o WHERE p.volunteer_id = o.volunteer_id AND p.activity_id = o.activity_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE volunteer_period_asks p SET eligible = hr_vp_eligible(p.volunteer_id, p.activity_id)
    FROM new_rows n WHERE p.volunteer_id = n.volunteer_id AND p.activity_id = n.activity_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "volunteer_activities_period_ins" AFTER INSERT ON "volunteer_activities" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_volunteer_activities_eligible();
--> statement-breakpoint
CREATE TRIGGER "volunteer_activities_period_upd" AFTER UPDATE ON "volunteer_activities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_volunteer_activities_eligible();
--> statement-breakpoint
CREATE TRIGGER "volunteer_activities_period_del" AFTER DELETE ON "volunteer_activities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_volunteer_activities_eligible();
--> statement-breakpoint
-- Backfill from the month rows that exist already.
INSERT INTO "volunteer_period_asks" ("organization_id", "period_months", "period_start", "activity_id", "volunteer_id", "asked", "answered", "last_asked_at", "eligible")
SELECT m.organization_id, k.period_months, k.period_start, k.activity_id, m.volunteer_id, sum(m.asked)::int, sum(m.answered)::int, max(m.last_asked_at), hr_vp_eligible(m.volunteer_id, k.activity_id)
FROM volunteer_month_asks m CROSS JOIN LATERAL hr_vp_keys(m.month, m.activity_id) k
GROUP BY m.organization_id, k.period_months, k.period_start, k.activity_id, m.volunteer_id;
