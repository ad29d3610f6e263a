ALTER TABLE "exchanges" ADD COLUMN "review" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "reviewed_at" bigint;