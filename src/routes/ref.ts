// GET/HEAD /ref/:code: record the click, remember the visitor, redirect to the site.
// Whatever the input, the visitor is redirected: there is no error page on this path.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { throttledLog } from '../log-throttle.js';
import { RefParams, RefQuery, RefWildcardParams } from '../schemas/referral.js';
import { createClickRecorder } from '../services/referral/click-recorder.js';
import { createIpClickLimit, createSharedIpClickLimit, type IpClickLimit } from '../services/referral/ip-click-limit.js';
import { createReferralFollower } from '../services/referral/follow.js';
import { createReferralLookup } from '../services/referral/lookup.js';

const LOG_INTERVAL_MS = 10_000;

export default fp(async function refRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, repos } = app;

  // During an outage every visitor meets the same error: a line at once, then one per interval.
  const unstored = throttledLog<unknown>(LOG_INTERVAL_MS, (err, clicks) => app.log.error({ err, clicks }, 'clicks could not be stored; visitors were redirected'));
  const lookupFailed = throttledLog<unknown>(LOG_INTERVAL_MS, (err, failures) => app.log.error({ err, failures }, 'referral lookups failed; visitors were redirected by the query alone'));
  const recorder = createClickRecorder(app.clickWriter.write, {
    onError: (err, clicks) => {
      unstored.call(err, clicks);
      app.metrics?.clicksLost(clicks);
    },
  });
  // This plugin depends on the click writer, so it closes first: no batch is left behind.
  app.addHook('onClose', async () => {
    await recorder.close();
    unstored.flush();
    lookupFailed.flush();
  });
  // A malformed /ref URL matches no route; the visitor is still sent to the site.
  app.claimBadUrls(/^\/ref(\/|$|\?)/, (_request, reply) => reply.header('cache-control', 'no-store').redirect(`${config.siteUrl}/`, 302));

  const observed = (limit: IpClickLimit) => app.metrics?.observeIpLimit(limit) ?? limit;
  const followReferral = createReferralFollower({
    config,
    lookup: createReferralLookup(repos),
    recorder,
    // Several instances (Redis) count together; the Redis client logs an outage once.
    ipLimit: observed(app.redis ? createSharedIpClickLimit(config.clickIpLimit, app.attempts) : createIpClickLimit(config.clickIpLimit)),
    visitors: app.visitors,
    onLookupError: (err) => lookupFailed.call(err),
  });
  const home = `${new URL(config.siteUrl).origin}/`;
  // The cookie library directly, not the Fastify plugin: its hooks would parse and serialise
  // cookies on every request, and this route reads one cookie and sets one.
  const visitorCookie = (value: string) => stringifySetCookie({
    name: config.cookieName,
    value,
    httpOnly: true,
    sameSite: 'lax',
    secure: config.siteUrl.startsWith('https:'),
    path: '/',
    maxAge: config.cookieDays * 86_400,
  });

  async function follow(request: FastifyRequest, reply: FastifyReply, code: string) {
    const queryAt = request.url.indexOf('?');
    const outcome = await followReferral({
      recordClick: request.method === 'GET',
      code,
      rawQuery: queryAt === -1 ? '' : request.url.slice(queryAt + 1),
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      referrer: request.headers.referer,
      visitorCookie: request.headers.cookie === undefined ? undefined : parseCookie(request.headers.cookie)[config.cookieName],
      time: Math.floor(Date.now() / 1000),
    });
    if (outcome.cookie) reply.header('set-cookie', visitorCookie(outcome.cookie));
    return reply.header('cache-control', 'no-store').redirect(outcome.location, 302);
  }

  // A visitor never sees an error here: anything unexpected is logged and sent home.
  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'referral redirect failed');
    return reply.header('cache-control', 'no-store').redirect(home, 302);
  });

  const common = { method: ['GET', 'HEAD'] as Array<'GET' | 'HEAD'>, logLevel: 'warn' as const };
  app.route({
    ...common, url: '/ref/:code', schema: { params: RefParams, querystring: RefQuery },
    handler: (request, reply) => follow(request, reply, request.params.code),
  });
  // Codes with slashes and the bare /ref/ can not be issued codes: redirect, record nothing.
  app.route({
    ...common, url: '/ref/*', schema: { params: RefWildcardParams, querystring: RefQuery },
    handler: (request, reply) => follow(request, reply, request.params['*']),
  });
  app.route({ ...common, url: '/ref', schema: { querystring: RefQuery }, handler: (request, reply) => follow(request, reply, '') });
}, { name: 'ref', dependencies: ['config', 'attempts', 'click-writer', 'error-handler'], encapsulate: true });
