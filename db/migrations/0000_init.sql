CREATE TYPE "public"."contact_preference" AS ENUM('sms', 'email', 'both');--> statement-breakpoint
CREATE TYPE "public"."invitation_status" AS ENUM('queued', 'pending', 'accepted', 'declined', 'withdrawn', 'not_needed', 'expired');--> statement-breakpoint
CREATE TYPE "public"."language_mode" AS ENUM('none', 'any', 'all');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('admin', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."message_channel" AS ENUM('sms', 'email');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."part_of_day" AS ENUM('morning', 'afternoon', 'evening');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('open', 'filled', 'cancelled', 'closed');--> statement-breakpoint
CREATE TYPE "public"."token_purpose" AS ENUM('confirm_email', 'confirm_phone', 'volunteer_sign_in', 'volunteer_session');--> statement-breakpoint
CREATE TYPE "public"."volunteer_status" AS ENUM('pending', 'active', 'paused', 'deactivated');--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text NOT NULL,
	"description_de" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid,
	"actor_user_id" text,
	"actor_type" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"ip" text,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"token_hash" text NOT NULL,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"wave" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"asked_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"responded_via" text,
	"reminder1_sent_at" timestamp with time zone,
	"reminder2_sent_at" timestamp with time zone,
	"follow_up_sent_at" timestamp with time zone,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"role" "member_role" NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_id_organization_id_pk" PRIMARY KEY("user_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"channel" "message_channel" NOT NULL,
	"recipient" text,
	"volunteer_id" uuid,
	"request_id" uuid,
	"invitation_id" uuid,
	"kind" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"subject" text,
	"body" text,
	"html" text,
	"headers" jsonb,
	"status" "message_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"transport" text,
	"provider_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"body_purged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"email_sender_name" text,
	"sms_sender_name" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"short_code" text NOT NULL,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"helpers_needed" integer NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"language_mode" "language_mode" DEFAULT 'none' NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"channels" "contact_preference" DEFAULT 'both' NOT NULL,
	"require_driving_licence" boolean DEFAULT false NOT NULL,
	"require_car" boolean DEFAULT false NOT NULL,
	"notify_pending_when_filled" boolean DEFAULT true NOT NULL,
	"status" "request_status" DEFAULT 'open' NOT NULL,
	"wave_size" integer,
	"wave_interval_minutes" integer,
	"wave_deadline" timestamp with time zone,
	"waves_stopped" boolean DEFAULT false NOT NULL,
	"current_wave" integer DEFAULT 1 NOT NULL,
	"next_wave_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	-- 500 = MAX_HELPERS (lib/requests/limits.ts); tests/integration/requests-rules.test.ts keeps the two equal
	CONSTRAINT "requests_helpers_needed_ck" CHECK ("requests"."helpers_needed" between 1 and 500),
	CONSTRAINT "requests_accepted_ck" CHECK ("requests"."accepted_count" >= 0 and "requests"."accepted_count" <= "requests"."helpers_needed"),
	CONSTRAINT "requests_times_ck" CHECK ("requests"."ends_at" > "requests"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text NOT NULL,
	"email_verified" timestamp with time zone,
	"image" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"volunteer_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	CONSTRAINT "volunteer_activities_volunteer_id_activity_id_pk" PRIMARY KEY("volunteer_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_availability" (
	"volunteer_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"part_of_day" "part_of_day" NOT NULL,
	CONSTRAINT "volunteer_availability_volunteer_id_weekday_part_of_day_pk" PRIMARY KEY("volunteer_id","weekday","part_of_day"),
	CONSTRAINT "volunteer_availability_weekday_ck" CHECK ("volunteer_availability"."weekday" between 1 and 7)
);
--> statement-breakpoint
CREATE TABLE "volunteer_languages" (
	"volunteer_id" uuid NOT NULL,
	"language" text NOT NULL,
	CONSTRAINT "volunteer_languages_volunteer_id_language_pk" PRIMARY KEY("volunteer_id","language")
);
--> statement-breakpoint
CREATE TABLE "volunteer_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"purpose" "token_purpose" NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"contact_preference" "contact_preference" DEFAULT 'email' NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"status" "volunteer_status" DEFAULT 'pending' NOT NULL,
	"paused_until" timestamp with time zone,
	"status_reason" text,
	"available_flexible" boolean DEFAULT false NOT NULL,
	"has_driving_licence" boolean DEFAULT false NOT NULL,
	"has_car" boolean DEFAULT false NOT NULL,
	"postal_code" text,
	"note" text,
	"max_requests_per_week" smallint,
	"consent_version" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_channel" text DEFAULT 'web' NOT NULL,
	"email_confirmed_at" timestamp with time zone,
	"phone_confirmed_at" timestamp with time zone,
	"email_bounced_at" timestamp with time zone,
	"sms_opted_out_at" timestamp with time zone,
	"last_asked_at" timestamp with time zone,
	"last_active_at" timestamp with time zone,
	"inactivity_notice_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_contact_ck" CHECK ("volunteers"."email" is not null or "volunteers"."phone" is not null),
	CONSTRAINT "volunteers_locale_ck" CHECK ("volunteers"."locale" in ('de', 'en'))
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_activities" ADD CONSTRAINT "volunteer_activities_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_availability" ADD CONSTRAINT "volunteer_availability_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_languages" ADD CONSTRAINT "volunteer_languages_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tokens" ADD CONSTRAINT "volunteer_tokens_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activities_org_key_uq" ON "activities" USING btree ("organization_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "activities_org_name_de_uq" ON "activities" USING btree ("organization_id",lower("name_de"));--> statement-breakpoint
CREATE INDEX "activities_org_position_idx" ON "activities" USING btree ("organization_id","position");--> statement-breakpoint
CREATE INDEX "audit_events_org_created_idx" ON "audit_events" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("organization_id","action");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_request_volunteer_uq" ON "invitations" USING btree ("request_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "invitations_request_status_idx" ON "invitations" USING btree ("request_id","status");--> statement-breakpoint
CREATE INDEX "invitations_volunteer_idx" ON "invitations" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "memberships_org_idx" ON "memberships" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("next_attempt_at") WHERE "messages"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "messages_request_idx" ON "messages" USING btree ("request_id","status");--> statement-breakpoint
CREATE INDEX "messages_created_idx" ON "messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "messages_provider_idx" ON "messages" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "messages_volunteer_idx" ON "messages" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_org_short_code_uq" ON "requests" USING btree ("organization_id","short_code");--> statement-breakpoint
CREATE INDEX "requests_org_status_starts_idx" ON "requests" USING btree ("organization_id","status","starts_at");--> statement-breakpoint
CREATE INDEX "requests_next_wave_idx" ON "requests" USING btree ("next_wave_at") WHERE "requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteer_activities_activity_idx" ON "volunteer_activities" USING btree ("activity_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_availability_slot_idx" ON "volunteer_availability" USING btree ("weekday","part_of_day","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_languages_language_idx" ON "volunteer_languages" USING btree ("language","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_tokens_volunteer_idx" ON "volunteer_tokens" USING btree ("volunteer_id","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_org_email_uq" ON "volunteers" USING btree ("organization_id","email") WHERE "volunteers"."email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_org_phone_uq" ON "volunteers" USING btree ("organization_id","phone") WHERE "volunteers"."phone" is not null;--> statement-breakpoint
CREATE INDEX "volunteers_match_idx" ON "volunteers" USING btree ("organization_id","status","last_asked_at");--> statement-breakpoint
CREATE INDEX "volunteers_pending_created_idx" ON "volunteers" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "volunteers_name_idx" ON "volunteers" USING btree ("organization_id","last_name","first_name");