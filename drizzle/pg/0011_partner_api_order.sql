DROP INDEX "clicks_partner_counted_idx";--> statement-breakpoint
DROP INDEX "exchanges_partner_time_idx";--> statement-breakpoint
CREATE INDEX "clicks_partner_counted_idx" ON "clicks" USING btree ("partner_id","time","id") WHERE is_bot = false and is_repeat = false;--> statement-breakpoint
CREATE INDEX "exchanges_partner_time_idx" ON "exchanges" USING btree ("partner_id","time","id");