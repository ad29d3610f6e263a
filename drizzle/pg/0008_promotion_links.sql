ALTER TABLE "clicks" ADD COLUMN "sub1" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub2" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub3" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub4" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub5" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "link_id" integer;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub1" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub2" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub3" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub4" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub5" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "parent_partner_id" integer;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "second_tier_percent" text DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "link_type" text DEFAULT 'client' NOT NULL;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "target_kind" text DEFAULT 'home' NOT NULL;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "target_cur_from" text;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "target_cur_to" text;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "target_url" text;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "visibility" text DEFAULT 'listed' NOT NULL;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "visible_partner_ids" jsonb;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "parameter_type" text;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "extra" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "referral_links" ADD COLUMN "updated_at" bigint DEFAULT (extract(epoch from now())::bigint) NOT NULL;--> statement-breakpoint
ALTER TABLE "exchanges" ADD CONSTRAINT "exchanges_link_id_referral_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."referral_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_parent_partner_id_partners_id_fk" FOREIGN KEY ("parent_partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchanges_link_time_idx" ON "exchanges" USING btree ("link_id","time");--> statement-breakpoint
UPDATE "referral_links" SET "updated_at" = "created_at";
