// The partner's own webhook endpoints and postback templates: the services of the admin API's
// /admin/webhooks with the partner as owner, so a partner's endpoint takes only that partner's
// events and another partner's id (or a postback's id under /webhooks/) is a NotFound.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { EventEndpointRow } from '../../db/repos.js';
import {
  createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, ownEndpoint, replay, rotateSecret, updateEndpoint,
} from '../../services/events/endpoints.js';
import { AUTH_ERRORS, NOT_FOUND, SECURED, VALIDATION_ERROR } from '../../schemas/rest-api/common.js';
import { DeliveryList, EndpointList, EndpointPatch, EndpointView, PostbackBody, ReplayBody, ReplayReply, WebhookBody } from '../../schemas/rest-api/webhooks.js';
import type { RestApiClock } from './auth.js';
import { IdParams } from '../../schemas/common.js';

const errors = { ...VALIDATION_ERROR, ...AUTH_ERRORS };
const byId = { ...errors, ...NOT_FOUND };

const AREAS = {
  webhook: { path: '/webhooks/', tag: 'webhooks', name: 'webhook endpoint', body: WebhookBody },
  postback: { path: '/postbacks/', tag: 'postbacks', name: 'postback', body: PostbackBody },
} as const;

export async function webhookRoutes(fastify: FastifyInstance, { clock }: { clock: RestApiClock }) {
  for (const kind of ['webhook', 'postback'] as const) await endpointRoutes(fastify, kind, clock);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/webhooks/:id/rotate-secret/', {
    schema: {
      tags: ['webhooks'], summary: 'A new signing secret', description: 'The old secret stops signing at once; the new one is in this answer only.',
      security: SECURED, params: IdParams, response: { 200: EndpointView, ...byId },
    },
  }, async (request) => {
    await ownEndpoint(app.repos, request.partnerId, request.params.id, 'webhook');
    return rotateSecret(app.repos, request.partnerId, request.params.id, clock.now());
  });
  app.post('/webhooks/:id/replay/', {
    schema: {
      tags: ['webhooks'], summary: 'Send events again',
      description: 'One event (`event_id`) or every event of a period (`from`, `to`) the endpoint takes, queued again with their original `webhook-id`.',
      security: SECURED, params: IdParams, body: ReplayBody, response: { 202: ReplayReply, ...byId },
    },
  }, async (request, reply) => {
    await ownEndpoint(app.repos, request.partnerId, request.params.id, 'webhook');
    const { event_id: eventId, from, to } = request.body;
    return reply.code(202).send(await replay(app.repos, request.partnerId, request.params.id, { eventId, from, to }, clock.now()));
  });
}

async function endpointRoutes(fastify: FastifyInstance, kind: EventEndpointRow['kind'], clock: RestApiClock) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { path, tag, name, body } = AREAS[kind];
  const own = (partnerId: number, id: number) => ownEndpoint(app.repos, partnerId, id, kind);

  app.get(path, {
    schema: { tags: [tag], summary: `Your ${name}s`, description: 'With their state: `enabled`, `failing`, `disabled_reason`. Never the secret.', security: SECURED, response: { 200: EndpointList, ...errors } },
  }, async (request) => ({ data: await listEndpoints(app.repos, request.partnerId, kind) }));

  app.post(path, {
    schema: {
      tags: [tag], summary: `Add a ${name}`,
      description: kind === 'webhook' ? 'Signed Standard Webhooks with your events only. The `secret` (whsec_…) is in this answer only.' : 'A GET of your tracker\'s URL template with the exchange\'s values.',
      security: SECURED, body, response: { 201: EndpointView, ...errors },
    },
  }, async (request, reply) => reply.code(201).send(await createEndpoint(app.repos, app.config, request.partnerId, kind, request.body, clock.now())));

  app.patch(`${path}:id/`, {
    schema: { tags: [tag], summary: `Change, pause or enable a ${name}`, security: SECURED, params: IdParams, body: EndpointPatch, response: { 200: EndpointView, ...byId } },
  }, async (request) => {
    await own(request.partnerId, request.params.id);
    return updateEndpoint(app.repos, app.config, request.partnerId, request.params.id, request.body, clock.now());
  });

  app.delete(`${path}:id/`, {
    schema: { tags: [tag], summary: `Delete a ${name}`, description: 'With its delivery log; what was queued for it is not sent.', security: SECURED, params: IdParams, response: { 204: Type.Null(), ...byId } },
  }, async (request, reply) => {
    await own(request.partnerId, request.params.id);
    await deleteEndpoint(app.repos, request.partnerId, request.params.id);
    return reply.code(204).send(null);
  });

  app.get(`${path}:id/deliveries/`, {
    schema: { tags: [tag], summary: 'The delivery log', description: 'The latest 100 deliveries, newest first: status, attempts, the last HTTP status or error.', security: SECURED, params: IdParams, response: { 200: DeliveryList, ...byId } },
  }, async (request) => {
    await own(request.partnerId, request.params.id);
    return { data: await listDeliveries(app.repos, request.partnerId, request.params.id) };
  });
}
