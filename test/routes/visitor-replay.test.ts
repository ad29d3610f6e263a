// Issue 18 point 1, end to end: a partner must not take another partner's visitor by replaying
// the visitor's id. The cookie is signed, partners see a pseudonym, reported values are verified.
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { Config } from '../../src/config.js';
import { adminHeaders, build } from '../helpers/build.js';
import { addClick, exchangeBody } from '../helpers/ledger-factory.js';
import { callApi, makePartner } from '../helpers/partner-api.js';
import { CHROME_UA } from '../helpers/referral.js';

async function setup(t: Test, overrides: Partial<Config> = {}) {
  const app = await build(t, { siteUrl: 'https://exchanger.example', attribution: 'last', ...overrides });
  const alpha = await makePartner(app, 'Alpha', { reward_percent: '10' }, 'alpha1');
  const beta = await makePartner(app, 'Beta', { reward_percent: '10' }, 'beta22');
  const click = async (code: string, ip: string, cookie?: string) => {
    const res = await app.inject({ url: `/ref/${code}`, remoteAddress: ip, headers: { 'user-agent': CHROME_UA, ...(cookie ? { cookie: `ratelink_uid=${cookie}` } : {}) } });
    return res.cookies.find((c) => c.name === 'ratelink_uid')!.value;
  };
  const report = async (body: Record<string, unknown>) =>
    (await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody(body) })).json();
  return { app, alpha, beta, click, report };
}

t.test('replay › a partner reading get_links and replaying the visitor through its own link does not take the visitor', async (t) => {
  const { app, alpha, beta, click, report } = await setup(t);
  const visitor = await click('beta22', '198.51.100.10');
  t.equal(await click('alpha1', '198.51.100.10', visitor), visitor, 'the visitor keeps its cookie');

  const seen = Object.values((await callApi(app, beta.apiKey, 'get_links')).json().data.items as Record<string, { user_hash: string }>)[0].user_hash;
  t.match(seen, /^[0-9a-f]{8}$/, 'Beta sees a short pseudonym');
  t.notOk(visitor.includes(seen), 'never the cookie value nor the visitor id');

  // Beta replays whatever it may know of the visitor, from another address, through its own link.
  for (const replayed of [seen, visitor.split('_')[0], `${visitor.split('_')[0]}_${'x'.repeat(22)}`]) {
    t.not(await click('beta22', '203.0.113.66', replayed), replayed, `${replayed}: replaced by a new visitor`);
  }

  const exchange = await report({ external_id: 'ex-replay', user_hash: visitor });
  t.equal(exchange.partner_id, alpha.partner.id, 'the partner whose click came last keeps the visitor');
  t.equal((await app.repos.partners.findById(alpha.partner.id))!.balance, 10_00000000, 'Alpha earned 10% of 100');
  t.equal((await app.repos.partners.findById(beta.partner.id))!.balance, 0, 'Beta earned nothing');
});

t.test('replay › the same visitor has a stable pseudonym per partner, in get_links and get_exchanges', async (t) => {
  const { app, alpha, beta, click, report } = await setup(t);
  const visitor = await click('alpha1', '198.51.100.10');
  await click('beta22', '198.51.100.10', visitor);
  await report({ external_id: 'ex-1', user_hash: visitor });
  const alphaLink = (await callApi(app, alpha.apiKey, 'get_links')).json().data.items['1'].user_hash;
  const betaLink = (await callApi(app, beta.apiKey, 'get_links')).json().data.items['2'].user_hash;
  const betaExchange = (await callApi(app, beta.apiKey, 'get_exchanges')).json().data.items['1'].user_hash;
  t.equal(betaExchange, betaLink, 'the same name in both lists');
  t.not(alphaLink, betaLink, 'partners can not match visitors between them');
});

t.test('exchange report › a forged or tampered signed value attributes nothing', async (t) => {
  const { click, report } = await setup(t);
  const visitor = await click('alpha1', '198.51.100.10');
  const tampered = `${visitor.slice(0, 20)}_${visitor.slice(21).split('').reverse().join('')}`;
  const exchange = await report({ external_id: 'ex-forged', user_hash: tampered });
  t.equal(exchange.partner_id, null);
  t.equal(exchange.user_hash, null, 'an unverified value is not kept');
});

t.test('before signing › a plain id from an old cookie keeps its attribution from the clicks before the change', async (t) => {
  const { app, alpha, click, report } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  await addClick(app, { partnerId: alpha.partner.id, linkId: 1, userHash: 'OldVisitor0000000001', time: now - 3600 });
  // Someone replays the old id through Beta's link: /ref never extends a plain id.
  t.not(await click('beta22', '203.0.113.66', 'OldVisitor0000000001'), 'OldVisitor0000000001');
  const exchange = await report({ external_id: 'ex-old', user_hash: 'OldVisitor0000000001' });
  t.equal(exchange.partner_id, alpha.partner.id, 'still the partner of the old cookie');
  t.equal(exchange.user_hash, 'OldVisitor0000000001');
});

t.test('secret › generated once and kept in the database: cookies survive a restart', async (t) => {
  const dbPath = join(t.testdir(), 'ledger.db');
  const first = await setup(t, { dbPath });
  const visitor = await first.click('alpha1', '198.51.100.10');
  await first.app.close();
  const again = await build(t, { dbPath, siteUrl: 'https://exchanger.example' });
  t.equal(again.visitors.readCookie(visitor), visitor.slice(0, 20));
  const configured = await build(t, { dbPath, secret: 'another-secret-0123456789-abcdefghijkl' });
  t.equal(configured.visitors.readCookie(visitor), null, 'RATELINK_SECRET, when set, is the key');
});
