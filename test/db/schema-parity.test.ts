// The two engines' migrated databases describe the same ledger: same tables, columns,
// nullability, compatible types, primary keys and indexes (names, columns, uniqueness).
// Both sides are read back from the databases after the committed migrations ran, so a
// schema change made for one engine only, or a migration not generated, fails here.
import t from 'tap';
import { openDatabase } from '../../src/db/sqlite/open.js';
import { openPg } from '../../src/db/pg/open.js';
import { createTestSchema, PG_TEST_URL } from '../helpers/pg.js';

interface Described {
  columns: Record<string, string>;
  primaryKey: string[];
  indexes: Record<string, string>;
}

// SQLite's storage class → the PostgreSQL types that hold the same values.
const SAME_TYPE: Record<string, string[]> = { integer: ['integer', 'bigint', 'boolean'], text: ['text', 'jsonb'] };

/**
 * SQLite ends every entry of an index with the rowid (`id`), named or not: an index (a, b) there
 * holds what (a, b, id) holds on PostgreSQL (the partner API's (partner_id, time, id) order,
 * PostgreSQL migration 0011). A trailing `id` of a non-unique index is left out on both sides.
 */
const rowidImplied = (columns: string) => columns.replace(/, id$/, '');

function describeSqlite(): Record<string, Described> {
  const { sqlite, close } = openDatabase(':memory:');
  try {
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => {
      const cols = sqlite.prepare(`pragma table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      const indexes = (sqlite.prepare(`pragma index_list("${table}")`).all() as Array<{ name: string; unique: number; origin: string }>)
        .filter((i) => i.origin !== 'pk')
        .map((i) => {
          const columns = (sqlite.prepare(`pragma index_info("${i.name}")`).all() as Array<{ name: string }>).map((c) => c.name).join(', ');
          return [i.name, `${i.unique ? 'unique ' : ''}(${i.unique ? columns : rowidImplied(columns)})`];
        });
      return [table, {
        columns: Object.fromEntries(cols.map((c) => [c.name, `${c.type.toLowerCase()} ${c.notnull || c.pk ? 'not null' : 'null'}`])),
        primaryKey: cols.filter((c) => c.pk > 0).sort((x, y) => x.pk - y.pk).map((c) => c.name),
        indexes: Object.fromEntries(indexes),
      }];
    }));
  } finally {
    close();
  }
}

async function describePg(url: string): Promise<Record<string, Described>> {
  const { pool, close } = await openPg(url, { poolSize: 1 });
  try {
    const q = async <R>(text: string) => (await pool.query(text)).rows as R[];
    const cols = await q<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      'select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = current_schema() and table_name not like \'\\_\\_drizzle%\' order by ordinal_position');
    const indexes = await q<{ table: string; name: string; unique: boolean; primary: boolean; columns: string }>(`
      select t.relname as table, i.relname as name, x.indisunique as unique, x.indisprimary as primary,
             (select string_agg(a.attname, ', ' order by k.n) from unnest(x.indkey) with ordinality k(attnum, n)
                join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relnamespace = current_schema()::regnamespace`);
    const out: Record<string, Described> = {};
    for (const c of cols) {
      const table = (out[c.table_name] ??= { columns: {}, primaryKey: [], indexes: {} });
      table.columns[c.column_name] = `${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}`;
    }
    for (const i of indexes) {
      if (!out[i.table]) continue;
      if (i.primary) out[i.table]!.primaryKey = i.columns.split(', ');
      else out[i.table]!.indexes[i.name] = `${i.unique ? 'unique ' : ''}(${i.unique ? i.columns : rowidImplied(i.columns)})`;
    }
    return out;
  } finally {
    await close();
  }
}

t.test('migrations › SQLite and PostgreSQL describe the same tables, columns, keys and indexes', {
  skip: PG_TEST_URL ? false : 'needs PostgreSQL: set RATELINK_TEST_DATABASE_URL',
}, async (t) => {
  const schema = await createTestSchema();
  t.teardown(() => schema.drop());
  const lite = describeSqlite();
  const pg = await describePg(schema.url);
  t.same(Object.keys(pg).sort(), Object.keys(lite).sort(), 'the same tables');
  t.ok(Object.keys(lite).length >= 13, 'every table of the ledger');
  t.ok(Object.values(lite).reduce((n, d) => n + Object.keys(d.indexes).length, 0) >= 16, 'every index of the ledger is compared');
  for (const [table, l] of Object.entries(lite)) {
    const p = pg[table];
    if (!p) continue;
    t.same(Object.keys(p.columns).sort(), Object.keys(l.columns).sort(), `${table}: the same columns`);
    for (const [column, described] of Object.entries(l.columns)) {
      const [type, ...nullable] = described.split(' ');
      const [pgType, ...pgNullable] = (p.columns[column] ?? '').split(' ');
      t.ok(SAME_TYPE[type!]?.includes(pgType!), `${table}.${column}: ${type} holds what ${pgType} holds`);
      t.equal(pgNullable.join(' '), nullable.join(' '), `${table}.${column}: nullability`);
    }
    t.same(p.primaryKey, l.primaryKey, `${table}: primary key`);
    t.same(p.indexes, l.indexes, `${table}: indexes`);
  }
});
