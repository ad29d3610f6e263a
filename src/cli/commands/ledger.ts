// partner list|show|block|unblock|adjust, exchange add, payout list|add|pay|cancel: the admin
// API's ledger operations for operators who prefer a shell. Same services, same rules.
import type { FastifyInstance } from 'fastify';
import { reportExchange } from '../../services/ledger/exchanges.js';
import type { ExchangeReportInput } from '../../services/ledger/exchange-input.js';
import { adjustBalance } from '../../services/ledger/entries.js';
import { exchangeView, payoutView } from '../../services/ledger/views.js';
import { partnerStats } from '../../services/partners/stats.js';
import { getPartner, partnerView, updatePartner } from '../../services/partners/partners.js';
import { cancelPayout, listPayouts, payPayout, PAYOUT_STATUS_GROUPS, readPayoutAmount, requestPayout } from '../../services/ledger/payouts.js';
import { optionalChoice, optionalFlag, optionalInt, requireFlag, requireId, requireIdOrWord, UsageError, type ParsedArgs } from '../args.js';
import { MAX_ID } from '../../ids.js';
import type { CliCommand, CliContext } from '../command.js';

type PartnerLine = ReturnType<typeof partnerView> & { balance?: unknown };
type PayoutReply = ReturnType<typeof payoutView>;
const now = () => Math.floor(Date.now() / 1000);
const repos = async (ctx: CliContext) => (await ctx.app()).repos;
/** `--partner 3` or the first positional, as the foundation's commands accept. */
const idArg = (args: ParsedArgs, name: string) => requireIdOrWord(args, name);

async function partnerWithStats(app: FastifyInstance, id: number) {
  const row = await getPartner(app.repos, id);
  return { ...partnerView(row), ...(await partnerStats(app.repos, row)) };
}

const partnerList: CliCommand = {
  name: 'partner list',
  usage: 'partner list',
  description: 'List partners with their status and balance',
  async run(ctx) {
    const app = await ctx.app();
    return Promise.all((await app.repos.partners.list()).map((row) => partnerWithStats(app, row.id)));
  },
  format: (rows: PartnerLine[]) => rows.length === 0 ? 'No partners.\n'
    : rows.map((p) => `${String(p.id).padStart(4)}  ${p.status.padEnd(7)}  ${String(p.balance).padStart(12)}  ${p.name} <${p.email}>\n`).join(''),
};

const partnerShow: CliCommand = {
  name: 'partner show',
  usage: 'partner show --partner ID',
  description: 'Show a partner: settings, balance, totals, clicks and exchanges',
  async run(ctx, args) {
    return partnerWithStats(await ctx.app(), idArg(args, 'partner'));
  },
  format: (p: Record<string, unknown>) => Object.entries(p).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}\n`).join(''),
};

function statusCommand(status: 'blocked' | 'active'): CliCommand {
  const word = status === 'blocked' ? 'block' : 'unblock';
  return {
    name: `partner ${word}`,
    usage: `partner ${word} --partner ID`,
    description: status === 'blocked' ? 'Block a partner: no rewards, no payouts, API refused' : 'Reactivate a blocked partner',
    async run(ctx, args) {
      return partnerView(await updatePartner(await repos(ctx), idArg(args, 'partner'), { status }));
    },
    format: (p: PartnerLine) => `Partner ${p.id} (${p.name}) is ${p.status}.\n`,
  };
}

const partnerTier2: CliCommand = {
  name: 'partner tier2',
  usage: 'partner tier2 --partner ID --percent P',
  description: 'Set the percent of its sub-partners\' rewards a partner earns (0 turns it off)',
  async run(ctx, args) {
    return partnerView(await updatePartner(await repos(ctx), idArg(args, 'partner'), { second_tier_percent: requireFlag(args, 'percent') }));
  },
  format: (p: PartnerLine & { second_tier_percent: string }) => `Partner ${p.id} (${p.name}) earns ${p.second_tier_percent}% of its sub-partners' rewards.\n`,
};

const partnerAdjust: CliCommand = {
  name: 'partner adjust',
  usage: 'partner adjust --partner ID --amount SIGNED --reason TEXT',
  description: 'Correct a balance with a signed ledger adjustment',
  async run(ctx, args) {
    return adjustBalance(await repos(ctx), idArg(args, 'partner'), { amount: requireFlag(args, 'amount'), reason: requireFlag(args, 'reason') }, now());
  },
  format: (r: { entry: { id: number; amount: string }; balance: string }) => `Adjustment ${r.entry.id} of ${r.entry.amount} recorded; balance ${r.balance}.\n`,
};

