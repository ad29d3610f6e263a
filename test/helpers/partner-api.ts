// Small factories for the partner API tests: a partner with a key and a link, ledger rows
// written through the reports repository's bulk loader, and a GET helper.
import type { FastifyInstance } from 'fastify';
import type { SeedClick, SeedExchange } from '../../src/db/repos.js';
import { createLink, createPartner, type PartnerInput } from '../../src/services/partners/partners.js';
import { issueApiKey } from '../../src/services/partners/api-keys.js';

export const API = '/service/partner/api.php';

export async function makePartner(app: FastifyInstance, name: string, input: PartnerInput = {}, code?: string) {
  const partner = await createPartner(app.repos, { name, email: `${name.toLowerCase()}@example.com`, ...input });
  if (code) await createLink(app.repos, app.config, partner.id, { code });
  const { api_key: apiKey } = await issueApiKey(app.repos, partner.id);
  return { partner, apiKey };
}

let seq = 0;

export function click(partnerId: number, time: number, extra: Partial<SeedClick> = {}): SeedClick {
  seq++;
  return { partnerId, time, userHash: `visitor${String(seq).padStart(8, '0')}`, ...extra };
}

export function exchange(partnerId: number, time: number, extra: Partial<SeedExchange> = {}): SeedExchange {
  seq++;
  return {
    externalId: `ex-${seq}`, partnerId, time, curGive: 'PMUSD', curGet: 'BTC', amountGive: '100',
    amountGet: '0.0015', courseGive: '1', courseGet: '0.000015', status: 'success', userHash: `visitor${seq}`, ...extra,
  };
}

export async function seed(app: FastifyInstance, rows: { clicks?: SeedClick[]; exchanges?: SeedExchange[] }) {
  await app.repos.partnerReports.bulkInsert(rows);
}

/** GET the API the way the seed documents it; `params` are appended to the query string. */
export async function callApi(app: FastifyInstance, apiKey: string, method: string, params: Record<string, string | number> = {}) {
  const query = new URLSearchParams({ api_action: 'pp', api_key: apiKey, method, ...toStrings(params) });
  return app.inject({ method: 'GET', url: `${API}?${query}` });
}

function toStrings(params: Record<string, string | number>) {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}

/** The ids of data.items in the order they appear in the JSON text (JSON.parse would sort them). */
export function itemIdsInTextOrder(body: string): number[] {
  const items = body.slice(body.indexOf('"items":{'));
  return [...items.matchAll(/"(\d+)":\{"id":(\d+)/g)].map((m) => Number(m[1]));
}
