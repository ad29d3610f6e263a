// Factories for the feeds' tests: the demo rate table as typed rows, feeds and rates through
// the real services.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readFeedOptions } from '../../src/services/feeds/options.js';
import { renderFeed } from '../../src/export/feed.js';
import { precisionLookup } from '../../src/money/currency.js';
import { publishRate } from '../../src/export/publish.js';
import { selectForFeed } from '../../src/export/select.js';
import type { Dialect, FeedFormat, PublishedRate, RateRow } from '../../src/export/types.js';
import { fixturesDir } from '../../src/paths.js';
import { normaliseDirection } from '../../src/services/rates/direction-input.js';
import { createFeed } from '../../src/services/feeds/feeds.js';
import { replaceDirections } from '../../src/services/rates/directions.js';
import { adminHeaders } from './build.js';

/** A fixed moment for the pure exporters' golden files. */
export const T0 = 1_750_000_000;

export function demoDirections(): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(join(fixturesDir, 'demo', 'directions.json'), 'utf8')) as Array<Record<string, unknown>>;
}

export function golden(name: string): string {
  return readFileSync(join(fixturesDir, 'feeds', name), 'utf8');
}

/** Stored rows as the repository would return them. */
export function rateRows(directions: Array<Record<string, unknown>>, updatedAt = T0): RateRow[] {
  return directions.map((d, i) => ({ id: i + 1, updatedAt, ...normaliseDirection(d, (f) => `[${i}].${f}`) }));
}

export function rateRow(fields: Partial<RateRow> = {}): RateRow {
  return {
    id: 1, from: 'BTC', to: 'SBERRUB', in: '1', out: '6125430.5', amount: '4850000', minamount: '0.002', maxamount: '0.75',
    minfee: null, fromfee: null, tofee: null, floating: null, delay: null, param: [], city: [], active: true, updatedAt: T0,
    ...fields,
  };
}

export function publishAll(rows: RateRow[], precision: Record<string, number> = {}): PublishedRate[] {
  const lookup = precisionLookup(new Map(Object.entries(precision)));
  return rows.map((r) => publishRate(r, lookup)).filter((r): r is PublishedRate => r !== null);
}

export function renderRows(rows: RateRow[], format: FeedFormat, dialect: Dialect = 'classic', options: Record<string, unknown> = {}, now = T0): string {
  return renderFeed(format, selectForFeed(publishAll(rows), readFeedOptions(options), now).items, dialect);
}

/** A feed created as the operator would, and the cache rebuilt so that it is served. */
export async function addFeed(app: FastifyInstance, input: { dialect?: Dialect; options?: Record<string, unknown> } = {}): Promise<string> {
  const feed = await createFeed(app.repos, app.config, { name: 'monitor', ...input });
  await app.feedCache.refresh();
  return feed.code;
}

export async function loadDemoRates(app: FastifyInstance): Promise<void> {
  await replaceDirections(app, demoDirections());
  await app.feedCache.refresh();
}

export function putDirections(app: FastifyInstance, payload: unknown, method: 'PUT' | 'PATCH' = 'PUT') {
  return app.inject({ method, url: '/admin/directions', headers: adminHeaders, payload: payload as object });
}
