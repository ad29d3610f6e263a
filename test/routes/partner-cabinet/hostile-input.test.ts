// Hostile input on every form and query of the partner cabinet, found by reading the pages
// themselves (a new form or filter is swept without touching this file): each field gets
// control characters, CR/LF, a long value, a repeated field, numbers at the edges and unicode
// oddities; each form gets bodies of other types. Always a page in the partner's language (or a
// redirect inside /partner/), never a 500, a stack trace or a split header (CSV file names
// included). Runs on PostgreSQL with RATELINK_TEST_DATABASE_URL.
import t, { type Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { build } from '../../helpers/build.js';
import { Browser, partnerWithAccount } from '../../helpers/cabinet.js';
import { makeMethod } from '../../helpers/ledger-factory.js';
import { startSmtpCapture } from '../../helpers/smtp-capture.js';
import { commonProblems } from '../../helpers/hostile.js';
import { LANG_COOKIE } from '../../../src/routes/partner-cabinet/context.js';

// Thousands of requests: on PostgreSQL beside the rest of the suite more than tap's minute.
t.setTimeout(240_000);

const VALUES: Record<string, string> = {
  nul: 'a\u0000b', soh: 'a\u0001b', esc: 'a\u001bb', crlf: 'a\r\nSet-Cookie: x=1', long: 'x'.repeat(15_000), minusZero: '-0', overflow: '1e309',
  past2to53: '9007199254740993', leadingZeros: '007', hex: '0x10', spaces: ' 1 ', loneSurrogate: '\ud800', bidi: '\u202eabc', zeroWidth: 'a\u200bb', empty: '',
};
// A lone surrogate has no UTF-8 form: a client that sends one sends these bytes.
const encode = (value: string) => (value.includes('\ud800') ? '%ED%A0%80' : encodeURIComponent(value));

interface Form { page: string; action: string; fields: Record<string, string> }

/** The POST forms of a page with their fields' values as served (hidden, select, checkbox). */
function formsOf(page: string, html: string): { posts: Form[]; queries: Map<string, Set<string>> } {
  const posts: Form[] = [];
  const queries = new Map<string, Set<string>>();
  const addQuery = (path: string, names: Iterable<string>) => {
    const known = queries.get(path) ?? new Set<string>();
    for (const name of names) known.add(name);
    queries.set(path, known);
  };
  for (const [, attributes = '', inner = ''] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = (/action="([^"]*)"/.exec(attributes)?.[1] ?? page).replace(/&amp;/g, '&');
    const fields: Record<string, string> = {};
    for (const [, tag, rest = ''] of inner.matchAll(/<(input|select|textarea)([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(rest)?.[1];
      if (name) fields[name] ??= /value="([^"]*)"/.exec(rest)?.[1] ?? (tag === 'select' ? '' : 'x');
    }
    if (/method="post"/i.test(attributes)) posts.push({ page, action, fields });
    else addQuery(action.split('?')[0]!, Object.keys(fields));
  }
  for (const [, href = ''] of html.matchAll(/href="(\/partner\/[^"#?]*)\?([^"#]*)"/g)) addQuery(href, []);
  for (const [, href = '', query = ''] of html.matchAll(/href="(\/partner\/[^"#?]*)\?([^"#]*)"/g)) addQuery(href, new URLSearchParams(query.replace(/&amp;/g, '&')).keys());
  return { posts, queries };
}

/** Every page reachable from `start` by its links (not the ones that sign out or switch language). */
async function crawl(browser: Browser, start: string[]) {
  const seen = new Set<string>();
  const queue = [...start];
  const posts = new Map<string, Form>();
  const queries = new Map<string, Set<string>>();
  while (queue.length > 0 && seen.size < 60) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await browser.get(url);
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    for (const [, href = ''] of res.body.matchAll(/href="(\/partner\/[^"#?]*)/g)) if (!/\/assets\/|\/language\/|logout/.test(href)) queue.push(href);
    const found = formsOf(url, res.body);
    for (const form of found.posts) if (!/logout/.test(form.action)) posts.set(`${form.action} ${Object.keys(form.fields).sort().join()}`, form);
    for (const [path, names] of found.queries) queries.set(path, new Set([...(queries.get(path) ?? []), ...names]));
  }
  return { pages: seen, posts: [...posts.values()], queries };
}

/** A page in the partner's language, a CSV file or a redirect inside the cabinet; one assertion a request. */
function assertSane(t: Test, res: LightMyRequestResponse, label: string) {
  const problems = commonProblems(res);
  const type = String(res.headers['content-type']);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    if (!String(res.headers.location).startsWith('/partner/')) problems.push(`a redirect out of the cabinet: ${res.headers.location}`);
  } else if (type.startsWith('text/html')) {
    if (!res.body.includes('<html lang="ru">')) problems.push('a page not in the partner\'s language');
  } else if (!type.startsWith('text/csv')) problems.push(`neither a page nor a CSV file: ${type}`);
  t.same(problems, [], label);
}

async function sweep(t: Test, browser: Browser, { posts, queries }: Awaited<ReturnType<typeof crawl>>, signIn: () => Promise<unknown>) {
  const get = async (url: string, label: string) => {
    assertSane(t, await browser.get(url), label);
    // /partner/language/en?next=… is swept too (its next is a redirect's Location); the partner keeps Russian.
    browser.cookies.delete(LANG_COOKIE);
  };
  for (const [path, names] of queries) {
    for (const name of names) {
      for (const [label, value] of Object.entries(VALUES)) await get(`${path}?${name}=${encode(value)}`, `GET ${path}?${name}=${label}`);
      await get(`${path}?${name}=1&${name}=2`, `GET ${path}?${name} repeated`);
    }
  }
  for (const form of posts) {
    // One CSRF token serves every form until the session changes: the page is read once.
    await browser.get(form.page);
    const post = async (label: string, fields: Record<string, string | string[]>) => {
      const res = await browser.post(form.action, { ...fields, _csrf: browser.csrf });
      assertSane(t, res, `POST ${form.action} ${label}`);
      if (res.statusCode === 303 && /\/login/.test(String(res.headers.location))) {
        await signIn();
        await browser.get(form.page);
      }
    };
    for (const field of Object.keys(form.fields).filter((name) => name !== '_csrf')) {
      for (const [label, value] of Object.entries(VALUES)) await post(`${field}=${label}`, { ...form.fields, [field]: value });
      await post(`${field} repeated`, { ...form.fields, [field]: ['1', '2'] });
    }
    await browser.get(form.page);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const bodies: Array<[string, string]> = [
      ['application/json', JSON.stringify({ ...form.fields, _csrf: browser.csrf })], ['application/json', ''], ['text/plain', 'x'],
      ['application/x-www-form-urlencoded; charset=latin1', `_csrf=${browser.csrf}`], ['application/x-www-form-urlencoded', `_csrf=${browser.csrf}&%FF=%FF`],
      ['multipart/form-data; boundary=x', '--x--'],
    ];
    for (const [type, payload] of bodies) {
      const res = await browser.app.inject({ method: 'POST', url: form.action, payload, headers: { cookie, 'content-type': type, 'accept-language': 'ru' } });
      assertSane(t, res, `POST ${form.action} as ${type}`);
    }
  }
}

t.test('signed in: every form and filter of every page, every hostile value', async (t) => {
  const app = await build(t);
  const partner = await partnerWithAccount(app);
  await app.repos.ledger.adjust({ partnerId: partner.id, amount: 1000_00000000, reason: 'credit', at: 1 });
  await makeMethod(app.repos);
  const browser = new Browser(app);
  browser.lang = 'ru';
  const signIn = () => browser.signIn(partner.email, partner.password);
  await signIn();
  // A webhook and a payout, so that their own forms (pause, cancel) are on the pages.
  await browser.submit('/partner/webhooks', { kind: 'webhook', webhook_url: 'https://hooks.example.com/rl' });
  await browser.submit('/partner/payouts', { method_id: '1', amount: '1', account: 'U1234567' });
  const site = await crawl(browser, ['/partner/dashboard']);
  t.ok(site.pages.size >= 10 && site.posts.length >= 6, `the pages (${site.pages.size}) and their forms (${site.posts.length}) were found`);
  await sweep(t, browser, site, signIn);
  for (const path of ['/partner/links/a%00b', '/partner/links/%E2%80%AE', `/partner/links/${'x'.repeat(5000)}`, '/partner/links/a%0d%0ab/days.csv',
    '/partner/payouts/1e309/cancel', '/partner/webhooks/9007199254740993/pause', '/partner/api/keys/%00/revoke', '/partner/set-password/a%0d%0ab', '/partner/%FF']) {
    assertSane(t, await browser.get(path), `GET ${path}`);
    await browser.get('/partner/dashboard');
    assertSane(t, await browser.post(path), `POST ${path}`);
  }
});

t.test('signed out: sign-in, sign-up, forgotten password, every hostile value', async (t) => {
  const smtp = await startSmtpCapture();
  t.teardown(smtp.close);
  const app = await build(t, { partnerSignup: 'open', smtpUrl: smtp.url, smtpFrom: 'partners@exchanger.example' });
  await partnerWithAccount(app);
  const browser = new Browser(app);
  browser.lang = 'ru';
  const site = await crawl(browser, ['/partner/login', '/partner/signup', '/partner/forgot']);
  t.ok(site.posts.length >= 3, `their forms (${site.posts.length}) were found`);
  await sweep(t, browser, site, async () => undefined);
});
