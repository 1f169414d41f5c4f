ALTER TYPE "public"."message_channel" ADD VALUE 'telegram';--> statement-breakpoint
ALTER TYPE "public"."token_purpose" ADD VALUE 'connect_telegram';--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "telegram_chat_id" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "telegram_connected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "telegram_opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "reach_telegram" boolean GENERATED ALWAYS AS (telegram_chat_id is not null and telegram_opted_out_at is null) STORED;--> statement-breakpoint
CREATE INDEX "volunteers_telegram_chat_idx" ON "volunteers" USING btree ("telegram_chat_id") WHERE "volunteers"."telegram_chat_id" is not null;