// Where a referral visitor is sent. Never an open redirect: every target is built from
// RATELINK_SITE_URL and RATELINK_DIRECTION_URL, and checked to stay on the site's origin;
// the visitor's input only ever reaches it as validated currency codes or as
// percent-encoded query parameters (so CR/LF can not reach the Location header).
import type { Config } from '../../config.js';
import { isCurrencyCode } from '../../money/currency.js';

export const SUB_ID_NAMES = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export type SubIds = Partial<Record<(typeof SUB_ID_NAMES)[number], string>>;
/** The query parameters that may carry a link's code on the bare /ref/ (a link's parameterType). */
export const CODE_PARAMETERS = ['uid', 'pid', 'sid'] as const;
export type CodeParameter = (typeof CODE_PARAMETERS)[number];

export interface ReferralQuery {
  /** Valid, upper-cased currency codes, or null when absent or invalid. */
  curFrom: string | null;
  curTo: string | null;
  /** The other parameters (utm_* and the like), passed on to the target. */
  passOn: Array<[string, string]>;
  /** The partner's sub-ids (sub1..sub5, `subid` = sub1): kept with the click, never passed on. */
  subs: SubIds;
  /** uid/pid/sid as first given (names lower-cased); also passed on unless one names the link. */
  codeParams: Partial<Record<CodeParameter, string>>;
}

// 1-100 printable characters: no control, format, surrogate or unassigned code points.
const SUB_ID_PATTERN = /^[^\p{C}]{1,100}$/u;

export function isSubId(value: string): boolean {
  return SUB_ID_PATTERN.test(value);
}

// Monitors send short letter codes (BestChange's PMUSD, BTC, SBERRUB, CARDUAH...).
// Reverse proxies refuse upstream headers over 4-8 kB (nginx proxy_buffer_size): keep
// the Location header well below that, dropping parameters that would not fit.
const PASS_ON_MAX_CHARS = 2000;
const PASS_ON_MAX_PARAMS = 50;

export function parseReferralQuery(rawQuery: string): ReferralQuery {
  const query: ReferralQuery = { curFrom: null, curTo: null, passOn: [], subs: {}, codeParams: {} };
  if (rawQuery === '') return query;
  let passOnChars = 0;
  let seenFrom = false;
  let seenTo = false;
  let subidAlias: string | undefined;
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const name = key.toLowerCase();
    if (name === 'subid' || (SUB_ID_NAMES as readonly string[]).includes(name)) {
      // Sub-ids are the partner's own tags: the first valid one of each name is kept, none passed on.
      if (!isSubId(value)) continue;
      if (name === 'subid') subidAlias ??= value;
      else query.subs[name as keyof SubIds] ??= value;
      continue;
    }
    if ((CODE_PARAMETERS as readonly string[]).includes(name)) query.codeParams[name as CodeParameter] ??= value;
    // The first occurrence decides; an invalid value is dropped, never passed on.
    if (name === 'cur_from') {
      if (!seenFrom) query.curFrom = currencyCode(value);
      seenFrom = true;
    } else if (name === 'cur_to') {
      if (!seenTo) query.curTo = currencyCode(value);
      seenTo = true;
    } else if (key !== '' && query.passOn.length < PASS_ON_MAX_PARAMS) {
      const chars = key.length + value.length + 2;
      if (passOnChars + chars > PASS_ON_MAX_CHARS) continue;
      passOnChars += chars;
      query.passOn.push([key, value]);
    }
  }
  if (query.subs.sub1 === undefined && subidAlias !== undefined) query.subs.sub1 = subidAlias;
  return query;
}

function currencyCode(value: string): string | null {
  const code = value.trim();
  return isCurrencyCode(code) ? code.toUpperCase() : null;
}

/**
 * A path (and query) on the site's origin for `input` (a path or an absolute URL), or null when it
 * would lead anywhere else, whatever the spelling: the input is resolved as a browser resolves it
 * (so `//evil`, `/\evil`, `https:evil`, tabs and newlines are seen as they would act), then only a
 * same-origin result without userinfo is kept. Control characters and spaces are refused outright.
 */
export function sameOriginPath(siteUrl: string, input: string): string | null {
  if (input === '' || input.length > 2000 || /[\p{C}\s\\]/u.test(input)) return null;
  const origin = new URL(siteUrl).origin;
  let url: URL;
  try {
    url = new URL(input, `${origin}/`);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username !== '' || url.password !== '') return null;
  const path = `${url.pathname}${url.search}`;
  // A path of two slashes would be read as another host ('/.//evil' becomes '//evil').
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  // Re-resolved as the redirect will resolve it: still here.
  try {
    return new URL(path, `${origin}/`).origin === origin ? path : null;
  } catch {
    return null;
  }
}

/** `path`: a link's own page on the site (re-checked here; anything off-origin falls back to home). */
export type RedirectBuilder = (query: ReferralQuery, directionActive: boolean, path?: string | null) => string;

/** Precomputes the site's origin and home page once; the builder runs per request. */
export function createRedirectBuilder(config: Pick<Config, 'siteUrl' | 'directionUrl'>): RedirectBuilder {
  const site = new URL(config.siteUrl);
  const origin = site.origin;
  const home = `${origin}/`;

  function directionPage(from: string, to: string): URL | null {
    const href = config.directionUrl.replaceAll('{site}', origin)
      .replaceAll('{from}', encodeURIComponent(from)).replaceAll('{to}', encodeURIComponent(to));
    try {
      const url = new URL(href);
      return url.origin === origin ? url : null;
    } catch {
      return null;
    }
  }

  function sitePage(path: string | null | undefined): URL | null {
    const safe = path ? sameOriginPath(origin, path) : null;
    return safe === null ? null : new URL(safe, home);
  }

  return (query, directionActive, path) => {
    const { curFrom, curTo } = query;
    const direction = directionActive && curFrom && curTo ? directionPage(curFrom, curTo) : null;
    const page = direction ? null : sitePage(path);
    const url = direction ?? page ?? new URL(home);
    const params = new URLSearchParams(url.search);
    // On the home page the site pre-selects the currencies from the query.
    if (!direction) {
      if (curFrom) params.append('cur_from', curFrom);
      if (curTo) params.append('cur_to', curTo);
    }
    for (const [key, value] of query.passOn) params.append(key, value);
    const search = params.toString();
    url.search = search === '' ? '' : `?${search}`;
    return url.href;
  };
}

export interface ReferralTarget {
  query: ReferralQuery;
  /** The Location for the visitor, given whether the chosen direction is active. */
  location(directionActive: boolean): string;
}

/**
 * parseReferralQuery and the builder, memoised per raw query string: monitors send the
 * same few `cur_from=..&cur_to=..` strings over and over. Bounded, and long (unusual)
 * query strings are not kept.
 */
export function createTargetResolver(config: Pick<Config, 'siteUrl' | 'directionUrl'>, { size = 1000, maxKey = 256 } = {}) {
  const build = createRedirectBuilder(config);
  const cache = new Map<string, { query: ReferralQuery; home?: string; direction?: string }>();
  return (rawQuery: string): ReferralTarget => {
    let entry = cache.get(rawQuery);
    if (entry === undefined) {
      entry = { query: parseReferralQuery(rawQuery) };
      if (rawQuery.length <= maxKey) {
        if (cache.size >= size) cache.clear();
        cache.set(rawQuery, entry);
      }
    }
    const target = entry;
    return {
      query: target.query,
      location: (active) => active ? (target.direction ??= build(target.query, true)) : (target.home ??= build(target.query, false)),
    };
  };
}
