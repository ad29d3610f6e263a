// Payouts, payout methods and api.php keys of the REST API (links: ./links.ts).
import { Type } from 'typebox';
import { Money } from './common.js';
import { Id } from '../common.js';

export const PayoutView = Type.Object({
  id: Type.Integer(), method_id: Type.Integer(), account: Type.String(), amount: Money('Reserved from the balance'),
  status: Type.Integer({ description: '0 pending, 1 paid, 2 canceled, 3 canceled by the partner' }),
  created_at: Type.Integer(), created: Type.String({ description: 'ISO 8601, UTC' }),
  paid_at: Type.Union([Type.Integer(), Type.Null()]), canceled_at: Type.Union([Type.Integer(), Type.Null()]),
}, { example: { id: 7, method_id: 1, account: 'U1234567', amount: '25', status: 0, created_at: 1768003200, created: '2026-01-10T00:00:00Z', paid_at: null, canceled_at: null } });

export const PayoutBody = Type.Object({
  method_id: Id,
  account: Type.String({ minLength: 1, maxLength: 200 }),
  amount: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 40, description: 'Default: the whole balance' })),
}, { example: { method_id: 1, account: 'U1234567', amount: '25' } });

export const PayoutList = Type.Object({ data: Type.Array(PayoutView), balance: Money('The balance now') });
export const PayoutAnswer = Type.Object({ payout: PayoutView, balance: Money('The balance after') });

export const MethodList = Type.Object({
  data: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), currency: Type.String(), commission: Type.String() })),
});

export const KeyView = Type.Object({
  prefix: Type.String(), created_at: Type.Integer(), revoked_at: Type.Union([Type.Integer(), Type.Null()]),
  last_used_at: Type.Union([Type.Integer(), Type.Null()]), last_used_ip: Type.Union([Type.String(), Type.Null()]),
});
export const KeyList = Type.Object({ data: Type.Array(KeyView) });
export const NewKey = Type.Object({
  api_key: Type.String({ description: 'Shown once: only its hash is kept' }), prefix: Type.String(), created_at: Type.Integer(),
});

