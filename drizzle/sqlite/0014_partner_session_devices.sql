ALTER TABLE `partner_sessions` ADD `device` text;--> statement-breakpoint
ALTER TABLE `partner_sessions` ADD `ip` text;