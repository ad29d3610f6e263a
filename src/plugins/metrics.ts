// Prometheus metrics (docs/metrics.md), off unless RATELINK_METRICS_PORT is set, and then
// served on a listener of their own, so that /metrics never answers on the public port.
// `app.metrics` is null when off: the areas that report check it once, at registration, and
// the hot paths carry nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Registry } from 'prom-client';
import type { ClickWriter } from '../db/database.js';
import type { FeedObserver } from '../services/feeds/cache.js';
import type { IpClickLimit } from '../services/referral/ip-click-limit.js';
import { MetricsListenError } from '../startup-failure.js';

export interface AppMetrics {
  registry: Registry;
  /** The metrics listener's address (tests listen on port 0). */
  address(): AddressInfo;
  feedObserver: FeedObserver;
  /** The click writer, reporting batch sizes, commit latency and what each stored click became. */
  observeClickWriter(writer: ClickWriter): ClickWriter;
  /** Told of the clicks /ref could not store, once a failed batch's clicks were retried alone. */
  clicksLost(count: number): void;
  /** The /ref per-IP click limit, counting the clicks it refuses. */
  observeIpLimit(limit: IpClickLimit): IpClickLimit;
  /** Told of each webhook or postback attempt. */
  deliveryObserver(kind: string, outcome: 'delivered' | 'retry' | 'failed'): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics | null;
  }
}

