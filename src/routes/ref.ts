// GET/HEAD /ref/:code: record the click, remember the visitor, redirect to the site.
// Whatever the input, the visitor is redirected: there is no error page on this path.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createClickRecorder } from '../services/click-recorder.js';
import { createIpClickLimit } from '../services/ip-click-limit.js';
import { CLICK_WINDOW_SECONDS, createReferralFollower } from '../services/referral.js';
import { createReferralLookup } from '../services/referral-lookup.js';

const RefParams = Type.Object({ code: Type.String({ description: 'Referral code, case-sensitive as issued' }) });
const RefWildcardParams = Type.Object({ '*': Type.String() });
// Documentation only: the raw query string is parsed by the service, which never rejects.
const RefQuery = Type.Object({
  cur_from: Type.Optional(Type.Unknown({ description: 'Currency code to give, e.g. PMUSD' })),
  cur_to: Type.Optional(Type.Unknown({ description: 'Currency code to get, e.g. BTC' })),
}, { additionalProperties: true });

export default async function refRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, repos } = app;

  const writer = app.db.createClickWriter({
    windowSeconds: CLICK_WINDOW_SECONDS,
    onThreadError: (err) => app.log.error({ err }, 'click writer thread failed; writing clicks in the main thread'),
  });
  const recorder = createClickRecorder(writer.write, {
    onError: (err, clicks) => app.log.error({ err, clicks }, 'clicks could not be stored; visitors were redirected'),
  });
  // Registered inside this plugin, so it runs before the root closes the database.
  app.addHook('onClose', async () => {
    await recorder.close();
    await writer.close();
  });

  const followReferral = createReferralFollower({
    config,
    lookup: createReferralLookup(repos),
    recorder,
    ipLimit: createIpClickLimit(config.clickIpLimit),
  });
  const home = `${new URL(config.siteUrl).origin}/`;
  // The cookie library directly, not the Fastify plugin: its hooks would parse and serialise
  // cookies on every request, and this route reads one cookie and sets one.
  const visitorCookie = (userHash: string) => stringifySetCookie({
    name: config.cookieName,
    value: userHash,
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
    if (outcome.userHash) reply.header('set-cookie', visitorCookie(outcome.userHash));
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
}
