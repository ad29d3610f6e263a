// The rate table: GET/PUT/PATCH /admin/directions (JSON) and
// POST /admin/directions/import (a BestChange XML export). Feed switches live beside it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isHttpError, SchemaValidationError, UnsupportedMediaTypeError } from '../../errors.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { directionView, importRatesXml, patchDirections, replaceDirections } from '../../services/rates/directions.js';
import { MAX_XML_BYTES } from '../../services/rates/xml-import.js';
import { DirectionList, DirectionsBody, ImportQuery, RatesWriteReply, XmlImportBody } from '../../schemas/rates.js';
import feedSwitchRoutes from './feed-switches.js';

const BODY_LIMIT = 16 * 1024 * 1024; // a few thousand directions with every field
// A body of the wrong kind is told where it goes: `curl --data-binary @rates.xml` without -H sends
// a form's Content-Type, and was told to send JSON; XML sent to PUT was "Invalid 0: expected object".
const sendXml = () => new UnsupportedMediaTypeError('Content-Type: application/xml with the rates XML (a JSON list of directions goes to PUT or PATCH /admin/directions)');
const sendJson = () => new UnsupportedMediaTypeError('Content-Type: application/json with a JSON list of directions (the rates XML goes to POST /admin/directions/import)');
const isMediaTypeError = (error: unknown) => isHttpError(error) && error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE';

async function jsonList(request: FastifyRequest) {
  if (typeof request.body === 'string') throw sendJson();
  // Without a body Ajv's array coercion made [undefined]: "Invalid 0: expected object".
  if (request.body === undefined) throw new SchemaValidationError('Invalid body: expected array');
}

export default async function directionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos } = app;
  const deps = { repos, feedCache: app.feedCache };

  // The XML import takes the document as the raw body.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: MAX_XML_BYTES }, (_request, body, done) => done(null, body));

  app.get('/directions', { schema: { response: { 200: DirectionList } } }, async () => ({ items: (await repos.directions.list()).map(directionView) }));

  app.put('/directions', { bodyLimit: BODY_LIMIT, preValidation: jsonList, schema: { body: DirectionsBody, response: { 200: RatesWriteReply } } }, async (request) => {
    return replaceDirections(deps, request.body);
  });

  app.patch('/directions', { bodyLimit: BODY_LIMIT, preValidation: jsonList, schema: { body: DirectionsBody, response: { 200: RatesWriteReply } } }, async (request) => {
    return patchDirections(deps, request.body);
  });

  app.post('/directions/import', {
    bodyLimit: MAX_XML_BYTES,
    preValidation: async (request) => { if (typeof request.body !== 'string') throw sendXml(); },
    // Thrown on, the error reaches the admin error handler (its shape) as the 415 that names XML.
    errorHandler: (error) => { throw isMediaTypeError(error) ? sendXml() : error; },
    schema: { querystring: ImportQuery, body: XmlImportBody, response: { 200: RatesWriteReply } },
  }, async (request) => {
    return importRatesXml(deps, request.body, { replace: request.query.replace ?? false });
  });

  await app.register(feedSwitchRoutes);
}
