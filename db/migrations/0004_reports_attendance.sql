CREATE TABLE "attendances" (
	"invitation_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"attended" boolean NOT NULL,
	"minutes" integer NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendances_minutes_ck" CHECK ("attendances"."minutes" between 0 and 6000 and ("attendances"."attended" or "attendances"."minutes" = 0))
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "segments" smallint;--> statement-breakpoint
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendances" ADD CONSTRAINT "attendances_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendances_request_idx" ON "attendances" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "attendances_volunteer_idx" ON "attendances" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "messages_org_created_idx" ON "messages" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "requests_org_starts_idx" ON "requests" USING btree ("organization_id","starts_at");--> statement-breakpoint
-- Existing SMS: an estimate from the stored body (GSM-7 lengths: 160, then 153 per segment); one
-- segment where the body was already purged. New messages get the exact count when queued.
UPDATE "messages" SET "segments" = CASE WHEN "body" IS NULL OR char_length("body") <= 160 THEN 1 ELSE ceil(char_length("body") / 153.0)::smallint END WHERE "channel" = 'sms' AND "segments" IS NULL;
