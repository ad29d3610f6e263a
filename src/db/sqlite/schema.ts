// The whole ledger. Times are unix seconds (UTC). Money of the ledger (rewards, payouts,
// balances, reward bases, minimum payouts) is integer units of 10^-8 of the reward
// currency (see src/money/decimal.ts); market figures (rates, reserves, limits, exchange
// amounts) are canonical decimal strings, since they may exceed any integer scale.
// INTEGER is a 64-bit integer in SQLite: money columns hold any ledger value exactly (a
// PostgreSQL schema declares them bigint). Row types for services are in src/db/rows.ts.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { unixNow as now } from './dialect.js';

export const partners = sqliteTable('partners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  email: text('email').notNull(),
  status: text('status', { enum: ['active', 'blocked', 'pending'] }).notNull().default('active'),
  rewardPercent: text('reward_percent').notNull(),
  rewardBase: text('reward_base', { enum: ['amount', 'profit'] }).notNull().default('amount'),
  // JSON [{ "turnover": "1000", "percent": "0.7" }]: the percent grows with successful turnover.
  rewardLevels: text('reward_levels'),
  minPayout: integer('min_payout').notNull().default(0),
  // Always equal to the sum of the partner's ledger entries; kept here so that the database
  // can refuse a payout larger than the balance with one conditional UPDATE.
  balance: integer('balance').notNull().default(0),
  // A sub-partner's referrer: who signed it up through an agent link (one level only).
  parentPartnerId: integer('parent_partner_id').references((): AnySQLiteColumn => partners.id),
  // The percent of each reward of its sub-partners the partner earns (operator-set; 0 = off).
  secondTierPercent: text('second_tier_percent').notNull().default('0'),
  createdAt: integer('created_at').notNull().default(now),
});

// A partner's sign-in: one row once the operator invites them (or they sign up). The email
// is stored lower-cased and unique, so that sign-in finds one account. `auth_version` grows
// whenever every session and token issued before must stop working (new password, block,
// "sign out everywhere"): sessions and JWTs carry the version they were issued under.
export const partnerAccounts = sqliteTable('partner_accounts', {
  partnerId: integer('partner_id').primaryKey().references(() => partners.id),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash'),
  authVersion: integer('auth_version').notNull().default(1),
  createdAt: integer('created_at').notNull().default(now),
  passwordSetAt: integer('password_set_at'),
  lastSignInAt: integer('last_sign_in_at'),
});

// A partner's signed-in browser: the cookie holds a random token, the row only its sha256, so
// a copy of the database signs no one in. A session counts while it is not revoked, not idle
// past `expires_at`, and its `auth_version` is the account's (src/services/accounts/sessions.ts).
export const partnerSessions = sqliteTable('partner_sessions', {
  id: text('id').primaryKey(),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  authVersion: integer('auth_version').notNull(),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  revokedAt: integer('revoked_at'),
  // What the partner's list of sessions shows: the browser and system at sign-in, and the address.
  device: text('device'),
  ip: text('ip'),
}, (t) => [index('partner_sessions_partner_idx').on(t.partnerId)]);

// One-time links (an invitation to set the password, a password reset): stored as the sha256
// of the token in the link, used once by one conditional UPDATE (used_at IS NULL AND not expired).
export const partnerTokens = sqliteTable('partner_tokens', {
  id: text('id').primaryKey(),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  purpose: text('purpose', { enum: ['invite', 'reset'] }).notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
}, (t) => [index('partner_tokens_partner_idx').on(t.partnerId)]);

export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  prefix: text('prefix').notNull().unique(),
  hash: text('hash').notNull(),
  createdAt: integer('created_at').notNull().default(now),
  revokedAt: integer('revoked_at'),
  lastUsedAt: integer('last_used_at'),
  lastUsedIp: text('last_used_ip'),
}, (t) => [index('api_keys_partner_idx').on(t.partnerId)]);

// Every address a partner's API keys (and, later, portal sessions) were used from, with when it
// was last seen: the self-referral guard checks a visitor's clicks against all of them, so
// switching to a second address is no way around it.
export const partnerAddresses = sqliteTable('partner_addresses', {
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  ip: text('ip').notNull(),
  lastSeen: integer('last_seen').notNull(),
}, (t) => [primaryKey({ columns: [t.partnerId, t.ip] })]);

