-- Links created on SQLite between 0008 and the fix of the repository's insert took the column's
-- constant default (0, for ALTER TABLE) as updated_at: they were last changed when they were made.
UPDATE `referral_links` SET `updated_at` = `created_at` WHERE `updated_at` = 0;
