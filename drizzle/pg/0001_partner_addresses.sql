CREATE TABLE "partner_addresses" (
	"partner_id" integer NOT NULL,
	"ip" text NOT NULL,
	"last_seen" bigint NOT NULL,
	CONSTRAINT "partner_addresses_partner_id_ip_pk" PRIMARY KEY("partner_id","ip")
);
--> statement-breakpoint
ALTER TABLE "partner_addresses" ADD CONSTRAINT "partner_addresses_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The last address of every key is the history we have: keep it.
INSERT INTO "partner_addresses" ("partner_id", "ip", "last_seen")
	SELECT "partner_id", "last_used_ip", max("last_used_at") FROM "api_keys"
	WHERE "last_used_ip" IS NOT NULL AND "last_used_ip" <> '' AND "last_used_at" IS NOT NULL
	GROUP BY "partner_id", "last_used_ip"
	ON CONFLICT DO NOTHING;
