// The retention job deletes rows that stopped meaning anything, and nothing else: what it
// keeps is asserted as closely as what it deletes, on either engine.
import { mock } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { PRUNE_CHUNK, pruneExpired } from '../../../src/services/jobs/retention.js';
import { CLICK_WINDOW_SECONDS } from '../../../src/services/referral/follow.js';
import { build } from '../../helpers/build.js';
import { makeLink, makePartner } from '../../helpers/ledger-factory.js';
import { selectRows, selectValue } from '../../helpers/tables.js';

const NOW = 1_780_000_000;
const DAY = 86_400;
const rules = { clickWindowSeconds: CLICK_WINDOW_SECONDS, eventDays: 30 };
const count = async (app: FastifyInstance, table: string) => Number(await selectValue(app, `select count(*) as n from ${table}`));

async function clicksAt(app: FastifyInstance, linkId: number, partnerId: number, visitors: string[], time: number) {
  return app.repos.clicks.insertBatch(visitors.map((userHash) => ({ partnerId, linkId, userHash, time })), CLICK_WINDOW_SECONDS);
}

t.test('dedupe windows go an hour after they ended, in chunks, and dedupe holds after', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  const ended = NOW - CLICK_WINDOW_SECONDS - 3600 - 1;
  // More than one chunk of ended windows, one that ended less than an hour ago, one still open.
  await clicksAt(app, link.id, partner.id, Array.from({ length: PRUNE_CHUNK + 5 }, (_, i) => `old${i}`), ended);
  await clicksAt(app, link.id, partner.id, ['recent'], ended + 2);
  await clicksAt(app, link.id, partner.id, ['open'], NOW - 60);

  const pruned = await pruneExpired(app.repos, rules, NOW);
  t.equal(pruned.clickWindows, PRUNE_CHUNK + 5);
  t.same((await selectRows<{ user_hash: string }>(app, 'select user_hash from click_windows order by user_hash')).map((r) => r.user_hash), ['open', 'recent']);
  t.equal(await count(app, 'clicks'), PRUNE_CHUNK + 7, 'no click is deleted');

  const [again, openAgain] = await clicksAt(app, link.id, partner.id, ['old0', 'open'], NOW);
  t.equal(again!.isRepeat, false, 'a visitor whose window was deleted counts again, as it would have');
  t.equal(openAgain!.isRepeat, true, 'a visitor inside an open window is still a repeat');
  t.equal((await pruneExpired(app.repos, rules, NOW)).clickWindows, 0, 'a second run finds nothing');
});

t.test('a run stops when its budget is spent, and the next goes on', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  await clicksAt(app, link.id, partner.id, Array.from({ length: 2 * PRUNE_CHUNK + 1 }, (_, i) => `v${i}`), NOW - 3 * DAY);
  t.equal((await pruneExpired(app.repos, rules, NOW, 0)).clickWindows, PRUNE_CHUNK, 'one chunk with no budget left');
  t.equal((await pruneExpired(app.repos, rules, NOW)).clickWindows, PRUNE_CHUNK + 1);
  t.equal(await count(app, 'click_windows'), 0);
});

t.test('one-time links a week after they expired; refresh tokens with their whole family', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = (id: string, expiresAt: number) => app.repos.partnerTokens.insert({ id, partnerId: partner.id, purpose: 'reset', createdAt: expiresAt - 3600, expiresAt });
  await link('gone', NOW - 7 * DAY - 1);
  await link('says-expired', NOW - 7 * DAY + 1);
  await link('valid', NOW + 3600);
  const token = (family: string, tokenHash: string, expiresAt: number) =>
    app.repos.refreshTokens.insert({ partnerId: partner.id, family, tokenHash, authVersion: 1, createdAt: expiresAt - 30 * DAY, expiresAt });
  await token('dead', 'd1', NOW - 10);
  await token('dead', 'd2', NOW - 1);
  await token('alive', 'a1', NOW - 5 * DAY);
  await token('alive', 'a2', NOW + DAY);

  const pruned = await pruneExpired(app.repos, rules, NOW);
  t.equal(pruned.oneTimeLinks, 1);
  t.same((await selectRows<{ id: string }>(app, 'select id from partner_tokens order by id')).map((r) => r.id), ['says-expired', 'valid']);
  t.equal(pruned.refreshTokens, 2);
  t.same((await selectRows<{ token_hash: string }>(app, 'select token_hash from refresh_tokens order by token_hash')).map((r) => r.token_hash), ['a1', 'a2'],
    'a live family keeps its spent tokens, so that their reuse still revokes it');
});

