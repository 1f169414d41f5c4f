CREATE TABLE "qualification_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"validity_months" smallint,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qualification_types_validity_ck" CHECK ("qualification_types"."validity_months" is null or "qualification_types"."validity_months" between 1 and 600)
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"author_user_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	CONSTRAINT "volunteer_qualifications_dates_ck" CHECK ("volunteer_qualifications"."expires_on" is null or "volunteer_qualifications"."expires_on" >= "volunteer_qualifications"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "volunteer_tags" (
	"volunteer_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_tags_volunteer_id_tag_id_pk" PRIMARY KEY("volunteer_id","tag_id")
);
--> statement-breakpoint
ALTER TABLE "request_templates" ADD COLUMN "required_qualification_id" uuid;--> statement-breakpoint
ALTER TABLE "requests" ADD COLUMN "required_qualification_id" uuid;--> statement-breakpoint
ALTER TABLE "qualification_types" ADD CONSTRAINT "qualification_types_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_notes" ADD CONSTRAINT "volunteer_notes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_notes" ADD CONSTRAINT "volunteer_notes_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_notes" ADD CONSTRAINT "volunteer_notes_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_qualifications" ADD CONSTRAINT "volunteer_qualifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_qualifications" ADD CONSTRAINT "volunteer_qualifications_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_qualifications" ADD CONSTRAINT "volunteer_qualifications_type_id_qualification_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."qualification_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_qualifications" ADD CONSTRAINT "volunteer_qualifications_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tags" ADD CONSTRAINT "volunteer_tags_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tags" ADD CONSTRAINT "volunteer_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qualification_types_org_name_uq" ON "qualification_types" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "tags_org_name_uq" ON "tags" USING btree ("organization_id",lower("name"));--> statement-breakpoint
CREATE INDEX "volunteer_notes_volunteer_idx" ON "volunteer_notes" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "volunteer_qualifications_match_idx" ON "volunteer_qualifications" USING btree ("volunteer_id","type_id","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_qualifications_one_per_type_uq" ON "volunteer_qualifications" USING btree ("volunteer_id","type_id");--> statement-breakpoint
CREATE INDEX "volunteer_qualifications_org_expires_idx" ON "volunteer_qualifications" USING btree ("organization_id","expires_on") WHERE "volunteer_qualifications"."expires_on" is not null;--> statement-breakpoint
CREATE INDEX "volunteer_tags_tag_idx" ON "volunteer_tags" USING btree ("tag_id","volunteer_id");--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_required_qualification_id_qualification_types_id_fk" FOREIGN KEY ("required_qualification_id") REFERENCES "public"."qualification_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_required_qualification_id_qualification_types_id_fk" FOREIGN KEY ("required_qualification_id") REFERENCES "public"."qualification_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- the default qualification types (lib/qualifications/defaults.ts) for every existing organisation
INSERT INTO "qualification_types" ("organization_id", "name", "validity_months")
SELECT o."id", d."name", d."validity_months"
FROM "organizations" o
CROSS JOIN (VALUES ('Erweitertes Führungszeugnis', 60::smallint), ('Erste-Hilfe-Kurs', 24::smallint), ('Dolmetscher-Zertifikat', NULL::smallint), ('Führerschein Klasse B', NULL::smallint)) AS d("name", "validity_months")
ON CONFLICT DO NOTHING;
