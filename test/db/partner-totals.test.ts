// partner_totals is kept in the same transaction as the writes it sums (click batches, bulk
// loads, exchanges and their status changes, ledger entries, payouts reserved, paid and
// canceled). After random writes it must equal a recount from the rows: the backfills of
// migrations 0006 (partner_hours) and 0009 (partner_totals), run on emptied tables.
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { pgOf } from '../../src/db/pg/index.js';
import { sqliteOf } from '../../src/db/sqlite/index.js';
import { PAYOUT_PAID, PAYOUT_PENDING } from '../../src/db/repos.js';
import { build, testConfig } from '../helpers/build.js';
import { makeLink, makeMethod, makePartner } from '../helpers/ledger-factory.js';
import { createTestSchema, PG_TEST_URL } from '../helpers/pg.js';

const T0 = Date.UTC(2026, 0, 10) / 1000;
const engine = PG_TEST_URL ? 'pg' : 'sqlite';
const backfill = (file: string) => readFileSync(new URL(`../../drizzle/${engine}/${file}`, import.meta.url), 'utf8')
  .split('--> statement-breakpoint').at(-1)!;

async function query(app: FastifyInstance, text: string): Promise<Record<string, unknown>[]> {
  if (PG_TEST_URL) return (await pgOf(app.db).pool.query(text)).rows as Record<string, unknown>[];
  const statement = sqliteOf(app.db).sqlite.prepare(text);
  if (statement.reader) return statement.all() as Record<string, unknown>[];
  statement.run();
  return [];
}

const totalsOf = async (app: FastifyInstance) => (await query(app, `select partner_id, clicks, exchanges, successful,
  cast(earned as text) as earned, cast(turnover as text) as turnover, cast(paid as text) as paid, cast(pending as text) as pending
  from partner_totals order by partner_id`)).map((r) => Object.values(r).map(String).join(' '));

/** The table as kept, then as the backfills recount it from the rows. */
async function keptAndRecounted(app: FastifyInstance): Promise<[string[], string[]]> {
  const kept = await totalsOf(app);
  await query(app, 'delete from partner_totals');
  await query(app, 'delete from partner_hours');
  await query(app, backfill('0006_partner_hours_refresh_tokens.sql'));
  await query(app, backfill('0009_tier2_earned_hours.sql'));
  await query(app, backfill('0010_partner_totals.sql'));
  return [kept, await totalsOf(app)];
}

type Exchange = { id: number; status: 'pending' | 'success' };

async function randomWrites(app: FastifyInstance, seed: number, count: number) {
  const partners = [await makePartner(app.repos), await makePartner(app.repos), await makePartner(app.repos)];
  const links = await Promise.all(partners.map((p) => makeLink(app.repos, p.id)));
  const method = await makeMethod(app.repos);
  const rand = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed % n; };
  const open: Exchange[] = [];
  const payouts: number[] = [];
  for (let i = 0; i < count; i++) {
    const who = rand(3);
    const partnerId = partners[who]!.id;
    const time = T0 + rand(3 * 86_400);
    switch (rand(8)) {
      case 0:
        await app.repos.clicks.insertBatch(Array.from({ length: 1 + rand(6) }, () => ({
          partnerId, linkId: links[who]!.id, userHash: `v${rand(4)}`, time: time + rand(600), isBot: rand(6) === 0,
        })), 3600);
        break;
      case 1:
        await app.repos.partnerReports.bulkInsert({
          clicks: [{ partnerId, linkId: links[who]!.id, userHash: `b${i}`, time, isRepeat: rand(3) === 0 }],
          exchanges: [{
            externalId: `bulk${i}`, partnerId, time, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1',
            status: rand(2) ? 'success' : 'pending', rewardBase: 1 + rand(1_000_000), flag: rand(3) === 0 ? 'self_referral' : null,
          }],
        });
        break;
      case 2: { // flagged exchanges carry no turnover until … never (the rule of successfulTurnover)
        const status = rand(2) ? 'success' : 'pending';
        const reward = status === 'success' ? 1_000_000 * (1 + rand(5)) : 0;
        const row = await app.repos.exchanges.insert({
          externalId: `x${i}`, partnerId, time, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1',
          status, reward, rewardBase: 3_000_000_000 * (1 + rand(1000)), flag: rand(4) === 0 ? 'self_referral' : null, updatedAt: time,
        }, reward ? { partnerId, kind: 'reward', amount: reward } : null);
        if (row) open.push({ id: row.id, status });
        break;
      }
      case 3: { // pending → success (a new base), or success → refunded with its reversal
        const target = open.splice(rand(open.length || 1), 1)[0];
        if (!target) break;
        const row = (await app.repos.exchanges.findById(target.id))!;
        if (target.status === 'pending') {
          await app.repos.exchanges.transition(row.id, row, { status: 'success', rewardBase: 7_000_000 + rand(100), time: row.time + rand(7200), updatedAt: time }, null);
        } else {
          await app.repos.exchanges.transition(row.id, row, { status: 'refunded', updatedAt: time },
            row.reward ? { partnerId: row.partnerId!, kind: 'reversal', amount: -row.reward } : null);
        }
        break;
      }
      case 4:
        await app.repos.ledger.adjust({ partnerId, amount: rand(4_000_000), reason: 'r', at: time });
        break;
      case 5: {
        const payout = await app.repos.payouts.reserve({ partnerId, methodId: method.id, account: 'U', amount: 100 + rand(1000), at: time });
        if (payout) payouts.push(payout.id);
        break;
      }
      case 6: {
        const id = payouts.splice(rand(payouts.length || 1), 1)[0];
        if (id) await app.repos.payouts.markPaid(id, time, null);
        break;
      }
      default: {
        const id = payouts.splice(rand(payouts.length || 1), 1)[0];
        if (id) await app.repos.payouts.cancel(id, rand(2) ? 2 : 3, time);
      }
    }
  }
  return partners.map((p) => p.id);
}

