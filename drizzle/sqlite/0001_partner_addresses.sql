CREATE TABLE `partner_addresses` (
	`partner_id` integer NOT NULL,
	`ip` text NOT NULL,
	`last_seen` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `ip`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The last address of every key is the history we have: keep it.
INSERT OR IGNORE INTO `partner_addresses` (`partner_id`, `ip`, `last_seen`)
	SELECT `partner_id`, `last_used_ip`, max(`last_used_at`) FROM `api_keys`
	WHERE `last_used_ip` IS NOT NULL AND `last_used_ip` <> '' AND `last_used_at` IS NOT NULL
	GROUP BY `partner_id`, `last_used_ip`;
