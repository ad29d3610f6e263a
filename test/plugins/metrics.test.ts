import { PassThrough } from 'node:stream';
import t from 'tap';
// @ts-expect-error no types: a parser outside ratelink reads what Prometheus would read
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { adminHeaders, build } from '../helpers/build.js';
import { addPartnerWithLink, CHROME_UA, GOOGLEBOT_UA } from '../helpers/referral.js';

interface Family { name: string; type: string; metrics: Array<{ labels?: Record<string, string>; value?: string; count?: string; buckets?: Record<string, string> }> }

async function scrape(port: number): Promise<Map<string, Family>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(await response.text()) as Family[];
  return new Map(families.map((family) => [family.name, family]));
}

const value = (family: Family | undefined, labels: Record<string, string>) =>
  Number(family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

t.test('metrics are off by default: no listener, app.metrics null', async (t) => {
  const app = await build(t);
  t.equal(app.metrics, null);
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 404, 'never on the public listener');
});

t.test('RATELINK_METRICS_PORT: HTTP, feeds and clicks in the Prometheus text format, on their own listener', async (t) => {
  const app = await build(t, { metricsPort: 0 });
  const port = app.metrics!.address().port;
  t.not(port, 0);
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 404, 'the public listener still has no /metrics');

  await app.inject({ url: '/healthz' });
  await app.inject({ url: '/healthz' });
  await app.inject({ url: '/no/such/page/12345' });
  const feed = (await app.inject({ method: 'POST', url: '/admin/feeds', headers: adminHeaders, payload: { name: 'bestchange' } })).json().code as string;
  await app.feedCache.settle();
  await app.inject({ url: `/service/export/xml/${feed}`, headers: { 'accept-encoding': 'gzip' } });
  await app.inject({ url: `/service/export/json/${feed}` });
  const { code } = await addPartnerWithLink(app.repos, 'MetricsRef');
  const visitor = await app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': CHROME_UA } });
  await app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': CHROME_UA, cookie: visitor.headers['set-cookie'] as string } });
  await app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': GOOGLEBOT_UA } });

  const families = await scrape(port);
  const requests = families.get('ratelink_http_requests_total');
  t.equal(value(requests, { method: 'GET', route: '/healthz', status: '200' }), 2);
  t.equal(value(requests, { method: 'GET', route: 'unmatched', status: '404' }), 2, 'unknown URLs (/metrics, /no/such/…) share one label');
  t.equal(value(requests, { method: 'GET', route: '/ref/:code', status: '302' }), 3);
  t.equal(families.get('ratelink_http_request_duration_seconds')?.type, 'HISTOGRAM');
  const fetches = families.get('ratelink_feed_fetches_total');
  t.equal(value(fetches, { feed, format: 'xml', encoding: 'gzip' }), 1);
  t.equal(value(fetches, { feed, format: 'json', encoding: 'identity' }), 1);
  t.ok(Number(families.get('ratelink_feed_rebuild_duration_seconds')?.metrics[0]?.count) >= 1, 'rebuilds counted');
  const clicks = families.get('ratelink_clicks_total');
  t.same([value(clicks, { outcome: 'counted' }), value(clicks, { outcome: 'repeat' }), value(clicks, { outcome: 'bot' })], [1, 1, 1]);
  t.equal(Number(families.get('ratelink_click_batch_size')?.metrics[0]?.count), 3, 'three batches (one request at a time)');
  t.ok(families.has('ratelink_nodejs_eventloop_lag_seconds'), 'event-loop lag');
  if (process.env.RATELINK_TEST_DATABASE_URL) t.ok(value(families.get('ratelink_db_pool_connections'), { state: 'total' }) >= 1, 'PostgreSQL pool');
  t.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
});

t.test('RATELINK_METRICS_HOST other than loopback: one warning at start that the listener has no authentication', async (t) => {
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (d) => { log += d; });
  await build(t, { metricsPort: 0, logLevel: 'warn' }, { logStream: stream });
  t.notMatch(log, /without authentication/, 'loopback: nothing to say');
  await build(t, { metricsPort: 0, metricsHost: '0.0.0.0', logLevel: 'warn' }, { logStream: stream });
  t.equal(log.match(/metrics are served without authentication on a non-loopback address/g)?.length, 1);
});

t.test('the metrics port may not be the public port', async (t) => {
  const { loadConfig } = await import('../../src/config.js');
  t.throws(() => loadConfig({ RATELINK_DEMO: '1', PORT: '3000', RATELINK_METRICS_PORT: '3000' }), /RATELINK_METRICS_PORT: must differ from PORT/);
});

