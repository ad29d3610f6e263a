// get_info, add_payout, get_payouts and cancel_payout against the real ledger.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { build } from '../../helpers/build.js';
import { API, callApi, itemIdsInTextOrder, makePartner } from '../../helpers/partner-api.js';
import { createPayoutMethod, deletePayoutMethod } from '../../../src/services/ledger/payout-methods.js';
import { payPayout } from '../../../src/services/ledger/payouts.js';

const now = () => Math.floor(Date.now() / 1000);

async function credit(app: FastifyInstance, partnerId: number, units: number) {
  await app.repos.ledger.adjust({ partnerId, amount: units, reason: 'test credit', at: now() });
}

async function setup(t: Test) {
  const app = await build(t);
  const radar = await makePartner(app, 'Radar', { min_payout: '10' }, 'radar');
  const kurs = await makePartner(app, 'Kurs', { min_payout: '10' });
  const usd = await createPayoutMethod(app.repos, { title: 'Payeer USD', currency: 'USD', commission: '1.5' });
  const btc = await createPayoutMethod(app.repos, { title: 'Bitcoin', currency: 'BTC', commission: '0' });
  const gone = await createPayoutMethod(app.repos, { title: 'WebMoney', currency: 'USD' });
  await deletePayoutMethod(app.repos, gone.id, now());
  return { app, radar, kurs, usd, btc };
}

const balanceOf = async (app: FastifyInstance, apiKey: string) => (await callApi(app, apiKey, 'get_info')).json().data.balance as number;

t.test('get_info › balance, totalReceived, link, min_payout and the payout methods with what the balance brings', async (t) => {
  const { app, radar, usd, btc } = await setup(t);
  await credit(app, radar.partner.id, 170_123_456_78);
  const paid = await callApi(app, radar.apiKey, 'add_payout', { method_id: usd.id, account: 'P100200', amount: 20 });
  await payPayout(app.repos, paid.json().data.payout_id, now(), 'tx-1');

  const res = await callApi(app, radar.apiKey, 'get_info');
  t.same(res.json(), {
    status: 'success', error: 0, error_text: '',
    data: {
      balance: 150.12345678,
      totalReceived: 20,
      link: 'radar',
      min_payout: 10,
      items: {
        // 150.12345678 − 1.5 % = 147.8716049283 → 147.87 (USD keeps cents, rounded down)
        [usd.id]: { id: usd.id, title: 'Payeer USD', currency: 'USD', comission: 1.5, commission: 1.5, amount: 147.87 },
        [btc.id]: { id: btc.id, title: 'Bitcoin', currency: 'BTC', comission: 0, commission: 0 },
      },
    },
  });
  t.same(itemIdsInTextOrder(res.body), [usd.id, btc.id], 'deleted methods are not offered');
});

t.test('get_info › a balance below zero (a refund after a payout) brings nothing through any method, not a negative amount', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, -12_50_000_000);
  const data = (await callApi(app, radar.apiKey, 'get_info')).json().data;
  t.equal(data.balance, -12.5, 'the balance itself is told as it is');
  t.equal(data.items[usd.id].amount, 0);
});

t.test('add_payout › below min_payout → error 8 and nothing reserved', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, 5_000_000_00);
  const res = await callApi(app, radar.apiKey, 'add_payout', { method_id: usd.id, account: 'P100200' });
  t.match(res.json(), { status: 'error', error: 8, data: {} });
  t.match(res.json().error_text, /below the minimum payout 10/);
  t.equal(await balanceOf(app, radar.apiKey), 5);
  t.same((await callApi(app, radar.apiKey, 'get_payouts')).json().data.items, {});
});

t.test('add_payout › the whole balance by default, or the amount asked; reserved at once', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, 150_123_456_78);
  const part = await callApi(app, radar.apiKey, 'add_payout', { method_id: usd.id, account: 'P100200', amount: '50.5' });
  t.match(part.json(), { status: 'success', data: { amount: 50.5, balance: 99.62345678 } });
  t.ok(part.json().data.payout_id > 0);
  const rest = await app.inject({
    method: 'POST', url: API, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `api_action=pp&api_key=${radar.apiKey}&method=add_payout&method_id=${usd.id}&account=P100200`,
  });
  t.match(rest.json(), { status: 'success', data: { amount: 99.62345678, balance: 0 } });
  t.equal(await balanceOf(app, radar.apiKey), 0);
  t.match((await callApi(app, radar.apiKey, 'add_payout', { method_id: usd.id, account: 'P100200' })).json(), { error: 8 }, 'nothing left');
});

