CREATE TABLE "volunteer_day_counts" (
	"organization_id" uuid NOT NULL,
	"status" "volunteer_status" NOT NULL,
	"day" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "volunteer_day_counts_organization_id_status_day_pk" PRIMARY KEY("organization_id","status","day")
);
--> statement-breakpoint
ALTER TABLE "volunteer_day_counts" ADD CONSTRAINT "volunteer_day_counts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- ---------------------------------------------------------------------------------------------
-- The reports' "active volunteers" (issue 14, docs/reports.md "Summary tables"):
-- volunteer_day_counts per organisation, status and day of registration in the organisation's
-- time zone, kept by triggers on volunteers (insert and delete statement-level; update row-level
-- with a WHEN of status / organisation / created_at, so the fan-out's last_asked_at updates and
-- every other edit do not call it) and on organizations (a time-zone change rebuilds its rows).
-- Every writer changes its rows in primary-key order.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION "hr_volunteer_counts_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO volunteer_day_counts AS c (organization_id, status, day, n)
    SELECT v.organization_id, v.status, hr_local_day(v.created_at, o.time_zone), count(*)::int
    FROM new_rows v JOIN organizations o ON o.id = v.organization_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (organization_id, status, day) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    -- an organisation being deleted is no longer found: its rows go by the foreign key
    UPDATE volunteer_day_counts c SET n = c.n - x.n
    FROM (SELECT v.organization_id, v.status, hr_local_day(v.created_at, o.time_zone) AS day, count(*)::int AS n
          FROM old_rows v JOIN organizations o ON o.id = v.organization_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) x
    WHERE (c.organization_id, c.status, c.day) = (x.organization_id, x.status, x.day);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- one volunteer's status (or organisation, or registration time) changed: -1 on the old row, +1 on
-- the new, the lower key first
CREATE FUNCTION "hr_volunteer_count_moved"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o_day date := hr_local_day(OLD.created_at, (SELECT o.time_zone FROM organizations o WHERE o.id = OLD.organization_id));
  n_day date := hr_local_day(NEW.created_at, (SELECT o.time_zone FROM organizations o WHERE o.id = NEW.organization_id));
  k record;
BEGIN
  FOR k IN SELECT * FROM (VALUES (OLD.organization_id, OLD.status, o_day, -1), (NEW.organization_id, NEW.status, n_day, 1)) x(org, status, day, d)
           WHERE x.day IS NOT NULL ORDER BY 1, 2, 3 LOOP
    INSERT INTO volunteer_day_counts AS c (organization_id, status, day, n) VALUES (k.org, k.status, k.day, k.d)
    ON CONFLICT (organization_id, status, day) DO UPDATE SET n = c.n + excluded.n;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "volunteers_counts_ins" AFTER INSERT ON "volunteers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_volunteer_counts_changed();
--> statement-breakpoint
CREATE TRIGGER "volunteers_counts_del" AFTER DELETE ON "volunteers" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hr_volunteer_counts_changed();
--> statement-breakpoint
CREATE TRIGGER "volunteers_counts_upd" AFTER UPDATE ON "volunteers" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.organization_id IS DISTINCT FROM NEW.organization_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION hr_volunteer_count_moved();
--> statement-breakpoint
CREATE FUNCTION "hr_volunteer_counts_rebuild"(p_org uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM volunteer_day_counts c WHERE p_org IS NULL OR c.organization_id = p_org;
  INSERT INTO volunteer_day_counts (organization_id, status, day, n)
  SELECT v.organization_id, v.status, hr_local_day(v.created_at, o.time_zone), count(*)::int
  FROM volunteers v JOIN organizations o ON o.id = v.organization_id
  WHERE p_org IS NULL OR v.organization_id = p_org
  GROUP BY 1, 2, 3;
END $$;
--> statement-breakpoint
CREATE FUNCTION "hr_organization_volunteer_counts_zone"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hr_volunteer_counts_rebuild(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "organizations_volunteer_counts_zone" AFTER UPDATE OF "time_zone" ON "organizations" FOR EACH ROW
  WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION hr_organization_volunteer_counts_zone();
--> statement-breakpoint
SELECT hr_volunteer_counts_rebuild(NULL);
