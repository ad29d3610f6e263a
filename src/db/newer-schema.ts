// A database migrated by a newer ratelink than this one (an update rolled back, an older CLI or
// checkout): drizzle's migrators only apply what is newer than the last migration applied, so
// they would report it up to date and this code would serve, or copy from, a schema it does not
// know (a copy would silently drop the columns it lacks). Both engines refuse it instead.
import { readMigrationFiles } from 'drizzle-orm/migrator';

export class NewerSchemaError extends Error {}

/** Throws when the latest migration applied (drizzle's `created_at`, ms) is newer than every migration in `migrationsFolder`. */
export function refuseNewerSchema(latestApplied: number | null, migrationsFolder: string): void {
  const known = Math.max(0, ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis));
  if (latestApplied === null || latestApplied <= known) return;
  const day = new Date(latestApplied).toISOString().slice(0, 10);
  throw new NewerSchemaError(`the database was migrated by a newer ratelink (a migration of ${day} this version does not have); run that version, or restore the backup taken before the update`);
}
