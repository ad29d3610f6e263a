// Configuration is read from the environment once, validated, and passed in.
// Nothing else in ratelink reads process.env.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  siteUrl: string;
  adminToken?: string;
  trustProxy: boolean | number | string;
  timeZone: string;
  demo: boolean;
  logLevel: string;
  directionUrl: string;
  cookieName: string;
  cookieDays: number;
  attribution: 'first' | 'last';
  clickIpLimit: number;
  maintenance: boolean;
  partnerFullIp: boolean;
  apiRateLimit: number;
  apiBadKeyLimit: number;
  rewardCurrency: string;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid ${variable}: ${detail}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * The environment plus an optional env file (RATELINK_ENV_FILE, or the CLI's --env-file), so
 * that the server and the CLI read the same settings. A variable set in the environment wins.
 */
export function readEnvironment(env: Env = process.env, file = env.RATELINK_ENV_FILE): Env {
  if (file === undefined || file.trim() === '') return env;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('RATELINK_ENV_FILE', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { ...parseEnv(text), ...env };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env, { requireAdminToken = true } = {}): Config {
  const read = reader(env);
  const demo = read.bool('RATELINK_DEMO', true);
  const port = read.int('PORT', 3000, 0, 65535);
  const host = read.text('HOST', '127.0.0.1');
  const config: Config = {
    port,
    host,
    dbPath: read.text('RATELINK_DB', './data/ratelink.db'),
    // The demo stands in for the site on its own address; a production origin cannot be guessed.
    siteUrl: demo ? read.origin('RATELINK_SITE_URL', localOrigin(host, port)) : read.requiredOrigin('RATELINK_SITE_URL'),
    adminToken: read.optional('RATELINK_ADMIN_TOKEN'),
    trustProxy: read.trustProxy('RATELINK_TRUST_PROXY'),
    timeZone: read.timeZone('RATELINK_TZ', 'UTC'),
    demo,
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    directionUrl: read.text('RATELINK_DIRECTION_URL', '{site}/exchange/{from}/{to}/'),
    cookieName: read.match('RATELINK_COOKIE_NAME', 'ratelink_uid', /^[A-Za-z0-9_-]{1,64}$/),
    cookieDays: read.int('RATELINK_COOKIE_DAYS', 90, 1, 3650),
    attribution: read.oneOf('RATELINK_ATTRIBUTION', 'first', ['first', 'last']) as 'first' | 'last',
    clickIpLimit: read.int('RATELINK_CLICK_IP_LIMIT', 120, 0, 1_000_000),
    maintenance: read.bool('RATELINK_MAINTENANCE', false),
    partnerFullIp: read.bool('RATELINK_PARTNER_FULL_IP', false),
    apiRateLimit: read.int('RATELINK_API_RATE_LIMIT', 60, 1, 1_000_000),
    apiBadKeyLimit: read.int('RATELINK_API_BAD_KEY_LIMIT', 10, 1, 1_000_000),
    rewardCurrency: read.match('RATELINK_REWARD_CURRENCY', 'USD', /^[A-Z0-9_]{2,20}$/),
  };
  if (requireAdminToken && !demo && !config.adminToken) {
    throw new ConfigError('RATELINK_ADMIN_TOKEN', 'required when RATELINK_DEMO=0 (at least 16 characters)');
  }
  if (!config.directionUrl.startsWith('{site}/')) {
    throw new ConfigError('RATELINK_DIRECTION_URL', 'must start with {site}/ so that visitors stay on the site');
  }
  return config;
}

/** Where a browser on this machine reaches the demo: http://localhost:PORT for the usual hosts. */
function localOrigin(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

function reader(env: Env) {
  const raw = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fail = (name: string, expected: string): never => {
    throw new ConfigError(name, `expected ${expected}, got ${JSON.stringify(env[name])}`);
  };
  return {
    optional(name: string) {
      const value = raw(name);
      if (value !== undefined && value.length < 16) fail(name, 'at least 16 characters');
      return value;
    },
    text: (name: string, fallback: string) => raw(name) ?? fallback,
    match(name: string, fallback: string, pattern: RegExp) {
      const value = raw(name) ?? fallback;
      return pattern.test(value) ? value : fail(name, `a value matching ${pattern}`);
    },
    int(name: string, fallback: number, min: number, max: number) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const n = Number(value);
      return /^\d+$/.test(value) && n >= min && n <= max ? n : fail(name, `an integer from ${min} to ${max}`);
    },
    bool(name: string, fallback: boolean) {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      return fail(name, '1 or 0');
    },
    oneOf(name: string, fallback: string, allowed: string[]) {
      const value = raw(name) ?? fallback;
      return allowed.includes(value) ? value : fail(name, `one of ${allowed.join(', ')}`);
    },
    requiredOrigin(name: string): string {
      if (raw(name) === undefined) {
        throw new ConfigError(name, 'required when RATELINK_DEMO=0: the public origin of the exchange site, such as https://exchanger.example');
      }
      return this.origin(name, '');
    },
    origin(name: string, fallback: string) {
      const value = raw(name) ?? fallback;
      try {
        const url = new URL(value);
        if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
      } catch { /* reported below */ }
      return fail(name, 'an http(s) origin such as https://exchanger.example');
    },
    timeZone(name: string, fallback: string) {
      const value = raw(name) ?? fallback;
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: value });
        return value;
      } catch {
        return fail(name, 'an IANA time zone such as UTC or Europe/Moscow');
      }
    },
    // Fastify's trustProxy: true, a hop count, or a comma list of addresses/CIDRs.
    trustProxy(name: string): boolean | number | string {
      const value = raw(name);
      if (value === undefined || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
      if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
      if (/^hops:\d{1,2}$/.test(value)) return Number(value.slice(5));
      if (/^[0-9a-fA-F:.,/ ]+$/.test(value)) return value;
      return fail(name, '0, 1, hops:N or a comma list of proxy addresses/CIDRs');
    },
  };
}
