// The admin API's error shape, {"error":{"code","message"}}, for every error that reaches the
// root: ours from the catalogue, Fastify's own mapped to catalogue codes, anything else a 500
// whose details stay in the log. Areas with legacy clients (api.php, /ref, the feeds) set
// their own handlers; a malformed URL, which matches no route, is answered by the area that
// claimed its prefix (`app.claimBadUrls`).
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromFrameworkError, InternalError, isHttpError, RouteNotFoundError } from '../errors.js';
import { describeValidation } from '../schemas/validation-messages.js';

type BadUrlAnswer = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

declare module 'fastify' {
  interface FastifyInstance {
    /** An area answers the malformed URLs under its prefix itself (a redirect, a bare 404). */
    claimBadUrls(prefix: RegExp, answer: BadUrlAnswer): void;
    /** For the server's frameworkErrors option: the claiming area's answer, or an error reply. */
    answerFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply;
  }
}

export function errorBody(error: { code: string; message: string }) {
  return { error: { code: error.code, message: error.message } };
}

export default fp(async function errorHandler(app) {
  const claims: Array<{ prefix: RegExp; answer: BadUrlAnswer }> = [];
  app.decorate('claimBadUrls', (prefix: RegExp, answer: BadUrlAnswer) => { claims.push({ prefix, answer }); });
  app.decorate('answerFrameworkError', (error: Error, request: FastifyRequest, reply: FastifyReply) => {
    const claim = claims.find(({ prefix }) => prefix.test(request.url));
    if (claim) return claim.answer(request, reply);
    const mapped = fromFrameworkError(error);
    const known = isHttpError(mapped) ? mapped : new InternalError();
    return reply.code(known.statusCode ?? 500).send(errorBody(known));
  });

  app.setSchemaErrorFormatter(describeValidation);
  app.setErrorHandler((error, request, reply) => {
    const mapped = fromFrameworkError(error);
    // Below 500, and 503 (the database is unreachable for now: health checks and clients retry).
    if (isHttpError(mapped) && (mapped.statusCode < 500 || mapped.statusCode === 503)) return reply.code(mapped.statusCode).send(errorBody(mapped));
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody(new InternalError()));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(new RouteNotFoundError(request.method, request.url.split('?')[0])));
  });
}, { name: 'error-handler' });
