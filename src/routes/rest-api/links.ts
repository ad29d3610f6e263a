// The partner's promotion links (issue 16): list, create, read, change, archive, and one link's
// numbers by day. The rules are the promotion-links service's; here only the HTTP shape. Another
// partner's code is a NotFound, exactly as an unknown one (the service says "not found").
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  archivePromotionLink, createPromotionLink, getPromotionLink, listPromotionLinks, promotionLinkStats, updatePromotionLink,
} from '../../services/promotion-links/links.js';
import { AUTH_ERRORS, NOT_FOUND, SECURED, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';
import { jsonOrCsv } from '../../schemas/rest-api/reports.js';
import { LinkList, LinkListQuery, LinkParams, LinkPatchBody, LinkStatsQuery, LinkStatsReply, LinkView, NewLinkBody } from '../../schemas/rest-api/links.js';
import type { RestApiClock } from './auth.js';
import { periodOf } from './period.js';
import { answer } from './answer.js';

const STATS_COLUMNS = ['date', 'clicks', 'exchanges', 'successful', 'earnings', 'conversion'] as const;

const TARGET_TAKEN = 'another of your links that is not archived has this `target_url` and `parameter_type` (under `errors.target_url`)';
const CONFLICT = {
  409: { ...VALIDATION_ERROR[400], example: { detail: 'Bad request', code: 'ValidationError', errors: { code: ['Referral code spring-promo is already taken'] } }, description: `ValidationError: the code is taken (under \`errors.code\`), or ${TARGET_TAKEN}` },
};
const TARGET_CONFLICT = {
  409: { ...VALIDATION_ERROR[400], example: { detail: 'Bad request', code: 'ValidationError', errors: { target_url: ['Another link of the partner already has the target /rules with this parameter type'] } }, description: `ValidationError: ${TARGET_TAKEN}` },
};
const INVALID = {
  400: {
    ...VALIDATION_ERROR[400],
    example: { detail: 'Bad request', code: 'ValidationError', errors: { target_url: ['The target must be a page of https://exchanger.example: another site, userinfo or control characters are refused'] } },
    description: 'ValidationError: a field (under `errors`: an off-site target names the allowed origin), or the link limit (under `errors.non_field_errors`); ParseError: malformed JSON',
  },
};

/** The view of a link, as GET /api/links/ listed it before promotion links (`kind` kept). */
const shown = <T extends object>(view: T) => ({ ...view, kind: 'referral' as const });

export async function linkRoutes(fastify: FastifyInstance, { clock }: { clock: RestApiClock }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const schema = <T extends object>(summary: string, description: string, rest: T) => ({ tags: ['links'], summary, description, security: SECURED, ...rest });

  app.get('/links/', {
    schema: schema('Links', 'The partner\'s links, oldest first, with their URLs; archived ones only with `archived=1`.', {
      querystring: LinkListQuery, response: { 200: LinkList, ...VALIDATION_ERROR, ...AUTH_ERRORS },
    }),
  }, async (request) => {
    const archived = request.query.archived === '1' || request.query.archived === 'true';
    return { data: (await listPromotionLinks(app.repos, app.config, request.partnerId, { archived })).map(shown) };
  });

  app.post('/links/', {
    schema: schema('Create a link', 'A named link with its own code (generated when absent) and target: the home page (no target), an exchange '
      + 'direction (`cur_from` and `cur_to`) or a page of the operator\'s site (`target_url`). At most RATELINK_PARTNER_LINK_LIMIT links that are not archived.', {
      body: NewLinkBody, response: { 201: LinkView, ...INVALID, ...CONFLICT, ...AUTH_ERRORS },
    }),
  }, async (request, reply) => {
    const link = await createPromotionLink(app.repos, app.config, request.partnerId, request.body, clock.now());
    return reply.code(201).send(shown(link));
  });

  app.get('/links/:code/', {
    schema: schema('A link', 'One of the partner\'s links by its code. Another partner\'s code is a NotFound.', {
      params: LinkParams, response: { 200: LinkView, ...AUTH_ERRORS, ...NOT_FOUND },
    }),
  }, async (request) => shown(await getPromotionLink(app.repos, app.config, request.partnerId, request.params.code)));

  app.patch('/links/:code/', {
    schema: schema('Change a link', 'Name, target, visibility, parameter type: only the fields sent change. `visibility: archived` archives it; '
      + 'un-archiving counts against the link limit again.', {
      params: LinkParams, body: LinkPatchBody, response: { 200: LinkView, ...INVALID, ...TARGET_CONFLICT, ...AUTH_ERRORS, ...NOT_FOUND },
    }),
  }, async (request) => shown(await updatePromotionLink(app.repos, app.config, request.partnerId, request.params.code, request.body, clock.now())));

  app.post('/links/:code/archive/', {
    schema: schema('Archive a link', 'Out of the list and of the link limit; the link keeps redirecting and counting its visitors. The same as PATCH `visibility: archived`.', {
      params: LinkParams, response: { 200: LinkView, ...AUTH_ERRORS, ...NOT_FOUND },
    }),
  }, async (request) => shown(await archivePromotionLink(app.repos, app.config, request.partnerId, request.params.code, clock.now())));

  app.get('/links/:code/stats/', {
    config: { csv: true },
    schema: schema('A link\'s numbers by day', 'Counted clicks, attributed exchanges, successful ones, their rewards and the conversion per UTC day '
      + 'with activity in the period (`from`, `to`; default the last 30 days), and the totals. JSON, or CSV with `Accept: text/csv` or `?format=csv`.', {
      params: LinkParams, querystring: LinkStatsQuery, produces: ['application/json', 'text/csv'],
      response: { 200: jsonOrCsv(LinkStatsReply), ...VALIDATION_ERROR, ...AUTH_ERRORS, ...NOT_FOUND },
    }),
  }, async (request, reply) => {
    const period = periodOf(request.query, clock.now());
    const stats = await promotionLinkStats(app.repos, request.partnerId, request.params.code, period);
    return answer(request, reply, STATS_COLUMNS, stats.days, { ...stats.totals, ...period }, { code: stats.code });
  });
}
