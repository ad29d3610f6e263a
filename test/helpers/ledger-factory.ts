// Small factories for ledger tests: partners, links, clicks written straight into the
// tables (not through the referral service), API keys with a last-used IP, payout methods.
import type { FastifyInstance } from 'fastify';
import type { Repos } from '../../src/db/repos.js';
import type { Db } from '../../src/db/sqlite/open.js';
import { clicks } from '../../src/db/sqlite/schema.js';
import { createPartner, type PartnerInput } from '../../src/services/partners/partners.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';

export async function makePartner(repos: Repos, input: PartnerInput = {}) {
  const n = (await repos.partners.count()) + 1;
  return createPartner(repos, { name: `Partner ${n}`, email: `p${n}@partner.example`, reward_percent: '10', ...input });
}

export async function makeLink(repos: Repos, partnerId: number, code?: string) {
  const link = await repos.links.insert({ code: code ?? `LINK${partnerId}x${Math.random().toString(36).slice(2, 8)}`, partnerId });
  if (!link) throw new Error('link code taken');
  return link;
}

export function makeClick(db: Db, values: { partnerId: number; linkId: number; userHash: string; time: number; ip?: string; isBot?: boolean; isRepeat?: boolean }) {
  return db.insert(clicks).values({
    partnerId: values.partnerId, linkId: values.linkId, userHash: values.userHash, time: values.time,
    ip: values.ip ?? '198.51.100.7', isBot: values.isBot ?? false, isRepeat: values.isRepeat ?? false,
  }).returning().get();
}

/** An API key of the partner that was used from `ip` a minute ago (as the partner API records it). */
export async function makeKeyUsedFrom(repos: Repos, partnerId: number, ip: string) {
  const key = await repos.apiKeys.insert({ partnerId, prefix: Math.random().toString(36).slice(2, 10).padEnd(8, 'x'), hash: 'x' });
  const at = Math.floor(Date.now() / 1000) - 60;
  await repos.apiKeys.touch(key.id, at, ip);
  await repos.apiKeys.recordAddress(partnerId, ip, at);
  return key;
}

export async function makeMethod(repos: Repos, commission = '0') {
  return repos.payoutMethods.insert({ title: 'Perfect Money USD', currency: 'PMUSD', commission });
}

/** A valid exchange report; override what the test is about. */
export function exchangeBody(overrides: Record<string, unknown> = {}) {
  return {
    external_id: 'ex-1',
    cur_give: 'PMUSD',
    cur_get: 'BTC',
    amount_give: '500',
    amount_get: '0.00478',
    course_give: '104600',
    course_get: '1',
    status: 'success',
    reward_base_amount: '100',
    ...overrides,
  };
}

export function dbOf(app: FastifyInstance): Db {
  return sqliteOf(app.db).db;
}

/** makeClick on either engine: written through the bulk loader, read back by its visitor. */
export async function addClick(app: FastifyInstance, values: Parameters<typeof makeClick>[1]) {
  await app.repos.partnerReports.bulkInsert({ clicks: [values] });
  return (await app.repos.clicks.listByUser(values.userHash)).at(-1)!;
}
