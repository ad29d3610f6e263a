// Exchanges reported by the engine. Status changes are conditional UPDATEs (`WHERE status =
// :old`) in the same transaction as their ledger entry, so concurrent duplicate reports can
// never write two entries: the loser's UPDATE changes no row.
import { and, desc, eq, gte, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { ExchangeEntries, ExchangeFilter, ExchangePatch, ExchangeRepo, ExchangeRow, ExchangeTransitionFrom, NewExchange } from '../../repos.js';
import { countAll, sumExact } from '../dialect.js';
import { countedClicksOf } from '../counted-clicks.js';
import { entriesOf } from '../../exchange-entries.js';
import { postEntry } from '../ledger-entries.js';
import { HourDeltas, type ExchangeFigureInput } from '../../figures.js';
import { addToHours } from '../partner-hours.js';
import { addToTotals } from '../partner-totals.js';
import { TotalsDeltas } from '../../totals.js';
import type { Db } from '../open.js';
import { exchangeFilter } from '../../filters.js';
import { clicks, exchanges, partnerAddresses } from '../schema.js';

export function createExchangeRepo(db: Db): ExchangeRepo {
  return {
    async findByExternalId(externalId: string): Promise<ExchangeRow | null> {
      return db.select().from(exchanges).where(eq(exchanges.externalId, externalId)).get() ?? null;
    },
    async findById(id: number): Promise<ExchangeRow | null> {
      return db.select().from(exchanges).where(eq(exchanges.id, id)).get() ?? null;
    },
    /** Inserts a first report (with its reward entry, if any); null when external_id exists. */
    async insert(values: NewExchange, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return db.transaction((tx) => {
        const row = tx.insert(exchanges).values(values).onConflictDoNothing({ target: exchanges.externalId }).returning().get();
        if (row) addToHours(tx, exchangeMove(null, row));
        if (row) addToTotals(tx, new TotalsDeltas().moveTurnover(null, row).list());
        if (row) for (const e of entriesOf(entry)) postEntry(tx, { ...e, exchangeId: row.id, createdAt: values.updatedAt });
        return row ?? null;
      }, { behavior: 'immediate' });
    },
    /** Moves `from` → patch.status; null when the exchange is no longer in `from` (lost a race). */
    async transition(id: number, from: ExchangeTransitionFrom, patch: ExchangePatch, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return db.transaction((tx) => {
        const old = tx.select({
          partnerId: exchanges.partnerId, time: exchanges.time, status: exchanges.status, flag: exchanges.flag, rewardBase: exchanges.rewardBase,
        }).from(exchanges).where(eq(exchanges.id, id)).get();
        const row = tx.update(exchanges).set(patch).where(and(eq(exchanges.id, id), eq(exchanges.status, from.status), eq(exchanges.reward, from.reward))).returning().get();
        if (row && old) addToHours(tx, exchangeMove(old, row));
        if (row && old) addToTotals(tx, new TotalsDeltas().moveTurnover(old, row).list());
        if (row) for (const e of entriesOf(entry)) postEntry(tx, { ...e, exchangeId: row.id, createdAt: patch.updatedAt });
        return row ?? null;
      }, { behavior: 'immediate' });
    },
    /**
     * Records the operator's decision on a flagged exchange, with the credit an approval
     * releases; null when it was reviewed meanwhile (one decision per exchange).
     */
    async review(id: number, patch: { review: 'approved' | 'rejected'; reviewedBy: string | null; reviewedAt: number; reward: number }, entry: ExchangeEntries): Promise<ExchangeRow | null> {
      return db.transaction((tx) => {
        const row = tx.update(exchanges).set(patch)
          .where(and(eq(exchanges.id, id), isNull(exchanges.review), isNotNull(exchanges.flag), patch.review === 'approved' ? eq(exchanges.status, 'success') : undefined)).returning().get();
        if (row) for (const e of entriesOf(entry)) postEntry(tx, { ...e, exchangeId: row.id, createdAt: patch.reviewedAt });
        return row ?? null;
      }, { behavior: 'immediate' });
    },
    async list(filter: ExchangeFilter): Promise<ExchangeRow[]> {
      return db.select().from(exchanges).where(and(...exchangeFilter(exchanges, filter)))
        .orderBy(desc(exchanges.time), desc(exchanges.id)).limit(filter.limit).offset(filter.offset).all();
    },
    /** Sum of reward_base of the partner's rewarded-eligible successful exchanges (turnover levels). */
    async successfulTurnover(partnerId: number, exceptId?: number): Promise<bigint> {
      const where = [eq(exchanges.partnerId, partnerId), eq(exchanges.status, 'success'), isNull(exchanges.flag)];
      if (exceptId !== undefined) where.push(ne(exchanges.id, exceptId));
      return db.select({ total: sumExact(exchanges.rewardBase) }).from(exchanges)
        .where(and(...where)).get()?.total ?? 0n;
    },
    /** Addresses a click of this visitor came from that the partner used at or after `since`. */
    async visitorIpsSharedWithPartner(userHash: string, partnerId: number, since: number): Promise<string[]> {
      const addresses = db.select({ ip: partnerAddresses.ip }).from(partnerAddresses)
        .where(and(eq(partnerAddresses.partnerId, partnerId), gte(partnerAddresses.lastSeen, since), ne(partnerAddresses.ip, '')));
      return db.selectDistinct({ ip: clicks.ip }).from(clicks)
        .where(and(eq(clicks.userHash, userHash), sql`${clicks.ip} in ${addresses}`)).limit(20).all().map((r) => r.ip);
    },
    /** Counted clicks (no bots, no repeats) and attributed exchanges of a partner. */
    async partnerActivity(partnerId: number): Promise<{ clicks: number; exchanges: number; successful: number }> {
      const clickCount = db.select({ n: countAll() }).from(clicks)
        .where(countedClicksOf(partnerId)).get()?.n ?? 0;
      const counts = db.select({
        n: countAll(),
        ok: sql<number>`coalesce(sum(case when ${exchanges.status} = 'success' then 1 else 0 end), 0)`.mapWith(Number),
      }).from(exchanges).where(eq(exchanges.partnerId, partnerId)).get();
      return { clicks: clickCount, exchanges: counts?.n ?? 0, successful: counts?.ok ?? 0 };
    },
  };
}

/** The hourly figures of an exchange that appears (old null) or changes. */
function exchangeMove(old: ExchangeFigureInput | null, next: ExchangeFigureInput) {
  const deltas = new HourDeltas();
  deltas.moveExchange(old, next);
  return deltas.list();
}
