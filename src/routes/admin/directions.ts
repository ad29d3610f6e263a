// The rate table: GET/PUT/PATCH /admin/directions (JSON) and
// POST /admin/directions/import (a BestChange XML export). Feed switches live beside it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { directionView, importRatesXml, patchDirections, replaceDirections } from '../../services/rates/directions.js';
import { MAX_XML_BYTES } from '../../services/rates/xml-import.js';
import { DirectionList, DirectionsBody, ImportQuery, RatesWriteReply, XmlImportBody } from '../../schemas/rates.js';
import feedSwitchRoutes from './feed-switches.js';

const BODY_LIMIT = 16 * 1024 * 1024; // a few thousand directions with every field

export default async function directionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;
  const deps = { repos, feedCache: app.feedCache };

  // The XML import takes the document as the raw body.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));

  app.get('/directions', { schema: { response: { 200: DirectionList } } }, async () => ({ items: (await repos.directions.list()).map(directionView) }));

  app.put('/directions', { bodyLimit: BODY_LIMIT, schema: { body: DirectionsBody, response: { 200: RatesWriteReply } } }, async (request) => {
    return replaceDirections(deps, request.body);
  });

  app.patch('/directions', { bodyLimit: BODY_LIMIT, schema: { body: DirectionsBody, response: { 200: RatesWriteReply } } }, async (request) => {
    return patchDirections(deps, request.body);
  });

  app.post('/directions/import', {
    bodyLimit: MAX_XML_BYTES,
    schema: { querystring: ImportQuery, body: XmlImportBody, response: { 200: RatesWriteReply } },
  }, async (request) => {
    return importRatesXml(deps, request.body, { replace: request.query.replace ?? false });
  });

  await app.register(feedSwitchRoutes);
}
