CREATE TABLE "request_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"first_date" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"time_zone" text NOT NULL,
	"until_date" date,
	"count" integer,
	"lead_days" integer DEFAULT 7 NOT NULL,
	"template" jsonb NOT NULL,
	"created_by" text,
	"submission_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	CONSTRAINT "request_series_end_ck" CHECK ("request_series"."until_date" is not null or "request_series"."count" is not null),
	CONSTRAINT "request_series_lead_ck" CHECK ("request_series"."lead_days" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "series_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "occurrence_index" integer;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "occurrence_date" date;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "ask_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "request_series" ADD CONSTRAINT "request_series_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_series" ADD CONSTRAINT "request_series_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_series" ADD CONSTRAINT "request_series_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_series" ADD CONSTRAINT "request_series_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_commitments" ADD CONSTRAINT "series_commitments_series_id_request_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."request_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_commitments" ADD CONSTRAINT "series_commitments_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_series_org_idx" ON "request_series" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_series_org_submission_key_uq" ON "request_series" USING btree ("organization_id","submission_key") WHERE "request_series"."submission_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "series_commitments_series_volunteer_uq" ON "series_commitments" USING btree ("series_id","volunteer_id");--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_series_id_request_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."request_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "requests_series_index_uq" ON "requests" USING btree ("series_id","occurrence_index") WHERE "requests"."series_id" is not null;--> statement-breakpoint
CREATE INDEX "requests_ask_at_idx" ON "requests" USING btree ("ask_at") WHERE "requests"."ask_at" is not null;