// Pure reward maths (partner-programs.md §1.2): reward = base × percent / 100, rounded down
// to the reward currency's precision; rewards below one minimum unit are not credited.
import { decimal, fromUnits, LEDGER_SCALE, roundTo, toUnits, type Decimal } from '../../money/decimal.js';

// Crypto reward currencies are counted to 8 decimals; everything else is treated as fiat (2).
const CRYPTO = new Set([
  'BTC', 'ETH', 'LTC', 'BCH', 'XMR', 'DASH', 'ZEC', 'DOGE', 'XRP', 'TRX', 'TON', 'SOL', 'BNB', 'ETC',
  'USDT', 'USDC', 'DAI', 'USDTTRC20', 'USDTERC20', 'USDTBEP20',
]);

/** Decimals of the reward currency: fiat 2, crypto 8 (never more than the ledger's scale). */
export function currencyPrecision(code: string): number {
  return Math.min(CRYPTO.has(code.toUpperCase()) ? 8 : 2, LEDGER_SCALE);
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

/** The reward in ledger units: 0 when it rounds below the currency's minimum unit. */
export function computeReward(baseUnits: number, percent: Decimal, currency: string): number {
  const exact = fromUnits(baseUnits).times(percent).div(100);
  return toUnits(roundTo(exact, currencyPrecision(currency), 'down'));
}
