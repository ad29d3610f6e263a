// Configuration is read from the environment once, validated, and passed in.
// Nothing else in ratelink reads process.env.
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { parseEnv } from 'node:util';

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  /** postgres://… selects PostgreSQL (RATELINK_DATABASE_URL); null keeps SQLite at dbPath. */
  databaseUrl: string | null;
  /** Connections each instance keeps to PostgreSQL. */
  databasePoolSize: number;
  /** Seconds a PostgreSQL statement may go unanswered before its connection is given up (RATELINK_DATABASE_STATEMENT_TIMEOUT). */
  databaseStatementTimeout: number;
  /** redis://… (RATELINK_REDIS_URL): limits and attempt counters shared by every instance; null counts in-process. */
  redisUrl: string | null;
  /** How often each instance checks for feed changes written by another process (ms; RATELINK_FEED_POLL_MS). */
  feedPollMs: number;
  /** Prefix of every Redis key ratelink writes (RATELINK_REDIS_PREFIX), so deployments can share one Redis. */
  redisKeyPrefix: string;
  siteUrl: string;
  adminToken?: string;
  /** Signs visitor cookies and keys partners' pseudonyms; generated and kept in the database when unset. */
  secret?: string;
  /** false: the socket address; a hop count; or a comma list of proxy addresses/CIDRs. Never "everyone". */
  trustProxy: false | number | string;
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
  /** Seconds a client has to send a whole request, headers and body. */
  requestTimeout: number;
  /** Open connections beyond which new ones are refused. */
  maxConnections: number;
  /** log2 of scrypt's N for partners' passwords (RATELINK_PASSWORD_COST): 17 in production, lower in tests. */
  passwordCost: number;
  /** RATELINK_METRICS_PORT: Prometheus /metrics on a listener of its own; null: no metrics at all. */
  metricsPort: number | null;
  /** RATELINK_METRICS_HOST: the address that listener binds (loopback unless said otherwise). */
  metricsHost: string;
  /** RATELINK_WEBHOOK_ALLOW_HOSTS: host or host:port that the operator's webhooks may reach on internal addresses (the operator's own network). */
  webhookAllowHosts: string[];
  /** RATELINK_PARTNER_WEBHOOK_ALLOW_HOSTS: the same for partners' webhooks and postbacks (tests, a staging set-up); empty in production. */
  partnerWebhookAllowHosts: string[];
  /** RATELINK_WEBHOOK_DISABLE_AFTER: consecutive failed attempts after which an endpoint is disabled. */
  webhookDisableAfter: number;
  /** RATELINK_WEBHOOK_TIMEOUT: seconds a receiver has to answer. */
  webhookTimeout: number;
  /** HS256 key of the REST API's tokens (RATELINK_JWT_SECRET); else derived from `secret`; else generated and kept in the database in demo. */
  jwtSecret?: string;
  /** Seconds an access token lives (RATELINK_JWT_TTL). */
  jwtTtl: number;
  /** Seconds a refresh token lives unused (RATELINK_JWT_REFRESH_TTL). */
  jwtRefreshTtl: number;
  /** The admin API's OpenAPI page at /admin/schema/, behind the admin token (RATELINK_ADMIN_SCHEMA). */
  adminSchema: boolean;
  /** Days a partner's cabinet session lasts without use (RATELINK_SESSION_IDLE_DAYS). */
  sessionIdleDays: number;
  /** Days events and their deliveries are kept for replay and the delivery log (RATELINK_EVENT_RETENTION_DAYS). */
  eventRetentionDays: number;
  /** Self-registration in the cabinet (RATELINK_PARTNER_SIGNUP): closed, approval (pending until approved) or open. */
  partnerSignup: 'closed' | 'approval' | 'open';
  /** smtp(s)://… for password-reset mail (RATELINK_SMTP_URL); null: the operator hands out reset links. Never echoed. */
  smtpUrl: string | null;
  /** The From of that mail (RATELINK_SMTP_FROM). */
  smtpFrom: string;
  /** Links a partner may hold, archived ones aside (RATELINK_PARTNER_LINK_LIMIT). */
  partnerLinkLimit: number;
  /** The operator's tenant id of POST /v1/api/introduce/create (x-api-tenantId). */
  tenantId: string;
  /** Where an agent link sends its visitors (the partner sign-up page); `{site}` is RATELINK_SITE_URL. */
  signupUrl: string;
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
    ...read.database('RATELINK_DATABASE_URL', read.text('RATELINK_DB', './data/ratelink.db')),
    databasePoolSize: read.int('RATELINK_DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseStatementTimeout: read.int('RATELINK_DATABASE_STATEMENT_TIMEOUT', 10, 1, 3600),
    redisUrl: read.redisUrl('RATELINK_REDIS_URL'),
    feedPollMs: read.int('RATELINK_FEED_POLL_MS', 1000, 100, 600_000),
    redisKeyPrefix: read.match('RATELINK_REDIS_PREFIX', 'ratelink:', /^[A-Za-z0-9_.:-]{1,64}$/),
    // The demo stands in for the site on its own address; a production origin cannot be guessed.
    siteUrl: demo ? read.origin('RATELINK_SITE_URL', localOrigin(read, host, port)) : read.requiredOrigin('RATELINK_SITE_URL'),
    adminToken: read.secret('RATELINK_ADMIN_TOKEN'),
    secret: read.secret('RATELINK_SECRET'),
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
    requestTimeout: read.int('RATELINK_REQUEST_TIMEOUT', 30, 1, 3600),
    maxConnections: read.int('RATELINK_MAX_CONNECTIONS', 2000, 1, 1_000_000),
    passwordCost: read.int('RATELINK_PASSWORD_COST', 17, 10, 20),
    metricsPort: env.RATELINK_METRICS_PORT?.trim() ? read.int('RATELINK_METRICS_PORT', 0, 0, 65535) : null,
    metricsHost: read.text('RATELINK_METRICS_HOST', '127.0.0.1'),
    webhookAllowHosts: hostList(read.text('RATELINK_WEBHOOK_ALLOW_HOSTS', '')),
    partnerWebhookAllowHosts: hostList(read.text('RATELINK_PARTNER_WEBHOOK_ALLOW_HOSTS', '')),
    webhookDisableAfter: read.int('RATELINK_WEBHOOK_DISABLE_AFTER', 20, 1, 1000),
    webhookTimeout: read.int('RATELINK_WEBHOOK_TIMEOUT', 10, 1, 60),
    jwtSecret: read.secret('RATELINK_JWT_SECRET'),
    jwtTtl: read.int('RATELINK_JWT_TTL', 3600, 10, 7 * 86_400),
    jwtRefreshTtl: read.int('RATELINK_JWT_REFRESH_TTL', 30 * 86_400, 60, 365 * 86_400),
    adminSchema: read.bool('RATELINK_ADMIN_SCHEMA', true),
    sessionIdleDays: read.int('RATELINK_SESSION_IDLE_DAYS', 7, 1, 365),
    eventRetentionDays: read.int('RATELINK_EVENT_RETENTION_DAYS', 30, 1, 3650),
    partnerSignup: read.oneOf('RATELINK_PARTNER_SIGNUP', 'closed', ['closed', 'approval', 'open']) as Config['partnerSignup'],
    smtpUrl: read.smtp('RATELINK_SMTP_URL'),
    smtpFrom: read.text('RATELINK_SMTP_FROM', ''),
    partnerLinkLimit: read.int('RATELINK_PARTNER_LINK_LIMIT', 100, 1, 100_000),
    tenantId: read.match('RATELINK_TENANT_ID', '1', /^[A-Za-z0-9_-]{1,64}$/),
    signupUrl: read.text('RATELINK_SIGNUP_URL', '{site}/partner/signup/'),
  };
  config.smtpFrom ||= defaultMailFrom(config.siteUrl);
  if (requireAdminToken) assertServerSecrets(config);
  if (config.metricsPort !== null && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new ConfigError('RATELINK_METRICS_PORT', 'must differ from PORT: metrics are never served on the public listener');
  }
  if (!config.directionUrl.startsWith('{site}/')) {
    throw new ConfigError('RATELINK_DIRECTION_URL', 'must start with {site}/ so that visitors stay on the site');
  }
  if (!config.signupUrl.startsWith('{site}/')) {
    throw new ConfigError('RATELINK_SIGNUP_URL', 'must start with {site}/ so that visitors stay on the site');
  }
  return config;
}

