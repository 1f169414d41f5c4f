CREATE TYPE "public"."notice_scope" AS ENUM('mine', 'organization');--> statement-breakpoint
CREATE TABLE "coordinator_notice_preferences" (
	"user_id" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"on_withdrawn" boolean DEFAULT true NOT NULL,
	"on_filled" boolean DEFAULT false NOT NULL,
	"on_short" boolean DEFAULT true NOT NULL,
	"on_changed" boolean DEFAULT false NOT NULL,
	"on_cancelled" boolean DEFAULT false NOT NULL,
	"scope" "notice_scope" DEFAULT 'mine' NOT NULL,
	"by_email" boolean DEFAULT true NOT NULL,
	"by_sms" boolean DEFAULT false NOT NULL,
	"phone" text,
	"locale" text DEFAULT 'de' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordinator_notice_preferences_user_id_organization_id_pk" PRIMARY KEY("user_id","organization_id"),
	CONSTRAINT "coordinator_notice_preferences_locale_ck" CHECK ("coordinator_notice_preferences"."locale" in ('de', 'en')),
	CONSTRAINT "coordinator_notice_preferences_sms_ck" CHECK (not "coordinator_notice_preferences"."by_sms" or "coordinator_notice_preferences"."phone" is not null)
);
--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "escalate_hours_before" smallint;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coordinator_notice_preferences" ADD CONSTRAINT "coordinator_notice_preferences_membership_fk" FOREIGN KEY ("user_id","organization_id") REFERENCES "public"."memberships"("user_id","organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_escalate_hours_ck" CHECK ("requests"."escalate_hours_before" is null or "requests"."escalate_hours_before" between 0 and 336);