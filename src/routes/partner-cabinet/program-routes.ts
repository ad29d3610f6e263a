// GET /partner/program (links with their numbers for a period, and the link builder) and
// /partner/api (keys): the partner's own links and keys only; another partner's key prefix answers 404.
import type { FastifyInstance } from 'fastify';
import { choosePeriod, type PeriodQuery } from '../../services/cabinet/period.js';
import { isHttpError } from '../../errors.js';
import { ACTIVE_KEYS_PER_PARTNER, findOwnApiKey, issueApiKey, listApiKeys, revokeApiKey } from '../../services/partners/api-keys.js';
import { linkNumbersView, promotionLinksNumbers } from '../../services/promotion-links/numbers.js';
import { promotionLinkView } from '../../services/promotion-links/view.js';
import { referralUrl } from '../../services/partners/partners.js';
import { pageContext, partnerIdOf, redirectedNotice, redirectedSubject, redirectWithNotice, sendPage } from './context.js';
import { carryOnce, takeOnce } from './shown-once.js';
import { notFound } from './not-found.js';
import { apiPage } from './views/api.js';
import { programPage } from './views/program.js';

const unixNow = () => Math.floor(Date.now() / 1000);
type BuilderQuery = PeriodQuery & { link?: string; cur_from?: string; cur_to?: string };

export default async function programRoutes(app: FastifyInstance) {
  const { repos, config } = app;

  app.get<{ Querystring: BuilderQuery }>('/program', async (request, reply) => {
    const partnerId = partnerIdOf(request);
    const now = unixNow();
    const chosen = choosePeriod(request.query, now, config.timeZone);
    const period = chosen ?? choosePeriod({}, now, config.timeZone)!;
    const [rows, numbers] = await Promise.all([repos.links.listByPartner(partnerId), promotionLinksNumbers(repos, partnerId, period)]);
    // The partnership link and the builder's links: those that bring clients now (not disabled
    // by the operator, not an agent link, not archived), listed ones first.
    const links = rows.filter((row) => row.disabledAt === null && row.linkType === 'client' && row.visibility !== 'archived')
      .map((row) => ({ row, url: referralUrl(config, row.code) }));
    const primary = links.find((l) => l.row.visibility === 'listed') ?? links[0];
    const numbersOf = new Map(numbers.map(({ code, ...n }) => [code, n]));
    // A link created between the two reads has no numbers yet: zeros.
    const none = linkNumbersView({ clicks: 0, exchanges: 0, successful: 0, earnings: 0n });
    const table = rows.map((row) => ({ link: promotionLinkView(config, row), numbers: numbersOf.get(row.code) ?? none }));
    const pairs = new Set(await repos.clicks.listActivePairs());
    const split = [...pairs].map((p) => p.split('>') as [string, string]);
    const currencies = { from: [...new Set(split.map(([f]) => f))].sort(), to: [...new Set(split.map(([, to]) => to))].sort() };
    const { cur_from: from, cur_to: to } = request.query;
    const builder: { link?: string; from?: string; to?: string; url?: string; error?: boolean } = { link: request.query.link, from, to };
    let status = chosen === null ? 400 : 200;
    if (from !== undefined || to !== undefined) {
      const link = links.find((l) => l.row.code === request.query.link) ?? primary;
      if (link && from && to && pairs.has(`${from}>${to}`)) {
        builder.url = `${link.url}?cur_from=${encodeURIComponent(from)}&cur_to=${encodeURIComponent(to)}`;
      } else {
        builder.error = true;
        status = 400;
      }
    }
    const periodView = { period, periodError: chosen === null, custom: { from: request.query.from, to: request.query.to } };
    return sendPage(reply, programPage(pageContext(request, reply), { links, primary, table, ...periodView, currency: config.rewardCurrency, currencies, builder }), status);
  });

  const apiUrl = `${config.siteUrl}/service/partner/api.php`;
  app.get('/api', async (request, reply) => {
    const keys = await listApiKeys(repos, partnerIdOf(request));
    const created = redirectedSubject(request, 'key_created');
    const newKey = takeOnce(request, reply, 'api_key', created, unixNow()) ?? undefined;
    const notice = created === null ? redirectedNotice(request, ['key_revoked'])
      : { kind: 'info' as const, text: request.cabinet.tr.t(newKey ? 'key_created' : 'key_created_gone', { id: created }) };
    return sendPage(reply, apiPage(pageContext(request, reply, notice), { keys: keys.reverse(), newKey, apiUrl }));
  });

  // A redirect (a reload never creates another key); the key goes to that page once (shown-once.ts).
  app.post('/api/keys', async (request, reply) => {
    const partnerId = partnerIdOf(request);
    const issued = await issueApiKey(repos, partnerId).catch((error: unknown) => {
      if (isHttpError(error) && error.statusCode === 422) return null; // the most active keys
      throw error;
    });
    if (!issued) {
      const keys = await listApiKeys(repos, partnerId);
      const notice = { kind: 'error' as const, text: request.cabinet.tr.t('keys_too_many', { max: ACTIVE_KEYS_PER_PARTNER }) };
      return sendPage(reply, apiPage(pageContext(request, reply, notice), { keys: keys.reverse(), apiUrl }), 422);
    }
    carryOnce(request, reply, 'api_key', issued.prefix, issued.api_key, unixNow());
    return redirectWithNotice(reply, '/partner/api', 'key_created', issued.prefix);
  });

  app.post<{ Params: { prefix: string } }>('/api/keys/:prefix/revoke', async (request, reply) => {
    const partnerId = partnerIdOf(request);
    const key = await findOwnApiKey(repos, partnerId, request.params.prefix);
    if (!key) return notFound(request, reply);
    if (key.revokedAt === null) await revokeApiKey(repos, key.prefix, unixNow());
    return redirectWithNotice(reply, '/partner/api', 'key_revoked', key.prefix);
  });
}
