ALTER TYPE "public"."message_channel" ADD VALUE 'voice';--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_phone" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_code_hash" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "voice_code_attempts" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "reach_voice" boolean GENERATED ALWAYS AS (voice_phone is not null and voice_confirmed_at is not null and voice_opted_out_at is null) STORED;
