// A small cookie-keeping client over app.inject for the cabinet's route tests, and a factory
// for a partner who can sign in.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { invitePartner, setPasswordWithLink } from '../../src/services/accounts/accounts.js';
import { createLink, createPartner } from '../../src/services/partners/partners.js';

export const PASSWORD = 'correct horse battery';

export async function partnerWithAccount(app: FastifyInstance, opts: { name?: string; email?: string; password?: string; link?: boolean } = {}) {
  const email = opts.email ?? `p${Math.random().toString(36).slice(2, 8)}@partner.example`;
  const partner = await createPartner(app.repos, { name: opts.name ?? 'Partner', email, reward_percent: '1' });
  const now = Math.floor(Date.now() / 1000);
  const invite = await invitePartner(app.repos, app.config, partner.id, now);
  const token = invite.url.split('/').at(-1)!;
  const set = await setPasswordWithLink(app.repos, app.config.passwordCost, token, opts.password ?? PASSWORD, now);
  if (!set.ok) throw new Error('could not set the password');
  const link = opts.link === false ? null : await createLink(app.repos, app.config, partner.id, {});
  return { id: partner.id, email, password: opts.password ?? PASSWORD, link };
}

export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  lang?: string;
  constructor(readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...(this.lang ? { 'accept-language': this.lang } : {}), ...extra };
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (match) this.csrf = match[1]!;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.headers(headers), remoteAddress: this.ip }));
  }

  /** Posts a form with this browser's CSRF token (unless `_csrf` is given); a list is a field repeated. */
  async post(url: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    const payload = new URLSearchParams(Object.entries({ _csrf: this.csrf, ...form }).flatMap(([k, v]) => [v].flat().map((one) => [k, one]))).toString();
    return this.keep(await this.app.inject({
      method: 'POST', url, payload, remoteAddress: this.ip,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    }));
  }

  /** Posts a form and follows a 303 to its page as a browser does: the POST's status, and the page shown. */
  async submit(url: string, form: Record<string, string | string[]> = {}) {
    const posted = await this.post(url, form);
    const location = posted.statusCode === 303 ? String(posted.headers.location) : null;
    return { status: posted.statusCode, location, page: location ? await this.get(location) : posted };
  }

  async signIn(email: string, password: string) {
    await this.get('/partner/login');
    return this.post('/partner/login', { email, password });
  }
}
