// The partner's promotion links in the cabinet: GET/POST /partner/links/new and /partner/links
// (create), /partner/links/:code (its numbers per day), /partner/links/:code/edit and POST
// /partner/links/:code (change), /partner/links/:code/days.csv. Every rule is in the
// promotion-links services; another partner's code is 404, as an unknown one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHttpError } from '../../errors.js';
import { toCsv } from '../../services/cabinet/csv.js';
import { choosePeriod, type PeriodQuery } from '../../services/cabinet/period.js';
import { createPromotionLink, getPromotionLink, promotionLinkStats, updatePromotionLink } from '../../services/promotion-links/links.js';
import { localDays } from '../../services/reports/local-days.js';
import { pageContext, partnerIdOf, sendPage } from './context.js';
import { formText } from './forms.js';
import { checkLinkForm, emptyForm, formOfLink, inputOfForm, serviceErrorFields } from './link-form.js';
import { notFound } from './not-found.js';
import type { FieldErrors } from './views/auth.js';
import { linkFormPage, type LinkForm } from './views/link-form.js';
import { linkPage, shownName, type LinkView } from './views/links.js';

const unixNow = () => Math.floor(Date.now() / 1000);
type CodeParams = { Params: { code: string } };
const FLASH = { created: 'link_created', saved: 'link_saved' } as const;

export default async function linkRoutes(app: FastifyInstance) {
  const { repos, config } = app;
  const origin = new URL(config.siteUrl).origin;
  const activePairs = async () => (await repos.clicks.listActivePairs()).sort();

  /** The signed-in partner's link, or null (unknown or another partner's: the caller answers 404). */
  async function ownLink(request: FastifyRequest<CodeParams>): Promise<LinkView | null> {
    try {
      return await getPromotionLink(repos, config, partnerIdOf(request), request.params.code);
    } catch (error) {
      if (isHttpError(error) && error.statusCode === 404) return null;
      throw error;
    }
  }

  async function showForm(request: FastifyRequest, reply: FastifyReply, form: LinkForm, opts: { errors?: FieldErrors; status?: number; notice?: string; edit?: LinkView } = {}) {
    const pairs = await activePairs();
    // An edited link keeps its direction even when it is no longer active.
    if (form.direction && !pairs.includes(form.direction) && opts.edit) pairs.push(form.direction);
    const notice = opts.notice ? { kind: 'error' as const, text: opts.notice } : null;
    const page = linkFormPage(pageContext(request, reply, notice), {
      form, errors: opts.errors ?? {}, directions: pairs, origin, edit: opts.edit ? { code: opts.edit.code, type: opts.edit.type, name: shownName(opts.edit) } : undefined,
    });
    return sendPage(reply, page, opts.status ?? 200);
  }

  /** Validates the posted form, calls `save`, and answers with the form and its errors or a redirect to the link. */
  async function submit(request: FastifyRequest, reply: FastifyReply, edit: LinkView | undefined, save: (input: ReturnType<typeof inputOfForm>) => Promise<LinkView>) {
    const { t } = request.cabinet.tr;
    const read = (name: keyof LinkForm, max = 300) => formText(request.body, name, max);
    const form: LinkForm = {
      name: read('name', 400), code: edit ? edit.code : read('code', 100).trim(), type: edit ? edit.type : read('type'), target: read('target'),
      direction: read('direction'), path: read('path', 2100).trim(), visibility: read('visibility'),
    };
    const pairs = await activePairs();
    const current = edit ? formOfLink(edit).direction : '';
    const errors = checkLinkForm(request.cabinet.tr, form, (pair) => pairs.includes(pair) || (pair !== '' && pair === current), !edit);
    if (Object.keys(errors).length > 0) return showForm(request, reply, form, { errors, status: 400, notice: t('errors_summary'), edit });
    try {
      const link = await save(inputOfForm(form, !edit, edit && formOfLink(edit)));
      return reply.redirect(`/partner/links/${link.code}?m=${edit ? 'saved' : 'created'}`, 303);
    } catch (error) {
      if (!isHttpError(error) || error.statusCode >= 500) throw error;
      const found = serviceErrorFields(request.cabinet.tr, error, { origin, limit: config.partnerLinkLimit });
      return showForm(request, reply, form, { errors: found.errors, status: error.statusCode, notice: found.notice ?? t('errors_summary'), edit });
    }
  }

  app.get('/links/new', async (request, reply) => showForm(request, reply, emptyForm()));

  app.post('/links', async (request, reply) => submit(request, reply, undefined,
    (input) => createPromotionLink(repos, config, partnerIdOf(request), input, unixNow())));

  app.get<CodeParams & { Querystring: PeriodQuery & { m?: string } }>('/links/:code', async (request, reply) => {
    const link = await ownLink(request);
    if (!link) return notFound(request, reply);
    const now = unixNow();
    const chosen = choosePeriod(request.query, now, config.timeZone);
    const period = chosen ?? choosePeriod({}, now, config.timeZone)!;
    const stats = await promotionLinkStats(repos, partnerIdOf(request), link.code, period);
    const flash = FLASH[request.query.m as keyof typeof FLASH];
    const ctx = pageContext(request, reply, flash ? { kind: 'info', text: request.cabinet.tr.t(flash) } : null);
    const page = linkPage(ctx, {
      link, days: everyUtcDay(stats.days, period), totals: stats.totals, period, periodError: chosen === null,
      custom: { from: request.query.from, to: request.query.to }, currency: config.rewardCurrency,
    });
    return sendPage(reply, page, chosen === null ? 400 : 200);
  });

  app.get<CodeParams & { Querystring: PeriodQuery }>('/links/:code/days.csv', async (request, reply) => {
    const link = await ownLink(request);
    if (!link) return notFound(request, reply);
    const period = choosePeriod(request.query, unixNow(), config.timeZone);
    if (!period) return reply.code(400).type('text/plain; charset=utf-8').send(request.cabinet.tr.t('period_invalid'));
    const stats = await promotionLinkStats(repos, partnerIdOf(request), link.code, period);
    const csv = toCsv(['day_utc', 'clicks', 'exchanges', 'successful', 'conversion_percent', `earned_${config.rewardCurrency}`],
      everyUtcDay(stats.days, period).map((d) => [d.day, d.clicks, d.exchanges, d.successful, d.conversion, d.earned]));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="link-${link.code}-${period.fromDay}-${period.toDay}.csv"`).send(csv);
  });

  app.get<CodeParams>('/links/:code/edit', async (request, reply) => {
    const link = await ownLink(request);
    if (!link) return notFound(request, reply);
    return showForm(request, reply, formOfLink(link), { edit: link });
  });

  app.post<CodeParams>('/links/:code', async (request, reply) => {
    const link = await ownLink(request);
    if (!link) return notFound(request, reply);
    return submit(request, reply, link, (input) => updatePromotionLink(repos, config, partnerIdOf(request), link.code, input, unixNow()));
  });
}

type StatsDay = Awaited<ReturnType<typeof promotionLinkStats>>['days'][number];

/** promotionLinkStats' days (only those with activity) as every UTC day of the period, zeros included. */
function everyUtcDay(days: StatsDay[], period: { from: number; to: number }) {
  const byDate = new Map(days.map((d) => [d.date, d]));
  return localDays(period.from, period.to, 'UTC').map(({ day }) => {
    const d = byDate.get(day);
    return { day, clicks: d?.clicks ?? 0, exchanges: d?.exchanges ?? 0, successful: d?.successful ?? 0, earned: d?.earnings ?? '0', conversion: d?.conversion ?? '0.00' };
  });
}
