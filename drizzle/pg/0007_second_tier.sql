ALTER TABLE "partners" ADD COLUMN "parent_partner_id" integer;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "second_tier_percent" text DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_parent_partner_id_partners_id_fk" FOREIGN KEY ("parent_partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;