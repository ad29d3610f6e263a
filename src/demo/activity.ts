// Demo visits through the real click and exchange services: clicks with their browsers and
// bots, exchanges attributed to the partners, rewards in the ledger, one payout request.
import type { FastifyInstance } from 'fastify';
import type { NewClick } from '../db/repos.js';
import { newUserHash } from '../ids.js';
import { parseDecimal } from '../money/decimal.js';
import { reportExchange } from '../services/ledger/exchanges.js';
import type { ExchangeReportInput } from '../services/ledger/exchange-input.js';
import { createPayoutMethod } from '../services/ledger/payout-methods.js';
import { requestPayout } from '../services/ledger/payouts.js';
import { describeUserAgent } from '../services/referral/user-agent.js';

export interface DemoActivity {
  visits: Array<{
    code: string; minutes_ago: number; ip: string; ua: string; referrer: string; cur_from: string; cur_to: string;
    exchange?: Omit<ExchangeReportInput, 'user_hash' | 'time'>;
  }>;
  user_agents: Record<string, string>;
}

const DEDUPE_WINDOW = 1800;

export async function loadDemoActivity(app: FastifyInstance, activity: DemoActivity, methods: Array<{ title: string; currency: string; commission: string }>, now: number) {
  const { repos, config } = app;
  const visits = activity.visits.map((v) => ({ ...v, time: now - v.minutes_ago * 60, userHash: newUserHash() }));
  const clicks: NewClick[] = [];
  for (const v of visits) {
    const link = await repos.clicks.findLink(v.code);
    const agent = describeUserAgent(activity.user_agents[v.ua]);
    const query = v.cur_from ? `cur_from=${v.cur_from}&cur_to=${v.cur_to}` : '';
    clicks.push({
      time: v.time, partnerId: link?.partnerId ?? null, linkId: link?.linkId ?? null, ip: v.ip, browser: agent.browser,
      userAgent: agent.userAgent, referrer: v.referrer, userHash: v.userHash, queryString: query,
      curFrom: v.cur_from || null, curTo: v.cur_to || null, isBot: agent.isBot,
    });
  }
  await repos.clicks.insertBatch(clicks, DEDUPE_WINDOW);
  for (const v of visits) {
    // The visitor exchanges ten minutes after the click; the engine reports the cookie's value.
    if (!v.exchange) continue;
    const report = { ...v.exchange, user_hash: app.visitors.cookieFor(v.userHash), time: v.time + 600 };
    await reportExchange(repos, { ...config, visitors: app.visitors }, report, now);
  }
  const created = [];
  for (const method of methods) created.push(await createPayoutMethod(repos, method));
  // The second partner asks for part of its balance, so get_payouts has something to show.
  await requestPayout(repos, { partnerId: 2, methodId: created[1].id, account: 'TXf1demoTronAddress9ZpQ', amount: parseDecimal('5')! }, now);
}
