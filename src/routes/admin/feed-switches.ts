// Switches over every feed: maintenance (empty documents) and per-currency decimals.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  getMaintenance, listCurrencies, resetCurrencyPrecision, setCurrencyPrecision, setMaintenance,
} from '../../services/feeds/settings.js';
import { CodeParams } from '../../schemas/common.js';
import { CurrencyList, CurrencyReply, MaintenanceBody, MaintenanceReply, PrecisionBody } from '../../schemas/feeds.js';

export default async function feedSwitchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { repos, config } = app;
  const deps = { repos, feedCache: app.feedCache };

  app.get('/maintenance', { schema: { response: { 200: MaintenanceReply } } }, async () => getMaintenance(repos, config));

  app.put('/maintenance', {
    schema: { body: MaintenanceBody, response: { 200: MaintenanceReply } },
  }, async (request) => setMaintenance(deps, config, request.body.enabled));

  app.get('/currencies', { schema: { response: { 200: CurrencyList } } }, async () => ({
    items: await listCurrencies(repos),
  }));

  app.put('/currencies/:code', {
    schema: { params: CodeParams, body: PrecisionBody, response: { 200: CurrencyReply } },
  }, async (request) => setCurrencyPrecision(deps, request.params.code, request.body.precision));

  app.delete('/currencies/:code', { schema: { params: CodeParams, response: { 200: CurrencyReply } } }, async (request) => {
    return resetCurrencyPrecision(deps, request.params.code);
  });
}
