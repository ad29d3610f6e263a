// The operator's side of partners' cabinet accounts: invitations, approval of sign-ups,
// password-reset links and "sign out everywhere" (docs/partner-cabinet-operator.md).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { approvePartner, invitePartner, passwordResetLink } from '../../services/accounts/accounts.js';
import { endAllSessions } from '../../services/accounts/sessions.js';
import { getPartner } from '../../services/partners/partners.js';
import { IdParams } from '../../schemas/common.js';

const InviteBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 254, description: 'an email address (checked by the service, for the CLI too)' })) }, { additionalProperties: false });
const unixNow = () => Math.floor(Date.now() / 1000);

export default async function partnerAccountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/partners/:id/invite', { schema: { params: IdParams, body: InviteBody } }, async (request, reply) => {
    return reply.code(201).send(await invitePartner(repos, config, request.params.id, unixNow(), request.body.email));
  });

  app.post('/partners/:id/password-reset', { schema: { params: IdParams } }, async (request, reply) => {
    return reply.code(201).send(await passwordResetLink(repos, config, request.params.id, unixNow()));
  });

  app.post('/partners/:id/approve', { schema: { params: IdParams } }, async (request) => approvePartner(repos, request.params.id));

  app.post('/partners/:id/sign-out', { schema: { params: IdParams } }, async (request) => {
    await getPartner(repos, request.params.id);
    await endAllSessions(repos, request.params.id, unixNow());
    return { partner_id: request.params.id, signed_out: true };
  });
}
