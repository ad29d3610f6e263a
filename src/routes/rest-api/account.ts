// Payouts (the same service as api.php add_payout), payout methods, the partner's api.php keys
// (the cabinet's "Create API Access"). Another partner's ids are a NotFound.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { ApiNotFoundError } from '../../errors.js';
import type { PayoutRow } from '../../db/repos.js';
import { decimal, formatDecimal, fromUnits } from '../../money/decimal.js';
import { cancelPayout, partnerBalance, requestPayout } from '../../services/ledger/payouts.js';
import { findOwnApiKey, issueApiKey, listApiKeys, revokeApiKey } from '../../services/partners/api-keys.js';
import { listPayouts } from '../../services/reports/reports.js';
import { AUTH_ERRORS, NOT_FOUND, SECURED, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';
import { IdParams } from '../../schemas/common.js';
import { KeyList, MethodList, NewKey, PayoutAnswer, PayoutBody, PayoutList } from '../../schemas/rest-api/account.js';
import type { RestApiClock } from './auth.js';

const iso = (unix: number) => new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
const money = (units: number | bigint) => formatDecimal(fromUnits(units));

function payoutView(row: Pick<PayoutRow, 'id' | 'methodId' | 'account' | 'status' | 'createdAt' | 'paidAt' | 'canceledAt'> & { amount: number | string }) {
  return {
    id: row.id, method_id: row.methodId, account: row.account, amount: typeof row.amount === 'number' ? money(row.amount) : row.amount,
    status: row.status, created_at: row.createdAt, created: iso(row.createdAt), paid_at: row.paidAt, canceled_at: row.canceledAt,
  };
}

export async function accountRoutes(fastify: FastifyInstance, { clock }: { clock: RestApiClock }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { ...VALIDATION_ERROR, ...AUTH_ERRORS };
  const balanceOf = async (partnerId: number) => formatDecimal((await partnerBalance(app.repos, partnerId)).balance);

  app.get('/payouts/', {
    schema: { tags: ['payouts'], summary: 'The partner\'s payouts', description: 'The latest 100 payout requests, newest first, and the balance.', security: SECURED, response: { 200: PayoutList, ...errors } },
  }, async (request) => {
    const rows = await listPayouts(app.repos, { partnerId: request.partnerId, limit: 100, offset: 0 });
    return { data: rows.map(payoutView), balance: await balanceOf(request.partnerId) };
  });

  app.post('/payouts/', {
    schema: {
      tags: ['payouts'], summary: 'Request a payout', description: 'Reserves the amount (default: the whole balance) for the method and account: the service of api.php add_payout.',
      security: SECURED, body: PayoutBody, response: { 201: PayoutAnswer, ...errors },
    },
  }, async (request, reply) => {
    const payout = await requestPayout(app.repos, {
      partnerId: request.partnerId, methodId: request.body.method_id, account: request.body.account,
      amount: request.body.amount === undefined ? undefined : decimal(request.body.amount),
    }, clock.now());
    reply.code(201);
    return { payout: payoutView({ ...payout, amount: formatDecimal(payout.amount) }), balance: await balanceOf(request.partnerId) };
  });

  app.post('/payouts/:id/cancel/', {
    schema: {
      tags: ['payouts'], summary: 'Cancel a pending payout', description: 'The amount returns to the balance. Another partner\'s payout is a NotFound.',
      security: SECURED, params: IdParams, response: { 200: PayoutAnswer, ...errors, ...NOT_FOUND },
    },
  }, async (request) => {
    if (!(await app.repos.partnerReports.findPayout(request.partnerId, request.params.id))) throw new ApiNotFoundError();
    const payout = await cancelPayout(app.repos, request.params.id, 'partner', clock.now());
    return { payout: payoutView({ ...payout, amount: formatDecimal(payout.amount) }), balance: await balanceOf(request.partnerId) };
  });

  app.get('/payout-methods/', {
    schema: { tags: ['payouts'], summary: 'Payout methods', description: 'The methods a payout may use.', security: SECURED, response: { 200: MethodList, ...errors } },
  }, async () => ({ data: (await app.repos.payoutMethods.listActive()).map((m) => ({ id: m.id, title: m.title, currency: m.currency, commission: m.commission })) }));

  app.get('/keys/', {
    schema: { tags: ['keys'], summary: 'api.php keys', description: 'The partner\'s keys of the legacy api.php: prefixes, never the keys.', security: SECURED, response: { 200: KeyList, ...errors } },
  }, async (request) => ({ data: await listApiKeys(app.repos, request.partnerId) }));

  app.post('/keys/', {
    schema: { tags: ['keys'], summary: 'Create an api.php key', description: 'The key is in this answer only.', security: SECURED, response: { 201: NewKey, ...errors } },
  }, async (request, reply) => {
    reply.code(201);
    return issueApiKey(app.repos, request.partnerId);
  });

  app.delete('/keys/:prefix/', {
    schema: {
      tags: ['keys'], summary: 'Revoke an api.php key', description: 'By its prefix. Another partner\'s key is a NotFound.',
      security: SECURED, params: Type.Object({ prefix: Type.String({ maxLength: 40 }) }), response: { 204: Type.Null(), ...errors, ...NOT_FOUND },
    },
  }, async (request, reply) => {
    const key = await findOwnApiKey(app.repos, request.partnerId, request.params.prefix);
    if (!key || key.revokedAt !== null) throw new ApiNotFoundError();
    await revokeApiKey(app.repos, key.prefix, clock.now());
    return reply.code(204).send(null);
  });
}
