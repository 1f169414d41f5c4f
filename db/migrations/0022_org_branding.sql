CREATE TABLE "organization_logos" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"file" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_logos_type_ck" CHECK ("organization_logos"."content_type" in ('image/png', 'image/jpeg')),
	CONSTRAINT "organization_logos_size_ck" CHECK (octet_length("organization_logos"."bytes") <= 204800)
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sender" jsonb;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "email_from_address" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "email_reply_to" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "sms_sender" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "accent_color" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "logo_file" text;--> statement-breakpoint
ALTER TABLE "organization_logos" ADD CONSTRAINT "organization_logos_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written: the stored forms the application writes (lib/organizations/branding.ts)
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_accent_color_ck" CHECK ("accent_color" IS NULL OR "accent_color" ~ '^#[0-9a-f]{6}$');--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_sms_sender_ck" CHECK ("sms_sender" IS NULL OR "sms_sender" ~ '^(MG[0-9a-f]{32}|[A-Za-z0-9 ]{1,11})$');
