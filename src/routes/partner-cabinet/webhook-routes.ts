// GET/POST /partner/webhooks and POST /partner/webhooks/:id/{disable,enable,delete}: the
// partner's webhooks and postbacks through the services of the REST API and the admin API.
// Another partner's endpoint: 404. Errors of the services become the page's own words.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHttpError } from '../../errors.js';
import { createEndpoint, deleteEndpoint, ENDPOINTS_PER_OWNER, listDeliveries, listEndpoints, ownEndpoint, updateEndpoint } from '../../services/events/endpoints.js';
import { pageContext, partnerIdOf, redirectedNotice, redirectedSubject, redirectWithNotice, sendPage } from './context.js';
import { carryOnce, takeOnce } from './shown-once.js';
import { formText, rowId } from './forms.js';
import { notFound } from './not-found.js';
import type { FieldErrors } from './views/auth.js';
import type { PageContext } from './views/layout.js';
import { webhooksPage, type EndpointForm, type EndpointItem } from './views/webhooks.js';

const unixNow = () => Math.floor(Date.now() / 1000);

/** The checked boxes: one value is a string, several an array (the urlencoded parser's way). */
function formList(body: unknown, name: string): string[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').slice(0, 20).map((v) => v.slice(0, 40));
}

export default async function webhookRoutes(app: FastifyInstance) {
  const { repos, config } = app;

  async function show(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; notice?: PageContext['notice']; secret?: { id: number; value: string }; form?: EndpointForm; errors?: FieldErrors } = {}) {
    const partnerId = partnerIdOf(request);
    const endpoints = await listEndpoints(repos, partnerId);
    // Why a failing endpoint fails: its latest delivery's error (at most ENDPOINTS_PER_OWNER reads).
    const items: EndpointItem[] = await Promise.all(endpoints.map(async (e) => ({
      ...e, lastError: e.failing ? (await listDeliveries(repos, partnerId, e.id, 1))[0]?.last_error ?? null : null,
    })));
    return sendPage(reply, webhooksPage(pageContext(request, reply, opts.notice), { items, secret: opts.secret, form: opts.form, errors: opts.errors }), opts.status ?? 200);
  }

  app.get('/webhooks', async (request, reply) => {
    // A new webhook's signing secret, carried from its form once (shown-once.ts).
    const created = redirectedSubject(request, 'webhook_created');
    const value = takeOnce(request, reply, 'webhook_secret', created, unixNow());
    const notice = created === null ? redirectedNotice(request, ['postback_created', ...Object.values(ACTIONS).map((a) => a.done)])
      : { kind: 'info' as const, text: request.cabinet.tr.t(value ? 'webhook_created' : 'webhook_created_gone', { id: created }) };
    return show(request, reply, { notice, secret: value === null ? undefined : { id: Number(created), value } });
  });

  app.post('/webhooks', async (request, reply) => {
    const { t } = request.cabinet.tr;
    const kind = formText(request.body, 'kind', 10) === 'postback' ? 'postback' : 'webhook';
    const form: EndpointForm = { kind, url: formText(request.body, `${kind}_url`, 2100).trim(), events: formList(request.body, 'events') };
    try {
      const created = await createEndpoint(repos, config, partnerIdOf(request), kind, { url: form.url, events: form.events }, unixNow());
      // A redirect: reloading the page never adds the endpoint again.
      if (created.secret) carryOnce(request, reply, 'webhook_secret', created.id, created.secret, unixNow());
      return redirectWithNotice(reply, '/partner/webhooks', kind === 'webhook' ? 'webhook_created' : 'postback_created', created.id);
    } catch (error) {
      if (!isHttpError(error) || error.statusCode >= 500) throw error;
      const errors: FieldErrors = {};
      if (/at most \d+ endpoints/.test(error.message)) errors.url = t('endpoint_limit', { n: ENDPOINTS_PER_OWNER });
      else if (/^Invalid events:/.test(error.message)) errors.events = t('endpoint_events_invalid');
      else if (/unknown macro/.test(error.message)) errors.url = t('postback_macro_invalid');
      else if (/not in the host/.test(error.message)) errors.url = t('postback_macro_host');
      else if (/internal address/.test(error.message)) errors.url = t('endpoint_url_internal');
      else errors.url = t('endpoint_url_invalid');
      return show(request, reply, { status: 400, form, errors, notice: { kind: 'error', text: t('errors_summary') } });
    }
  });

  const ACTIONS = {
    disable: { run: (partnerId: number, id: number) => updateEndpoint(repos, config, partnerId, id, { enabled: false }, unixNow()), done: 'endpoint_paused_notice' },
    enable: { run: (partnerId: number, id: number) => updateEndpoint(repos, config, partnerId, id, { enabled: true }, unixNow()), done: 'endpoint_enabled_notice' },
    delete: { run: (partnerId: number, id: number) => deleteEndpoint(repos, partnerId, id), done: 'endpoint_deleted_notice' },
  } as const;

  app.post<{ Params: { id: string; action: string } }>('/webhooks/:id/:action', async (request, reply) => {
    const action = ACTIONS[request.params.action as keyof typeof ACTIONS];
    const id = rowId(request.params.id);
    const partnerId = partnerIdOf(request);
    if (!action || id < 1 || !(await ownEndpoint(repos, partnerId, id).catch(() => null))) return notFound(request, reply);
    await action.run(partnerId, id);
    return redirectWithNotice(reply, '/partner/webhooks', action.done, id);
  });
}
