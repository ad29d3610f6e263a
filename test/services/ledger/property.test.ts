// After any sequence of events, each partner's balance equals the sum of its ledger entries
// and what an independent model (BigInt arithmetic, no ratelink code) computes.
import t from 'tap';
import fc from 'fast-check';
import { openDatabase } from '../../../src/db/sqlite/open.js';
import type { Repos } from '../../../src/db/repos.js';
import { createRepos } from '../../../src/db/sqlite/repos/index.js';
import { decimal } from '../../../src/money/decimal.js';
import { reportExchange } from '../../../src/services/ledger/exchanges.js';
import { adjustBalance } from '../../../src/services/ledger/entries.js';
import { cancelPayout, payPayout, requestPayout } from '../../../src/services/ledger/payouts.js';
import { createPartner } from '../../../src/services/partners/partners.js';
import { isHttpError } from '../../../src/errors.js';

const CENT = 1_000_000n; // ledger units per cent
const config = { attribution: 'first' as const, cookieDays: 30, rewardCurrency: 'USD', visitors: { readReported: () => null } };
type Status = 'pending' | 'success' | 'canceled' | 'refunded';

// Three partners: a flat percent, turnover levels, and a flat percent with no minimum payout.
const PARTNERS = [
  { percent: 1000n, levels: [] as Array<[bigint, bigint]>, min: 100n * CENT, input: { reward_percent: '10', min_payout: '1' } },
  { percent: 150n, levels: [[0n, 150n], [10n * 100n * CENT, 325n]] as Array<[bigint, bigint]>, min: 0n, input: { reward_percent: '1.5', min_payout: '0', reward_levels: [{ turnover: '0', percent: '1.5' }, { turnover: '10', percent: '3.25' }] } },
  { percent: 33n, levels: [], min: 0n, input: { reward_percent: '0.33', min_payout: '0' } },
];
// Which partner's code each of the 9 exchanges carries (the levels partner gets the most); the last is unattributed.
const OWNER = [0, 1, 1, 1, 1, 2, 0, 2, null];
// Paths the property must reach, or it proves little: higher levels, reserved and refunded money.
let levelHits = 0;
let payoutsReserved = 0;
let reversals = 0;
const NEXT: Record<Status, Status[]> = { pending: ['success', 'canceled'], success: ['refunded'], canceled: [], refunded: [] };

const event = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('report' as const), ex: fc.integer({ min: 0, max: 8 }), status: fc.constantFrom<Status>('pending', 'success', 'success', 'canceled', 'refunded'), selfEmail: fc.integer({ min: 0, max: 7 }).map((n) => n === 0) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('adjust' as const), partner: fc.integer({ min: 0, max: 2 }), cents: fc.integer({ min: -5000, max: 20000 }).filter((c) => c !== 0) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('request' as const), partner: fc.integer({ min: 0, max: 2 }), cents: fc.option(fc.integer({ min: -10, max: 30000 })) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pay' as const), payout: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cancel' as const), payout: fc.nat(), byPartner: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('block' as const), partner: fc.integer({ min: 0, max: 2 }), blocked: fc.boolean() }) },
);
type Event = typeof event extends fc.Arbitrary<infer E> ? E : never;

interface ModelExchange { partner: number | null; base: bigint; status: Status; reward: bigint; flag: string | null }

class Model {
  balance = [0n, 0n, 0n];
  blocked = [false, false, false];
  exchanges = new Map<number, ModelExchange>();
  payouts: Array<{ partner: number; amount: bigint; status: 'pending' | 'paid' | 'canceled' }> = [];

  turnover(partner: number) {
    let sum = 0n;
    for (const e of this.exchanges.values()) if (e.partner === partner && e.status === 'success' && e.flag === null) sum += e.base;
    return sum;
  }

  reward(partner: number, base: bigint) {
    const p = PARTNERS[partner];
    const turnover = this.turnover(partner);
    let percent = p.percent;
    let best = -1n;
    for (const [threshold, pct] of p.levels) if (threshold <= turnover && threshold > best) { best = threshold; percent = pct; }
    if (best > 0n) levelHits++;
    return base * percent / 10_000n / CENT * CENT; // percent in hundredths; down to the cent
  }

  flagAt(partner: number, selfEmail: boolean, current: string | null) {
    if (current === 'self_referral' || selfEmail) return 'self_referral';
    return this.blocked[partner] ? 'partner_blocked' : null;
  }

  /** Applies a report; returns false when ratelink must refuse it. */
  report(ex: number, base: bigint, status: Status, selfEmail: boolean): boolean {
    const partner = OWNER[ex];
    const known = this.exchanges.get(ex);
    if (!known) {
      if (status === 'refunded') return false;
      const e: ModelExchange = { partner, base, status, reward: 0n, flag: partner === null ? null : this.flagAt(partner, selfEmail, null) };
      if (status === 'success' && partner !== null) this.settle(e, partner);
      this.exchanges.set(ex, e);
      return true;
    }
    if (known.status === status) return true;
    if (!NEXT[known.status].includes(status)) return false;
    if (status === 'success' && known.partner !== null) {
      known.flag = this.flagAt(known.partner, selfEmail, known.flag);
      this.settle(known, known.partner);
    }
    if (status === 'refunded' && known.partner !== null && known.reward > 0n) {
      this.balance[known.partner] -= known.reward;
      reversals++;
    }
    known.status = status;
    return true;
  }

  settle(e: ModelExchange, partner: number) {
    e.reward = e.flag === null ? this.reward(partner, e.base) : 0n;
    this.balance[partner] += e.reward;
  }