// A partner's link (docs/promotion-links.md). `target_kind` says where /ref/CODE sends a visitor:
// the home page, a direction (cur_from/cur_to), or `target`, a path on RATELINK_SITE_URL's
// origin (never a host). `target_url` is the URL as the partner gave it (the seed's
// `targetUrl`, echoed; an agent link's is never followed). `extra` holds the broker fields
// of POST /v1/api/introduce/create, stored and echoed unchanged.
export const referralLinks = sqliteTable('referral_links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  name: text('name'),
  target: text('target'),
  disabledAt: integer('disabled_at'),
  createdAt: integer('created_at').notNull().default(now),
  linkType: text('link_type', { enum: ['client', 'agent'] }).notNull().default('client'),
  targetKind: text('target_kind', { enum: ['home', 'direction', 'path'] }).notNull().default('home'),
  targetFrom: text('target_cur_from'),
  targetTo: text('target_cur_to'),
  targetUrl: text('target_url'),
  visibility: text('visibility', { enum: ['listed', 'hidden', 'archived'] }).notNull().default('listed'),
  visiblePartnerIds: text('visible_partner_ids', { mode: 'json' }).$type<number[]>(),
  parameterType: text('parameter_type', { enum: ['uid', 'pid', 'sid'] }),
  extra: text('extra', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  // SQLite adds a column only with a constant default: the time is given on insert instead.
  updatedAt: integer('updated_at').notNull().default(0).$defaultFn(() => Math.floor(Date.now() / 1000)),
}, (t) => [index('referral_links_partner_idx').on(t.partnerId)]);

export const clicks = sqliteTable('clicks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  time: integer('time').notNull(),
  partnerId: integer('partner_id').references(() => partners.id),
  linkId: integer('link_id').references(() => referralLinks.id),
  ip: text('ip').notNull().default(''),
  browser: text('browser').notNull().default('Unknown'),
  userAgent: text('user_agent').notNull().default(''),
  referrer: text('referrer').notNull().default(''),
  userHash: text('user_hash').notNull(),
  queryString: text('query_string').notNull().default(''),
  curFrom: text('cur_from'),
  curTo: text('cur_to'),
  // The partner's own tags from the link (sub1..sub5, `subid` = sub1): docs/promotion-links.md.
  sub1: text('sub1'),
  sub2: text('sub2'),
  sub3: text('sub3'),
  sub4: text('sub4'),
  sub5: text('sub5'),
  isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
  // A repeat of the same visitor on the same link within the dedupe window: kept, never counted.
  isRepeat: integer('is_repeat', { mode: 'boolean' }).notNull().default(false),
}, (t) => [
  index('clicks_partner_time_idx').on(t.partnerId, t.time),
  // A partner's counted clicks only (src/db/sqlite/counted-clicks.ts): the partner API walks it,
  // so a deep page skips index entries, never table rows (BENCHMARKS.md, deepest pages).
  index('clicks_partner_counted_idx').on(t.partnerId, t.time).where(sql`is_bot = 0 and is_repeat = 0`),
  // The same clicks by link: group_by=link counts each link's range of it (a seek per link)
  // instead of reading every click of the period from the table and sorting it by link.
  index('clicks_partner_link_counted_idx').on(t.partnerId, t.linkId, t.time).where(sql`is_bot = 0 and is_repeat = 0`),
  index('clicks_user_time_idx').on(t.userHash, t.time),
]);

// The last counted click of a visitor on a link: the database decides, with one
// conditional upsert, whether a new click counts (click dedupe window).
export const clickWindows = sqliteTable('click_windows', {
  linkId: integer('link_id').notNull().references(() => referralLinks.id),
  userHash: text('user_hash').notNull(),
  countedAt: integer('counted_at').notNull(),
}, (t) => [primaryKey({ columns: [t.linkId, t.userHash] })]);

export const directions = sqliteTable('directions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  from: text('cur_from').notNull(),
  to: text('cur_to').notNull(),
  in: text('rate_in').notNull(),
  out: text('rate_out').notNull(),
  amount: text('amount').notNull(),
  minamount: text('minamount').notNull().default('0'),
  maxamount: text('maxamount').notNull().default('0'),
  minfee: text('minfee'),
  fromfee: text('fromfee'),
  tofee: text('tofee'),
  floating: text('floating'),
  delay: integer('delay'),
  param: text('param', { mode: 'json' }).$type<string[]>().notNull().default([]),
  city: text('city', { mode: 'json' }).$type<string[]>().notNull().default([]),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('directions_pair_idx').on(t.from, t.to)]);

