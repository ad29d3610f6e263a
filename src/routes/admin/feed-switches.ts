// Switches over every feed: maintenance (empty documents) and per-currency decimals.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  getMaintenance, listCurrencies, MAX_PRECISION, resetCurrencyPrecision, setCurrencyPrecision, setMaintenance,
} from '../../services/feeds/settings.js';

const MaintenanceReply = Type.Object({ enabled: Type.Boolean(), switch: Type.Boolean(), forced_by_env: Type.Boolean() });
const CurrencyReply = Type.Object({
  code: Type.String(), precision: Type.Integer(), default_precision: Type.Integer(), overridden: Type.Boolean(),
});
const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export default async function feedSwitchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;
  const deps = { repos, feedCache: app.feedCache };

  app.get('/maintenance', { schema: { response: { 200: MaintenanceReply } } }, async () => getMaintenance(repos, config));

  app.put('/maintenance', {
    schema: { body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }), response: { 200: MaintenanceReply } },
  }, async (request) => setMaintenance(deps, config, request.body.enabled));

  app.get('/currencies', { schema: { response: { 200: Type.Object({ items: Type.Array(CurrencyReply) }) } } }, async () => ({
    items: await listCurrencies(repos),
  }));

  app.put('/currencies/:code', {
    schema: {
      params: CodeParams,
      body: Type.Object({ precision: Type.Integer({ minimum: 0, maximum: MAX_PRECISION }) }, { additionalProperties: false }),
      response: { 200: CurrencyReply },
    },
  }, async (request) => setCurrencyPrecision(deps, request.params.code, request.body.precision));

  app.delete('/currencies/:code', { schema: { params: CodeParams, response: { 200: CurrencyReply } } }, async (request) => {
    return resetCurrencyPrecision(deps, request.params.code);
  });
}
