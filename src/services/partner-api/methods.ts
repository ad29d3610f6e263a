// The partner API's methods by name (docs/seeds/004-partner-integration.en.txt: get_info, get_exchanges, get_links; Premium's
// ppapi: get_payouts, add_payout; ours: cancel_payout). Names are matched exactly.
import type { Config } from '../../config.js';
import type { PartnerRow, Repos } from '../../db/repos.js';
import { addPayout, cancelOwnPayout, getInfo, getPayouts } from './account.js';
import { UnknownMethodError, ValidationError } from '../../errors.js';
import type { VisitorIds } from '../referral/visitor-cookie.js';
import type { ApiParams } from './params.js';
import { getExchanges, getLinks } from './reports.js';

export interface ApiCall {
  repos: Repos;
  config: Config;
  partner: PartnerRow;
  params: ApiParams;
  visitors: Pick<VisitorIds, 'pseudonym'>;
  /** Unix seconds of the request. */
  now: number;
}

type Method = (call: ApiCall) => Promise<Record<string, unknown>>;

const METHODS: Record<string, Method> = {
  get_info: (c) => getInfo(c.repos, c.config, c.partner),
  get_exchanges: (c) => getExchanges(c.repos, { ...c.config, visitors: c.visitors }, c.partner.id, c.params),
  get_links: (c) => getLinks(c.repos, { ...c.config, visitors: c.visitors }, c.partner.id, c.params),
  get_payouts: (c) => getPayouts(c.repos, c.config, c.partner, c.params),
  add_payout: (c) => addPayout(c.repos, c.partner, c.params, c.now),
  cancel_payout: (c) => cancelOwnPayout(c.repos, c.partner, c.params, c.now),
};

export const METHOD_NAMES = Object.keys(METHODS);

/** Methods that change the ledger: never run for HEAD, which link checkers and `curl -I` send freely. */
const WRITE_METHODS = new Set(['add_payout', 'cancel_payout']);

export function assertReadOnlyAllowed(httpMethod: string, name: string | undefined): void {
  if (httpMethod === 'HEAD' && name !== undefined && WRITE_METHODS.has(name)) {
    throw new ValidationError('method', `${name} needs GET or POST, not HEAD`);
  }
}

/** The `data` of a successful call; unknown or missing method → the envelope's error 4. */
export async function callMethod(name: string | undefined, call: ApiCall): Promise<Record<string, unknown>> {
  const method = name !== undefined && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) throw new UnknownMethodError(name ? JSON.stringify(name.slice(0, 64)) : '(missing)');
  return method(call);
}
