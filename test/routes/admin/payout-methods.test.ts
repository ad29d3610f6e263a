import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';

t.test('POST /admin/payout-methods › 201 with its id; GET lists it; DELETE hides it', async (t) => {
  const app = await build(t);
  const created = await app.inject({ method: 'POST', url: '/admin/payout-methods', headers: adminHeaders, payload: { title: 'Tether TRC20', currency: 'USDTTRC20', commission: 1.5 } });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { id: Number, title: 'Tether TRC20', currency: 'USDTTRC20', commission: '1.5' });
  const list = await app.inject({ method: 'GET', url: '/admin/payout-methods', headers: adminHeaders });
  t.same(list.json().items.map((m: { id: number }) => m.id), [created.json().id]);
  const del = await app.inject({ method: 'DELETE', url: `/admin/payout-methods/${created.json().id}`, headers: adminHeaders });
  t.equal(del.statusCode, 204);
  t.same((await app.inject({ method: 'GET', url: '/admin/payout-methods', headers: adminHeaders })).json().items, []);
  const again = await app.inject({ method: 'DELETE', url: `/admin/payout-methods/${created.json().id}`, headers: adminHeaders });
  t.equal(again.statusCode, 404);
  t.ok(await app.repos.payoutMethods.findById(created.json().id), 'kept for the payouts that use it');
});

t.test('POST /admin/payout-methods › commission defaults to 0; invalid fields → 400 naming them', async (t) => {
  const app = await build(t);
  const plain = await app.inject({ method: 'POST', url: '/admin/payout-methods', headers: adminHeaders, payload: { title: 'Perfect Money', currency: 'PMUSD' } });
  t.equal(plain.json().commission, '0');
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ title: 'X', currency: 'PMUSD', commission: '100' }, /commission/],
    [{ title: 'X', currency: 'PMUSD', commission: '-1' }, /commission/],
    [{ title: 'X', currency: 'PM USD' }, /currency/],
    [{ title: '  ', currency: 'PMUSD' }, /title/],
    [{ currency: 'PMUSD' }, /title/],
  ];
  for (const [payload, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/admin/payout-methods', headers: adminHeaders, payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.match(res.json().error.message, message);
  }
});

// A method added as "usdttrc20" showed so in every partner's get_info and cabinet, beside the
// upper-case codes of the feeds, exchanges and rewards.
t.test('POST /admin/payout-methods › a currency in lower case or with spaces around is kept as monitors spell it', async (t) => {
  const app = await build(t);
  const created = await app.inject({ method: 'POST', url: '/admin/payout-methods', headers: adminHeaders, payload: { title: 'Tether', currency: ' usdtTrc20 ' } });
  t.equal(created.statusCode, 201);
  t.equal(created.json().currency, 'USDTTRC20');
  t.equal((await app.repos.payoutMethods.findById(created.json().id))?.currency, 'USDTTRC20');
});
