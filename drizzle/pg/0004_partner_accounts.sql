CREATE TABLE "partner_accounts" (
	"partner_id" integer PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"auth_version" integer DEFAULT 1 NOT NULL,
	"created_at" bigint DEFAULT (extract(epoch from now())::bigint) NOT NULL,
	"password_set_at" bigint,
	"last_sign_in_at" bigint,
	CONSTRAINT "partner_accounts_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "partner_accounts" ADD CONSTRAINT "partner_accounts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;