/**
 * The server needs an admin token and the REST API's signing secret outside demo mode; the
 * CLI's other commands do not. (The demo generates a JWT secret and keeps it in the database:
 * fine for trying it out, but a production key must be the operator's, kept outside the data.)
 */
export function assertServerSecrets(config: Config): void {
  if (config.demo) return;
  if (!config.adminToken) {
    throw new ConfigError('RATELINK_ADMIN_TOKEN', `required when RATELINK_DEMO=0 (at least ${SECRET_MIN_LENGTH} random characters)`);
  }
  if (!config.jwtSecret) {
    throw new ConfigError('RATELINK_JWT_SECRET', `required when RATELINK_DEMO=0: the REST API's token signing key (at least ${SECRET_MIN_LENGTH} random characters)`);
  }
}

/**
 * Where a browser on this machine reaches the demo: http://localhost:PORT for the usual hosts.
 * A HOST no URL can hold is HOST's fault, not RATELINK_SITE_URL's (which the operator never set).
 */
/**
 * Mail from the site's own domain (noreply@exchanger.example): a From at localhost is refused or
 * filed as spam by most mail providers. A site on an IP address or localhost has no domain.
 */
function defaultMailFrom(siteUrl: string): string {
  const host = new URL(siteUrl).hostname;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z][a-z0-9-]+$/i.test(host) ? `noreply@${host}` : 'ratelink@localhost';
}

