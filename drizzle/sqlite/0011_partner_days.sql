CREATE TABLE `partner_days` (
	`partner_id` integer NOT NULL,
	`day` integer NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`exchanges` integer DEFAULT 0 NOT NULL,
	`successful` integer DEFAULT 0 NOT NULL,
	`earned` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`partner_id`, `day`)
);
--> statement-breakpoint
-- Hand-written (keep when regenerating): backfill the days from partner_hours (itself recounted
-- from the rows by test/db/partner-hours.test.ts): a UTC day is the 24 hours from its start.
INSERT INTO `partner_days` (`partner_id`, `day`, `clicks`, `exchanges`, `successful`, `earned`)
SELECT `partner_id`, (`hour` / 86400) * 86400, sum(`clicks`), sum(`exchanges`), sum(`successful`), sum(`earned`)
FROM `partner_hours` GROUP BY 1, 2;
