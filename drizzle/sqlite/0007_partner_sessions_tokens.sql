CREATE TABLE `partner_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` integer NOT NULL,
	`auth_version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_sessions_partner_idx` ON `partner_sessions` (`partner_id`);--> statement-breakpoint
CREATE TABLE `partner_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_tokens_partner_idx` ON `partner_tokens` (`partner_id`);