t.test('partner_totals › after random writes it equals a recount from the rows (the migrations\' backfills)', async (t) => {
  const app = await build(t);
  const ids = await randomWrites(app, 11, 300);
  for (const id of ids) {
    const standing = await app.repos.partnerFigures.standing(id);
    t.equal(standing.turnover, await app.repos.exchanges.successfulTurnover(id), `partner ${id}: turnover = the sum over its exchanges`);
    t.equal(standing.paid, await app.repos.payouts.sumByPartner(id, [PAYOUT_PAID]), `partner ${id}: paid`);
    t.equal(standing.pending, await app.repos.payouts.sumByPartner(id, [PAYOUT_PENDING]), `partner ${id}: pending`);
    const { turnover: _t, paid: _p, pending: _q, ...figures } = standing;
    t.same(figures, await app.repos.partnerFigures.totals(id, 0, 2 ** 40), `partner ${id}: all-time figures = the hours`);
  }
  const [kept, recounted] = await keptAndRecounted(app);
  t.equal(kept.length, 3);
  t.same(kept, recounted);
});

t.test('partner_totals › a partner with no writes yet reads zeros', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  t.same(await app.repos.partnerFigures.standing(partner.id), { clicks: 0, exchanges: 0, successful: 0, earned: 0n, turnover: 0n, paid: 0n, pending: 0n });
});

async function twoInstances(t: Test): Promise<[FastifyInstance, FastifyInstance]> {
  const schema = await createTestSchema();
  const config = testConfig({ databaseUrl: schema.url, databasePoolSize: 8, clickIpLimit: 0 });
  const [a, b] = await Promise.all([buildApp(config), buildApp(config)]);
  t.teardown(async () => { await Promise.all([a.close(), b.close()]); await schema.drop(); });
  return [a, b];
}

t.test('partner_totals › concurrent writers on two PostgreSQL instances add up exactly, without deadlocks', {
  skip: PG_TEST_URL ? false : 'PostgreSQL only: set RATELINK_TEST_DATABASE_URL',
}, async (t) => {
  const [a, b] = await twoInstances(t);
  const partner = await makePartner(a.repos);
  const link = await makeLink(a.repos, partner.id);
  const method = await makeMethod(a.repos);
  await a.repos.ledger.adjust({ partnerId: partner.id, amount: 1_000_000, reason: 'float', at: T0 });
  await Promise.all(Array.from({ length: 12 }, (_, i) => {
    const app = i % 2 ? b : a;
    return Promise.all([
      app.repos.clicks.insertBatch(Array.from({ length: 5 }, (_, j) => ({ partnerId: partner.id, linkId: link.id, userHash: `c${i}-${j}`, time: T0 + j })), 3600),
      app.repos.ledger.adjust({ partnerId: partner.id, amount: 1000 + i, reason: 'r', at: T0 + i }),
      app.repos.exchanges.insert({ externalId: `c${i}`, partnerId: partner.id, time: T0 + 10, curGive: 'A', curGet: 'B', amountGive: '1', amountGet: '1', courseGive: '1', courseGet: '1', status: 'success', rewardBase: 500, reward: 50, updatedAt: T0 }, { partnerId: partner.id, kind: 'reward', amount: 50 }),
      app.repos.payouts.reserve({ partnerId: partner.id, methodId: method.id, account: 'U', amount: 10, at: T0 + i })
        .then((p) => p && (i % 4 === 0 ? app.repos.payouts.markPaid(p.id, T0 + i, null) : i % 4 === 1 ? app.repos.payouts.cancel(p.id, 3, T0 + i) : null)),
    ]);
  }));
  const standing = await a.repos.partnerFigures.standing(partner.id);
  t.same(standing, { clicks: 60, exchanges: 12, successful: 12, earned: BigInt(1_000_000 + 12 * 1000 + (11 * 12) / 2 + 12 * 50), turnover: 6_000n, paid: 30n, pending: 60n });
  const [kept, recounted] = await keptAndRecounted(a);
  t.same(kept, recounted);
});
