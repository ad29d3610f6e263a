// `ratelink db copy`: moves a SQLite ledger into an empty PostgreSQL database, every row with
// its id, in one transaction (all or nothing), advances the id sequences past the copied ids
// and checks the result before committing: row counts of every table, and the ledger sums
// (every balance equals the sum of its partner's entries, and the totals agree) on both sides.
// A copy that does not add up is rolled back, so the target stays empty for the next attempt.
import { getTableColumns, getTableName, gt, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase } from '../sqlite/open.js';
import * as lite from '../sqlite/schema.js';
import { openPg } from './open.js';
import { isUnavailable } from './unavailable.js';
import * as pgs from './schema.js';

// Parents before children (foreign keys).
// Every table of the schema (test/cli/commands/db.test.ts compares them).
const TABLES = ['partners', 'partnerAccounts', 'partnerSessions', 'partnerTokens', 'apiKeys', 'partnerAddresses', 'referralLinks', 'payoutMethods', 'clicks', 'clickWindows', 'directions', 'currencies',
  'feeds', 'settings', 'exchanges', 'payouts', 'ledgerEntries', 'partnerHours', 'partnerDays', 'partnerTotals', 'refreshTokens', 'eventEndpoints', 'events', 'deliveries'] as const;
const CHUNK = 1000;

export interface CopyReport {
  tables: Record<string, number>;
  balances: string;
  entries: string;
}

export class CopyCheckError extends Error {}

export async function copySqliteToPg(sqlitePath: string, url: string): Promise<CopyReport> {
  const source = openSource(sqlitePath);
  const target = await openPg(url, { poolSize: 2 });
  try {
    for (const name of TABLES) {
      const [{ n }] = (await target.pool.query(`select count(*)::int as n from "${getTableName(pgs[name])}"`)).rows;
      if (n > 0) throw new CopyCheckError(`the target is not empty (${getTableName(pgs[name])} has ${n} rows); db copy fills a new database only`);
    }
    let current = 'the check';
    return await target.db.transaction(async (tx) => {
      for (const name of TABLES) {
        current = getTableName(pgs[name]);
        const from = lite[name] as SQLiteTable;
        for (let last = 0, rows = readAfter(source, from, last); rows.length > 0; rows = readAfter(source, from, last)) {
          await tx.insert(pgs[name]).values(rows.map((r) => r.row) as never);
          last = rows.at(-1)!.rowid;
        }
        // Only generated ids have a sequence to move on (a session's id is its token's hash).
        const id = (getTableColumns(pgs[name]) as Record<string, { generatedIdentity?: unknown }>).id;
        if (id?.generatedIdentity) {
          const table = getTableName(pgs[name]);
          // AUTOINCREMENT never issues an id again, even the highest one deleted: neither must the sequence.
          const issued = lastIssuedId(source, table);
          await tx.execute(sql.raw(`select setval(pg_get_serial_sequence('"${table}"', 'id'), greatest(coalesce(max(id), 0), ${issued}) + 1, false) from "${table}"`));
        }
      }
      current = 'the check';
      return check(source, async (text) => (await tx.execute(sql.raw(text))).rows);
    }).catch((error: unknown) => { throw failed(error, current); });
  } finally {
    source.close();
    await target.close();
  }
}

/**
 * What went wrong, in one line without the statement: drizzle's message is the whole INSERT with
 * its parameters, a thousand rows of partners' data (emails, IPs, key hashes) on the terminal.
 */
function failed(error: unknown, table: string): Error {
  if (error instanceof CopyCheckError) return error;
  const reason = isUnavailable(error) ? `the connection to PostgreSQL was lost (${rootMessage(error)})` : rootMessage(error);
  if ((error as { query?: string }).query === 'commit') {
    return new Error(`the copy failed while committing: ${reason}; it may or may not be committed: run db copy again, which says "not empty" if it was`);
  }
  return new Error(`the copy failed at ${table}: ${reason}; nothing was committed, the target is still empty`);
}

function rootMessage(error: unknown): string {
  let deepest = error;
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause;
  return deepest instanceof Error ? deepest.message : String(deepest);
}

/** The highest id SQLite's AUTOINCREMENT has issued for `table` (0 when none). */
function lastIssuedId(source: ReturnType<typeof openDatabase>, table: string): number {
  const seq = source.sqlite.prepare('select seq from sqlite_sequence where name = ?').pluck().get(table) as number | undefined;
  return Number.isSafeInteger(seq) ? seq! : 0;
}

/** The SQLite ledger to copy; a file that is not one is named, as the server names it. */
function openSource(sqlitePath: string): ReturnType<typeof openDatabase> {
  try {
    return openDatabase(sqlitePath);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new CopyCheckError(`${sqlitePath} is not a SQLite database`);
    throw error;
  }
}

function readAfter(source: ReturnType<typeof openDatabase>, table: SQLiteTable, after: number) {
  return source.db.select({ rowid: sql<number>`rowid`, row: table }).from(table)
    .where(gt(sql`rowid`, after)).orderBy(sql`rowid`).limit(CHUNK).all() as Array<{ rowid: number; row: Record<string, unknown> }>;
}

type Query = (text: string) => Promise<Array<Record<string, unknown>>>;

async function check(source: ReturnType<typeof openDatabase>, query: Query): Promise<CopyReport> {
  const tables: Record<string, number> = {};
  for (const name of TABLES) {
    const table = getTableName(pgs[name]);
    const here = source.sqlite.prepare(`select count(*) from "${table}"`).pluck().get() as number;
    const there = Number((await query(`select count(*) as n from "${table}"`))[0].n);
    if (here !== there) throw new CopyCheckError(`${table}: ${here} rows in SQLite, ${there} in PostgreSQL`);
    tables[table] = there;
  }
  const liteSums = source.sqlite.prepare(`select cast(coalesce(sum(balance), 0) as text) as balances,
    (select cast(coalesce(sum(amount), 0) as text) from ledger_entries) as entries from partners`).get() as { balances: string; entries: string };
  const pgSums = (await query(`select coalesce(sum(balance), 0)::text as balances,
    (select coalesce(sum(amount), 0)::text from ledger_entries) as entries from partners`))[0] as { balances: string; entries: string };
  if (liteSums.balances !== pgSums.balances || liteSums.entries !== pgSums.entries) {
    throw new CopyCheckError(`ledger sums differ: SQLite ${liteSums.balances}/${liteSums.entries}, PostgreSQL ${pgSums.balances}/${pgSums.entries}`);
  }
  const drift = 'select count(*) as n from partners p where p.balance <> (select coalesce(sum(amount), 0) from ledger_entries e where e.partner_id = p.id)';
  const off = Number((await query(drift))[0].n);
  if (off > 0) throw new CopyCheckError(`${off} partners' balances differ from the sum of their entries in PostgreSQL`);
  return { tables, balances: pgSums.balances, entries: pgSums.entries };
}
