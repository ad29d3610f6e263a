import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { fixturesDir } from '../../src/paths.js';
import { bootstrapDemo } from '../../src/demo/bootstrap.js';
import { directions } from '../../src/db/sqlite/schema.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';
import { putDirections } from '../helpers/feeds.js';
import { checkDatabaseMode } from '../../src/demo/guard.js';
import { StartupError } from '../../src/startup-failure.js';
import { adminHeaders, build } from '../helpers/build.js';
import { instancesOnOneDatabase } from '../helpers/instances.js';
import { PG_TEST_URL } from '../helpers/pg.js';

const demoDirections = JSON.parse(readFileSync(join(fixturesDir, 'demo', 'directions.json'), 'utf8')) as unknown[];

t.test('demo › an empty database gets the demo data, and every endpoint answers at once', async (t) => {
  const app = await build(t, { demo: true });
  const demo = await bootstrapDemo(app);
  t.teardown(demo.stop);
  const welcome = demo.welcome;
  t.match(welcome, /referral link {3}http:\/\/localhost:3000\/ref\/RADAR24\/\?cur_from=PMUSD&cur_to=BTC/);
  const apiKey = /api_key=([A-Za-z0-9]{40})/.exec(welcome!)![1];

  const partners = await app.inject({ method: 'GET', url: '/admin/partners', headers: adminHeaders });
  t.equal(partners.json().items.length, 2);
  const directions = await app.inject({ method: 'GET', url: '/admin/directions', headers: adminHeaders });
  t.equal(directions.json().items.length, demoDirections.length, 'every direction of fixtures/demo/directions.json');

  const feeds = (await app.inject({ method: 'GET', url: '/admin/feeds', headers: adminHeaders })).json().items;
  t.equal(feeds.length, 2);
  for (const format of ['xml', 'json', 'txt']) {
    const res = await app.inject({ method: 'GET', url: `/service/export/${format}/${feeds[0].code}` });
    t.equal(res.statusCode, 200, `${format} feed`);
    t.ok(res.body.length > 500, `${format} feed lists the demo rates`);
  }

  const info = (await app.inject({ method: 'GET', url: `/service/partner/api.php?api_action=pp&api_key=${apiKey}&method=get_info` })).json();
  t.equal(info.status, 'success');
  t.equal(info.data.link, 'RADAR24');
  t.ok(info.data.balance > 0, 'the first partner earned rewards');
  const links = (await app.inject({ method: 'GET', url: `/service/partner/api.php?api_action=pp&api_key=${apiKey}&method=get_links` })).json();
  t.equal(Object.keys(links.data.items).length, 5, 'six clicks of the first partner, the bot one excluded');
  const exchanges = (await app.inject({ method: 'GET', url: `/service/partner/api.php?api_action=pp&api_key=${apiKey}&method=get_exchanges` })).json();
  t.equal(Object.keys(exchanges.data.items).length, 4);

  const ref = await app.inject({ method: 'GET', url: '/ref/RADAR24/?cur_from=PMUSD&cur_to=BTC', headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0' } });
  t.equal(ref.statusCode, 302);
  t.equal(ref.headers.location, 'http://localhost:3000/exchange/PMUSD/BTC/');

  const second = await bootstrapDemo(app);
  second.stop();
  t.equal(second.welcome, null, 'loaded once: a second start prints nothing');
  t.equal((await app.repos.partners.list()).length, 2);
});

t.test('demo › refused on a database the demo did not create: no rate re-stamped, one line', async (t) => {
  const app = await build(t, { demo: true, dbPath: ':memory:' });
  await putDirections(app, [{ from: 'PMUSD', to: 'BTC', in: '1', out: '0.00001', amount: '5' }]);
  sqliteOf(app.db).db.update(directions).set({ updatedAt: 1_700_000_000 }).run(); // an hour-old push
  const before = (await app.repos.directions.list()).map((d) => d.updatedAt);
  const error = await t.rejects(bootstrapDemo(app)) as unknown as Error;
  t.ok(error instanceof StartupError);
  t.match(error.message, /holds data the demo did not create; set RATELINK_DEMO=0/);
  t.same((await app.repos.directions.list()).map((d) => d.updatedAt), before, 'the stale-rate guard still sees the real ages');
});

t.test('demo › production mode refuses the demo database; purge leaves an empty one it accepts', async (t) => {
  const app = await build(t, { demo: true });
  (await bootstrapDemo(app)).stop();
  const production = { demo: false, dbPath: 'x.db' };
  await t.rejects(checkDatabaseMode(app.repos, production), { message: /holds the demo data .*ratelink demo purge/ });
  await app.repos.settings.deleteAllData();
  t.equal(await checkDatabaseMode(app.repos, production), 'empty');
  t.equal((await app.repos.partners.list()).length, 0);
});

// On PostgreSQL the lines named the SQLite default (./data/ratelink.db) and sent the operator to RATELINK_DB.
t.test('demo › on PostgreSQL the refusals name RATELINK_DATABASE_URL (without its password), not a SQLite file', async (t) => {
  const app = await build(t, { demo: true });
  (await bootstrapDemo(app)).stop();
  const databaseUrl = 'postgres://ratelink:s3cret@db.internal/ratelink';
  const error = await t.rejects(checkDatabaseMode(app.repos, { demo: false, dbPath: './data/ratelink.db', databaseUrl })) as unknown as Error;
  t.equal(error.message, 'postgres://ratelink:***@db.internal/ratelink holds the demo data (its keys and admin token were printed); '
    + 'set RATELINK_DATABASE_URL to a new database, or delete the demo data with `ratelink demo purge`');
  await app.repos.settings.deleteAllData();
  await app.repos.partners.insert({ name: 'Own', email: 'own@example.test', rewardPercent: '1' });
  const demo = await t.rejects(checkDatabaseMode(app.repos, { demo: true, dbPath: './data/ratelink.db', databaseUrl })) as unknown as Error;
  t.match(demo.message, /^postgres:\/\/ratelink:\*\*\*@db\.internal\/ratelink holds data the demo did not create; .* or RATELINK_DATABASE_URL to a new database for the demo$/);
});

t.test('demo › two instances starting together on one empty PostgreSQL database: the demo data is loaded once', { skip: PG_TEST_URL ? false : 'PostgreSQL only (two processes on one SQLite file are not a deployment)' }, async (t) => {
  const [a, b] = await instancesOnOneDatabase(t, 2, { demo: true });
  const started = await Promise.all([bootstrapDemo(a!), bootstrapDemo(b!)]);
  for (const demo of started) t.teardown(demo.stop);
  t.equal(started.filter((demo) => demo.welcome !== null).length, 1, 'one instance loaded it and printed the welcome');
  t.equal((await a!.repos.partners.list()).length, 2, 'the two demo partners, once');
  t.equal((await b!.repos.directions.list()).length, demoDirections.length);
});
