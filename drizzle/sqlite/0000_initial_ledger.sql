CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer,
	`last_used_ip` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix_unique` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_partner_idx` ON `api_keys` (`partner_id`);--> statement-breakpoint
CREATE TABLE `click_windows` (
	`link_id` integer NOT NULL,
	`user_hash` text NOT NULL,
	`counted_at` integer NOT NULL,
	PRIMARY KEY(`link_id`, `user_hash`),
	FOREIGN KEY (`link_id`) REFERENCES `referral_links`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` integer NOT NULL,
	`partner_id` integer,
	`link_id` integer,
	`ip` text DEFAULT '' NOT NULL,
	`browser` text DEFAULT 'Unknown' NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`referrer` text DEFAULT '' NOT NULL,
	`user_hash` text NOT NULL,
	`query_string` text DEFAULT '' NOT NULL,
	`cur_from` text,
	`cur_to` text,
	`is_bot` integer DEFAULT false NOT NULL,
	`is_repeat` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`link_id`) REFERENCES `referral_links`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clicks_partner_time_idx` ON `clicks` (`partner_id`,`time`);--> statement-breakpoint
CREATE INDEX `clicks_user_time_idx` ON `clicks` (`user_hash`,`time`);--> statement-breakpoint
CREATE TABLE `currencies` (
	`code` text PRIMARY KEY NOT NULL,
	`precision` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `directions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cur_from` text NOT NULL,
	`cur_to` text NOT NULL,
	`rate_in` text NOT NULL,
	`rate_out` text NOT NULL,
	`amount` text NOT NULL,
	`minamount` text DEFAULT '0' NOT NULL,
	`maxamount` text DEFAULT '0' NOT NULL,
	`minfee` text,
	`fromfee` text,
	`tofee` text,
	`floating` text,
	`delay` integer,
	`param` text DEFAULT '[]' NOT NULL,
	`city` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `directions_pair_idx` ON `directions` (`cur_from`,`cur_to`);--> statement-breakpoint
CREATE TABLE `exchanges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`partner_id` integer,
	`click_id` integer,
	`user_hash` text,
	`ref_code` text,
	`time` integer NOT NULL,
	`cur_give` text NOT NULL,
	`cur_get` text NOT NULL,
	`amount_give` text NOT NULL,
	`amount_get` text NOT NULL,
	`course_give` text NOT NULL,
	`course_get` text NOT NULL,
	`status` text NOT NULL,
	`reward_base` integer DEFAULT 0 NOT NULL,
	`reward_percent` text,
	`reward` integer DEFAULT 0 NOT NULL,
	`flag` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`click_id`) REFERENCES `clicks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exchanges_external_id_unique` ON `exchanges` (`external_id`);--> statement-breakpoint
CREATE INDEX `exchanges_partner_time_idx` ON `exchanges` (`partner_id`,`time`);--> statement-breakpoint
CREATE INDEX `exchanges_status_idx` ON `exchanges` (`status`);--> statement-breakpoint
CREATE TABLE `feeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`dialect` text DEFAULT 'classic' NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`last_fetch_at` integer,
	`fetch_count` integer DEFAULT 0 NOT NULL,
	`last_ip` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feeds_code_unique` ON `feeds` (`code`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`exchange_id` integer,
	`payout_id` integer,
	`reason` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`exchange_id`) REFERENCES `exchanges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payout_id`) REFERENCES `payouts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_partner_idx` ON `ledger_entries` (`partner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_exchange_kind_idx` ON `ledger_entries` (`exchange_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_payout_kind_idx` ON `ledger_entries` (`payout_id`,`kind`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`reward_percent` text NOT NULL,
	`reward_base` text DEFAULT 'amount' NOT NULL,
	`reward_levels` text,
	`min_payout` integer DEFAULT 0 NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payout_methods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`currency` text NOT NULL,
	`commission` text DEFAULT '0' NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `payouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`method_id` integer NOT NULL,
	`account` text NOT NULL,
	`amount` integer NOT NULL,
	`status` integer DEFAULT 0 NOT NULL,
	`tx_ref` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`paid_at` integer,
	`canceled_at` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`method_id`) REFERENCES `payout_methods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payouts_partner_idx` ON `payouts` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payouts_status_idx` ON `payouts` (`status`);--> statement-breakpoint
CREATE TABLE `referral_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`partner_id` integer NOT NULL,
	`name` text,
	`target` text,
	`disabled_at` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_links_code_unique` ON `referral_links` (`code`);--> statement-breakpoint
CREATE INDEX `referral_links_partner_idx` ON `referral_links` (`partner_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