const exchangeAdd: CliCommand = {
  name: 'exchange add',
  usage: 'exchange add --external-id ID --status pending|success|canceled|refunded --cur-give C --cur-get C --amount-give N --amount-get N --course-give N --course-get N --reward-base N [--user-hash H] [--ref-code C] [--time UNIX] [--customer-email E]',
  description: 'Report an exchange (or a new status of it), as POST /admin/exchanges',
  async run(ctx, args) {
    const app = await ctx.app();
    const time = optionalFlag(args, 'time');
    if (time !== undefined && !/^\d{1,12}$/.test(time)) throw new UsageError('--time must be unix seconds');
    const input: ExchangeReportInput = {
      external_id: requireFlag(args, 'external-id'),
      status: requireFlag(args, 'status') as ExchangeReportInput['status'],
      cur_give: requireFlag(args, 'cur-give'),
      cur_get: requireFlag(args, 'cur-get'),
      amount_give: requireFlag(args, 'amount-give'),
      amount_get: requireFlag(args, 'amount-get'),
      course_give: requireFlag(args, 'course-give'),
      course_get: requireFlag(args, 'course-get'),
      reward_base_amount: requireFlag(args, 'reward-base'),
      user_hash: optionalFlag(args, 'user-hash'),
      ref_code: optionalFlag(args, 'ref-code'),
      time: time === undefined ? undefined : Number(time),
      customer_email: optionalFlag(args, 'customer-email'),
    };
    const { created, exchange } = await reportExchange(app.repos, { ...app.config, visitors: app.visitors }, input, now());
    return { created, exchange: exchangeView(exchange) };
  },
  format: ({ created, exchange: e }: { created: boolean; exchange: ReturnType<typeof exchangeView> }) =>
    `Exchange ${e.external_id} ${created ? 'recorded' : 'now'} ${e.status}: partner ${e.partner_id ?? 'none'}, reward ${e.reward}${e.flag ? ` (flag ${e.flag})` : ''}.\n`,
};

const payoutLine = (p: PayoutReply) =>
  `${String(p.id).padStart(5)}  ${p.status.padEnd(8)}  ${p.amount.padStart(12)}  partner ${p.partner_id}  method ${p.method_id}  ${p.account}${p.tx_ref ? `  tx ${p.tx_ref}` : ''}\n`;

const payoutList: CliCommand = {
  name: 'payout list',
  usage: 'payout list [--status pending|paid|canceled] [--partner ID] [--limit N] [--offset N]',
  description: 'List payouts, newest first (1,000 a page)',
  async run(ctx, args) {
    const status = optionalChoice(args, 'status', ['pending', 'paid', 'canceled'] as const);
    const partnerId = args.flags.partner === undefined ? undefined : requireId(args, 'partner');
    // Pages as the admin API's GET /admin/payouts does: the oldest pending payouts stay reachable.
    const page = { limit: optionalInt(args, 'limit', 1, 1000), offset: optionalInt(args, 'offset', 0, MAX_ID) };
    const views = await listPayouts(await repos(ctx), { partnerId, statuses: status ? PAYOUT_STATUS_GROUPS[status] : undefined, ...page });
    return views.map(payoutView);
  },
  format: (rows: PayoutReply[]) => rows.length === 0 ? 'No payouts.\n' : rows.map(payoutLine).join(''),
};

const payoutAdd: CliCommand = {
  name: 'payout add',
  usage: 'payout add --partner ID --method ID --account TEXT [--amount N]',
  description: 'Reserve a payout for a partner (default: the whole balance)',
  async run(ctx, args) {
    const amount = readPayoutAmount(optionalFlag(args, 'amount'));
    const view = await requestPayout(await repos(ctx), {
      partnerId: idArg(args, 'partner'), methodId: requireId(args, 'method'), account: requireFlag(args, 'account'), amount,
    }, now());
    return payoutView(view);
  },
  format: (p: PayoutReply) => `Payout ${p.id} of ${p.amount} reserved (pending).\n`,
};

const payoutPay: CliCommand = {
  name: 'payout pay',
  usage: 'payout pay --id ID [--tx-ref REF]',
  description: 'Mark a pending payout paid',
  async run(ctx, args) {
    return payoutView(await payPayout(await repos(ctx), idArg(args, 'id'), now(), optionalFlag(args, 'tx-ref')));
  },
  format: (p: PayoutReply) => `Payout ${p.id} of ${p.amount} is paid${p.tx_ref ? ` (tx ${p.tx_ref})` : ''}.\n`,
};

const payoutCancel: CliCommand = {
  name: 'payout cancel',
  usage: 'payout cancel --id ID',
  description: 'Cancel a pending payout; its amount returns to the balance',
  async run(ctx, args) {
    return payoutView(await cancelPayout(await repos(ctx), idArg(args, 'id'), 'operator', now()));
  },
  format: (p: PayoutReply) => `Payout ${p.id} is canceled; ${p.amount} returned to partner ${p.partner_id}.\n`,
};

export const ledgerCommands: CliCommand[] = [
  partnerList, partnerShow, statusCommand('blocked'), statusCommand('active'), partnerAdjust, partnerTier2,
  exchangeAdd, payoutList, payoutAdd, payoutPay, payoutCancel,
];
