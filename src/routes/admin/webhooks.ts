// The operator's webhook endpoints: every event, signed (Standard Webhooks). docs/webhooks.md.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, replay, rotateSecret, updateEndpoint } from '../../services/events/endpoints.js';
import { DeliveryReply, EndpointBody, EndpointPatchBody, EndpointReply, ReplayBody } from '../../schemas/events.js';
import { IdParams } from '../../schemas/common.js';

const OPERATOR = null;
const now = () => Math.floor(Date.now() / 1000);

export default async function webhookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;

  app.post('/webhooks', { schema: { body: EndpointBody, response: { 201: EndpointReply } } }, async (request, reply) => {
    return reply.code(201).send(await createEndpoint(repos, config, OPERATOR, 'webhook', request.body, now()));
  });
  app.get('/webhooks', { schema: { response: { 200: Type.Object({ items: Type.Array(EndpointReply) }) } } }, async () => {
    return { items: await listEndpoints(repos, OPERATOR) };
  });
  app.patch('/webhooks/:id', { schema: { params: IdParams, body: EndpointPatchBody, response: { 200: EndpointReply } } }, async (request) => {
    return updateEndpoint(repos, config, OPERATOR, request.params.id, request.body, now());
  });
  // The way out for an endpoint no longer wanted: a disabled one keeps its events waiting.
  app.delete('/webhooks/:id', { schema: { params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deleteEndpoint(repos, OPERATOR, request.params.id);
    return reply.code(204).send(null);
  });
  app.post('/webhooks/:id/rotate-secret', { schema: { params: IdParams, response: { 200: EndpointReply } } }, async (request) => {
    return rotateSecret(repos, OPERATOR, request.params.id, now());
  });
  app.get('/webhooks/:id/deliveries', { schema: { params: IdParams, response: { 200: Type.Object({ items: Type.Array(DeliveryReply) }) } } }, async (request) => {
    return { items: await listDeliveries(repos, OPERATOR, request.params.id) };
  });
  app.post('/webhooks/:id/replay', { schema: { params: IdParams, body: ReplayBody, response: { 202: Type.Object({ queued: Type.Integer() }) } } }, async (request, reply) => {
    const { event_id: eventId, from, to } = request.body;
    return reply.code(202).send(await replay(repos, OPERATOR, request.params.id, { eventId, from, to }, now()));
  });
}
