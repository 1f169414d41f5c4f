ALTER TABLE "volunteers" ADD COLUMN "reach_email" boolean GENERATED ALWAYS AS (contact_preference in ('email', 'both') and email is not null and email_confirmed_at is not null and email_bounced_at is null and email_opted_out_at is null) STORED;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "reach_sms" boolean GENERATED ALWAYS AS (contact_preference in ('sms', 'both') and phone is not null and phone_confirmed_at is not null and sms_opted_out_at is null) STORED;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "availability_mask" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "activity_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
CREATE INDEX "volunteers_activity_ids_idx" ON "volunteers" USING gin ("activity_ids");
--> statement-breakpoint
-- availability_mask follows volunteer_availability: bit (weekday - 1) * 3 + part of day (morning 0,
-- afternoon 1, evening 2); one UPDATE per statement, from the statement's transition tables
CREATE FUNCTION "volunteer_availability_bits"(vid uuid) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT coalesce(bit_or(1 << ((a.weekday - 1) * 3 + CASE a.part_of_day WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 ELSE 2 END)), 0)
  FROM "volunteer_availability" a WHERE a.volunteer_id = vid
$$;--> statement-breakpoint
CREATE FUNCTION "volunteer_availability_mask"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "volunteers" v SET "availability_mask" = "volunteer_availability_bits"(v.id) WHERE v.id IN (SELECT volunteer_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "volunteers" v SET "availability_mask" = "volunteer_availability_bits"(v.id) WHERE v.id IN (SELECT volunteer_id FROM old_rows);
  ELSE
    UPDATE "volunteers" v SET "availability_mask" = "volunteer_availability_bits"(v.id) WHERE v.id IN (SELECT volunteer_id FROM new_rows UNION SELECT volunteer_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "volunteer_availability_mask_ins" AFTER INSERT ON "volunteer_availability" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_availability_mask"();--> statement-breakpoint
CREATE TRIGGER "volunteer_availability_mask_del" AFTER DELETE ON "volunteer_availability" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_availability_mask"();--> statement-breakpoint
CREATE TRIGGER "volunteer_availability_mask_upd" AFTER UPDATE ON "volunteer_availability" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_availability_mask"();--> statement-breakpoint
UPDATE "volunteers" v SET "availability_mask" = "volunteer_availability_bits"(v.id) WHERE EXISTS (SELECT 1 FROM "volunteer_availability" a WHERE a.volunteer_id = v.id);
--> statement-breakpoint
-- activity_ids follows volunteer_activities (sorted, one UPDATE per statement)
CREATE FUNCTION "volunteer_activity_ids_of"(vid uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(a.activity_id ORDER BY a.activity_id), '{}'::uuid[]) FROM "volunteer_activities" a WHERE a.volunteer_id = vid
$$;--> statement-breakpoint
CREATE FUNCTION "volunteer_activity_ids"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "volunteers" v SET "activity_ids" = "volunteer_activity_ids_of"(v.id) WHERE v.id IN (SELECT volunteer_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "volunteers" v SET "activity_ids" = "volunteer_activity_ids_of"(v.id) WHERE v.id IN (SELECT volunteer_id FROM old_rows);
  ELSE
    UPDATE "volunteers" v SET "activity_ids" = "volunteer_activity_ids_of"(v.id) WHERE v.id IN (SELECT volunteer_id FROM new_rows UNION SELECT volunteer_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "volunteer_activity_ids_ins" AFTER INSERT ON "volunteer_activities" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_activity_ids"();--> statement-breakpoint
CREATE TRIGGER "volunteer_activity_ids_del" AFTER DELETE ON "volunteer_activities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_activity_ids"();--> statement-breakpoint
CREATE TRIGGER "volunteer_activity_ids_upd" AFTER UPDATE ON "volunteer_activities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_activity_ids"();--> statement-breakpoint
UPDATE "volunteers" v SET "activity_ids" = "volunteer_activity_ids_of"(v.id) WHERE EXISTS (SELECT 1 FROM "volunteer_activities" a WHERE a.volunteer_id = v.id);
