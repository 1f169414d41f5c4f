CREATE TABLE "volunteer_period_deltas" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"asked" integer NOT NULL,
	"answered" integer NOT NULL,
	"last_asked_at" timestamp with time zone NOT NULL,
	"lower" boolean NOT NULL
);
--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The period rows out of the coordinator's transaction (issue 19, docs/benchmarks.md "Issue 19:
-- the fan-out, fifth round"): a send to 10,000 upserted 40,000 volunteer_period_asks rows (every
-- month row counts in its quarter and its year, each for the activity and for every activity)
-- inside the send, ~0.6 s of every 5,000 asked. Now the statement trigger on volunteer_month_asks
-- only appends its month rows' changes (as deltas) to volunteer_period_deltas, and hr_vp_fold()
-- adds up what is there with hr_vp_apply, as the trigger did before. The scheduler folds on every
-- run; whoever reads volunteer_period_asks folds first (lib/reports/period-asks.ts).
--
-- Why the sums stay exact: a fold takes its organisation's advisory lock (one fold of an
-- organisation at a time) and every delta of the organisation committed before it began. A month row's later change (an answer, an ask taken back, the
-- row deleted) commits after the change that made the row, so its delta is never folded before
-- the earlier one. Nothing else writes asked, answered or last_asked_at of the period rows, and
-- no fold runs inside another transaction's work (no lock is held while waiting for the fold's).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "hr_vp_fold"(p_org uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  a_org uuid[]; a_month date[]; a_vol uuid[]; a_act uuid[]; a_asked integer[]; a_answered integer[]; a_last timestamptz[]; a_lower boolean[];
  n integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hr_vp_fold'), hashtext(p_org::text));
  WITH d AS (DELETE FROM volunteer_period_deltas x WHERE x.organization_id = p_org RETURNING x.*)
  SELECT array_agg(d.organization_id), array_agg(d.month), array_agg(d.volunteer_id), array_agg(d.activity_id),
    array_agg(d.asked), array_agg(d.answered), array_agg(d.last_asked_at), array_agg(d.lower), count(*)::int
  INTO a_org, a_month, a_vol, a_act, a_asked, a_answered, a_last, a_lower, n FROM d;
  PERFORM hr_vp_apply(a_org, a_month, a_vol, a_act, a_asked, a_answered, a_last, a_lower);
  RETURN n;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "hr_vma_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO volunteer_period_deltas (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at, lower)
    SELECT n.organization_id, n.month, n.volunteer_id, n.activity_id, n.asked, n.answered, n.last_asked_at, false FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO volunteer_period_deltas (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at, lower)
    SELECT o.organization_id, o.month, o.volunteer_id, o.activity_id, -o.asked, -o.answered, o.last_asked_at, true FROM old_rows o;
  ELSE
    -- the key columns of a month row never change (every writer is in migration report_summaries)
    INSERT INTO volunteer_period_deltas (organization_id, month, volunteer_id, activity_id, asked, answered, last_asked_at, lower)
    SELECT n.organization_id, n.month, n.volunteer_id, n.activity_id, n.asked - o.asked, n.answered - o.answered, n.last_asked_at, n.last_asked_at < o.last_asked_at
    FROM new_rows n JOIN old_rows o USING (organization_id, month, volunteer_id, activity_id)
    WHERE n.asked <> o.asked OR n.answered <> o.answered OR n.last_asked_at <> o.last_asked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An organisation deleted: its period rows and deltas go with it (before its requests' month rows
-- are deleted, no fold of it can run: the fold's lock is taken first and held to the commit).
CREATE FUNCTION "hr_organization_period_rows_delete"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    PERFORM pg_advisory_xact_lock(hashtext('hr_vp_fold'), hashtext(OLD.id::text));
    DELETE FROM volunteer_period_asks WHERE organization_id = OLD.id;
    RETURN OLD;
  END IF;
  -- the deltas of the month rows deleted with its requests and volunteers
  DELETE FROM volunteer_period_deltas WHERE organization_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "organizations_period_rows_before_delete" BEFORE DELETE ON "organizations" FOR EACH ROW EXECUTE FUNCTION hr_organization_period_rows_delete();
--> statement-breakpoint
CREATE TRIGGER "organizations_period_rows_after_delete" AFTER DELETE ON "organizations" FOR EACH ROW EXECUTE FUNCTION hr_organization_period_rows_delete();
