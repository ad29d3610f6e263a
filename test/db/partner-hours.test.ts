// partner_hours is kept in the same transaction as the rows it sums. After random writes
// through the repositories (click batches with repeats and bots, bulk loads, exchanges and
// their status changes, ledger entries of every kind, second-tier shares included), the table
// must equal a recount from the rows: the migrations' own backfill statements (0006, then 0009's
// tier-2 entries), run on an emptied table.
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { pgOf } from '../../src/db/pg/index.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';
import { build, testConfig } from '../helpers/build.js';
import { makeLink, makeMethod, makePartner } from '../helpers/ledger-factory.js';
import { createTestSchema, PG_TEST_URL } from '../helpers/pg.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;
const migration = (engine: string, name: string) => readFileSync(new URL(`../../drizzle/${engine}/${name}.sql`, import.meta.url), 'utf8');
const backfills = (engine: string) => [
  migration(engine, '0006_partner_hours_refresh_tokens').split('--> statement-breakpoint').at(-1)!,
  migration(engine, '0009_tier2_earned_hours'),
];

async function query(app: FastifyInstance, text: string): Promise<Record<string, unknown>[]> {
  if (PG_TEST_URL) return (await pgOf(app.db).pool.query(text)).rows as Record<string, unknown>[];
  const statement = sqliteOf(app.db).sqlite.prepare(text);
  if (statement.reader) return statement.all() as Record<string, unknown>[];
  statement.run();
  return [];
}

/** The non-zero rows of partner_hours or partner_days, one line each, in key order. */
const figureRows = async (app: FastifyInstance, table: 'partner_hours' | 'partner_days', key: 'hour' | 'day') => (await query(app,
  `select partner_id, ${key}, clicks, exchanges, successful, cast(earned as text) as earned
  from ${table} where clicks <> 0 or exchanges <> 0 or successful <> 0 or earned <> 0 order by partner_id, ${key}`))
  .map((r) => Object.values(r).map(String).join(' '));
const hoursOf = (app: FastifyInstance) => figureRows(app, 'partner_hours', 'hour');
const daysOf = (app: FastifyInstance) => figureRows(app, 'partner_days', 'day');

/** The table as kept, then as the backfill recounts it from the rows. */
async function keptAndRecounted(app: FastifyInstance): Promise<[string[], string[]]> {
  const kept = await hoursOf(app);
  await query(app, 'delete from partner_hours');
  for (const statement of backfills(PG_TEST_URL ? 'pg' : 'sqlite')) await query(app, statement);
  return [kept, await hoursOf(app)];
}

/** partner_days as kept, then as migration 0011 (SQLite) / 0012 (PostgreSQL) backfills it from the hours. */
async function keptAndRecountedDays(app: FastifyInstance): Promise<[string[], string[]]> {
  const kept = await daysOf(app);
  await query(app, 'delete from partner_days');
  const engine = PG_TEST_URL ? 'pg' : 'sqlite';
  await query(app, migration(engine, PG_TEST_URL ? '0012_partner_days' : '0011_partner_days').split('--> statement-breakpoint')[1]!); // the backfill
  return [kept, await daysOf(app)];
}