/** A comma-separated list of host or host:port entries. */
function hostList(value: string): string[] {
  return value.split(',').map((h) => h.trim()).filter(Boolean);
}

function localOrigin(read: ReturnType<typeof reader>, host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host);
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${name}:${port}`;
  return URL.canParse(origin) ? origin : read.fail('HOST', 'an address of this machine such as 127.0.0.1 or 0.0.0.0');
}

/** One entry of RATELINK_TRUST_PROXY as proxy-addr reads it: an address, address/bits or address/netmask. */
function isProxyAddress(entry: string): boolean {
  const [address, mask, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (version === 4 ? 32 : 128);
  return version === 4 && isIPv4(mask);
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
    fail,
    // A secret's value is never echoed: error lines reach terminals, CI logs and journals.
    secret(name: string) {
      const value = raw(name);
      const problem = value === undefined ? null : secretWeakness(value);
      if (problem) throw new ConfigError(name, `${problem} (the value is not shown)`);
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
    // The URL may hold a password: never echoed.
    smtp(name: string): string | null {
      const value = raw(name);
      if (value === undefined) return null;
      if (/^smtps?:\/\//i.test(value) && URL.canParse(value)) return value;
      throw new ConfigError(name, 'expected smtp://user:password@host:587 or smtps://… (the value is not shown)');
    },
    // A postgres:// URL selects PostgreSQL; a file path (or sqlite:FILE) is the SQLite file.
    // The value is never echoed: the URL may hold a password.
    database(name: string, sqlitePath: string): { dbPath: string; databaseUrl: string | null } {
      const value = raw(name);
      if (value === undefined) return { dbPath: sqlitePath, databaseUrl: null };
      if (/^postgres(ql)?:\/\//i.test(value)) {
        if (URL.canParse(value)) return { dbPath: sqlitePath, databaseUrl: value };
        throw new ConfigError(name, 'expected a URL such as postgres://user:password@host:5432/ratelink');
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new ConfigError(name, 'expected postgres://… or a SQLite file path');
      return { dbPath: value.replace(/^(sqlite|file):/i, ''), databaseUrl: null };
    },
    // The value is never echoed: the URL may hold a password.
    redisUrl(name: string): string | null {
      const value = raw(name);
      if (value === undefined) return null;
      if (/^rediss?:\/\//i.test(value) && URL.canParse(value)) return value;
      throw new ConfigError(name, 'expected a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0');
    },
    // Fastify's trustProxy: a hop count or a comma list of addresses/CIDRs. Trusting every
    // sender (`1`) would let any client forge its address in X-Forwarded-For (docs/security.md).
    trustProxy(name: string): false | number | string {
      const value = raw(name);
      if (value === undefined || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
      if (/^hops:([1-9]|[1-9]\d)$/.test(value)) return Number(value.slice(5));
      if (/^[0-9a-fA-F:.,/ ]+$/.test(value) && value.split(',').every(isProxyAddress)) return value;
      return fail(name, '0, hops:N or a comma list of proxy addresses/CIDRs such as 127.0.0.1,10.0.0.0/8 (1, "trust everyone", was removed: it let any client forge its IP)');
    },
  };
}

export const SECRET_MIN_LENGTH = 32;

/** Why a secret is too weak to use, or null: short, few distinct characters, or a repeated pattern. */
export function secretWeakness(value: string): string | null {
  if (value.length < SECRET_MIN_LENGTH) return `expected at least ${SECRET_MIN_LENGTH} characters`;
  if (new Set(value).size < 10) return 'too predictable: use at least 10 different characters (e.g. openssl rand -hex 32)';
  for (let period = 1; period <= value.length / 2; period++) {
    if (value.slice(period) === value.slice(0, value.length - period)) return 'too predictable: a repeated pattern (e.g. use openssl rand -hex 32)';
  }
  return null;
}