t.test('the Grafana dashboard queries only metrics that exist', async (t) => {
  const { readFileSync } = await import('node:fs');
  const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/ratelink.json', import.meta.url), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  const app = await build(t, { metricsPort: 0 });
  const known = new Set((await app.metrics!.registry.getMetricsAsJSON()).map((m) => m.name));
  const used = dashboard.panels.flatMap((p) => p.targets.flatMap((target) => target.expr.match(/ratelink_[a-z_]+/g) ?? []));
  t.ok(used.length > 10);
  // The pool exists on PostgreSQL only.
  if (!process.env.RATELINK_TEST_DATABASE_URL) known.add('ratelink_db_pool_connections');
  for (const name of new Set(used)) t.ok(known.has(name.replace(/_(bucket|sum|count)$/, '')), name);
});

t.test('/metrics › exchanges by status, rewards and payouts with exact sums, clicks limited, deliveries and queue depth', async (t) => {
  const { startReceiver } = await import('../helpers/receiver.js');
  const { exchangeBody, makeLink, makeMethod, makePartner } = await import('../helpers/ledger-factory.js');
  const receiver = await startReceiver(t, [200, 500]);
  const app = await build(t, { metricsPort: 0, clickIpLimit: 2, webhookAllowHosts: ['127.0.0.1'] });
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: adminHeaders, payload: payload as Record<string, unknown> });
  await post('/admin/webhooks', { url: `${receiver.url}/hook`, events: ['exchange.created'] });
  const partner = await makePartner(app.repos, { reward_percent: '10' });
  await makeLink(app.repos, partner.id, 'METRIC1');
  // Rewards of 12.34 and 0.01 (10% of the bases), the second refunded: the sums are exact decimals.
  await post('/admin/exchanges', exchangeBody({ external_id: 'm-1', ref_code: 'METRIC1', reward_base_amount: '123.4' }));
  await post('/admin/exchanges', exchangeBody({ external_id: 'm-2', ref_code: 'METRIC1', reward_base_amount: '0.1' }));
  await post('/admin/exchanges', exchangeBody({ external_id: 'm-3', ref_code: 'METRIC1', status: 'pending' }));
  await post('/admin/exchanges', exchangeBody({ external_id: 'm-2', ref_code: 'METRIC1', reward_base_amount: '0.1', status: 'refunded' }));
  const method = await makeMethod(app.repos);
  t.equal((await post('/admin/payouts', { partner_id: partner.id, method_id: method.id, account: 'U1', amount: '2.5' })).statusCode, 201);
  for (let i = 0; i < 3; i++) await app.inject({ url: '/ref/METRIC1/', remoteAddress: '198.51.100.7', headers: { 'user-agent': CHROME_UA } });
  await app.eventDelivery.runNow(); // the first delivery succeeds, the second gets a 500 (retried later)
  await app.eventDelivery.runNow();

  const families = await scrape(app.metrics!.address().port);
  const exchanges = families.get('ratelink_exchanges');
  t.same([value(exchanges, { status: 'success' }), value(exchanges, { status: 'refunded' }), value(exchanges, { status: 'pending' })], [1, 1, 1]);
  t.equal(families.get('ratelink_exchanges_amount')?.metrics.find((m) => m.labels?.status === 'success')?.value, '12.34', 'the exact decimal');
  const entries = families.get('ratelink_ledger_entries');
  t.same([value(entries, { kind: 'reward' }), value(entries, { kind: 'reversal' }), value(entries, { kind: 'payout' })], [2, 1, 1]);
  const sums = families.get('ratelink_ledger_entries_amount');
  t.same(['reward', 'reversal', 'payout'].map((kind) => sums?.metrics.find((m) => m.labels?.kind === kind)?.value), ['12.35', '-0.01', '-2.5']);
  t.same([value(families.get('ratelink_payouts'), { status: 'pending' }), value(families.get('ratelink_payouts_amount'), { status: 'pending' })], [1, 2.5]);
  t.equal(value(families.get('ratelink_clicks_total'), { outcome: 'limited' }), 1, 'the third click of the IP in a minute');
  t.equal(value(families.get('ratelink_clicks_total'), { outcome: 'counted' }), 2, 'two visitors (no cookie) stored, the third refused');
  const deliveries = families.get('ratelink_event_deliveries_total');
  t.same([value(deliveries, { kind: 'webhook', outcome: 'delivered' }), value(deliveries, { kind: 'webhook', outcome: 'retry' })], [1, 1]);
  t.equal(value(families.get('ratelink_event_queue_depth'), {}), 2, 'the retried one and the one behind it');
});

