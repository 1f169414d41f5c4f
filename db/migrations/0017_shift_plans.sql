CREATE TYPE "public"."shift_plan_status" AS ENUM('open', 'cancelled');--> statement-breakpoint
CREATE TABLE "shift_plan_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"volunteer_id" uuid,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shift_plan_invites_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "shift_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"day" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"status" "shift_plan_status" DEFAULT 'open' NOT NULL,
	"created_by" text,
	"submission_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "shift_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "shift_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "shift_plan_invites" ADD CONSTRAINT "shift_plan_invites_plan_id_shift_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."shift_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_plan_invites" ADD CONSTRAINT "shift_plan_invites_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_plans" ADD CONSTRAINT "shift_plans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shift_plans" ADD CONSTRAINT "shift_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shift_plan_invites_plan_volunteer_uq" ON "shift_plan_invites" USING btree ("plan_id","volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shift_plans_org_submission_key_uq" ON "shift_plans" USING btree ("organization_id","submission_key") WHERE "shift_plans"."submission_key" is not null;--> statement-breakpoint
CREATE INDEX "shift_plans_org_day_idx" ON "shift_plans" USING btree ("organization_id","day");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_shift_plan_id_shift_plans_id_fk" FOREIGN KEY ("shift_plan_id") REFERENCES "public"."shift_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_shift_plan_id_shift_plans_id_fk" FOREIGN KEY ("shift_plan_id") REFERENCES "public"."shift_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requests_shift_plan_idx" ON "requests" USING btree ("shift_plan_id") WHERE "requests"."shift_plan_id" is not null;