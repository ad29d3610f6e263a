// The operator's review of a flagged exchange. A flag withholds the reward; approving credits
// it now (a new ledger entry, the flag stays on the row for the record), rejecting keeps it
// withheld. Either is recorded with who and when, once: a second decision is a conflict.
import type { Config } from '../../config.js';
import type { ExchangeRow, Repos } from '../../db/repos.js';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../errors.js';
import { parseDecimal } from '../../money/decimal.js';
import { computeReward } from './rewards.js';
import { recordEvents } from '../events/outbox.js';
import { rewardData } from '../events/payloads.js';
import { entries, secondTierEntry } from './second-tier.js';

export type ReviewDecision = 'approved' | 'rejected';

const REVIEWER = /^[^\p{C}]{1,100}$/u;

export async function getExchange(repos: Repos, id: number): Promise<ExchangeRow> {
  const row = await repos.exchanges.findById(id);
  if (!row) throw new NotFoundError(`Exchange ${id}`);
  return row;
}

export async function reviewExchange(
  repos: Repos, config: Pick<Config, 'rewardCurrency'>, id: number, decision: ReviewDecision, by: string, now: number,
): Promise<ExchangeRow> {
  // Every surface names the reviewer: the admin API, the CLI's --by. Shown on screens and in terminals.
  if (!REVIEWER.test(by)) throw new ValidationError('by', 'expected 1-100 characters without control or format characters');
  const row = await getExchange(repos, id);
  assertReviewable(row, decision);
  const reward = decision === 'approved' ? withheldReward(row, config.rewardCurrency) : 0;
  const own = reward > 0 ? { partnerId: row.partnerId!, kind: 'reward' as const, amount: reward } : null;
  // The referrer's share goes with the credit the approval releases (second-tier.ts); the
  // credit and its reward.accrued event commit together.
  const entry = entries(own, own && await secondTierEntry(repos, row.partnerId!, reward, config.rewardCurrency));
  const reviewed = await repos.transaction(async (tx) => {
    const done = await tx.exchanges.review(id, { review: decision, reviewedBy: by, reviewedAt: now, reward }, entry);
    if (done && own) await recordEvents(tx, [{ type: 'reward.accrued', partnerId: own.partnerId, data: rewardData(done, config.rewardCurrency, reward) }], now);
    return done;
  });
  if (reviewed) return reviewed;
  // The database refused: another decision, or a refund, committed since the read above.
  assertReviewable(await getExchange(repos, id), decision);
  throw new ConflictError(`Exchange ${id} was reviewed concurrently`);
}

function assertReviewable(row: ExchangeRow, decision: ReviewDecision): void {
  if (row.flag === null) throw new UnprocessableError(`Exchange ${row.id} is not flagged; there is nothing to review`);
  if (row.review !== null) throw new ConflictError(`Exchange ${row.id} was already ${row.review} by ${row.reviewedBy}`);
  if (decision === 'approved' && row.status !== 'success') {
    throw new UnprocessableError(`Exchange ${row.id} is ${row.status}; only a successful exchange earns its reward`);
  }
}

/** What the exchange would have earned without its flag, at the percent stored when it succeeded. */
function withheldReward(row: ExchangeRow, currency: string): number {
  const percent = parseDecimal(row.rewardPercent ?? '0');
  if (row.partnerId === null || !percent) return 0;
  return computeReward(row.rewardBase, percent, currency);
}
