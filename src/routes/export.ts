// GET/HEAD /service/export/{xml,json,txt}/:code — the rate feeds monitors poll every few seconds.
// Hot path: a Map lookup, a cached Accept-Encoding decision, counters, a prebuilt Buffer.
// No logging per request, no SQLite, no serialisation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ExportParams } from '../schemas/feeds.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FEED_FORMATS } from '../export/types.js';
import type { Representation, Variant } from '../services/feeds/representation.js';
import { chooseEncoding, isNotModified } from './export-http.js';

export default fp(async function exportRoutes(app: FastifyInstance) {
  // A feed code too long or badly encoded is just an unknown code to a monitor.
  app.claimBadUrls(/^\/service\/export\//, (_request, reply) => notFound(reply));
  // Monitors poll every few seconds: no log line per request, 404s included.
  await app.register(feedRoutes, { prefix: '/service/export', logLevel: 'warn' });
}, { name: 'export', dependencies: ['feed-cache', 'error-handler'], encapsulate: true });

async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cache = app.feedCache;

  // Unknown or disabled codes, malformed or over-long paths: 404 with a short text, always
  // (a real fetcher reports an empty 404 as a robot check).
  app.setNotFoundHandler((_request, reply) => {
    notFound(reply);
  });
  // A bad :code can only be unknown; a fault of ours is a bare 500, logged, never a stack trace.
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      notFound(reply);
      return;
    }
    request.log.error({ err: error }, 'feed request failed');
    reply.code(500).header('cache-control', 'no-cache').send();
  });

  for (const format of FEED_FORMATS) {
    app.get(`/${format}/:code`, { logLevel: 'warn', schema: { params: ExportParams } }, (request, reply) => {
      const entry = cache.lookup(request.params.code);
      if (!entry) {
        notFound(reply);
        return;
      }
      const representation = entry[format];
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      cache.recordFetch(request.params.code, request.ip, format, encoding);
      const variant = representation.variants[encoding];
      if (variant) {
        respond(request, reply, representation, variant);
        return;
      }
      // The first request for a form nobody fetched lately: compressed now, once.
      return representation.variant(encoding).then((made) => respond(request, reply, representation, made));
    });
  }
}

function respond(request: FastifyRequest, reply: FastifyReply, representation: Representation, variant: Variant): FastifyReply {
  const { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = request.headers;
  if ((ifNoneMatch !== undefined || ifModifiedSince !== undefined) && isNotModified(ifNoneMatch, ifModifiedSince, representation, variant)) {
    return reply.code(304).headers(variant.notModifiedHeaders).send();
  }
  return reply.headers(variant.headers).send(variant.body);
}

export function notFound(reply: FastifyReply) {
  return reply.code(404).header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send(UNKNOWN_FEED);
}

const UNKNOWN_FEED = 'Unknown feed\n';
