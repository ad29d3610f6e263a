CREATE TABLE `partner_hours` (
	`partner_id` integer NOT NULL,
	`hour` integer NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`exchanges` integer DEFAULT 0 NOT NULL,
	`successful` integer DEFAULT 0 NOT NULL,
	`earned` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`partner_id`, `hour`)
);
--> statement-breakpoint
CREATE INDEX `ledger_partner_time_idx` ON `ledger_entries` (`partner_id`,`created_at`);--> statement-breakpoint
-- Backfill: the hours of the rows written before this migration (src/db/figures.ts says what counts).
INSERT INTO `partner_hours` (`partner_id`, `hour`, `clicks`, `exchanges`, `successful`, `earned`)
SELECT `partner_id`, `hour`, sum(`clicks`), sum(`exchanges`), sum(`successful`), sum(`earned`) FROM (
	SELECT `partner_id`, (`time` / 3600) * 3600 AS `hour`, count(*) AS `clicks`, 0 AS `exchanges`, 0 AS `successful`, 0 AS `earned`
		FROM `clicks` WHERE `partner_id` IS NOT NULL AND `is_bot` = 0 AND `is_repeat` = 0 GROUP BY 1, 2
	UNION ALL
	SELECT `partner_id`, (`time` / 3600) * 3600, 0, count(*), sum(CASE WHEN `status` = 'success' THEN 1 ELSE 0 END), 0
		FROM `exchanges` WHERE `partner_id` IS NOT NULL GROUP BY 1, 2
	UNION ALL
	SELECT `partner_id`, (`created_at` / 3600) * 3600, 0, 0, 0, sum(`amount`)
		FROM `ledger_entries` WHERE `kind` IN ('reward', 'reversal', 'adjustment') GROUP BY 1, 2
) GROUP BY `partner_id`, `hour`;
