// Balances near 2^53 ledger units stay exact: balance = sum of entries = an independent
// BigInt model after any sequence of large adjustments, and a change that would take a
// balance past ±(2^53 − 1) is refused whole.
import t from 'tap';
import fc from 'fast-check';
import { isHttpError } from '../../src/errors.js';
import { makePartner } from '../helpers/ledger-factory.js';
import { openTestRepos } from '../helpers/referral.js';

const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_ADJUSTMENT = 9_000_000_000_000_000n; // LEDGER_MAX in units: the largest single amount

t.test('ledger › balances near 2^53 units: exact, equal to the sum of entries, refused past the limit (property)', async (t) => {
  let refusals = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.bigInt({ min: -MAX_ADJUSTMENT, max: MAX_ADJUSTMENT }).filter((n) => n !== 0n), { minLength: 1, maxLength: 12 }),
    async (amounts) => {
      const { repos } = openTestRepos(t);
      const partner = await makePartner(repos);
      let model = 0n;
      for (const amount of amounts) {
        const next = model + amount;
        try {
          await repos.ledger.adjust({ partnerId: partner.id, amount: Number(amount), reason: 'large', at: 1 });
          if (next > LIMIT || next < -LIMIT) return false;
          model = next;
        } catch (error) {
          if (!isHttpError(error) || error.code !== 'RL_BALANCE_LIMIT') throw error;
          if (next <= LIMIT && next >= -LIMIT) return false;
          refusals++;
        }
        const balance = (await repos.partners.findById(partner.id))!.balance;
        if (BigInt(balance) !== model || (await repos.ledger.sumByPartner(partner.id)) !== model) return false;
      }
      return true;
    },
  ), { numRuns: 150 });
  t.ok(refusals > 0, 'some sequences reached the limit');
});

t.test('ledger › one unit below the limit and back: no drift', async (t) => {
  const { repos } = openTestRepos(t);
  const partner = await makePartner(repos);
  const steps = [9_000_000_000_000_000, 7_199_254_740_991, -1, 1, -3, 2];
  for (const amount of steps) await repos.ledger.adjust({ partnerId: partner.id, amount, reason: 'near the limit', at: 1 });
  const expected = steps.reduce((sum, n) => sum + BigInt(n), 0n);
  t.equal(expected, LIMIT - 1n);
  t.equal(BigInt((await repos.partners.findById(partner.id))!.balance), expected);
  t.equal(await repos.ledger.sumByPartner(partner.id), expected);
  await t.rejects(repos.ledger.adjust({ partnerId: partner.id, amount: 2, reason: 'past it', at: 1 }), { code: 'RL_BALANCE_LIMIT' });
  t.equal((await repos.ledger.listByPartner(partner.id)).length, steps.length, 'the refused change wrote no entry');
});