  request(partner: number, cents: number | null): boolean {
    const p = PARTNERS[partner];
    if (this.blocked[partner]) return false;
    const amount = cents === null ? this.balance[partner] : BigInt(cents) * CENT;
    if (amount <= 0n || amount < p.min || amount > this.balance[partner]) return false;
    this.balance[partner] -= amount;
    payoutsReserved++;
    this.payouts.push({ partner, amount, status: 'pending' });
    return true;
  }

  pay(i: number): boolean {
    const p = this.payouts[i];
    if (p.status === 'canceled') return false;
    p.status = 'paid';
    return true;
  }

  cancel(i: number): boolean {
    const p = this.payouts[i];
    if (p.status === 'paid') return false;
    if (p.status === 'pending') this.balance[p.partner] += p.amount;
    p.status = 'canceled';
    return true;
  }
}

async function succeeded(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (isHttpError(error) && error.statusCode < 500) return false;
    throw error;
  }
}

async function apply(repos: Repos, model: Model, ids: { partners: number[]; payouts: number[] }, bases: bigint[], e: Event, now: number) {
  switch (e.type) {
    case 'report': {
      const partner = OWNER[e.ex];
      const body = {
        external_id: `ex-${e.ex}`, cur_give: 'BTC', cur_get: 'PMUSD', amount_give: '0.1', amount_get: '9000', course_give: '1', course_get: '90000',
        status: e.status, reward_base_amount: decimal(bases[e.ex].toString()).div(100_000_000).toFixed(),
        ...(partner === null ? {} : { ref_code: `CODE${partner}` }),
        ...(e.selfEmail && partner !== null ? { customer_email: `P${partner}@partner.example` } : {}),
      };
      return [await succeeded(() => reportExchange(repos, config, body, now)), model.report(e.ex, bases[e.ex], e.status, e.selfEmail && partner !== null)];
    }
    case 'adjust':
      model.balance[e.partner] += BigInt(e.cents) * CENT;
      return [await succeeded(() => adjustBalance(repos, ids.partners[e.partner], { amount: (e.cents / 100).toFixed(2), reason: 'fix' }, now)), true];
    case 'request': {
      const amount = e.cents === null ? undefined : decimal(e.cents).div(100);
      const real = await succeeded(async () => ids.payouts.push((await requestPayout(repos, { partnerId: ids.partners[e.partner], methodId: 1, account: 'acct', amount }, now)).id));
      return [real, model.request(e.partner, e.cents)];
    }
    case 'pay':
    case 'cancel': {
      if (ids.payouts.length === 0) return [true, true];
      const i = e.payout % ids.payouts.length;
      if (e.type === 'pay') return [await succeeded(() => payPayout(repos, ids.payouts[i], now)), model.pay(i)];
      return [await succeeded(() => cancelPayout(repos, ids.payouts[i], e.byPartner ? 'partner' : 'operator', now)), model.cancel(i)];
    }
    case 'block':
      model.blocked[e.partner] = e.blocked;
      await repos.partners.update(ids.partners[e.partner], { status: e.blocked ? 'blocked' : 'active' });
      return [true, true];
  }
}

t.test('ledger › balance = sum of entries = independent model, after any event sequence (property)', async (t) => {
  let runs = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.integer({ min: 0, max: 40_000 }).map((cents) => BigInt(cents) * CENT), { minLength: 9, maxLength: 9 }),
    fc.array(event, { minLength: 1, maxLength: 40, size: 'max' }),
    async (bases, events) => {
      const database = openDatabase(':memory:');
      try {
        const repos = createRepos(database.db);
        const ids = { partners: [] as number[], payouts: [] as number[] };
        for (const [i, p] of PARTNERS.entries()) {
          const row = await createPartner(repos, { name: `P${i}`, email: `p${i}@partner.example`, ...p.input });
          await repos.links.insert({ code: `CODE${i}`, partnerId: row.id });
          ids.partners.push(row.id);
        }
        await repos.payoutMethods.insert({ title: 'PM', currency: 'PMUSD', commission: '0' });
        const model = new Model();
        for (const [step, e] of events.entries()) {
          const [real, expected] = await apply(repos, model, ids, bases, e, 1_700_000_000 + step);
          if (real !== expected) throw new Error(`step ${step} ${JSON.stringify(e)}: ratelink ${real ? 'accepted' : 'refused'} it`);
          for (const [i, id] of ids.partners.entries()) {
            const stored = BigInt((await repos.partners.findById(id))!.balance);
            const entries = BigInt(await repos.ledger.sumByPartner(id));
            if (stored !== entries || stored !== model.balance[i]) {
              throw new Error(`step ${step} partner ${i}: balance ${stored}, entries ${entries}, model ${model.balance[i]}`);
            }
          }
        }
        for (const [ex, m] of model.exchanges) {
          const row = await repos.exchanges.findByExternalId(`ex-${ex}`);
          if (!row || row.status !== m.status || BigInt(row.reward) !== m.reward || row.flag !== m.flag) {
            throw new Error(`exchange ${ex}: stored ${JSON.stringify(row)}, model ${JSON.stringify({ ...m, base: String(m.base), reward: String(m.reward) })}`);
          }
        }
        runs++;
      } finally {
        database.close();
      }
    },
  ), { numRuns: 150 });
  t.equal(runs, 150);
  t.ok(levelHits > 0, `a higher turnover level was reached ${levelHits} times`);
  t.ok(payoutsReserved > 0, `${payoutsReserved} payouts were reserved`);
  t.ok(reversals > 0, `${reversals} rewards were reversed`);
});
