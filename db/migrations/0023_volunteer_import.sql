CREATE TABLE "volunteer_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_user_id" text,
	"file_name" text NOT NULL,
	"file_type" text NOT NULL,
	"encoding" text NOT NULL,
	"row_count" integer NOT NULL,
	"sealed_data" text NOT NULL,
	"mapping" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "volunteers" ALTER COLUMN "consent_version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteers" ALTER COLUMN "consent_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteer_imports" ADD CONSTRAINT "volunteer_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_imports" ADD CONSTRAINT "volunteer_imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_imports_org_idx" ON "volunteer_imports" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "volunteer_imports_expires_idx" ON "volunteer_imports" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_consent_ck" CHECK ("volunteers"."status" = 'pending' or ("volunteers"."consent_version" is not null and "volunteers"."consent_at" is not null));
