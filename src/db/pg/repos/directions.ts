// The rate table and what the feeds are built from. Every write bumps `rates_version` in the
// same transaction, so that every instance serving feeds notices the change with one cheap read.
import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { CurrencyRow, DirectionRepo, DirectionRow, DirectionValues } from '../../repos.js';
import { first } from '../dialect.js';
import type { PgDb } from '../open.js';
import { currencies, directions, settings } from '../schema.js';
import { bumpRatesVersion, RATES_VERSION_KEY } from '../settings-keys.js';

const CHUNK = 1000;
const columns = getTableColumns(directions);
const writable = (Object.keys(columns) as Array<keyof typeof columns>).filter((key) => key !== 'id');
const replaceWithIncoming = Object.fromEntries(writable.map((key) => [key, sql.raw(`excluded."${columns[key].name}"`)]));

/** Multi-row upserts by (from, to); a pair given twice keeps its last values, as row-by-row upserts would. */
async function upsertAll(tx: PgDb, rows: DirectionValues[], now: number): Promise<void> {
  const byPair = new Map(rows.map((row) => [`${row.from}\u0000${row.to}`, { ...row, updatedAt: now }]));
  const unique = [...byPair.values()];
  for (let i = 0; i < unique.length; i += CHUNK) {
    await tx.insert(directions).values(unique.slice(i, i + CHUNK))
      .onConflictDoUpdate({ target: [directions.from, directions.to], set: replaceWithIncoming });
  }
}

/**
 * Writers of the rate table one at a time (readers, the feed rebuilds, never wait): what a
 * writer read of it stays true until it commits, as on SQLite. Taken first, before any other
 * lock, so that two writers cannot deadlock.
 */
async function lockForWrite(tx: PgDb): Promise<void> {
  await tx.execute(sql`lock table ${directions} in share row exclusive mode`);
}

export function createDirectionRepo(db: PgDb): DirectionRepo {
  return {
    async list(): Promise<DirectionRow[]> {
      return db.select().from(directions).orderBy(asc(directions.id));
    },
    async upsertMany(rows: DirectionValues[], now: number): Promise<{ upserted: number; version: number }> {
      return db.transaction(async (tx) => {
        await upsertAll(tx, rows, now);
        return { upserted: rows.length, version: await bumpRatesVersion(tx) };
      });
    },
    async upsertMerged(merge: (current: DirectionRow[]) => DirectionValues[], now: number): Promise<{ upserted: number; version: number }> {
      return db.transaction(async (tx) => {
        await lockForWrite(tx);
        const rows = merge(await tx.select().from(directions).orderBy(asc(directions.id)));
        await upsertAll(tx, rows, now);
        return { upserted: rows.length, version: await bumpRatesVersion(tx) };
      });
    },
    async replaceAll(rows: DirectionValues[], now: number): Promise<{ upserted: number; removed: number; version: number }> {
      return db.transaction(async (tx) => {
        await lockForWrite(tx);
        const keep = new Set(rows.map((r) => `${r.from}\u0000${r.to}`));
        const gone = (await tx.select({ id: directions.id, from: directions.from, to: directions.to }).from(directions))
          .filter((r) => !keep.has(`${r.from}\u0000${r.to}`)).map((r) => r.id);
        for (let i = 0; i < gone.length; i += CHUNK) await tx.delete(directions).where(inArray(directions.id, gone.slice(i, i + CHUNK)));
        await upsertAll(tx, rows, now);
        return { upserted: rows.length, removed: gone.length, version: await bumpRatesVersion(tx) };
      });
    },
    async touchAll(at: number): Promise<{ touched: number; version: number }> {
      return db.transaction(async (tx) => {
        const touched = (await tx.update(directions).set({ updatedAt: at })).rowCount ?? 0;
        return { touched, version: await bumpRatesVersion(tx) };
      });
    },
    async ratesVersion(): Promise<number> {
      const row = first(await db.select({ value: settings.value }).from(settings).where(eq(settings.key, RATES_VERSION_KEY)));
      return row ? Number(row.value) : 0;
    },
    async listCurrencies(): Promise<CurrencyRow[]> {
      return db.select().from(currencies).orderBy(asc(currencies.code));
    },
    async setCurrencyPrecision(code: string, precision: number): Promise<CurrencyRow> {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(currencies).values({ code, precision })
          .onConflictDoUpdate({ target: currencies.code, set: { precision } }).returning();
        await bumpRatesVersion(tx);
        return row!;
      });
    },
    async deleteCurrencyPrecision(code: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const deleted = ((await tx.delete(currencies).where(eq(currencies.code, code))).rowCount ?? 0) > 0;
        if (deleted) await bumpRatesVersion(tx);
        return deleted;
      });
    },
  };
}
