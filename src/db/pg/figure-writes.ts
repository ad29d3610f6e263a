// The pre-aggregates (partner_hours, partner_days, partner_totals) on PostgreSQL, kept in the same
// transaction as the writes they sum. A write queues its additions and they are applied as the
// transaction's last statements: hours in (partner, hour) order, then totals in partner order.
// Every writer thus takes these row locks last and in one global order, after whatever else it
// locks (a partner's balance, a payout): a transaction holding one of them only ever waits for
// a later one, so they cannot close a deadlock cycle. (Written in place, an exchange's reward
// took hour → balance → hour while an adjustment took balance → hour: PostgreSQL found deadlocks.)
import { HourDeltas, type HourDelta } from '../figures.js';
import { TotalsDeltas, type TotalsDelta } from '../totals.js';
import type { PgDb } from './open.js';
import { writeHours } from './partner-hours.js';
import { writeTotals } from './partner-totals.js';

interface Queue { hours: HourDeltas; totals: TotalsDeltas }
const queues = new WeakMap<object, Queue>();

function queueOf(tx: PgDb): Queue {
  const queue = queues.get(tx);
  // A write outside writeTransaction would be lost and the figures would drift: refuse loudly.
  if (!queue) throw new Error('partner figures changed outside writeTransaction()');
  return queue;
}

/** Queues additions to hours and, through them, to their partners' all-time totals. */
export function addToHours(tx: PgDb, deltas: HourDelta[]): void {
  const queue = queueOf(tx);
  for (const { partnerId, hour, ...change } of deltas) queue.hours.add(partnerId, hour, change);
  queue.totals.addHours(deltas);
}

/** Queues additions to the partners' totals (turnover, payout sums). */
export function addToTotals(tx: PgDb, deltas: TotalsDelta[]): void {
  const queue = queueOf(tx);
  for (const { partnerId, ...change } of deltas) queue.totals.add(partnerId, change);
}

/** db.transaction whose queued figures are written at its end. */
export function writeTransaction<T>(db: PgDb, work: (tx: PgDb) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const queue: Queue = { hours: new HourDeltas(), totals: new TotalsDeltas() };
    queues.set(tx, queue);
    const result = await work(tx);
    await writeHours(tx, queue.hours.list());
    await writeTotals(tx, queue.totals.list());
    return result;
  });
}