// Per-currency decimals for the feeds; currencies not listed use the built-in defaults.
export const currencies = sqliteTable('currencies', {
  code: text('code').primaryKey(),
  precision: integer('precision').notNull(),
});

export const feeds = sqliteTable('feeds', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  dialect: text('dialect', { enum: ['classic', 'eref11'] }).notNull().default('classic'),
  options: text('options', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull().default(now),
  lastFetchAt: integer('last_fetch_at'),
  fetchCount: integer('fetch_count').notNull().default(0),
  lastIp: text('last_ip'),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const exchanges = sqliteTable('exchanges', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  externalId: text('external_id').notNull().unique(),
  partnerId: integer('partner_id').references(() => partners.id),
  clickId: integer('click_id').references(() => clicks.id),
  linkId: integer('link_id').references(() => referralLinks.id),
  userHash: text('user_hash'),
  refCode: text('ref_code'),
  // The sub-ids of the click the exchange is attributed to.
  sub1: text('sub1'),
  sub2: text('sub2'),
  sub3: text('sub3'),
  sub4: text('sub4'),
  sub5: text('sub5'),
  time: integer('time').notNull(),
  curGive: text('cur_give').notNull(),
  curGet: text('cur_get').notNull(),
  amountGive: text('amount_give').notNull(),
  amountGet: text('amount_get').notNull(),
  courseGive: text('course_give').notNull(),
  courseGet: text('course_get').notNull(),
  status: text('status', { enum: ['pending', 'success', 'canceled', 'refunded'] }).notNull(),
  rewardBase: integer('reward_base').notNull().default(0),
  rewardPercent: text('reward_percent'),
  reward: integer('reward').notNull().default(0),
  // Why the exchange earns nothing although attributed, e.g. 'self_referral'.
  flag: text('flag'),
  // The operator's decision on a flagged exchange: approved credits the withheld reward.
  review: text('review', { enum: ['approved', 'rejected'] }),
  reviewedBy: text('reviewed_by'),
  reviewedAt: integer('reviewed_at'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
}, (t) => [
  index('exchanges_partner_time_idx').on(t.partnerId, t.time),
  index('exchanges_status_idx').on(t.status),
  index('exchanges_link_time_idx').on(t.linkId, t.time),
]);

export const payoutMethods = sqliteTable('payout_methods', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  title: text('title').notNull(),
  currency: text('currency').notNull(),
  commission: text('commission').notNull().default('0'),
  createdAt: integer('created_at').notNull().default(now),
  deletedAt: integer('deleted_at'),
});

export const payouts = sqliteTable('payouts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  methodId: integer('method_id').notNull().references(() => payoutMethods.id),
  account: text('account').notNull(),
  amount: integer('amount').notNull(),
  // 0 pending, 1 paid, 2 canceled (by the operator), 3 canceled by the partner: as Premium's API.
  status: integer('status').notNull().default(0),
  txRef: text('tx_ref'),
  createdAt: integer('created_at').notNull().default(now),
  paidAt: integer('paid_at'),
  canceledAt: integer('canceled_at'),
}, (t) => [
  index('payouts_partner_idx').on(t.partnerId, t.createdAt),
  index('payouts_status_idx').on(t.status),
]);

// Immutable: rows are only ever inserted. A partner's balance is the sum of its entries.
export const ledgerEntries = sqliteTable('ledger_entries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  kind: text('kind', { enum: ['reward', 'reversal', 'payout', 'payout_release', 'adjustment', 'reward_tier2', 'reversal_tier2'] }).notNull(),
  amount: integer('amount').notNull(),
  exchangeId: integer('exchange_id').references(() => exchanges.id),
  payoutId: integer('payout_id').references(() => payouts.id),
  reason: text('reason'),
  createdAt: integer('created_at').notNull().default(now),
}, (t) => [
  index('ledger_partner_idx').on(t.partnerId),
  // The edges of a period the hourly figures do not cover are summed from here.
  index('ledger_partner_time_idx').on(t.partnerId, t.createdAt),
  // One reward and one reversal per exchange, one reservation and one release per payout,
  // however many times the engine or the operator retries.
  uniqueIndex('ledger_exchange_kind_idx').on(t.exchangeId, t.kind),
  uniqueIndex('ledger_payout_kind_idx').on(t.payoutId, t.kind),
]);

