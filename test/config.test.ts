import t from 'tap';
import { ConfigError, loadConfig, readEnvironment } from '../src/config.js';

t.test('loadConfig › embedded defaults in demo mode', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.dbPath, './data/ratelink.db');
  t.equal(config.siteUrl, 'http://localhost:3000');
  t.equal(config.demo, true);
  t.equal(config.timeZone, 'UTC');
  t.equal(config.attribution, 'first');
  t.equal(config.cookieDays, 90);
  t.equal(config.clickIpLimit, 120);
  t.equal(config.trustProxy, false);
});

t.test('loadConfig › RATELINK_ADMIN_TOKEN is required outside demo mode', async (t) => {
  const site = { RATELINK_SITE_URL: 'https://ex.example' };
  t.throws(() => loadConfig({ RATELINK_DEMO: '0', ...site }), { message: /^Invalid RATELINK_ADMIN_TOKEN/ });
  t.equal(loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'k3Jq9xVb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Ga', RATELINK_JWT_SECRET: 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x', ...site }).demo, false);
  t.throws(() => loadConfig({ RATELINK_ADMIN_TOKEN: 'short' }), { message: /at least 32 characters/ });
});

t.test('loadConfig › RATELINK_JWT_SECRET is required outside demo mode; the demo keeps a generated one', async (t) => {
  const production = { RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'k3Jq9xVb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Ga', RATELINK_SITE_URL: 'https://ex.example' };
  const error = t.throws(() => loadConfig(production)) as ConfigError;
  t.equal(error.variable, 'RATELINK_JWT_SECRET');
  t.match(error.message, /^Invalid RATELINK_JWT_SECRET: required when RATELINK_DEMO=0/);
  t.notMatch(error.message, /\n/);
  // RATELINK_SECRET alone is not enough in production: the REST API's key is named explicitly.
  t.throws(() => loadConfig({ ...production, RATELINK_SECRET: 'Wz8Yc6Nd5Pf1Hs0Gak3Jq9xVb2Lm7Rt4' }), { message: /^Invalid RATELINK_JWT_SECRET/ });
  t.equal(loadConfig({ ...production, RATELINK_JWT_SECRET: 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x' }).jwtSecret, 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x');
  t.equal(loadConfig({}).jwtSecret, undefined, 'demo: none required (generated and kept in the database)');
  t.equal(loadConfig({ ...production }, { requireAdminToken: false }).demo, false, 'the CLI\'s other commands need neither');
});

t.test('loadConfig › an admin token under 32 characters or of low entropy is refused', async (t) => {
  for (const token of ['aaaaaaaaaaaaaaaa', 'Zq8vLm3Rt7Wx2Yc9Nb4Pd6Kf', 'a'.repeat(40), 'abcabcabcabcabcabcabcabcabcabcabcabc',
    '0123456789abcdef0123456789abcdef']) {
    t.throws(() => loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: token, RATELINK_SITE_URL: 'https://ex.example', RATELINK_JWT_SECRET: 'Vb2Lm7Rt4Wz8Yc6Nd5Pf1Hs0Gak3Jq9x' }), { message: /^Invalid RATELINK_ADMIN_TOKEN/ }, token);
  }
});

t.test('loadConfig › a rejected secret is never echoed in the error line', async (t) => {
  const token = 'secret-but-short';
  const error = t.throws(() => loadConfig({ RATELINK_ADMIN_TOKEN: token })) as ConfigError;
  t.notMatch(error.message, token);
  t.match(error.message, /the value is not shown/);
});

t.test('loadConfig › RATELINK_TRUST_PROXY=1 (trust every sender) is refused', async (t) => {
  for (const value of ['1', 'true', 'yes', 'on', 'hops:0']) {
    t.throws(() => loadConfig({ RATELINK_TRUST_PROXY: value }), { message: /^Invalid RATELINK_TRUST_PROXY: .*hops:N/ }, value);
  }
});

const bad: Array<[string, string]> = [
  ['PORT', '70000'],
  ['PORT', 'abc'],
  ['RATELINK_SITE_URL', 'ftp://x'],
  ['RATELINK_SITE_URL', 'not a url'],
  ['RATELINK_TZ', 'Mars/Olympus'],
  ['RATELINK_DEMO', 'maybe'],
  ['LOG_LEVEL', 'loud'],
  ['RATELINK_ATTRIBUTION', 'middle'],
  ['RATELINK_COOKIE_DAYS', '0'],
  ['RATELINK_TRUST_PROXY', 'everyone!'],
  // Shaped like addresses, not addresses: Fastify's proxy-addr threw a TypeError with its stack at start.
  ['RATELINK_TRUST_PROXY', '300.0.0.1'],
  ['RATELINK_TRUST_PROXY', '127.0.0.1,10.0.0.0/33'],
  ['RATELINK_TRUST_PROXY', '::1/129'],
  // The demo's site URL is made of HOST: a HOST no URL can hold was blamed on RATELINK_SITE_URL ("got undefined").
  ['HOST', '999.1.1.1'],
  ['HOST', 'no such host'],
  ['RATELINK_DIRECTION_URL', 'https://evil.example/{from}'],
];
for (const [name, value] of bad) {
  t.test(`loadConfig › ${name}=${value} is refused with a one-line error naming it`, async (t) => {
    const error = t.throws(() => loadConfig({ [name]: value })) as ConfigError;
    t.ok(error instanceof ConfigError);
    t.equal(error.variable, name);
    t.match(error.message, new RegExp(`^Invalid ${name}: `));
    t.notMatch(error.message, /\n/);
  });
}

t.test('loadConfig › the demo site URL follows HOST and PORT; production requires RATELINK_SITE_URL', async (t) => {
  t.equal(loadConfig({ PORT: '3311' }).siteUrl, 'http://localhost:3311');
  t.equal(loadConfig({ PORT: '8080', HOST: '192.0.2.10' }).siteUrl, 'http://192.0.2.10:8080');
  t.equal(loadConfig({ PORT: '8080', HOST: '::' }).siteUrl, 'http://localhost:8080');
  t.equal(loadConfig({ PORT: '3311', RATELINK_SITE_URL: 'https://ex.example' }).siteUrl, 'https://ex.example');
  const error = t.throws(() => loadConfig({ RATELINK_DEMO: '0', RATELINK_ADMIN_TOKEN: 'Kq7vR2xN9pL4mW8sT3yB6cF1hJ5dG0zAe4Uu' })) as ConfigError;
  t.equal(error.variable, 'RATELINK_SITE_URL');
  t.match(error.message, /required when RATELINK_DEMO=0/);
});

t.test('loadConfig › the site URL is reduced to its origin; trust proxy forms', async (t) => {
  t.equal(loadConfig({ RATELINK_SITE_URL: 'https://ex.example/path/' }).siteUrl, 'https://ex.example');
  t.equal(loadConfig({ RATELINK_TRUST_PROXY: 'hops:2' }).trustProxy, 2);
  t.equal(loadConfig({ RATELINK_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, '10.0.0.0/8, 127.0.0.1');
  t.equal(loadConfig({ RATELINK_TRUST_PROXY: '::1,fd00::/8,10.0.0.0/255.0.0.0' }).trustProxy, '::1,fd00::/8,10.0.0.0/255.0.0.0');
});

t.test('loadConfig › RATELINK_DATABASE_URL: postgres:// selects PostgreSQL, a file path stays SQLite, nothing else; never echoed', async (t) => {
  t.same(pick(loadConfig({})), { dbPath: './data/ratelink.db', databaseUrl: null, databasePoolSize: 10 });
  const url = 'postgres://ratelink:s3cret@db.internal:5432/ratelink';
  t.same(pick(loadConfig({ RATELINK_DATABASE_URL: url, RATELINK_DATABASE_POOL_SIZE: '4' })), { dbPath: './data/ratelink.db', databaseUrl: url, databasePoolSize: 4 });
  t.equal(loadConfig({ RATELINK_DATABASE_URL: 'postgresql://h/db' }).databaseUrl, 'postgresql://h/db');
  t.same(pick(loadConfig({ RATELINK_DATABASE_URL: 'sqlite:/var/lib/x.db' })), { dbPath: '/var/lib/x.db', databaseUrl: null, databasePoolSize: 10 });
  t.equal(loadConfig({ RATELINK_DATABASE_URL: './data/y.db' }).dbPath, './data/y.db');
  t.throws(() => loadConfig({ RATELINK_DATABASE_URL: 'mysql://u:s3cret@h/db' }), { message: /^Invalid RATELINK_DATABASE_URL: expected postgres:\/\/… or a SQLite file path$/ });
  t.throws(() => loadConfig({ RATELINK_DATABASE_URL: 'postgres://u:s3cret@[bad/db' }), { message: /^Invalid RATELINK_DATABASE_URL: expected a URL such as/ });
  t.throws(() => loadConfig({ RATELINK_DATABASE_POOL_SIZE: '0' }), { message: /RATELINK_DATABASE_POOL_SIZE/ });
  t.equal(loadConfig({}).databaseStatementTimeout, 10, 'a silent server fails a statement after 10 s');
  t.equal(loadConfig({ RATELINK_DATABASE_STATEMENT_TIMEOUT: '120' }).databaseStatementTimeout, 120);
  t.throws(() => loadConfig({ RATELINK_DATABASE_STATEMENT_TIMEOUT: '0' }), { message: /RATELINK_DATABASE_STATEMENT_TIMEOUT/ });
});

t.test('loadConfig › RATELINK_REDIS_URL: redis:// or rediss://, optional, never echoed; RATELINK_REDIS_PREFIX', async (t) => {
  t.equal(loadConfig({}).redisUrl, null, 'unset: every count stays in the process');
  t.equal(loadConfig({}).redisKeyPrefix, 'ratelink:');
  t.equal(loadConfig({ RATELINK_REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl, 'redis://127.0.0.1:6379');
  t.equal(loadConfig({ RATELINK_REDIS_URL: 'rediss://u:pw@cache.internal:6380/2' }).redisUrl, 'rediss://u:pw@cache.internal:6380/2');
  const error = t.throws(() => loadConfig({ RATELINK_REDIS_URL: 'http://u:s3cret@h' }), { message: /^Invalid RATELINK_REDIS_URL: expected a URL such as redis:/ }) as unknown as Error;
  t.notMatch(error.message, /s3cret/, 'the value is not echoed');
  t.equal(loadConfig({ RATELINK_REDIS_PREFIX: 'shop2:' }).redisKeyPrefix, 'shop2:');
  t.throws(() => loadConfig({ RATELINK_REDIS_PREFIX: 'a b' }), { message: /RATELINK_REDIS_PREFIX/ });
});

function pick(config: ReturnType<typeof loadConfig>) {
  return { dbPath: config.dbPath, databaseUrl: config.databaseUrl, databasePoolSize: config.databasePoolSize };
}
t.test('readEnvironment › RATELINK_ENV_FILE is read; the environment wins over the file', async (t) => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(t.testdir(), 'ratelink.env');
  writeFileSync(file, '# comment\nPORT=4100\nRATELINK_SITE_URL="https://file.example"\n');
  const env = readEnvironment({ RATELINK_ENV_FILE: file, PORT: '4200' });
  t.equal(loadConfig(env).port, 4200);
  t.equal(loadConfig(env).siteUrl, 'https://file.example');
  t.throws(() => readEnvironment({ RATELINK_ENV_FILE: `${file}.missing` }), { message: /^Invalid RATELINK_ENV_FILE: cannot read .*\(ENOENT\)$/ });
});

t.test('loadConfig › the reset mail comes from noreply@ the site\'s domain unless RATELINK_SMTP_FROM says otherwise', async (t) => {
  t.equal(loadConfig({ RATELINK_SITE_URL: 'https://exchanger.example' }).smtpFrom, 'noreply@exchanger.example');
  t.equal(loadConfig({ RATELINK_SITE_URL: 'https://exchanger.example', RATELINK_SMTP_FROM: 'Partners <p@ex.example>' }).smtpFrom, 'Partners <p@ex.example>');
  t.equal(loadConfig({}).smtpFrom, 'ratelink@localhost', 'the demo on localhost has no domain');
  t.equal(loadConfig({ HOST: '192.0.2.10' }).smtpFrom, 'ratelink@localhost', 'nor a site on an IP address');
});