t.test('events older than the retention go with their deliveries, sent or not', async (t) => {
  const app = await build(t);
  const endpoint = await app.repos.events.insertEndpoint({ partnerId: null, kind: 'webhook', url: 'https://hooks.example/in', events: '["exchange.completed"]', secret: 'whsec_x', createdAt: NOW - 60 * DAY });
  const event = async (createdAt: number) => {
    const row = await app.repos.events.insertEvent({ type: 'exchange.completed', partnerId: null, data: '{}', createdAt });
    await app.repos.events.queue(row.id, [endpoint.id], createdAt);
    return row.id;
  };
  const old = await event(NOW - 30 * DAY - 1);
  await event(NOW - 30 * DAY - 1); // still pending: its endpoint stopped answering long ago
  const kept = await event(NOW - 30 * DAY + 1);
  await app.repos.events.updateDelivery((await selectRows<{ id: number }>(app, `select id from deliveries where event_id = ${old}`))[0]!.id, { status: 'delivered', deliveredAt: NOW - 30 * DAY });

  const pruned = await pruneExpired(app.repos, rules, NOW);
  t.same([pruned.events, pruned.deliveries], [2, 2]);
  t.same((await selectRows<{ id: number }>(app, 'select id from events order by id')).map((r) => r.id), [kept]);
  t.same((await selectRows<{ event_id: number }>(app, 'select event_id from deliveries')).map((r) => r.event_id), [kept]);

  const longer = await pruneExpired(app.repos, { ...rules, eventDays: 1 }, NOW);
  t.equal(longer.events, 1, 'RATELINK_EVENT_RETENTION_DAYS sets the age');
});

t.test('ended cabinet sessions are deleted a day after they ended, live ones kept', async (t) => {
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const session = (id: string, expiresAt: number) => app.repos.partnerSessions.insert({ id, partnerId: partner.id, authVersion: 1, createdAt: NOW - 9 * DAY, lastSeenAt: NOW - 9 * DAY, expiresAt });
  await session('idle-long-ago', NOW - DAY - 1);
  await session('live', NOW + DAY);
  await session('signed-out', NOW + DAY);
  await app.repos.partnerSessions.revoke('signed-out', NOW - DAY - 1);
  t.equal((await pruneExpired(app.repos, rules, NOW)).sessions, 2);
  t.same((await selectRows<{ id: string }>(app, 'select id from partner_sessions')).map((r) => r.id), ['live']);
});

t.test('the app runs the job every hour', async (t) => {
  // Only setInterval is faked: the app's other timers and the database keep real time.
  mock.timers.enable({ apis: ['setInterval'] });
  t.teardown(() => mock.timers.reset());
  const app = await build(t);
  const partner = await makePartner(app.repos);
  const link = await makeLink(app.repos, partner.id);
  await clicksAt(app, link.id, partner.id, ['gone'], Math.floor(Date.now() / 1000) - CLICK_WINDOW_SECONDS - 3600 - 1);
  mock.timers.tick(3600 * 1000 - 1);
  await setTimeout(100);
  t.equal(await count(app, 'click_windows'), 1, 'not before the hour');
  mock.timers.tick(1);
  for (let waited = 0; waited < 3000 && await count(app, 'click_windows') > 0; waited += 20) await setTimeout(20);
  t.equal(await count(app, 'click_windows'), 0);
});
