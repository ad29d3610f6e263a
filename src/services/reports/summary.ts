// The partner's summary (balance, earned, paid, pending, percent now, and the activity of all
// time and of a period) and its figures per local day: the REST API's /api/partner/summary/,
// its reports grouped by day, and the cabinet's dashboard read these and nothing else.
import type { Figures, Repos } from '../../db/repos.js';
import { PAYOUT_PAID, PAYOUT_PENDING } from '../../db/repos.js';
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

/** All time is everything up to `now`; `period` is inclusive. */
export async function partnerSummary(repos: Repos, partnerId: number, period: Period, now: number): Promise<PartnerSummary> {
  const partner = await repos.partners.findById(partnerId);
  if (!partner) throw new NotFoundError('Partner');
  const [allTime, inPeriod, paid, pending, turnover] = await Promise.all([
    repos.partnerFigures.totals(partnerId, Number.MIN_SAFE_INTEGER, now),
    repos.partnerFigures.totals(partnerId, period.from, period.to),
    repos.payouts.sumByPartner(partnerId, [PAYOUT_PAID]),
    repos.payouts.sumByPartner(partnerId, [PAYOUT_PENDING]),
    repos.exchanges.successfulTurnover(partnerId),
  ]);
  return {
    balance: money(partner.balance),
    earned: money(allTime.earned),
    paid: money(paid),
    pending_payouts: money(pending),
    reward_percent: formatDecimal(rewardPercentFor(partner, turnover)),
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
