-- Hand-written (no schema change): partner_hours.earned now counts second-tier rewards and their
-- reversals (src/db/figures.ts EARNING_KINDS). Backfill: add the tier-2 entries written before
-- this migration to their partner-hours (0006's backfill left them out). Keep at a regeneration.
INSERT INTO "partner_hours" ("partner_id", "hour", "clicks", "exchanges", "successful", "earned")
SELECT "partner_id", ("created_at" / 3600) * 3600, 0, 0, 0, sum("amount")
	FROM "ledger_entries" WHERE "kind" IN ('reward_tier2', 'reversal_tier2') GROUP BY 1, 2
ON CONFLICT ("partner_id", "hour") DO UPDATE SET "earned" = "partner_hours"."earned" + excluded."earned";
