CREATE TABLE "provider_pacing" (
	"provider" text PRIMARY KEY NOT NULL,
	"next_slot_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "unsubscribe_token_hash" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "email_opted_out_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_idempotency_key_idx" ON "messages" USING btree ("idempotency_key") WHERE "messages"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_unsubscribe_token_uq" ON "messages" USING btree ("unsubscribe_token_hash") WHERE "messages"."unsubscribe_token_hash" is not null;