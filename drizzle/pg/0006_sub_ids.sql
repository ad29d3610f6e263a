ALTER TABLE "clicks" ADD COLUMN "sub1" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub2" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub3" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub4" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "sub5" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub1" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub2" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub3" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub4" text;--> statement-breakpoint
ALTER TABLE "exchanges" ADD COLUMN "sub5" text;