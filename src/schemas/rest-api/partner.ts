// GET /api/partner/summary/.
import { Type } from 'typebox';
import { Money } from './common.js';

export const Figures = Type.Object({
  clicks: Type.Integer({ description: 'Counted clicks (no bots, no repeats)' }),
  exchanges: Type.Integer({ description: 'Exchanges reported in the span' }),
  successful: Type.Integer({ description: 'Of which successful' }),
  earned: Money('Rewards − reversals + adjustments'),
  conversion: Type.String({ description: 'successful / clicks × 100, two decimals' }),
});

export const SummaryReply = Type.Object({
  balance: Money('What the partner may withdraw now'),
  earned: Money('Earned all time'),
  paid: Money('Paid out'),
  pending_payouts: Money('Requested, not yet paid'),
  reward_percent: Type.String({ description: 'The reward percent now' }),
  all_time: Figures,
  period: Type.Intersect([Figures, Type.Object({ from: Type.Integer(), to: Type.Integer() })]),
}, {
  example: {
    balance: '1', earned: '1.7', paid: '0.2', pending_payouts: '0.5', reward_percent: '12.5',
    all_time: { clicks: 4, exchanges: 3, successful: 2, earned: '1.7', conversion: '50.00' },
    period: { clicks: 3, exchanges: 2, successful: 1, earned: '1.45', conversion: '33.33', from: 1767916800, to: 1768089599 },
  },
});
