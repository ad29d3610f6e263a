// The partner's summary (balance, earned, paid, pending, percent now, and the activity of all
// time and of a period) and its figures per local day: the REST API's /api/partner/summary/,
// its reports grouped by day, and the cabinet's dashboard read these and nothing else.
import type { Figures, Repos } from '../../db/repos.js';
import { subtractFigures } from '../../db/figures.js';
import { NotFoundError } from '../../errors.js';
import { decimal, formatDecimal, fromUnits } from '../../money/decimal.js';
import { rewardPercentFor } from '../ledger/rewards.js';
import { localDays } from './local-days.js';

export interface Period { from: number; to: number }
export interface PeriodFigures { clicks: number; exchanges: number; successful: number; earned: string; conversion: string }
export interface PartnerSummary {
  balance: string; earned: string; paid: string; pending_payouts: string; reward_percent: string;
  all_time: PeriodFigures; period: PeriodFigures & Period;
}
export interface DayFigures extends PeriodFigures { day: string }

const money = (units: number | bigint) => formatDecimal(fromUnits(units));

/** successful / clicks × 100, two decimals; "0.00" without clicks. */
export function conversionOf(successful: number, clicks: number): string {
  if (clicks === 0) return '0.00';
  return decimal(successful).times(100).div(clicks).round(2).toFixed(2);
}

export function periodFigures(f: Figures): PeriodFigures {
  return { clicks: f.clicks, exchanges: f.exchanges, successful: f.successful, earned: money(f.earned), conversion: conversionOf(f.successful, f.clicks) };
}

/**
 * All time is everything up to `now`; `period` is inclusive. The running totals row holds
 * everything ever written, so all time is that row less whatever is dated after `now` (as a
 * rule nothing: a few hour rows at most), instead of a sum over the partner's whole history.
 */
export async function partnerSummary(repos: Repos, partnerId: number, period: Period, now: number): Promise<PartnerSummary> {
  const [partner, standing, later, inPeriod] = await Promise.all([
    repos.partners.findById(partnerId),
    repos.partnerFigures.standing(partnerId),
    repos.partnerFigures.totals(partnerId, now + 1, Number.MAX_SAFE_INTEGER),
    repos.partnerFigures.totals(partnerId, period.from, period.to),
  ]);
  if (!partner) throw new NotFoundError('Partner');
  const allTime = subtractFigures(standing, later);
  return {
    balance: money(partner.balance),
    earned: money(allTime.earned),
    paid: money(standing.paid),
    pending_payouts: money(standing.pending),
    reward_percent: formatDecimal(rewardPercentFor(partner, standing.turnover)),
    all_time: periodFigures(allTime),
    period: { ...periodFigures(inPeriod), from: period.from, to: period.to },
  };
}

/** Every local day of the period in `timeZone`, zeros included, oldest first. */
export async function dailyFigures(repos: Repos, partnerId: number, period: Period, timeZone: string): Promise<DayFigures[]> {
  const hours = await repos.partnerFigures.hourly(partnerId, period.from, period.to);
  const days = localDays(period.from, period.to, timeZone);
  const result: DayFigures[] = [];
  let h = 0;
  for (const day of days) {
    const sum: Figures = { clicks: 0, exchanges: 0, successful: 0, earned: 0n };
    // An hour cut by the period's start counts from the start.
    while (h < hours.length && Math.max(hours[h]!.hour, period.from) <= day.to) {
      const hour = hours[h++]!;
      sum.clicks += hour.clicks;
      sum.exchanges += hour.exchanges;
      sum.successful += hour.successful;
      sum.earned += hour.earned;
    }
    result.push({ day: day.day, ...periodFigures(sum) });
  }
  return result;
}
