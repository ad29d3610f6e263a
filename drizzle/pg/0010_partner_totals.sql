CREATE TABLE "partner_totals" (
	"partner_id" integer PRIMARY KEY NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"exchanges" bigint DEFAULT 0 NOT NULL,
	"successful" bigint DEFAULT 0 NOT NULL,
	"earned" bigint DEFAULT 0 NOT NULL,
	"turnover" bigint DEFAULT 0 NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written (keep when regenerating): backfill each partner's totals from the rows written
-- before this migration, with the rules of src/db/figures.ts and src/db/totals.ts.
INSERT INTO "partner_totals" ("partner_id", "clicks", "exchanges", "successful", "earned", "turnover", "paid", "pending")
SELECT "p"."id",
	coalesce((SELECT sum("clicks") FROM "partner_hours" "h" WHERE "h"."partner_id" = "p"."id"), 0),
	coalesce((SELECT sum("exchanges") FROM "partner_hours" "h" WHERE "h"."partner_id" = "p"."id"), 0),
	coalesce((SELECT sum("successful") FROM "partner_hours" "h" WHERE "h"."partner_id" = "p"."id"), 0),
	coalesce((SELECT sum("earned") FROM "partner_hours" "h" WHERE "h"."partner_id" = "p"."id"), 0),
	coalesce((SELECT sum("reward_base") FROM "exchanges" "e" WHERE "e"."partner_id" = "p"."id" AND "e"."status" = 'success' AND "e"."flag" IS NULL), 0),
	coalesce((SELECT sum("amount") FROM "payouts" "o" WHERE "o"."partner_id" = "p"."id" AND "o"."status" = 1), 0),
	coalesce((SELECT sum("amount") FROM "payouts" "o" WHERE "o"."partner_id" = "p"."id" AND "o"."status" = 0), 0)
FROM "partners" "p";
