// What the operator can change after creating a link, and what the public then sees.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { adminHeaders, build } from '../../helpers/build.js';
import { exchangeBody, makeLink, makePartner } from '../../helpers/ledger-factory.js';
import { sqliteOnly } from '../../helpers/pg.js';
import { runStatement, selectRows } from '../../helpers/tables.js';

const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0' };

t.test('PATCH/DELETE /admin/links/:code › rename, disable (never delete), re-enable', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  const admin = (method: 'PATCH' | 'DELETE' | 'GET', url: string, payload?: object) => app.inject({ method, url, headers: adminHeaders, payload });

  const renamed = await admin('PATCH', '/admin/links/RADAR24', { name: 'Monitor listing' });
  t.equal(renamed.statusCode, 200);
  t.match(renamed.json(), { code: 'RADAR24', name: 'Monitor listing', disabled: false, partner_id: partner.id });

  const deleted = await admin('DELETE', '/admin/links/RADAR24');
  t.equal(deleted.statusCode, 200);
  t.match(deleted.json(), { code: 'RADAR24', disabled: true });
  t.ok(deleted.json().disabled_at > 0);
  t.match((await admin('GET', `/admin/links?partner_id=${partner.id}`)).json().items, [{ code: 'RADAR24', disabled: true }], 'still listed');

  // A disabled link still sends its visitor to the site, records no click, attributes nothing.
  const ref = await app.inject({ method: 'GET', url: '/ref/RADAR24/', headers: browser });
  t.equal(ref.statusCode, 302);
  t.match((await admin('GET', `/admin/partners/${partner.id}`)).json(), { clicks: 0 });
  const exchange = await app.inject({ method: 'POST', url: '/admin/exchanges', headers: adminHeaders, payload: exchangeBody({ ref_code: 'RADAR24' }) });
  t.match(exchange.json(), { partner_id: null, reward: '0' });

  const enabled = await admin('PATCH', '/admin/links/RADAR24', { disabled: false });
  t.match(enabled.json(), { disabled: false, disabled_at: null });
  const unnamed = await admin('PATCH', '/admin/links/RADAR24', { name: null });
  t.equal(unnamed.json().name, null, 'null clears the name (not an empty string)');
  t.equal((await admin('PATCH', '/admin/links/RADAR24', { name: '' })).json().name, null, 'so does an empty name');
  t.equal((await admin('PATCH', '/admin/links/NOPE99', { name: 'x' })).statusCode, 404);
  t.equal((await admin('PATCH', '/admin/links/RADAR24', {})).statusCode, 400, 'an empty change is an error');
  t.equal((await admin('DELETE', '/admin/links/NOPE99')).statusCode, 404);
});

t.test('POST /admin/partners/:id/links › a new link\'s updated_at is its creation time on both engines (not 0)', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  const before = Math.floor(Date.now() / 1000);
  const created = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/links`, headers: adminHeaders, payload: { code: 'FRESH1' } });
  t.equal(created.statusCode, 201);
  const [link] = (await app.inject({ url: '/admin/links', headers: adminHeaders })).json().items;
  t.ok(link.updated_at >= before, `updated_at ${link.updated_at} is the creation time`);
  t.ok(link.updated_at >= link.created_at);
});

t.test('migration 0012 › links SQLite stored with updated_at 0 get their creation time, others keep theirs', { skip: sqliteOnly('a SQLite migration') }, async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  await makeLink(app.repos, partner.id, 'ZEROED');
  await makeLink(app.repos, partner.id, 'EDITED');
  await runStatement(app, "update referral_links set created_at = 1700000000, updated_at = 0 where code = 'ZEROED'");
  await runStatement(app, "update referral_links set created_at = 1700000000, updated_at = 1750000000 where code = 'EDITED'");
  await runStatement(app, readFileSync(new URL('../../../drizzle/sqlite/0012_link_updated_at.sql', import.meta.url), 'utf8'));
  t.same(await selectRows(app, 'select code, updated_at from referral_links order by code'), [
    { code: 'EDITED', updated_at: 1750000000 }, { code: 'ZEROED', updated_at: 1700000000 },
  ]);
});

t.test('PATCH /admin/links/:code › a name with control or format characters is refused, as on creation', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'RADAR24');
  for (const name of ['bad\u0000name', 'a\u202eb', 'line\nbreak']) {
    const created = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/links`, headers: adminHeaders, payload: { name } });
    t.equal(created.statusCode, 400, `created with ${JSON.stringify(name)}`);
    const patched = await app.inject({ method: 'PATCH', url: '/admin/links/RADAR24', headers: adminHeaders, payload: { name } });
    t.equal(patched.statusCode, 400, `renamed to ${JSON.stringify(name)}`);
    t.equal(patched.json().error?.code, 'RL_VALIDATION');
  }
  t.equal((await app.repos.links.findByCode('RADAR24'))!.name, null, 'the name is unchanged');
});

t.test('POST /admin/partners/:id/links › the code "new" is refused as taken: the cabinet\'s form lives at /partner/links/new', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  const res = await app.inject({ method: 'POST', url: `/admin/partners/${partner.id}/links`, headers: adminHeaders, payload: { code: 'new' } });
  t.equal(res.statusCode, 409);
  t.equal(res.json().error.code, 'RL_CONFLICT');
  t.equal(await app.repos.links.findByCode('new'), null);
});
