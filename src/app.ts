// buildApp(config) builds the whole ratelink server: the server entry, the CLI and every
// test use it. Process concerns (listen, signals) stay in server.ts.
import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { createRepos, type Repos } from './db/repos/index.js';
import { isHttpError } from './errors.js';
import { redactSecrets } from './log-redaction.js';
import { createLazyValidation } from './lazy-validation.js';
import { warnOnUntrustedForwarding } from './proxy-warning.js';
import { createFeedCache, type FeedCache } from './services/feed-cache.js';
import adminRoutes from './routes/admin/index.js';
import exportRoutes, { notFound } from './routes/export.js';
import demoSiteRoutes from './routes/demo-site.js';
import healthRoutes from './routes/health.js';
import partnerApiRoutes from './routes/partner-api.js';
import refRoutes from './routes/ref.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    repos: Repos;
    feedCache: FeedCache;
  }
}

export interface BuildOptions {
  /** Where log lines go; none means no logging (tests), stdout in the server. */
  logStream?: Writable | NodeJS.WritableStream;
  /** Adds routes before the app is sealed (benchmarks' baseline routes). */
  extend?: (app: FastifyInstance) => Promise<void> | void;
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const validation = createLazyValidation();
  const app = Fastify({
    schemaController: { compilersFactory: { buildValidator: validation.buildValidator as never, buildSerializer: validation.buildSerializer as never } },
    logger: options.logStream ? {
      level: config.logLevel,
      stream: options.logStream,
      serializers: {
        req: (req) => ({ method: req.method, url: redactSecrets(req.url), remoteAddress: req.ip }),
      },
    } : false,
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    // Monitors and partners talk to us with long-lived keep-alive connections.
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    // A malformed URL (bad percent-encoding) never reaches a route: a referral visitor is
    // still sent to the site (issue 3); other clients get the admin error shape.
    frameworkErrors: (error, request, reply) => {
      if (/^\/ref(\/|$|\?)/.test(request.url)) return reply.header('cache-control', 'no-store').redirect(`${config.siteUrl}/`, 302);
      // A feed code too long or badly encoded is just an unknown code to a monitor (issue 4).
      if (request.url.startsWith('/service/export/')) return notFound(reply as FastifyReply);
      return (reply as FastifyReply).code(error.statusCode ?? 400).send({ error: { code: error.code, message: error.message } });
    },
    // A misspelt admin field must be an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const database = openDatabase(config.dbPath);
  app.decorate('config', config);
  app.decorate('db', database);
  app.decorate('repos', createRepos(database.db));
  app.addHook('onClose', async () => database.close());
  // Feeds are built once per change and served from memory (issue 4). Its onClose runs
  // before the database's (hooks close in reverse order) to flush the fetch statistics.
  app.decorate('feedCache', createFeedCache({ repos: app.repos, forceMaintenance: config.maintenance, log: app.log }));
  app.addHook('onReady', async () => app.feedCache.start());
  app.addHook('onReady', async () => { setImmediate(validation.compileRest).unref(); });
  app.addHook('onClose', async () => app.feedCache.close());

  // The admin API's error shape; areas with legacy clients install their own handler.
  app.setErrorHandler((error, request, reply) => {
    if (isHttpError(error) && error.statusCode < 500) {
      const code = error.validation ? 'RL_VALIDATION' : error.code;
      return reply.code(error.statusCode).send({ error: { code, message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'RL_INTERNAL', message: 'Internal error' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'RL_NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` } });
  });

  warnOnUntrustedForwarding(app as unknown as FastifyInstance);
  await app.register(healthRoutes);
  await app.register(refRoutes);
  await app.register(exportRoutes);
  await app.register(partnerApiRoutes);
  await app.register(adminRoutes, { prefix: '/admin' });
  if (config.demo) await app.register(demoSiteRoutes);
  if (options.extend) await options.extend(app as unknown as FastifyInstance);
  await app.ready();
  return app as unknown as FastifyInstance;
}

/** RATELINK_TRUST_PROXY=hops:N trusts the N proxies nearest to us. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
