CREATE TABLE "partner_days" (
	"partner_id" integer NOT NULL,
	"day" bigint NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"exchanges" bigint DEFAULT 0 NOT NULL,
	"successful" bigint DEFAULT 0 NOT NULL,
	"earned" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "partner_days_partner_id_day_pk" PRIMARY KEY("partner_id","day")
);
--> statement-breakpoint
-- Hand-written (keep when regenerating): backfill the days from partner_hours (itself recounted
-- from the rows by test/db/partner-hours.test.ts): a UTC day is the 24 hours from its start.
INSERT INTO "partner_days" ("partner_id", "day", "clicks", "exchanges", "successful", "earned")
SELECT "partner_id", ("hour" / 86400) * 86400, sum("clicks"), sum("exchanges"), sum("successful"), sum("earned")
FROM "partner_hours" GROUP BY 1, 2;
--> statement-breakpoint
-- Hand-written: planner statistics for the new table now (a fresh table is estimated at one row).
ANALYZE "partner_days";
