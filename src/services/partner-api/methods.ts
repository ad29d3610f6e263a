// The partner API's methods by name (seed 004: get_info, get_exchanges, get_links; Premium's
// ppapi: get_payouts, add_payout; ours: cancel_payout). Names are matched exactly.
import type { Config } from '../../config.js';
import type { PartnerRow, Repos } from '../../db/repos.js';
import { addPayout, cancelOwnPayout, getInfo, getPayouts } from './account.js';
import { UnknownMethodError } from '../../errors.js';
import type { ApiParams } from './params.js';
import { getExchanges, getLinks } from './reports.js';

export interface ApiCall {
  repos: Repos;
  config: Config;
  partner: PartnerRow;
  params: ApiParams;
  /** Unix seconds of the request. */
  now: number;
}

type Method = (call: ApiCall) => Promise<Record<string, unknown>>;

const METHODS: Record<string, Method> = {
  get_info: (c) => getInfo(c.repos, c.config, c.partner),
  get_exchanges: (c) => getExchanges(c.repos, c.config, c.partner.id, c.params),
  get_links: (c) => getLinks(c.repos, c.config, c.partner.id, c.params),
  get_payouts: (c) => getPayouts(c.repos, c.config, c.partner, c.params),
  add_payout: (c) => addPayout(c.repos, c.partner, c.params, c.now),
  cancel_payout: (c) => cancelOwnPayout(c.repos, c.partner, c.params, c.now),
};

export const METHOD_NAMES = Object.keys(METHODS);

/** The `data` of a successful call; unknown or missing method → the envelope's error 4. */
export async function callMethod(name: string | undefined, call: ApiCall): Promise<Record<string, unknown>> {
  const method = name !== undefined && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) throw new UnknownMethodError(name ? JSON.stringify(name.slice(0, 64)) : '(missing)');
  return method(call);
}
