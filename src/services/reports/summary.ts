// The partner's summary (balance, earned, paid, pending, percent now, and the activity of all
// time and of a period) and its figures per local day: the REST API's /api/partner/summary/,
// its reports grouped by day, and the cabinet's dashboard read these and nothing else.
import type { Figures, Repos } from '../../db/repos.js';
import { addFigures, NO_FIGURES, subtractFigures } from '../../db/figures.js';
import { NotFoundError } from '../../errors.js';
import { formatDecimal, formatUnits, percentOf } from '../../money/decimal.js';
import { rewardPercentFor } from '../ledger/rewards.js';
import { localDays, offsetSpans } from './local-days.js';

export interface Period { from: number; to: number }
export interface PeriodFigures { clicks: number; exchanges: number; successful: number; earned: string; conversion: string }
export interface PartnerSummary {
  balance: string; earned: string; paid: string; pending_payouts: string; reward_percent: string;
  all_time: PeriodFigures; period: PeriodFigures & Period;
}
export interface DayFigures extends PeriodFigures { day: string }
/** A local day's figures in units, before formatting (grouped.ts adds them into weeks and months). */
export interface DayTotals extends Figures { day: string }

const money = formatUnits;

/** successful / clicks × 100, two decimals; "0.00" without clicks. */
export function conversionOf(successful: number, clicks: number): string {
  if (clicks === 0) return '0.00';
  return percentOf(successful, clicks);
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
  const found = await repos.partnerFigures.summary(partnerId, [[now + 1, Number.MAX_SAFE_INTEGER], [period.from, period.to]]);
  if (!found) throw new NotFoundError('Partner');
  const { partner, standing, totals: [later, inPeriod] } = found;
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
  return (await dailyTotals(repos, partnerId, period, timeZone)).map(({ day, ...figures }) => ({ day, ...periodFigures(figures) }));
}

/** The same in units: the database groups the hours into days (one query per UTC offset of the period). */
export async function dailyTotals(repos: Repos, partnerId: number, period: Period, timeZone: string): Promise<DayTotals[]> {
  const rows = await repos.partnerFigures.daily(partnerId, offsetSpans(period.from, period.to, timeZone));
  let r = 0;
  return localDays(period.from, period.to, timeZone).map(({ day, number }) => {
    while (r < rows.length && rows[r]!.day < number) r++;
    const row = rows[r]?.day === number ? rows[r]! : NO_FIGURES;
    return { day, clicks: row.clicks, exchanges: row.exchanges, successful: row.successful, earned: row.earned };
  });
}

/** The sum of some days (the days of a period add up to the period's figures). */
export function sumOfDays(days: Figures[]): Figures {
  return days.reduce<Figures>((sum, day) => addFigures(sum, day), NO_FIGURES);
}
