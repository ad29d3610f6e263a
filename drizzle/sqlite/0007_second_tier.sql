ALTER TABLE `partners` ADD `parent_partner_id` integer REFERENCES partners(id);--> statement-breakpoint
ALTER TABLE `partners` ADD `second_tier_percent` text DEFAULT '0' NOT NULL;