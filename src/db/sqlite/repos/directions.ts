// The rate table and what the feeds are built from. Every write bumps `rates_version` in the
// same transaction, so that any process serving feeds notices the change with one cheap read.
import { asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { CurrencyRow, DirectionRepo, DirectionRow, DirectionValues } from '../../repos.js';
import type { Db } from '../open.js';
import { currencies, directions, settings } from '../schema.js';
import { bumpRatesVersion, RATES_VERSION_KEY } from '../settings-keys.js';
import { prepareNamed, prepareSelectAll } from '../prepared.js';

export function createDirectionRepo(db: Db): DirectionRepo {
  // Prepared once and run on the driver: building the statement per row cost half a
  // millisecond, so a push of 500 rates held the event loop for a quarter of a second.
  const columns = getTableColumns(directions);
  const writable = (Object.keys(columns) as Array<keyof typeof columns>).filter((key) => key !== 'id');
  const upsertOne = prepareNamed(db, db.insert(directions)
    .values(Object.fromEntries(writable.map((key) => [key, sql.placeholder(key)])) as unknown as typeof directions.$inferInsert)
    .onConflictDoUpdate({
      target: [directions.from, directions.to],
      set: Object.fromEntries(writable.map((key) => [key, sql.raw(`excluded."${columns[key].name}"`)])),
    }));
  const upsertAll = (rows: DirectionValues[], now: number) => {
    for (const row of rows) upsertOne.run({ ...row, updatedAt: now });
  };

  // Every feed rebuild reads the whole table: half the time of drizzle's row mapping.
  const listAll = prepareSelectAll(db, directions, db.select().from(directions).orderBy(asc(directions.id)));

  return {
    async list(): Promise<DirectionRow[]> {
      return listAll();
    },
    /** Upserts by (from, to), stamping updated_at of each even when nothing else changed. */
    async upsertMany(rows: DirectionValues[], now: number): Promise<{ upserted: number; version: number }> {
      return db.transaction((tx) => {
        upsertAll(rows, now);
        return { upserted: rows.length, version: bumpRatesVersion(tx) };
      });
    },
    async upsertMerged(merge: (current: DirectionRow[]) => DirectionValues[], now: number): Promise<{ upserted: number; version: number }> {
      // IMMEDIATE: the write lock before the read, so that another process (the CLI) cannot
      // write in between.
      return db.transaction((tx) => {
        const rows = merge(listAll());
        upsertAll(rows, now);
        return { upserted: rows.length, version: bumpRatesVersion(tx) };
      }, { behavior: 'immediate' });
    },
    /** Makes the table exactly `rows`, atomically: readers see the old table or the new one. */
    async replaceAll(rows: DirectionValues[], now: number): Promise<{ upserted: number; removed: number; version: number }> {
      return db.transaction((tx) => {
        const keep = new Set(rows.map((r) => `${r.from}\u0000${r.to}`));
        const gone = tx.select({ id: directions.id, from: directions.from, to: directions.to }).from(directions).all()
          .filter((r) => !keep.has(`${r.from}\u0000${r.to}`)).map((r) => r.id);
        for (let i = 0; i < gone.length; i += 500) tx.delete(directions).where(inArray(directions.id, gone.slice(i, i + 500))).run();
        upsertAll(rows, now);
        return { upserted: rows.length, removed: gone.length, version: bumpRatesVersion(tx) };
      });
    },
    /** Re-stamps every direction as freshly updated (the demo's periodic re-push of its rates). */
    async touchAll(at: number): Promise<{ touched: number; version: number }> {
      return db.transaction((tx) => {
        const touched = tx.update(directions).set({ updatedAt: at }).run().changes;
        return { touched, version: bumpRatesVersion(tx) };
      });
    },
    async ratesVersion(): Promise<number> {
      const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, RATES_VERSION_KEY)).get();
      return row ? Number(row.value) : 0;
    },
    async listCurrencies(): Promise<CurrencyRow[]> {
      return db.select().from(currencies).orderBy(asc(currencies.code)).all();
    },
    async setCurrencyPrecision(code: string, precision: number): Promise<CurrencyRow> {
      return db.transaction((tx) => {
        const row = tx.insert(currencies).values({ code, precision })
          .onConflictDoUpdate({ target: currencies.code, set: { precision } }).returning().get();
        bumpRatesVersion(tx);
        return row;
      });
    },
    /** Back to the built-in default; false when the currency had no precision of its own. */
    async deleteCurrencyPrecision(code: string): Promise<boolean> {
      return db.transaction((tx) => {
        const deleted = tx.delete(currencies).where(eq(currencies.code, code)).run().changes > 0;
        if (deleted) bumpRatesVersion(tx);
        return deleted;
      });
    },
  };
}
