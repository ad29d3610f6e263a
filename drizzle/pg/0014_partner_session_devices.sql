ALTER TABLE "partner_sessions" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "partner_sessions" ADD COLUMN "ip" text;