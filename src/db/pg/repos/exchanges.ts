// Exchanges reported by the engine. A first report is INSERT … ON CONFLICT (external_id) DO
// NOTHING: a concurrent duplicate waits for the first insert's commit and then inserts
// nothing. Status changes are conditional UPDATEs (`WHERE status = :old`) in the same
// transaction as their ledger entry: the loser of a race re-checks the status the winner
// committed, changes no row and writes no entry.
import { and, desc, eq, gte, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { ExchangeEntries, ExchangeFilter, ExchangePatch, ExchangeRepo, ExchangeRow, ExchangeTransitionFrom, NewExchange } from '../../repos.js';
import { countAll, first, sumExact } from '../dialect.js';
import { entriesOf } from '../../exchange-entries.js';
import { postEntry } from '../ledger-entries.js';
import { HourDeltas, type ExchangeFigureInput } from '../../figures.js';
import { addToHours, addToTotals, writeTransaction } from '../figure-writes.js';
import { TotalsDeltas } from '../../totals.js';
import type { PgDb } from '../open.js';
import { countedClicksOf } from '../counted-clicks.js';
import { exchangeFilter } from '../../filters.js';
import { clicks, exchanges, partnerAddresses } from '../schema.js';

export function createExchangeRepo(db: PgDb): ExchangeRepo {
  return {
    async findByExternalId(externalId: string): Promise<ExchangeRow | null> {
      return first(await db.select().from(exchanges).where(eq(exchanges.externalId, externalId)));
    },
    async findById(id: number): Promise<ExchangeRow | null> {
      return first(await db.select().from(exchanges).where(eq(exchanges.id, id)));
    },
    async insert(values: NewExchange, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return writeTransaction(db, async (tx) => {
        const row = first(await tx.insert(exchanges).values(values).onConflictDoNothing({ target: exchanges.externalId }).returning());
        if (row) addToHours(tx, exchangeMove(null, row));
        if (row) addToTotals(tx, new TotalsDeltas().moveTurnover(null, row).list());
        if (row) for (const e of entriesOf(entry)) await postEntry(tx, { ...e, exchangeId: row.id, createdAt: values.updatedAt });
        return row;
      });
    },
    async transition(id: number, from: ExchangeTransitionFrom, patch: ExchangePatch, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return writeTransaction(db, async (tx) => {
        // FOR UPDATE: the figures leave the hour the exchange was in when this update applies.
        const old = first(await tx.select({
          partnerId: exchanges.partnerId, time: exchanges.time, status: exchanges.status, flag: exchanges.flag, rewardBase: exchanges.rewardBase,
        }).from(exchanges).where(eq(exchanges.id, id)).for('update'));
        const row = first(await tx.update(exchanges).set(patch).where(and(eq(exchanges.id, id), eq(exchanges.status, from.status), eq(exchanges.reward, from.reward))).returning());
        if (row && old) addToHours(tx, exchangeMove(old, row));
        if (row && old) addToTotals(tx, new TotalsDeltas().moveTurnover(old, row).list());
        if (row) for (const e of entriesOf(entry)) await postEntry(tx, { ...e, exchangeId: row.id, createdAt: patch.updatedAt });
        return row;
      });
    },
    async review(id: number, patch: { review: 'approved' | 'rejected'; reviewedBy: string | null; reviewedAt: number; reward: number }, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return writeTransaction(db, async (tx) => {
        const row = first(await tx.update(exchanges).set(patch)
          .where(and(eq(exchanges.id, id), isNull(exchanges.review), isNotNull(exchanges.flag), patch.review === 'approved' ? eq(exchanges.status, 'success') : undefined)).returning());
        if (row) for (const e of entriesOf(entry)) await postEntry(tx, { ...e, exchangeId: row.id, createdAt: patch.reviewedAt });
        return row;
      });
    },
    async list(filter: ExchangeFilter): Promise<ExchangeRow[]> {
      return db.select().from(exchanges).where(and(...exchangeFilter(exchanges, filter)))
        .orderBy(desc(exchanges.time), desc(exchanges.id)).limit(filter.limit).offset(filter.offset);
    },
    async successfulTurnover(partnerId: number, exceptId?: number): Promise<bigint> {
      const where = [eq(exchanges.partnerId, partnerId), eq(exchanges.status, 'success'), isNull(exchanges.flag)];
      if (exceptId !== undefined) where.push(ne(exchanges.id, exceptId));
      return (await db.select({ total: sumExact(exchanges.rewardBase) }).from(exchanges).where(and(...where)))[0]?.total ?? 0n;
    },
    async visitorIpsSharedWithPartner(userHash: string, partnerId: number, since: number): Promise<string[]> {
      const addresses = db.select({ ip: partnerAddresses.ip }).from(partnerAddresses)
        .where(and(eq(partnerAddresses.partnerId, partnerId), gte(partnerAddresses.lastSeen, since), ne(partnerAddresses.ip, '')));
      const rows = await db.selectDistinct({ ip: clicks.ip }).from(clicks)
        .where(and(eq(clicks.userHash, userHash), sql`${clicks.ip} in ${addresses}`)).limit(20);
      return rows.map((r) => r.ip);
    },
    async partnerActivity(partnerId: number): Promise<{ clicks: number; exchanges: number; successful: number }> {
      const [clickCount] = await db.select({ n: countAll() }).from(clicks)
        .where(countedClicksOf(partnerId));
      const [counts] = await db.select({
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
      }).from(exchanges).where(eq(exchanges.partnerId, partnerId));
      return { clicks: clickCount?.n ?? 0, exchanges: counts?.n ?? 0, successful: counts?.ok ?? 0 };
    },
  };
}

/** The hourly figures of an exchange that appears (old null) or changes. */
function exchangeMove(old: ExchangeFigureInput | null, next: ExchangeFigureInput) {
  const deltas = new HourDeltas();
  deltas.moveExchange(old, next);
  return deltas.list();
}
