import type { Db } from '../client.js';

// Filled in by the issue that owns this table.
export function createDirectionRepo(db: Db) {
  void db;
  return {};
}
