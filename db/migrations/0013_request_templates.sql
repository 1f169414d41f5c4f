CREATE TABLE "request_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"activity_id" uuid NOT NULL,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"duration_minutes" integer NOT NULL,
	"helpers_needed" integer NOT NULL,
	"language_mode" "language_mode" DEFAULT 'none' NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"channels" "contact_preference" DEFAULT 'both' NOT NULL,
	"require_driving_licence" boolean DEFAULT false NOT NULL,
	"require_car" boolean DEFAULT false NOT NULL,
	"notify_pending_when_filled" boolean DEFAULT true NOT NULL,
	"meeting_point" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"what_to_bring" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "request_templates_org_name_uq" ON "request_templates" USING btree ("organization_id",lower("name"));