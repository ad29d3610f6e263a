// Following a referral link /ref/:code: where the visitor goes, who they are, and which
// click is recorded. The route only translates HTTP to a ReferralVisit and back.
// Contract: docs/seeds/004-partner-integration.en.txt "Integration with monitoring"; docs/research/partner-programs.md §1.6, §5.
import type { Config } from '../../config.js';
import type { ClickLink, RecordedClick } from '../../db/repos.js';
import { cleanText } from './clean-text.js';
import type { ClickRecorder } from './click-recorder.js';
import type { IpClickLimit } from './ip-click-limit.js';
import { CODE_PARAMETERS, createRedirectBuilder, createTargetResolver, type ReferralQuery, type ReferralTarget } from './redirect-target.js';
import type { ReferralLookup } from './lookup.js';
import type { VisitorIds } from './visitor-cookie.js';
import { describeUserAgent } from './user-agent.js';

/** A click counts once per visitor and link per 30 minutes; repeats are stored flagged. */
export const CLICK_WINDOW_SECONDS = 1800;

const REFERRER_MAX = 1024;
const QUERY_MAX = 2048;
const IP_MAX = 64;

export interface ReferralVisit {
  /** HEAD (link unfurlers) is redirected like GET but records nothing. */
  recordClick: boolean;
  code: string;
  rawQuery: string;
  ip: string;
  userAgent: string | string[] | undefined;
  referrer: string | string[] | undefined;
  /** The visitor cookie's value, if any; kept only when this server signed it. */
  visitorCookie: string | undefined;
  /** Unix seconds. */
  time: number;
}

export interface ReferralOutcome {
  location: string;
  /** The visitor id; null for HEAD, which creates no visitor. */
  userHash: string | null;
  /** The visitor cookie's value to set (the id, signed); null for HEAD. */
  cookie: string | null;
  /** The stored click, or null when none was stored (unknown code, over the IP limit, write failed). */
  click: RecordedClick | null;
}

export interface ReferralDeps {
  config: Pick<Config, 'siteUrl' | 'directionUrl' | 'signupUrl'>;
  lookup: ReferralLookup;
  recorder: ClickRecorder;
  ipLimit: IpClickLimit;
  visitors: Pick<VisitorIds, 'readCookie' | 'issue'>;
  /** A link or direction could not be read (the database is out of reach); the visit goes on without it. */
  onLookupError?: (error: unknown) => void;
}

export function createReferralFollower({ config, lookup: reads, recorder, ipLimit, visitors, onLookupError }: ReferralDeps) {
  // The visitor must not lose their way with the database: an unreadable link counts as unknown
  // (nothing recorded) and an unreadable direction as inactive, so the target is still the home
  // page pre-selecting the visitor's currencies, with their parameters.
  const lookup: ReferralLookup = {
    findLink: (code) => reads.findLink(code).catch((error: unknown) => { onLookupError?.(error); return null; }),
    isDirectionActive: (from, to) => reads.isDirectionActive(from, to).catch((error: unknown) => { onLookupError?.(error); return false; }),
  };
  const resolveTarget = createTargetResolver(config);
  const build = createRedirectBuilder(config);
  const origin = new URL(config.siteUrl).origin;
  const signup = new URL(config.signupUrl.replaceAll('{site}', origin));

  /** Where the visitor goes: the visitor's own cur_from/cur_to win, then the link's target. */
  async function locate(target: ReferralTarget, query: ReferralQuery, link: ClickLink | null, code: string): Promise<string> {
    if (link?.linkType === 'agent') return signupPage(code);
    const own = query.curFrom !== null || query.curTo !== null;
    if (!own && link?.targetKind === 'direction' && link.targetFrom && link.targetTo) {
      const pair = { ...query, curFrom: link.targetFrom, curTo: link.targetTo };
      return build(pair, await lookup.isDirectionActive(pair.curFrom, pair.curTo));
    }
    const directionActive = query.curFrom !== null && query.curTo !== null && await lookup.isDirectionActive(query.curFrom, query.curTo);
    if (!own && link?.targetKind === 'path') return build(query, false, link.target);
    return query === target.query ? target.location(directionActive) : build(query, directionActive);
  }

  /** An agent link recruits partners: its visitors go to the sign-up page with the code, never to its targetUrl. */
  function signupPage(code: string): string {
    const url = new URL(signup);
    url.searchParams.set('ref', code);
    return url.origin === origin ? url.href : `${origin}/`;
  }

  return async function followReferral(visit: ReferralVisit): Promise<ReferralOutcome> {
    const target = resolveTarget(visit.rawQuery);
    const found = await findVisitedLink(lookup, visit.code, target.query);
    const { link, code, query } = found;
    const location = await locate(target, query, link, code);
    if (!visit.recordClick) return { location, userHash: null, cookie: null, click: null };

    // One HMAC per request: verify the cookie presented, or sign a new id.
    const known = visitors.readCookie(visit.visitorCookie);
    const { userHash, cookie } = known !== null ? { userHash: known, cookie: visit.visitorCookie! } : visitors.issue();
    // Unknown codes, disabled links and blocked partners: redirect, record nothing.
    if (!link?.active || !(await ipLimit.take(visit.ip))) return { location, userHash, cookie, click: null };

    const agent = describeUserAgent(visit.userAgent);
    const click = await recorder.record({
      time: visit.time,
      partnerId: link.partnerId,
      linkId: link.linkId,
      ip: cleanText(visit.ip, IP_MAX),
      browser: agent.browser,
      userAgent: agent.userAgent,
      referrer: cleanText(visit.referrer, REFERRER_MAX),
      userHash,
      queryString: cleanText(visit.rawQuery, QUERY_MAX),
      curFrom: query.curFrom,
      curTo: query.curTo,
      ...query.subs,
      isBot: agent.isBot,
    });
    return { location, userHash, cookie, click };
  };
}

/**
 * The link a visit names: /ref/CODE, or on the bare /ref/ a code under uid, pid or sid (in that
 * order). A code given under a parameter names a link only when that is the link's parameterType
 * (`uid` also for links without one), and that parameter is then not passed on to the site.
 */
async function findVisitedLink(lookup: ReferralLookup, pathCode: string, query: ReferralQuery) {
  if (pathCode !== '') return { link: await lookup.findLink(pathCode), code: pathCode, query };
  for (const param of CODE_PARAMETERS) {
    const code = query.codeParams[param];
    if (code === undefined) continue;
    const link = await lookup.findLink(code);
    if (link && (link.parameterType ?? 'uid') === param) {
      return { link, code, query: { ...query, passOn: query.passOn.filter(([key]) => key.toLowerCase() !== param) } };
    }
  }
  return { link: null, code: '', query };
}