t.test('add_payout › invalid requests → error 5 (or 8 above the balance), balance untouched', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, 100_000_000_00);
  const cases: Array<[string, Record<string, string | number>, number]> = [
    ['no method_id', { account: 'P1' }, 5],
    ['unknown method_id', { method_id: 999, account: 'P1' }, 5],
    ['no account', { method_id: usd.id }, 5],
    ['account with a newline', { method_id: usd.id, account: 'P1\nP2' }, 5],
    ['account with a right-to-left override', { method_id: usd.id, account: 'P1\u202E0012' }, 5],
    ['account with a C1 control (CSI)', { method_id: usd.id, account: 'P1\u009B31m' }, 5],
    ['account with a line separator', { method_id: usd.id, account: 'P1\u2028P2' }, 5],
    ['account with a zero-width space', { method_id: usd.id, account: 'P1\u200BP2' }, 5],
    ['amount not a number', { method_id: usd.id, account: 'P1', amount: 'all' }, 5],
    ['amount 0', { method_id: usd.id, account: 'P1', amount: 0 }, 5],
    ['amount with 9 decimals', { method_id: usd.id, account: 'P1', amount: '10.123456789' }, 5],
    ['amount below min_payout', { method_id: usd.id, account: 'P1', amount: '9.99' }, 5],
    ['amount above the balance', { method_id: usd.id, account: 'P1', amount: '100.00000001' }, 8],
  ];
  for (const [name, params, code] of cases) {
    const res = await callApi(app, radar.apiKey, 'add_payout', params);
    t.match(res.json(), { status: 'error', error: code, data: {} }, name);
  }
  t.equal(await balanceOf(app, radar.apiKey), 100);
});

t.test('get_payouts › the caller\'s payouts newest first, with Premium\'s fields and statuses', async (t) => {
  const { app, radar, kurs, usd, btc } = await setup(t);
  await credit(app, radar.partner.id, 100_000_000_00);
  await credit(app, kurs.partner.id, 100_000_000_00);
  const ask = async (key: string, params: Record<string, string | number>) =>
    (await callApi(app, key, 'add_payout', params)).json().data.payout_id as number;
  const paid = await ask(radar.apiKey, { method_id: usd.id, account: 'P1', amount: 20 });
  const canceled = await ask(radar.apiKey, { method_id: usd.id, account: 'P1', amount: 30 });
  const pending = await ask(radar.apiKey, { method_id: btc.id, account: 'bc1qxyz', amount: 40 });
  const foreign = await ask(kurs.apiKey, { method_id: usd.id, account: 'P9', amount: 10 });
  await payPayout(app.repos, paid, now(), 'tx-1');
  await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: canceled });

  const res = await callApi(app, radar.apiKey, 'get_payouts');
  t.same(itemIdsInTextOrder(res.body), [pending, canceled, paid]);
  t.notOk(itemIdsInTextOrder(res.body).includes(foreign));
  const { items } = res.json().data;
  t.match(items[paid], {
    id: paid, method_id: usd.id, account: 'P1', pay_amount: 19.7, pay_currency_code: 'USD',
    original_amount: 20, original_currency_code: 'USD', status: 1,
  });
  t.match(items[paid].date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  t.equal(items[canceled].status, 3);
  t.match(items[pending], { status: 0, pay_amount: null, pay_currency_code: 'BTC', original_amount: 40 });
  t.same((await callApi(app, radar.apiKey, 'get_payouts', { start_time: now() + 3600 })).json().data.items, {});
  t.equal(await balanceOf(app, radar.apiKey), 40, '100 − 20 paid − 40 pending; the canceled 30 came back');
});

