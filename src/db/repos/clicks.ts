import type { Db } from '../client.js';

// Filled in by the issue that owns this table.
export function createClickRepo(db: Db) {
  void db;
  return {};
}
