// Engine-neutral helpers of partner_totals (src/db/{sqlite,pg}/partner-totals.ts): each
// partner's running totals, changed by the same writes and in the same transactions as the
// rows they sum, so the summary reads one row instead of a partner's whole history.
import type { HourDelta } from './figures.js';

/** An addition to one partner's totals row. */
export interface TotalsDelta {
  partnerId: number;
  clicks: number;
  exchanges: number;
  successful: number;
  earned: bigint;
  /** reward_base of successful, unflagged exchanges: what the reward levels count. */
  turnover: bigint;
  paid: bigint;
  pending: bigint;
}

export type TotalsChange = Partial<Omit<TotalsDelta, 'partnerId'>>;

/** What an exchange adds to its partner's turnover (the rule of ExchangeRepo.successfulTurnover). */
export interface TurnoverInput {
  partnerId: number | null;
  status: string;
  flag: string | null;
  rewardBase: number;
}

const turnoverOf = (e: TurnoverInput): bigint => (e.status === 'success' && e.flag === null ? BigInt(e.rewardBase) : 0n);

const empty = (partnerId: number): TotalsDelta =>
  ({ partnerId, clicks: 0, exchanges: 0, successful: 0, earned: 0n, turnover: 0n, paid: 0n, pending: 0n });

/** Additions gathered over one write, one per partner. */
export class TotalsDeltas {
  private readonly byPartner = new Map<number, TotalsDelta>();

  add(partnerId: number | null | undefined, change: TotalsChange): void {
    if (partnerId == null) return;
    let d = this.byPartner.get(partnerId);
    if (!d) this.byPartner.set(partnerId, d = empty(partnerId));
    d.clicks += change.clicks ?? 0;
    d.exchanges += change.exchanges ?? 0;
    d.successful += change.successful ?? 0;
    d.earned += change.earned ?? 0n;
    d.turnover += change.turnover ?? 0n;
    d.paid += change.paid ?? 0n;
    d.pending += change.pending ?? 0n;
  }

  /** The all-time share of hourly additions: every partner_hours row is also in its partner's total. */
  addHours(hours: HourDelta[]): this {
    for (const h of hours) this.add(h.partnerId, h);
    return this;
  }

  /** An exchange leaves its old turnover (if any) and takes its new one. */
  moveTurnover(old: TurnoverInput | null, next: TurnoverInput | null): this {
    if (old) this.add(old.partnerId, { turnover: -turnoverOf(old) });
    if (next) this.add(next.partnerId, { turnover: turnoverOf(next) });
    return this;
  }

  /** The non-zero additions by partner id (writers lock rows in one order: no deadlocks). */
  list(): TotalsDelta[] {
    return [...this.byPartner.values()]
      .filter((d) => d.clicks !== 0 || d.exchanges !== 0 || d.successful !== 0 || d.earned !== 0n || d.turnover !== 0n || d.paid !== 0n || d.pending !== 0n)
      .sort((a, b) => a.partnerId - b.partnerId);
  }
}

/** The pending and paid sums as a payout is reserved (pending), paid, or canceled. */
export function payoutMove(partnerId: number, amount: bigint, to: 'pending' | 'paid' | 'canceled'): TotalsDelta[] {
  const change = to === 'pending' ? { pending: amount } : to === 'paid' ? { pending: -amount, paid: amount } : { pending: -amount };
  const deltas = new TotalsDeltas();
  deltas.add(partnerId, change);
  return deltas.list();
}