t.test('cancel_payout › own pending payout → status 3 and the amount back; others\' → 9; paid → 8', async (t) => {
  const { app, radar, kurs, usd } = await setup(t);
  await credit(app, radar.partner.id, 100_000_000_00);
  await credit(app, kurs.partner.id, 100_000_000_00);
  const mine = (await callApi(app, radar.apiKey, 'add_payout', { method_id: usd.id, account: 'P1', amount: 60 })).json().data.payout_id;
  const theirs = (await callApi(app, kurs.apiKey, 'add_payout', { method_id: usd.id, account: 'P9', amount: 60 })).json().data.payout_id;
  t.equal(await balanceOf(app, radar.apiKey), 40);

  t.same((await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: theirs })).json(),
    { status: 'error', error: 9, error_text: `Payout ${theirs} not found`, data: {} });
  t.equal(await balanceOf(app, kurs.apiKey), 40, 'their payout untouched');

  const res = await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: mine });
  t.same(res.json().data, { payout_id: mine, status: 3, balance: 100 });
  t.same((await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: mine })).json().data,
    { payout_id: mine, status: 3, balance: 100 }, 'a retry changes nothing');

  await payPayout(app.repos, theirs, now());
  t.match((await callApi(app, kurs.apiKey, 'cancel_payout', { payout_id: theirs })).json(), { error: 8 });
  t.match((await callApi(app, kurs.apiKey, 'cancel_payout')).json(), { error: 5 });
});

t.test('add_payout and cancel_payout › an id beyond 32 bits is error 5 on every engine, not an internal error', async (t) => {
  const { app, radar } = await setup(t);
  await credit(app, radar.partner.id, 50_000_000_00);
  for (const id of ['2147483648', '9007199254740991']) {
    const cancel = await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: id });
    t.match(cancel.json(), { status: 'error', error: 5, error_text: /payout_id/ }, `payout_id=${id}`);
    const add = await callApi(app, radar.apiKey, 'add_payout', { method_id: id, account: 'P100200', amount: 20 });
    t.match(add.json(), { status: 'error', error: 5, error_text: /method_id/ }, `method_id=${id}`);
  }
  t.match((await callApi(app, radar.apiKey, 'cancel_payout', { payout_id: 2147483647 })).json(), { error: 9 }, 'the largest id is merely not found');
  t.equal(await balanceOf(app, radar.apiKey), 50, 'nothing taken');
});

t.test('add_payout › a JSON number too long to keep its digits (account 41111111111111111111) is error 5 naming it, no payout; it was stored as 41111111111111110000', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, 100_00000000);
  const post = (fields: string) => app.inject({
    method: 'POST', url: API, headers: { 'content-type': 'application/json' },
    payload: `{"api_action":"pp","api_key":"${radar.apiKey}","method":"add_payout",${fields}}`,
  });
  for (const fields of [`"method_id":${usd.id},"account":41111111111111111111,"amount":"20"`, `"method_id":${usd.id},"account":"U1","amount":12345678901234567.5`,
    `"method_id":${usd.id},"account":"U1","amount":1e309`, `"method_id":9007199254740993,"account":"U1","amount":"20"`]) {
    const res = await post(fields);
    const field = /"(\w+)":(?:1e309|\d{16,}(?:\.\d+)?)/.exec(fields)![1];
    t.match(res.json(), { status: 'error', error: 5, error_text: `Invalid parameter: ${field} must be sent as a string: a number this long loses digits` }, fields);
  }
  t.equal(await balanceOf(app, radar.apiKey), 100, 'nothing reserved');
  // Numbers JavaScript holds exactly still work, as PHP's json_encode sends them.
  const res = await post(`"method_id":${usd.id},"account":4111111111111111,"amount":20.5`);
  t.match(res.json(), { status: 'success' });
  t.same((await app.repos.payouts.list({})).map((p) => p.account), ['4111111111111111'], 'its account as sent');
});

t.test('add_payout › a JSON true or false is error 5 naming it, no payout; "account": true reserved a payout to the account "true"', async (t) => {
  const { app, radar, usd } = await setup(t);
  await credit(app, radar.partner.id, 100_00000000);
  for (const [field, fields] of [['account', `"method_id":${usd.id},"account":true,"amount":"20"`], ['amount', `"method_id":${usd.id},"account":"U1","amount":false`],
    ['method_id', '"method_id":true,"account":"U1","amount":"20"']] as const) {
    const res = await app.inject({
      method: 'POST', url: API, headers: { 'content-type': 'application/json' },
      payload: `{"api_action":"pp","api_key":"${radar.apiKey}","method":"add_payout",${fields}}`,
    });
    t.match(res.json(), { status: 'error', error: 5, error_text: `Invalid parameter: ${field} must be a string or a number` }, fields);
  }
  t.same(await app.repos.payouts.list({}), [], 'no payout');
});
