// Pure reward maths (docs/research/partner-programs.md §1.2): reward = base × percent / 100, rounded down
// to the reward currency's precision; rewards below one minimum unit are not credited.
import { defaultPrecision, FIAT_PRECISION } from '../../money/currency.js';
import { decimal, fromUnits, LEDGER_SCALE, roundTo, toUnits, type Decimal } from '../../money/decimal.js';

// ISO 4217 currencies whose minor unit is not the cent. Feeds keep the monitors' "fiat 2"; a
// ledger kept in yen pays whole yen and one in dinars pays fils, so rewards round to these.
const ISO_MINOR_UNITS = new Map<string, number>([
  ...['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map((c) => [c, 0] as const),
  ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((c) => [c, 3] as const),
]);

/** Decimals of the reward currency: its ISO minor unit, else the feeds' rule (never more than the ledger's scale). */
export function currencyPrecision(code: string): number {
  const upper = code.toUpperCase();
  const precision = defaultPrecision(upper);
  const iso = upper.length === 3 || precision === FIAT_PRECISION ? ISO_MINOR_UNITS.get(upper.slice(-3)) : undefined;
  return Math.min(iso ?? precision, LEDGER_SCALE);
}

export interface RewardLevel {
  turnover: string;
  percent: string;
}

export interface RewardSettings {
  rewardPercent: string;
  rewardLevels: string | null;
}

/**
 * The partner's percent for its next exchange: the highest level whose turnover threshold is
 * at most the partner's successful turnover so far, else its flat `reward_percent`.
 */
export function rewardPercentFor(partner: RewardSettings, turnoverUnits: number | bigint): Decimal {
  const turnover = fromUnits(turnoverUnits);
  const levels = partner.rewardLevels ? JSON.parse(partner.rewardLevels) as RewardLevel[] : [];
  let best: RewardLevel | null = null;
  for (const level of levels) {
    if (decimal(level.turnover).lte(turnover) && (!best || decimal(level.turnover).gt(decimal(best.turnover)))) best = level;
  }
  return decimal(best ? best.percent : partner.rewardPercent);
}

const HUNDREDTH = decimal('0.01');

/** The reward in ledger units: 0 when it rounds below the currency's minimum unit. */
export function computeReward(baseUnits: number, percent: Decimal, currency: string): number {
  // × 0.01, not ÷ 100: a division rounds (half-up, at 30 decimals), which could lift an exact
  // 0.00999…9 to a whole cent before the rounding down; a product of decimals is exact.
  const exact = fromUnits(baseUnits).times(percent).times(HUNDREDTH);
  return toUnits(roundTo(exact, currencyPrecision(currency), 'down'));
}