t.test('/metrics › the database out of reach: the scrape still answers, with the process figures and without the ledger gauges', async (t) => {
  const app = await build(t, { metricsPort: 0 });
  await app.inject({ url: '/healthz' });
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  Object.assign(app.repos.metricTotals, { exchangesByStatus: down, ledgerByKind: down, payoutsByStatus: down });
  Object.assign(app.repos.events, { pendingCount: down });

  const families = await scrape(app.metrics!.address().port);
  t.ok(families.has('ratelink_nodejs_eventloop_lag_seconds'), 'event-loop lag, when it matters most');
  t.equal(value(families.get('ratelink_http_requests_total'), { method: 'GET', route: '/healthz', status: '200' }), 1);
  t.same(families.get('ratelink_exchanges')?.metrics ?? [], [], 'no ledger figure rather than a wrong one');
  // prom-client writes `Nan`; Prometheus reads any case of NaN (Go's ParseFloat).
  t.match(families.get('ratelink_event_queue_depth')?.metrics[0]?.value, /^nan$/i, 'no queue depth rather than a stale one or 0');
});

t.test('/metrics › every click outcome and delivery outcome is a series at 0 from the start, so the first lost click moves rate()', async (t) => {
  const app = await build(t, { metricsPort: 0 });
  const families = await scrape(app.metrics!.address().port);
  const clicks = families.get('ratelink_clicks_total');
  t.same(['counted', 'repeat', 'bot', 'lost', 'limited'].map((outcome) => value(clicks, { outcome })), [0, 0, 0, 0, 0]);
  const deliveries = families.get('ratelink_event_deliveries_total');
  for (const kind of ['webhook', 'postback']) {
    t.same(['delivered', 'retry', 'failed'].map((outcome) => value(deliveries, { kind, outcome })), [0, 0, 0], kind);
  }
});

t.test('/metrics › malformed URLs (bad percent-encoding, as scanners send them) are requests answered too, under `unmatched`', async (t) => {
  const app = await build(t, { metricsPort: 0 });
  t.equal((await app.inject({ url: '/no/such/%E0%A4%A' })).statusCode, 400);
  t.equal((await app.inject({ url: '/service/export/xml/%E0%A4%A' })).statusCode, 404);
  t.equal((await app.inject({ url: '/ref/%E0%A4%A/' })).statusCode, 302);
  const requests = (await scrape(app.metrics!.address().port)).get('ratelink_http_requests_total');
  t.same(['400', '404', '302'].map((status) => value(requests, { method: 'GET', route: 'unmatched', status })), [1, 1, 1]);
  t.equal(requests?.metrics.filter((m) => m.labels?.route?.includes('%')).length, 0, 'never the raw URL as a label');
});

t.test('/metrics › a batch with one bad row: lost counts the one click not stored, not the batch and its retry again', async (t) => {
  const { runStatement } = await import('../helpers/tables.js');
  const app = await build(t, { metricsPort: 0 });
  const { code } = await addPartnerWithLink(app.repos, 'MetricsLost');
  // One user agent the database refuses: the batch fails, each click is retried alone.
  if (app.config.databaseUrl) {
    await runStatement(app, `CREATE FUNCTION refuse_click() RETURNS trigger AS $$ BEGIN IF NEW.user_agent = 'refused/1' THEN RAISE EXCEPTION 'bad row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await runStatement(app, 'CREATE TRIGGER refuse_click BEFORE INSERT ON clicks FOR EACH ROW EXECUTE FUNCTION refuse_click()');
  } else {
    await runStatement(app, `CREATE TRIGGER refuse_click BEFORE INSERT ON clicks WHEN NEW.user_agent = 'refused/1' BEGIN SELECT RAISE(ABORT, 'bad row'); END`);
  }
  // A first visit fills the link lookup's cache, so that the next two are written in one batch.
  await app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': GOOGLEBOT_UA } });
  const answers = await Promise.all([CHROME_UA, 'refused/1'].map((ua) => app.inject({ url: `/ref/${code}/`, headers: { 'user-agent': ua } })));
  t.same(answers.map((a) => a.statusCode), [302, 302], 'both visitors redirected');

  const families = await scrape(app.metrics!.address().port);
  t.equal(Number(families.get('ratelink_click_batch_size')?.metrics[0]?.count), 2, 'two commits: the first visit, the good row retried alone (the batch of two failed)');
  const clicks = families.get('ratelink_clicks_total');
  t.same([value(clicks, { outcome: 'bot' }), value(clicks, { outcome: 'counted' }), value(clicks, { outcome: 'lost' })], [1, 1, 1]);
});
