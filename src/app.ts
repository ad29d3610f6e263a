// The whole ratelink app as one plugin: the named plugins it is built on, then one plugin per
// area. The server (src/server.ts), the CLI and every test build it the same way: buildApp,
// or Fastify(serverOptions(config)) and register(ratelink, { config }).
import fp from 'fastify-plugin';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import adminAuth from './plugins/admin-auth.js';
import attempts from './plugins/attempts.js';
import clickWriter from './plugins/click-writer.js';
import configPlugin from './plugins/config.js';
import database from './plugins/database.js';
import errorHandler from './plugins/error-handler.js';
import events from './plugins/events.js';
import feedCache from './plugins/feed-cache.js';
import metrics from './plugins/metrics.js';
import jobs from './plugins/jobs.js';
import redis from './plugins/redis.js';
import securityHeaders from './plugins/security-headers.js';
import visitors from './plugins/visitors.js';
import adminRoutes from './routes/admin/index.js';
import demoSiteRoutes from './routes/demo-site.js';
import exportRoutes from './routes/export.js';
import healthRoutes from './routes/health.js';
import introduceRoutes from './routes/introduce.js';
import partnerApiRoutes from './routes/partner-api.js';
import partnerCabinet from './routes/partner-cabinet/index.js';
import refRoutes from './routes/ref.js';
import restApiRoutes from './routes/rest-api/index.js';
import { warnOnUntrustedForwarding } from './proxy-warning.js';
import { lazyCompilers } from './lazy-validation.js';
import { serverOptions, type ServerOptions } from './server-options.js';

export interface AppOptions {
  config: Config;
}

export const ratelink = fp<AppOptions>(async function ratelink(app, { config }) {
  await app.register(configPlugin, { config });
  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(database);
  await app.register(redis);
  await app.register(attempts);
  await app.register(metrics);
  await app.register(jobs);
  await app.register(visitors);
  await app.register(clickWriter);
  await app.register(feedCache);
  await app.register(adminAuth);
  await app.register(events);
  warnOnUntrustedForwarding(app);

  await app.register(healthRoutes);
  await app.register(refRoutes);
  await app.register(exportRoutes);
  await app.register(partnerApiRoutes);
  await app.register(restApiRoutes);
  await app.register(introduceRoutes);
  await app.register(adminRoutes, { prefix: '/admin' });
  await app.register(partnerCabinet, { prefix: '/partner' });
  if (config.demo) await app.register(demoSiteRoutes);
}, { name: 'ratelink', fastify: '5.x' });

/** A Fastify server with ratelink's server options, ready to register plugins on. */
export function createServer(config: Config, options: ServerOptions = {}): FastifyInstance {
  // Route schemas compile on first use (start-up time; src/lazy-validation.ts).
  const server = Fastify(serverOptions(config, { ...options, validation: lazyCompilers }));
  // What one client may hold (docs/security.md): connections past the limit are closed.
  server.server.maxConnections = config.maxConnections;
  return server;
}

/** The app, ready: what the CLI and the tests use. */
export async function buildApp(config: Config, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = createServer(config, options);
  await app.register(ratelink, { config });
  await app.ready();
  return app;
}