// Events out (docs/webhooks.md). An endpoint is the operator's (partner_id null) or one
// partner's; a webhook is signed JSON (Standard Webhooks), a postback a GET of the partner's
// URL template. `secret` signs webhooks: the receiver needs the same bytes, so it cannot be
// a hash; it is shown once and never logged.
export const eventEndpoints = sqliteTable('event_endpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  partnerId: integer('partner_id').references(() => partners.id),
  kind: text('kind', { enum: ['webhook', 'postback'] }).notNull(),
  url: text('url').notNull(),
  // JSON array of event types.
  events: text('events').notNull(),
  secret: text('secret'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  disabledReason: text('disabled_reason'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
}, (t) => [index('event_endpoints_partner_idx').on(t.partnerId)]);

// The outbox: written in the transaction of the change it reports, never without it.
export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  type: text('type').notNull(),
  partnerId: integer('partner_id'),
  // JSON: what a webhook's `data` carries.
  data: text('data').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('events_created_idx').on(t.createdAt)]);

// One row per event and endpoint, written with the event: the worker claims due rows.
export const deliveries = sqliteTable('deliveries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  eventId: integer('event_id').notNull().references(() => events.id),
  endpointId: integer('endpoint_id').notNull().references(() => eventEndpoints.id),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  // A claim's lease: another worker (instance) skips the row until then.
  lockedUntil: integer('locked_until').notNull().default(0),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  deliveredAt: integer('delivered_at'),
}, (t) => [
  uniqueIndex('deliveries_event_endpoint_uq').on(t.eventId, t.endpointId),
  index('deliveries_due_idx').on(t.endpointId, t.status, t.id),
]);

// What each partner did per hour (counted clicks, exchanges by their time, successful ones,
// earned ledger units), kept in the same transaction as the rows it sums: the summary and
// the reports grouped by day read hours instead of counting millions of rows. `hour` is the
// unix second the hour starts at. test/db/partner-hours.test.ts recounts it from the rows.
export const partnerHours = sqliteTable('partner_hours', {
  partnerId: integer('partner_id').notNull(),
  hour: integer('hour').notNull(),
  clicks: integer('clicks').notNull().default(0),
  exchanges: integer('exchanges').notNull().default(0),
  successful: integer('successful').notNull().default(0),
  earned: integer('earned').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.partnerId, t.hour] })]);

// The same figures per UTC day (`day`: the unix second the day starts), kept by the same writers
// in the same transactions as partner_hours: a year of days of a UTC report reads 365 rows
// instead of grouping 8,760 hours (BENCHMARKS.md, issue 15, fifth session). Zones whose days are
// not UTC days keep grouping hours. test/db/partner-hours.test.ts recounts it.
export const partnerDays = sqliteTable('partner_days', {
  partnerId: integer('partner_id').notNull(),
  day: integer('day').notNull(),
  clicks: integer('clicks').notNull().default(0),
  exchanges: integer('exchanges').notNull().default(0),
  successful: integer('successful').notNull().default(0),
  earned: integer('earned').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.partnerId, t.day] })]);

// Each partner's running totals, one row, kept in the same transaction as the writes they sum:
// the figures of every partner_hours row (all time), the successful unflagged turnover (the
// reward percent "now") and the paid and pending payout units. The summary reads this row
// instead of summing a partner's whole history; test/db/partner-totals.test.ts recounts it.
export const partnerTotals = sqliteTable('partner_totals', {
  partnerId: integer('partner_id').primaryKey(),
  clicks: integer('clicks').notNull().default(0),
  exchanges: integer('exchanges').notNull().default(0),
  successful: integer('successful').notNull().default(0),
  earned: integer('earned').notNull().default(0),
  turnover: integer('turnover').notNull().default(0),
  paid: integer('paid').notNull().default(0),
  pending: integer('pending').notNull().default(0),
});

// The REST API's refresh tokens: opaque, stored as their SHA-256, single-use. A family is one
// sign-in's chain of rotations; presenting a spent token revokes its whole family.
export const refreshTokens = sqliteTable('refresh_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  partnerId: integer('partner_id').notNull().references(() => partners.id),
  family: text('family').notNull(),
  tokenHash: text('token_hash').notNull(),
  authVersion: integer('auth_version').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  revokedAt: integer('revoked_at'),
}, (t) => [
  uniqueIndex('refresh_tokens_hash_idx').on(t.tokenHash),
  index('refresh_tokens_family_idx').on(t.family),
]);
