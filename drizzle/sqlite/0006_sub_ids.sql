ALTER TABLE `clicks` ADD `sub1` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub2` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub3` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub4` text;--> statement-breakpoint
ALTER TABLE `clicks` ADD `sub5` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub1` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub2` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub3` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub4` text;--> statement-breakpoint
ALTER TABLE `exchanges` ADD `sub5` text;