ALTER TABLE `exchanges` ADD `review` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `reviewed_by` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `reviewed_at` integer;