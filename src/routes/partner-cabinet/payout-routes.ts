// GET/POST /partner/payouts and POST /partner/payouts/:id/cancel: requestPayout and
// cancelPayout, the services behind add_payout and cancel_payout. Another partner's payout: 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHttpError } from '../../errors.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import { cancelPayout, readPayoutAmount, requestPayout, toPayout } from '../../services/ledger/payouts.js';
import { typedAmount } from '../../services/cabinet/typed-amount.js';
import { listPayouts } from '../../services/reports/reports.js';
import { pageContext, partnerIdOf, redirectedNotice, redirectWithNotice, sendPage } from './context.js';
import { formText, rowId } from './forms.js';
import { notFound } from './not-found.js';
import type { FieldErrors } from './views/auth.js';
import type { PageContext } from './views/layout.js';
import { payoutsPage } from './views/payouts.js';

const HISTORY = 100;
const unixNow = () => Math.floor(Date.now() / 1000);
type PayoutForm = { method_id?: string; amount?: string; account?: string };

export default async function payoutRoutes(app: FastifyInstance) {
  const { repos, config } = app;

  async function show(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; notice?: PageContext['notice']; form?: PayoutForm; errors?: FieldErrors } = {}) {
    const partnerId = partnerIdOf(request);
    const [partner, methods, rows] = await Promise.all([
      repos.partners.findById(partnerId),
      repos.payoutMethods.listActive(),
      listPayouts(repos, { partnerId, limit: HISTORY, offset: 0 }),
    ]);
    const titles = new Map<number, string>();
    for (const id of new Set(rows.map((r) => r.methodId))) {
      const method = await repos.payoutMethods.findById(id);
      if (method) titles.set(id, method.title);
    }
    return sendPage(reply, payoutsPage(pageContext(request, reply, opts.notice), {
      methods, payouts: rows.map(toPayout), methodTitles: titles, currency: config.rewardCurrency,
      balance: formatDecimal(fromUnits(partner?.balance ?? 0)), minPayout: formatDecimal(fromUnits(partner?.minPayout ?? 0)),
      form: opts.form, errors: opts.errors,
    }), opts.status ?? 200);
  }

  app.get('/payouts', async (request, reply) => show(request, reply, { notice: redirectedNotice(request, ['payout_requested', 'payout_canceled']) }));

  app.post('/payouts', async (request, reply) => {
    const { t } = request.cabinet.tr;
    const form = { method_id: formText(request.body, 'method_id', 20), amount: formText(request.body, 'amount', 64).trim(), account: formText(request.body, 'account', 400) };
    const errors: FieldErrors = {};
    const methodId = rowId(form.method_id);
    if (methodId === 0) errors.method_id = t('method_invalid');
    if (!form.account.trim()) errors.account = t('field_required');
    let amount;
    try {
      amount = form.amount === '' ? undefined : readPayoutAmount(typedAmount(form.amount, request.cabinet.tr.lang));
    } catch {
      errors.amount = t('amount_invalid');
    }
    if (Object.keys(errors).length > 0) return show(request, reply, { status: 400, form, errors, notice: { kind: 'error', text: t('errors_summary') } });
    try {
      const payout = await requestPayout(repos, { partnerId: partnerIdOf(request), methodId, account: form.account, amount }, unixNow());
      return redirectWithNotice(reply, '/partner/payouts', 'payout_requested', payout.id);
    } catch (error) {
      if (!isHttpError(error) || error.statusCode >= 500) throw error;
      const fieldOf = /^Invalid (\w+):/.exec(error.message)?.[1];
      if (fieldOf === 'method_id') errors.method_id = t('method_invalid');
      else if (fieldOf === 'account') errors.account = t('account_invalid');
      else if (fieldOf === 'amount') errors.amount = t('amount_invalid');
      const text = error.code === 'RL_PARTNER_BLOCKED' ? t('account_blocked')
        : error.code === 'RL_INSUFFICIENT_BALANCE' || error.code === 'RL_BALANCE_LIMIT' ? t('insufficient_balance') : t('errors_summary');
      return show(request, reply, { status: error.statusCode, form, errors, notice: { kind: 'error', text } });
    }
  });

  app.post<{ Params: { id: string } }>('/payouts/:id/cancel', async (request, reply) => {
    const id = rowId(request.params.id);
    const partnerId = partnerIdOf(request);
    const own = id > 0 ? await repos.partnerReports.findPayout(partnerId, id) : null;
    if (!own) return notFound(request, reply);
    const { t } = request.cabinet.tr;
    try {
      const payout = await cancelPayout(repos, id, 'partner', unixNow());
      return redirectWithNotice(reply, '/partner/payouts', 'payout_canceled', payout.id);
    } catch (error) {
      if (!isHttpError(error) || error.statusCode >= 500) throw error;
      return show(request, reply, { status: 409, notice: { kind: 'error', text: t('payout_not_pending') } });
    }
  });
}
