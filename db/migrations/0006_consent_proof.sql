ALTER TABLE "volunteers" ADD COLUMN "consent_locale" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "consent_text_sha256" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "consent_declined_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_events_object_idx" ON "audit_events" USING btree ("object_type","object_id");