async function randomWrites(app: FastifyInstance, seed: number, count: number) {
  const partners = [await makePartner(app.repos), await makePartner(app.repos), await makePartner(app.repos)];
  const links = await Promise.all(partners.map((p) => makeLink(app.repos, p.id)));
  const method = await makeMethod(app.repos);
  const rand = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed % n; };
  const pending: { id: number; status: 'pending' | 'success' }[] = [];
  for (let i = 0; i < count; i++) {
    const who = rand(3);
    const partnerId = partners[who]!.id;
    const time = T0 + rand(3 * 86_400);
    switch (rand(6)) {
      case 0: { // a batch with repeats (same visitor and link within the window) and bots
        const batch = Array.from({ length: 1 + rand(6) }, () => ({
          partnerId, linkId: links[who]!.id, userHash: `v${rand(4)}`, time: time + rand(600), isBot: rand(6) === 0,
        }));
        await app.repos.clicks.insertBatch(batch, 3600);
        break;
      }
      case 1:
        await app.repos.partnerReports.bulkInsert({
          clicks: [{ partnerId, linkId: links[who]!.id, userHash: `b${i}`, time, isRepeat: rand(3) === 0 }],
          exchanges: [{ externalId: `bulk${i}`, partnerId, time, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status: rand(2) ? 'success' : 'pending' }],
        });
        break;
      case 2: { // an exchange, its reward and (half the time) the referring partner's second-tier share
        const status = rand(2) ? 'success' : 'pending';
        const reward = status === 'success' ? 1_000_000 * (1 + rand(5)) : 0;
        const tier2 = reward && i % 2 === 0 ? reward / 10 : 0;
        const referrer = partners[(who + 1) % 3]!.id;
        const row = await app.repos.exchanges.insert({
          externalId: `x${i}`, partnerId, time, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1',
          status, reward, updatedAt: time,
        }, [
          ...(reward ? [{ partnerId, kind: 'reward' as const, amount: reward }] : []),
          ...(tier2 ? [{ partnerId: referrer, kind: 'reward_tier2' as const, amount: tier2 }] : []),
        ]);
        if (row) pending.push({ id: row.id, status });
        break;
      }
      case 3: { // a status change: pending → success, success → refunded (with its reversals), or a moved time
        const target = pending.splice(rand(pending.length || 1), 1)[0];
        if (!target) break;
        const row = (await app.repos.exchanges.findById(target.id))!;
        if (target.status === 'pending') {
          await app.repos.exchanges.transition(row.id, row, { status: 'success', time: row.time + rand(7200), updatedAt: time }, null);
        } else {
          await refund(app, row.id, time);
        }
        break;
      }
      case 4:
        await app.repos.ledger.adjust({ partnerId, amount: rand(2_000_000) - 1_000_000, reason: 'r', at: time });
        break;
      default: // payouts move the balance but are not earnings
        await app.repos.payouts.reserve({ partnerId, methodId: method.id, account: 'U', amount: 100, at: time });
    }
  }
  // The generator's low bits rarely pick rewards shared with a referrer: a dozen more, a third refunded.
  for (let k = 0; k < 12; k++) {
    const time = T0 + k * 17_777 + rand(3600);
    const reward = 1_000_000 + 123_457 * k;
    const row = await app.repos.exchanges.insert({
      externalId: `t${k}`, partnerId: partners[k % 3]!.id, time, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1',
      status: 'success', reward, updatedAt: time,
    }, [{ partnerId: partners[k % 3]!.id, kind: 'reward', amount: reward }, { partnerId: partners[(k + 1) % 3]!.id, kind: 'reward_tier2', amount: Math.floor(reward / 7) }]);
    if (k % 3 === 0) await refund(app, row!.id, time + 5000 + rand(86_400));
  }
}

/** success → refunded, with the reversal of the reward and of the referrer's share. */
async function refund(app: FastifyInstance, id: number, time: number) {
  const row = (await app.repos.exchanges.findById(id))!;
  const tier2 = await app.repos.ledger.findForExchange(row.id, 'reward_tier2');
  await app.repos.exchanges.transition(row.id, row, { status: 'refunded', updatedAt: time }, [
    ...(row.reward ? [{ partnerId: row.partnerId!, kind: 'reversal' as const, amount: -row.reward }] : []),
    ...(tier2 ? [{ partnerId: tier2.partnerId, kind: 'reversal_tier2' as const, amount: -tier2.amount }] : []),
  ]);
}

