ALTER TABLE `clicks` ADD `sub1` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub2` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub3` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub4` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub5` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `link_id` integer REFERENCES referral_links(id);--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub1` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub2` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub3` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub4` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub5` text;--> statement-breakpoint
CREATE INDEX `exchanges_link_time_idx` ON `exchanges` (`link_id`,`time`);--> statement-breakpoint
ALTER TABLE `partners` ADD `parent_partner_id` integer REFERENCES partners(id);--> statement-breakpoint
ALTER TABLE `partners` ADD `second_tier_percent` text DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `link_type` text DEFAULT 'client' NOT NULL;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `target_kind` text DEFAULT 'home' NOT NULL;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `target_cur_from` text;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `target_cur_to` text;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `target_url` text;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `visibility` text DEFAULT 'listed' NOT NULL;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `visible_partner_ids` text;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `parameter_type` text;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `extra` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `referral_links` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `referral_links` SET `updated_at` = `created_at`;