// Latencies from a cached feed (sub-millisecond) to a slow admin import (seconds).
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export default fp(async function metrics(app) {
  const port = app.config.metricsPort;
  if (port === null) {
    app.decorate('metrics', null);
    return;
  }
  // Loaded only when metrics are on: prom-client and what it loads are 90 modules at every start.
  const [{ collectDefaultMetrics, Counter, Gauge, Histogram, Registry }, { registerLedgerTotals }] = await Promise.all([
    import('prom-client'), import('./metrics-ledger.js'),
  ]);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ratelink_' });
  const metric = { registers: [registry] };

  const requests = new Counter({ name: 'ratelink_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], ...metric });
  const latency = new Histogram({ name: 'ratelink_http_request_duration_seconds', help: 'Time from request to response, by route pattern', labelNames: ['method', 'route'], buckets: SECONDS, ...metric });
  const feedFetches = new Counter({ name: 'ratelink_feed_fetches_total', help: 'Feed documents served, by feed code, format and encoding', labelNames: ['feed', 'format', 'encoding'], ...metric });
  const rebuilds = new Histogram({ name: 'ratelink_feed_rebuild_duration_seconds', help: 'Feed rebuilds and how long each took', buckets: SECONDS, ...metric });
  const feeds = new Gauge({ name: 'ratelink_feeds', help: 'Feeds served (enabled)', ...metric });
  const clicks = new Counter({ name: 'ratelink_clicks_total', help: 'Clicks by outcome: counted, repeat (same visitor and link within 30 min), bot, lost (could not be stored), limited (refused by the per-IP limit, not stored)', labelNames: ['outcome'], ...metric });
  const batchSize = new Histogram({ name: 'ratelink_click_batch_size', help: 'Clicks per group commit', buckets: [1, 2, 5, 10, 20, 50, 100, 200], ...metric });
  const commit = new Histogram({ name: 'ratelink_click_commit_duration_seconds', help: 'Time to commit one batch of clicks durably', buckets: SECONDS, ...metric });
  const deliveries = new Counter({ name: 'ratelink_event_deliveries_total', help: 'Webhook and postback attempts by outcome: delivered, retry (will be tried again), failed (given up)', labelNames: ['kind', 'outcome'], ...metric });
  // Every outcome is a series from the start, at 0: one that appeared only with the first lost
  // click would have no earlier sample, and rate() (the alerts of docs/metrics.md) would miss it.
  for (const outcome of ['counted', 'repeat', 'bot', 'lost', 'limited']) clicks.inc({ outcome }, 0);
  for (const kind of ['webhook', 'postback']) {
    for (const outcome of ['delivered', 'retry', 'failed']) deliveries.inc({ kind, outcome }, 0);
  }
  const repos = app.repos;
  new Gauge({
    name: 'ratelink_event_queue_depth', help: 'Deliveries waiting to be sent (all instances: read from the database)', ...metric,
    async collect() {
      try {
        this.set(await repos.events.pendingCount());
      } catch (err) {
        // NaN, Prometheus' "no value": neither the last depth nor a reassuring 0.
        this.set(Number.NaN);
        app.log.warn({ err }, 'metrics: the event queue depth could not be read');
      }
    },
  });
  registerLedgerTotals(registry, repos, app.log);
  const stats = app.db.poolStats?.bind(app.db);
  if (stats) {
    new Gauge({
      name: 'ratelink_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], ...metric,
      collect() {
        const { total, idle, waiting } = stats();
        this.set({ state: 'total' }, total);
        this.set({ state: 'idle' }, idle);
        this.set({ state: 'waiting_clients' }, waiting);
      },
    });
  }

  // Route patterns, never raw URLs: the label set stays as small as the route table.
  const answered = (request: FastifyRequest, reply: FastifyReply, route: string, milliseconds: number) => {
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe({ method: request.method, route }, milliseconds / 1000);
  };
  app.addHook('onResponse', async (request, reply) => { answered(request, reply, request.routeOptions.url ?? 'unmatched', reply.elapsedTime); });
  // A malformed URL is answered through the server's frameworkErrors (server-options.ts), where
  // no hook runs and Fastify keeps no start time: counted here, timed from here.
  const answerFrameworkError = app.answerFrameworkError;
  app.answerFrameworkError = (error, request, reply) => {
    const started = performance.now();
    reply.raw.once('finish', () => answered(request, reply, 'unmatched', performance.now() - started));
    return answerFrameworkError(error, request, reply);
  };

  const server = await listenForScrapes(registry, port, app.config.metricsHost);
  // The listener has no authentication, and tells feed codes and whole-ledger sums.
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(app.config.metricsHost)) {
    app.log.warn({ host: app.config.metricsHost }, 'metrics are served without authentication on a non-loopback address: keep RATELINK_METRICS_PORT closed to everyone but the scraper (firewall)');
  }
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    registry.clear();
  });
  app.decorate('metrics', {
    registry,
    address: () => server.address() as AddressInfo,
    feedObserver: {
      fetched: (code, format, encoding) => feedFetches.inc({ feed: code, format, encoding }),
      rebuilt: (milliseconds, count) => { rebuilds.observe(milliseconds / 1000); feeds.set(count); },
    },
    deliveryObserver: (kind, outcome) => deliveries.inc({ kind, outcome }),
    observeIpLimit: (limit) => {
      const seen = (allowed: boolean) => { if (!allowed) clicks.inc({ outcome: 'limited' }); return allowed; };
      // The in-process limit answers synchronously: it stays so.
      return { take: (ip) => { const r = limit.take(ip); return typeof r === 'boolean' ? seen(r) : r.then(seen); }, isOver: (ip) => limit.isOver(ip) };
    },
    observeClickWriter: (writer) => ({
      ...writer,
      // A failed batch is not a loss yet: the recorder retries each of its clicks alone, and
      // tells clicksLost() of those that still fail.
      async write(batch) {
        const started = performance.now();
        const results = await writer.write(batch);
        commit.observe((performance.now() - started) / 1000);
        batchSize.observe(batch.length);
        results.forEach((result, i) => clicks.inc({ outcome: batch[i]!.isBot ? 'bot' : result.isRepeat ? 'repeat' : 'counted' }));
        return results;
      },
    }),
    clicksLost: (count) => clicks.inc({ outcome: 'lost' }, count),
  });
}, { name: 'metrics', dependencies: ['config', 'database', 'error-handler'] });

async function listenForScrapes(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(new MetricsListenError(error, port, host));
    server.once('error', failed);
    server.listen(port, host, () => { server.off('error', failed); resolve(); });
  });
  return server;
}