t.test('partner_hours › after random writes it equals a recount from the rows (the migration backfill)', async (t) => {
  const app = await build(t);
  await randomWrites(app, 7, 250);
  const [kept, recounted] = await keptAndRecounted(app);
  t.ok(kept.length > 20, `${kept.length} partner-hours`);
  t.same(kept, recounted);
});

t.test('partner_days › after random writes it equals its backfill from the recounted hours, and each day the sum of its hours', async (t) => {
  const app = await build(t);
  await randomWrites(app, 11, 250);
  const [kept, recounted] = await keptAndRecountedDays(app);
  t.ok(kept.length >= 3, `${kept.length} partner-days`);
  t.same(kept, recounted);
  // partner_hours itself equals the rows (the test above): so do the days.
  const [hours, hoursRecounted] = await keptAndRecounted(app);
  t.same(hours, hoursRecounted);
});

t.test('partner_hours › earned (summary, dashboard) equals the ledger\'s earning entries, tier-2 shares and reversals included', async (t) => {
  const app = await build(t);
  await randomWrites(app, 7, 300);
  const kinds = new Set<string>();
  for (const partner of await app.repos.partners.list()) {
    const entries = await app.repos.ledger.listByPartner(partner.id, 100_000);
    for (const e of entries) kinds.add(e.kind);
    const recount = entries.filter((e) => !e.kind.startsWith('payout')).reduce((sum, e) => sum + BigInt(e.amount), 0n);
    const figures = await app.repos.partnerFigures.totals(partner.id, 0, T0 + 10 * 86_400);
    t.equal(figures.earned, recount, `partner ${partner.id}: ${recount} units`);
    // Whole hours only (from partner_hours), and the period's edges counted from the rows: the same.
    t.equal((await app.repos.partnerFigures.totals(partner.id, T0 + 1800, T0 + 10 * 86_400)).earned,
      entries.filter((e) => !e.kind.startsWith('payout') && e.createdAt >= T0 + 1800).reduce((sum, e) => sum + BigInt(e.amount), 0n));
  }
  t.ok(kinds.has('reward_tier2') && kinds.has('reversal_tier2'), `kinds written: ${[...kinds].sort().join(', ')}`);
});

async function twoInstances(t: Test): Promise<[FastifyInstance, FastifyInstance]> {
  const schema = await createTestSchema();
  const config = testConfig({ databaseUrl: schema.url, databasePoolSize: 8, clickIpLimit: 0 });
  const [a, b] = await Promise.all([buildApp(config), buildApp(config)]);
  t.teardown(async () => { await Promise.all([a.close(), b.close()]); await schema.drop(); });
  return [a, b];
}

t.test('partner_hours › concurrent writers on two PostgreSQL instances add up exactly', {
  skip: PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL',
}, async (t) => {
  const [a, b] = await twoInstances(t);
  const partner = await makePartner(a.repos);
  const link = await makeLink(a.repos, partner.id);
  await Promise.all(Array.from({ length: 40 }, (_, i) => {
    const app = i % 2 ? b : a;
    return Promise.all([
      app.repos.clicks.insertBatch(Array.from({ length: 5 }, (_, j) => ({ partnerId: partner.id, linkId: link.id, userHash: `c${i}-${j}`, time: T0 + j })), 3600),
      app.repos.ledger.adjust({ partnerId: partner.id, amount: 1000 + i, reason: 'r', at: T0 + i }),
      app.repos.exchanges.insert({ externalId: `c${i}`, partnerId: partner.id, time: T0 + 10, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status: 'success', updatedAt: T0 }, null),
    ]);
  }));
  const totals = await a.repos.partnerFigures.totals(partner.id, T0, T0 + 3599);
  t.same(totals, { clicks: 200, exchanges: 40, successful: 40, earned: BigInt(40 * 1000 + (39 * 40) / 2) });
  const [kept, recounted] = await keptAndRecounted(a);
  t.same(kept, recounted);
  const [keptDays, recountedDays] = await keptAndRecountedDays(a);
  t.same(keptDays, recountedDays);
});
