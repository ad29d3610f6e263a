// Fastify's server options for ratelink: the logger, proxies, timeouts. Given to Fastify()
// by whoever creates the server; the app itself is the plugin in src/app.ts.
import type { Writable } from 'node:stream';
import type { FastifyHttpOptions, FastifyBaseLogger } from 'fastify';
import type { Server } from 'node:http';
import type { Config } from './config.js';
import type { LazyCompilers } from './lazy-validation.js';
import { stdSerializers } from 'pino';
import { redactSecrets, withoutQueryParameters } from './log-redaction.js';
import { lazyRequestLogger } from './request-logger.js';

export interface ServerOptions {
  /** Where log lines go; none means no logging (tests), stdout in the server. */
  logStream?: Writable | NodeJS.WritableStream;
  /** Compilers that build each route's validator and serializer on its first use. */
  validation?: LazyCompilers;
}

export function serverOptions(config: Config, { logStream, validation }: ServerOptions = {}): FastifyHttpOptions<Server, FastifyBaseLogger> {
  return {
    ...(validation ? { schemaController: { compilersFactory: { buildValidator: validation.buildValidator as never, buildSerializer: validation.buildSerializer as never } } } : {}),
    logger: logStream ? {
      level: config.logLevel,
      stream: logStream,
      serializers: {
        req: (req) => ({ method: req.method, url: redactSecrets(req.url), remoteAddress: req.ip }),
        err: (error: Error) => withoutQueryParameters(stdSerializers.err(error)),
      },
    } : false,
    // request.log becomes a pino child at its first line (src/request-logger.ts).
    ...(logStream ? { childLoggerFactory: lazyRequestLogger } : {}),
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    // Monitors and partners talk to us with long-lived keep-alive connections.
    keepAliveTimeout: 65_000,
    // What one client may hold (docs/security.md): a whole request, body included, within
    // RATELINK_REQUEST_TIMEOUT (a body trickled a byte at a time is cut off with 408), and an
    // idle socket a little longer than keep-alive. Node checks request deadlines every second.
    requestTimeout: config.requestTimeout * 1000,
    connectionTimeout: 70_000,
    http: { headersTimeout: config.requestTimeout * 1000, connectionsCheckingInterval: 1000 },
    return503OnClosing: true,
    // A malformed URL (bad percent-encoding) never reaches a route: the area that claimed the
    // prefix answers it (plugins/error-handler.ts), others get the admin error shape.
    frameworkErrors: (error, request, reply) => { reply.server.answerFrameworkError(error, request, reply); },
    // A misspelt admin field must be an error, not silently dropped.
    // keywords: OpenAPI 3.0's `example` annotates the REST API's schemas (src/schemas/rest-api/).
    ajv: { customOptions: { removeAdditional: false, keywords: ['example'] } },
  };
}

/** RATELINK_TRUST_PROXY=hops:N trusts the N proxies nearest to us. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
