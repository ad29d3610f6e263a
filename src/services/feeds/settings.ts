// The operator's switches over every feed: maintenance, and the decimals of each currency.
import type { Config } from '../../config.js';
import type { Repos } from '../../db/repos.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { CURRENCY_CODE } from '../../money/currency.js';
import { defaultPrecision } from '../../money/currency.js';
import type { RatesDeps } from '../rates/directions.js';

export const MAX_PRECISION = 18;

export interface MaintenanceView {
  /** Whether the feeds serve empty documents now. */
  enabled: boolean;
  /** The stored switch (admin API / CLI). */
  switch: boolean;
  /** RATELINK_MAINTENANCE=1: on whatever the switch says. */
  forced_by_env: boolean;
}

export async function getMaintenance(repos: Repos, config: Config): Promise<MaintenanceView> {
  const { maintenance } = await repos.feeds.readSourceState();
  return { enabled: config.maintenance || maintenance, switch: maintenance, forced_by_env: config.maintenance };
}

export async function setMaintenance(deps: RatesDeps, config: Config, on: boolean): Promise<MaintenanceView> {
  await deps.repos.feeds.setMaintenance(on);
  await deps.feedCache?.changed();
  return getMaintenance(deps.repos, config);
}

export function checkCurrencyCode(code: string): string {
  const normalised = code.trim().toUpperCase();
  if (!CURRENCY_CODE.test(normalised)) throw new ValidationError('code', 'expected a currency code such as BTC or SBERRUB');
  return normalised;
}

export function currencyView(code: string, precision: number | null) {
  return { code, precision: precision ?? defaultPrecision(code), default_precision: defaultPrecision(code), overridden: precision !== null };
}

/** Every currency that appears in the rate table or has a precision of its own. */
export async function listCurrencies(repos: Repos) {
  const overrides = new Map((await repos.directions.listCurrencies()).map((c) => [c.code, c.precision]));
  const codes = new Set(overrides.keys());
  for (const row of await repos.directions.list()) codes.add(row.from).add(row.to);
  return [...codes].sort().map((code) => currencyView(code, overrides.get(code) ?? null));
}

export async function setCurrencyPrecision(deps: RatesDeps, code: string, precision: number) {
  const currency = checkCurrencyCode(code);
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new ValidationError('precision', `expected whole decimals from 0 to ${MAX_PRECISION}`);
  }
  const row = await deps.repos.directions.setCurrencyPrecision(currency, precision);
  await deps.feedCache?.changed();
  return currencyView(row.code, row.precision);
}

export async function resetCurrencyPrecision(deps: RatesDeps, code: string) {
  const currency = checkCurrencyCode(code);
  if (!(await deps.repos.directions.deleteCurrencyPrecision(currency))) throw new NotFoundError(`Precision of ${currency}`);
  await deps.feedCache?.changed();
  return currencyView(currency, null);
}
