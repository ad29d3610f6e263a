import { defineConfig } from 'drizzle-kit';

// PostgreSQL's own migration history; drizzle.config.ts is SQLite's (npm run db:generate runs both).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './drizzle/pg',
});
