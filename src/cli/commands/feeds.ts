// rates import, maintenance on|off, currency precision. A server running on the same database
// notices these writes within about a second (it polls `rates_version`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMaintenance, resetCurrencyPrecision, setCurrencyPrecision, setMaintenance } from '../../services/feeds/settings.js';
import { importRatesXml, loadDirections, type RatesWriteResult } from '../../services/rates/directions.js';
import { UsageError } from '../args.js';
import type { CliCommand } from '../command.js';

const ratesImport: CliCommand = {
  name: 'rates import',
  usage: 'rates import FILE [--replace]',
  description: 'Load directions from a JSON array (as PUT /admin/directions) or a BestChange XML export; upserts, or replaces the table with --replace',
  async run(ctx, args) {
    const file = args.positionals[0];
    if (!file) throw new UsageError('rates import needs a file: a directions JSON array or a BestChange rates XML');
    const text = readText(file);
    const { repos } = await ctx.app();
    const replace = args.flags.replace === true;
    if (text.trimStart().startsWith('<')) return importRatesXml({ repos }, text, { replace });
    return loadDirections({ repos }, directionsJson(text), { replace });
  },
  format: (r: RatesWriteResult) => `${r.upserted} directions imported${r.removed ? `, ${r.removed} removed` : ''} (rates version ${r.rates_version}).\n`,
};

const maintenance: CliCommand = {
  name: 'maintenance',
  usage: 'maintenance [on|off]',
  description: 'Serve empty feeds so that monitors hide the exchanger (on), list it again (off), or show the state',
  async run(ctx, args) {
    const app = await ctx.app();
    const word = args.positionals[0];
    if (word === undefined) return getMaintenance(app.repos, app.config);
    if (word !== 'on' && word !== 'off') throw new UsageError('maintenance takes on or off');
    return setMaintenance({ repos: app.repos }, app.config, word === 'on');
  },
  format: (m: { enabled: boolean; forced_by_env: boolean }) =>
    `Maintenance is ${m.enabled ? 'on: feeds are served empty' : 'off: feeds list the rates'}${m.forced_by_env ? ' (forced by RATELINK_MAINTENANCE)' : ''}.\n`,
};

const currencyPrecision: CliCommand = {
  name: 'currency precision',
  usage: 'currency precision CODE DECIMALS|default',
  description: 'Set how many decimals the feeds publish for a currency (default: crypto 8, fiat 2)',
  async run(ctx, args) {
    const [code, value] = args.positionals;
    if (!code || value === undefined) throw new UsageError('currency precision needs a currency code and a number of decimals (or default)');
    const { repos } = await ctx.app();
    if (value === 'default') return resetCurrencyPrecision({ repos }, code);
    if (!/^\d{1,2}$/.test(value)) throw new UsageError('decimals must be a whole number from 0 to 18, or default');
    return setCurrencyPrecision({ repos }, code, Number(value));
  },
  format: (c: { code: string; precision: number; overridden: boolean }) =>
    `${c.code} is published with ${c.precision} decimals${c.overridden ? '' : ' (default)'}.\n`,
};

function readText(file: string): string {
  try {
    // A byte-order mark (Windows editors write one) is not part of the JSON or XML.
    return readFileSync(resolve(file), 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** A JSON array of directions, or GET /admin/directions's {"items": [...]}. */
function directionsJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`not valid JSON or XML: ${(error as Error).message}`);
  }
  const items = (parsed as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : parsed;
}

export const feedCommands: CliCommand[] = [ratesImport, maintenance, currencyPrecision];
