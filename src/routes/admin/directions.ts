// The rate table: GET/PUT/PATCH /admin/directions (JSON) and
// POST /admin/directions/import (a BestChange XML export). Feed switches live beside it.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { directionView, importRatesXml, patchDirections, replaceDirections } from '../../services/rates/directions.js';
import { MAX_XML_BYTES } from '../../services/rates/xml-import.js';
import feedSwitchRoutes from './feed-switches.js';

// Values are a decimal string or a JSON number (or null to clear an optional field). They are
// checked by the service, field by field: Fastify's Ajv coerces types, and inside a union it
// would turn 0 into null, null into "" or "0.1" into a float before we could read it exactly.
const Scalar = Type.Unknown({ description: 'a decimal string, a JSON number, or null' });
const List = Type.Unsafe<string[] | null>({ type: ['array', 'null'], items: { type: 'string', maxLength: 64 }, maxItems: 200 });

export const DirectionItem = Type.Object({
  from: Type.String({ maxLength: 64, description: 'currency the client gives, e.g. BTC' }),
  to: Type.String({ maxLength: 64, description: 'currency the client receives, e.g. SBERRUB' }),
  in: Type.Optional(Scalar),
  out: Type.Optional(Scalar),
  amount: Type.Optional(Scalar),
  minamount: Type.Optional(Scalar),
  maxamount: Type.Optional(Scalar),
  minfee: Type.Optional(Scalar),
  fromfee: Type.Optional(Scalar),
  tofee: Type.Optional(Scalar),
  floating: Type.Optional(Scalar),
  delay: Type.Optional(Scalar),
  param: Type.Optional(List),
  city: Type.Optional(List),
  active: Type.Optional(Type.Boolean()),
  // Accepted and ignored, so that GET's items can be sent back as they are: the server stamps it.
  updated_at: Type.Optional(Type.Integer()),
}, { additionalProperties: false });

const DirectionsBody = Type.Array(DirectionItem, { maxItems: 20_000 });
const ImportQuery = Type.Object({ replace: Type.Optional(Type.Boolean({ default: false })) });
const WriteReply = Type.Object({ upserted: Type.Integer(), removed: Type.Integer(), rates_version: Type.Integer() });
const BODY_LIMIT = 16 * 1024 * 1024; // a few thousand directions with every field

export default async function directionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;
  const deps = { repos, feedCache: app.feedCache };

  // The XML import takes the document as the raw body.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));

  app.get('/directions', async () => ({ items: (await repos.directions.list()).map(directionView) }));

  app.put('/directions', { bodyLimit: BODY_LIMIT, schema: { body: DirectionsBody, response: { 200: WriteReply } } }, async (request) => {
    return replaceDirections(deps, request.body);
  });

  app.patch('/directions', { bodyLimit: BODY_LIMIT, schema: { body: DirectionsBody, response: { 200: WriteReply } } }, async (request) => {
    return patchDirections(deps, request.body);
  });

  app.post('/directions/import', {
    bodyLimit: MAX_XML_BYTES,
    schema: { querystring: ImportQuery, body: Type.String({ minLength: 1 }), response: { 200: WriteReply } },
  }, async (request) => {
    return importRatesXml(deps, request.body, { replace: request.query.replace ?? false });
  });

  await app.register(feedSwitchRoutes);
}
