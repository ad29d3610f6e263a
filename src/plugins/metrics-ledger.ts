// The ledger's totals as gauges (docs/metrics.md): exchanges by status, ledger entries by kind
// (rewards accrued and reversed), payouts by status; each a count and an exact sum. Read from
// the database, so every instance reports the same whole-ledger figure (use max(), not sum(),
// across instances); one read serves every gauge of a scrape and is reused for 15 s, so a
// busy scraper costs at most one GROUP BY per table every 15 s. With the database out of reach
// the gauges are left out of the scrape (no figure rather than a wrong one), and the rest of it
// (the process figures an operator needs most then) is still served.
import type { FastifyBaseLogger } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { LabelTotals, Repos } from '../db/repos.js';
import { formatDecimal, fromUnits } from '../money/decimal.js';

const FRESH_MS = 15_000;
const PAYOUT_STATUS: Record<string, string> = { 0: 'pending', 1: 'paid', 2: 'canceled', 3: 'canceled_by_partner' };

interface Snapshot { exchanges: LabelTotals[]; ledger: LabelTotals[]; payouts: LabelTotals[] }

/** A ledger sum as the number Prometheus carries; its text is the exact decimal for sums below 2^53 units. */
const amount = (units: bigint) => Number(formatDecimal(fromUnits(units)));

export function registerLedgerTotals(registry: Registry, repos: Repos, log: FastifyBaseLogger): void {
  let cached: { at: number; snapshot: Promise<Snapshot | null> } | null = null;
  // One read (and at most one log line) per scrape: the six gauges share it; a failure is not kept.
  const read = (): Promise<Snapshot | null> => {
    if (cached && performance.now() - cached.at < FRESH_MS) return cached.snapshot;
    const snapshot = Promise.all([repos.metricTotals.exchangesByStatus(), repos.metricTotals.ledgerByKind(), repos.metricTotals.payoutsByStatus()])
      .then(([exchanges, ledger, payouts]) => ({ exchanges, ledger, payouts }), (err: unknown) => {
        cached = null;
        log.warn({ err }, 'metrics: the ledger totals could not be read; left out of this scrape');
        return null;
      });
    cached = { at: performance.now(), snapshot };
    return snapshot;
  };
  const pair = (name: string, what: string, label: string, pick: (s: Snapshot) => LabelTotals[], rename: (l: string) => string = (l) => l) => {
    const rows = (snapshot: Snapshot | null) => (snapshot ? pick(snapshot) : []);
    new Gauge({
      name: `${name}`, help: `${what}: rows by ${label} (whole ledger)`, labelNames: [label], registers: [registry],
      async collect() { this.reset(); for (const row of rows(await read())) this.set({ [label]: rename(row.label) }, row.count); },
    });
    new Gauge({
      name: `${name}_amount`, help: `${what}: summed amount by ${label}, in the reward currency (whole ledger)`, labelNames: [label], registers: [registry],
      async collect() { this.reset(); for (const row of rows(await read())) this.set({ [label]: rename(row.label) }, amount(row.units)); },
    });
  };
  pair('ratelink_exchanges', 'Exchanges (amount: their partner rewards)', 'status', (s) => s.exchanges);
  pair('ratelink_ledger_entries', 'Ledger entries: reward (accrued), reversal (taken back by a refund), reward_tier2, payout, payout_release, adjustment', 'kind', (s) => s.ledger);
  pair('ratelink_payouts', 'Payouts', 'status', (s) => s.payouts, (l) => PAYOUT_STATUS[l] ?? l);
}
