ALTER TABLE "requests" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;