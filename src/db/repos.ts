// The repository interface: all data access goes through it, whatever engine sits behind
// (src/db/sqlite/ today; a PostgreSQL implementation implements the same interface).
// Repositories are thin: rows or null, never HTTP errors, no rules. Every method is async.
// Sums are bigint (exact however large); counts are numbers.
import type {
  ApiKeyRow, ClickLink, DayFigureRow, Figures, FigureKey, KeyFigures, OffsetSpan, PartnerStanding, RefreshTokenRow, ClickRow, CurrencyRow, DirectionRow, DirectionValues,
  ExchangeRow, ExchangeStatus, FeedRow, FeedSourceState, FetchStats, LedgerEntryRow, LedgerKind, LedgerTotals,
  LinkRow, NewClick, NewExchange, DeliveryRow, DueDelivery, EventEndpointRow, EventRow, NewFeed, NewPartner,
  PartnerAccountRow, PartnerPatch, PartnerRow, PartnerStatus, PayoutMethodRow, PayoutRow, RecordedClick, SeedClick, SeedExchange,
  PartnerSessionRow, PartnerTokenPurpose, PartnerTokenRow, LinkChanges, LinkDayStats, LinkNumbers, SubIdField, NewLink,
} from './rows.js';

export * from './rows.js';

export interface PartnerRepo {
  insert(values: NewPartner): Promise<PartnerRow>;
  list(): Promise<PartnerRow[]>;
  findById(id: number): Promise<PartnerRow | null>;
  /** Null when there is no such partner, or (with `fromStatus`) when its status is another: a conditional UPDATE. */
  update(id: number, patch: PartnerPatch, fromStatus?: PartnerStatus): Promise<PartnerRow | null>;
  count(): Promise<number>;
  /** Whether some partner has this email, compared without case. */
  hasEmail(email: string): Promise<boolean>;
}

export interface ApiKeyRepo {
  insert(values: { partnerId: number; prefix: string; hash: string }): Promise<ApiKeyRow>;
  findByPrefix(prefix: string): Promise<ApiKeyRow | null>;
  listByPartner(partnerId: number): Promise<ApiKeyRow[]>;
  /** Revokes an active key; false when there is no such active key. */
  revoke(prefix: string, at: number): Promise<boolean>;
  touch(id: number, at: number, ip: string): Promise<void>;
  /** Remembers that the partner acted from `ip` at `at` (one row per partner and address). */
  recordAddress(partnerId: number, ip: string, at: number): Promise<void>;
}

export interface LinkRepo {
  /** Inserts a link; null when the code is taken (the unique index decides). */
  insert(values: NewLink): Promise<LinkRow | null>;
  findByCode(code: string): Promise<LinkRow | null>;
  /** Changes a link (name, target, visibility, disabledAt…); null when there is no such code. */
  update(code: string, patch: LinkChanges): Promise<LinkRow | null>;
  /** Every partner's links, oldest first. */
  list(): Promise<LinkRow[]>;
  listByPartner(partnerId: number): Promise<LinkRow[]>;
  /** The partner's first link: the `link` of get_info. */
  primaryForPartner(partnerId: number): Promise<LinkRow | null>;
  /** The partner's links that are not archived (the per-partner limit counts these). */
  countUnarchived(partnerId: number): Promise<number>;
  /** A link's counted clicks, attributed exchanges and earnings per UTC day, from <= time <= to, oldest day first. */
  dailyStats(partnerId: number, linkId: number, from: number, to: number): Promise<LinkDayStats[]>;
  /** The same numbers summed over from <= time <= to, one row per link of the partner that has any (two grouped queries). */
  numbersByLink(partnerId: number, from: number, to: number): Promise<LinkNumbers[]>;
}

export interface ClickRepo {
  /** Writes the clicks in one transaction (one commit), in order; the database decides repeats. */
  insertBatch(batch: NewClick[], windowSeconds: number): Promise<RecordedClick[]>;
  findLink(code: string): Promise<ClickLink | null>;
  /** Every active exchange direction as "FROM>TO". */
  listActivePairs(): Promise<string[]>;
  /** The visitor's earliest ('first') or latest ('last') counted click on a partner's link with after < time <= upTo. */
  findOwningClick(userHash: string, after: number, upTo: number, model: 'first' | 'last'): Promise<ClickRow | null>;
  listByUser(userHash: string): Promise<ClickRow[]>;
  count(): Promise<number>;
}

export interface DirectionRepo {
  list(): Promise<DirectionRow[]>;
  /** Upserts by (from, to), stamping updated_at of each even when nothing else changed. */
  upsertMany(rows: DirectionValues[], now: number): Promise<{ upserted: number; version: number }>;
  /**
   * Upserts what `merge` makes of the table as it is, in one transaction that no other write of
   * the table can enter between the read and the write (PATCH: a field left out keeps the value
   * the last write gave it, also when two writers patch the same direction at once).
   */
  upsertMerged(merge: (current: DirectionRow[]) => DirectionValues[], now: number): Promise<{ upserted: number; version: number }>;
  /** Makes the table exactly `rows`, atomically: readers see the old table or the new one. */
  replaceAll(rows: DirectionValues[], now: number): Promise<{ upserted: number; removed: number; version: number }>;
  /** Re-stamps every direction as freshly updated (the demo's periodic re-push of its rates). */
  touchAll(at: number): Promise<{ touched: number; version: number }>;
  ratesVersion(): Promise<number>;
  listCurrencies(): Promise<CurrencyRow[]>;
  setCurrencyPrecision(code: string, precision: number): Promise<CurrencyRow>;
  /** Back to the built-in default; false when the currency had no precision of its own. */
  deleteCurrencyPrecision(code: string): Promise<boolean>;
}

export interface FeedRepo {
  /** Inserts a feed; null when the code is taken. */
  insert(values: NewFeed): Promise<FeedRow | null>;
  list(): Promise<FeedRow[]>;
  /** Changes a feed's settings; null when there is no such code. */
  update(code: string, patch: Partial<Pick<NewFeed, 'name' | 'dialect' | 'options' | 'enabled'>>): Promise<FeedRow | null>;
  findByCode(code: string): Promise<FeedRow | null>;
  readSourceState(): Promise<FeedSourceState>;
  /** The stored maintenance switch (RATELINK_MAINTENANCE is the other one). */
  setMaintenance(on: boolean): Promise<void>;
  /** Adds aggregated fetches in one transaction: one UPDATE per feed, not one per request. */
  recordFetches(stats: FetchStats[]): Promise<void>;
}

export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  /** Stores `value` unless the key has one; returns the value kept (the first writer wins). */
  setIfAbsent(key: string, value: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
  /** Whether anything an operator or the demo creates is stored (settings alone do not count). */
  holdsData(): Promise<boolean>;
  /** Empties every table but the migration journal, in one transaction (`ratelink demo purge`). */
  deleteAllData(): Promise<void>;
}

/** The ledger entry that goes with an exchange's insert or transition. */
export interface ExchangeEntry {
  partnerId: number;
  kind: 'reward' | 'reversal' | 'reward_tier2' | 'reversal_tier2';
  amount: number;
}

/** An exchange's entries: its partner's, and the referring partner's second-tier share. */
export type ExchangeEntries = ExchangeEntry | ExchangeEntry[] | null;

export interface ExchangeFilter {
  partnerId?: number;
  status?: ExchangeStatus;
  from?: number;
  to?: number;
  flagged?: boolean;
  /** pending: flagged and not yet decided (what is left to review); approved or rejected: decided so. */
  review?: 'pending' | 'approved' | 'rejected';
  limit: number;
  offset: number;
}

export type ExchangePatch = Partial<NewExchange> & { status: ExchangeStatus; updatedAt: number };

/** What a status change was decided from: the status and the reward credited when it was read. */
export type ExchangeTransitionFrom = Pick<ExchangeRow, 'status' | 'reward'>;

export interface ExchangeRepo {
  findByExternalId(externalId: string): Promise<ExchangeRow | null>;
  findById(id: number): Promise<ExchangeRow | null>;
  /** Inserts a first report (with its reward entry, if any); null when external_id exists. */
  insert(values: NewExchange, entry: ExchangeEntries): Promise<ExchangeRow | null>;
  /**
   * Moves the exchange from `from.status` → patch.status; null when it is no longer in that
   * status or its reward is no longer `from.reward` (lost a race: an approval credited it
   * meanwhile, and the entries the caller computed, a refund's reversal, would be wrong).
   */
  transition(id: number, from: ExchangeTransitionFrom, patch: ExchangePatch, entry: ExchangeEntries): Promise<ExchangeRow | null>;
  /**
   * Records the operator's decision on a flagged exchange, with the credit an approval
   * releases; null when it was reviewed meanwhile (one decision per exchange), or, for an
   * approval, when the exchange is no longer a success (refunded meanwhile).
   */
  review(id: number, patch: { review: 'approved' | 'rejected'; reviewedBy: string | null; reviewedAt: number; reward: number }, entry: ExchangeEntries): Promise<ExchangeRow | null>;
  list(filter: ExchangeFilter): Promise<ExchangeRow[]>;
  /** Sum of reward_base of the partner's successful, unflagged exchanges (turnover levels). */
  successfulTurnover(partnerId: number, exceptId?: number): Promise<bigint>;
  /** Self-referral signal: addresses the visitor clicked from that the partner used at or after `since` (at most 20). */
  visitorIpsSharedWithPartner(userHash: string, partnerId: number, since: number): Promise<string[]>;
  /** Counted clicks and attributed exchanges of a partner. */
  partnerActivity(partnerId: number): Promise<{ clicks: number; exchanges: number; successful: number }>;
}

export interface LedgerRepo {
  /** A manual correction (positive or negative); the balance may go below zero. */
  adjust(values: { partnerId: number; amount: number; reason: string; at: number }): Promise<LedgerEntryRow>;
  /** Newest first: `limit` entries (default 1000) after skipping `offset`. */
  listByPartner(partnerId: number, limit?: number, offset?: number): Promise<LedgerEntryRow[]>;
  /** The partner's entries created in [from, to], newest (highest id) first, a page at a time. */
  listInRange(partnerId: number, q: { from: number; to: number; limit: number; offset: number }): Promise<LedgerEntryRow[]>;
  /** How many entries the partner has in [from, to] and their sum. */
  rangeTotals(partnerId: number, from: number, to: number): Promise<{ count: number; amount: bigint }>;
  /** The balance recomputed from the entries (partners.balance must always equal it). */
  sumByPartner(partnerId: number): Promise<bigint>;
  /** Sums per kind, for the operator's view of a partner. */
  totalsByPartner(partnerId: number): Promise<LedgerTotals>;
  findForExchange(exchangeId: number, kind: LedgerKind): Promise<LedgerEntryRow | null>;
}

export interface PayoutFilter {
  partnerId?: number;
  statuses?: number[];
  from?: number;
  to?: number;
  /** Default 1000. */
  limit?: number;
  offset?: number;
}

export interface PayoutRepo {
  /** Debits an active partner's balance and records the pending payout and its entry; null when short or blocked. */
  reserve(values: { partnerId: number; methodId: number; account: string; amount: number; at: number }): Promise<PayoutRow | null>;
  /** pending → paid; null when the payout is not pending. */
  markPaid(id: number, at: number, txRef: string | null): Promise<PayoutRow | null>;
  /** pending → canceled, giving the amount back with a `payout_release` entry; null when not pending. */
  cancel(id: number, status: 2 | 3, at: number): Promise<PayoutRow | null>;
  findById(id: number): Promise<PayoutRow | null>;
  list(filter?: PayoutFilter): Promise<PayoutRow[]>;
  /** Sum of the partner's payouts in the given statuses (paid: totalReceived). */
  sumByPartner(partnerId: number, statuses: number[]): Promise<bigint>;
  /** How many payouts match the filter (its limit ignored) and their amount: a report's totals. */
  totals(filter: PayoutFilter): Promise<{ count: number; amount: bigint }>;
}

export interface PayoutMethodRepo {
  insert(values: { title: string; currency: string; commission: string }): Promise<PayoutMethodRow>;
  /** Methods partners may choose (not deleted). */
  listActive(): Promise<PayoutMethodRow[]>;
  /** Any method, deleted or not (payouts refer to deleted ones too). */
  findById(id: number): Promise<PayoutMethodRow | null>;
  findActive(id: number): Promise<PayoutMethodRow | null>;
  /** Soft delete; false when there is no such active method. */
  softDelete(id: number, at: number): Promise<boolean>;
}

/** Inclusive unix-second bounds (either may be absent) and a page. */
export interface ReportQuery {
  from?: number;
  to?: number;
  limit: number;
  offset: number;
  /** Keyset cursor: only rows strictly older than this (time, id), newest first. */
  before?: { time: number; id: number };
  /** Premium's `ip` filter: the network partners see (their masked view of the address), or the address when full. */
  ip?: { network: string; full: boolean };
}

/** Clicks may also be narrowed to one link or one visitor address. */
export interface ClickReportQuery extends ReportQuery {
  linkId?: number;
}

export type ReportClickRow = Pick<ClickRow, 'id' | 'time' | 'browser' | 'ip' | 'referrer' | 'userHash' | 'queryString' | SubIdField>;

/** What the partner's exchange reports render: the other columns are the operator's. */
export type ReportExchangeRow = Pick<ExchangeRow, 'id' | 'time' | 'status' | 'curGive' | 'curGet' | 'amountGive' | 'amountGet'
  | 'courseGive' | 'courseGet' | 'reward' | 'userHash' | SubIdField>;

export interface KeyWithPartner {
  key: ApiKeyRow;
  partner: PartnerRow;
}

/** What a partner reads about itself, newest first, a page at a time. */
export interface PartnerReportRepo {
  /** An API key (revoked or not) and its partner, in one lookup. */
  findKeyWithPartner(prefix: string): Promise<KeyWithPartner | null>;
  listClicks(partnerId: number, q: ClickReportQuery): Promise<ReportClickRow[]>;
  listExchanges(partnerId: number, q: ReportQuery): Promise<ReportExchangeRow[]>;
  /** Payouts by request time (created_at). */
  listPayouts(partnerId: number, q: ReportQuery): Promise<PayoutRow[]>;
  /** The partner's own payout, or null (also when it belongs to someone else). */
  findPayout(partnerId: number, payoutId: number): Promise<PayoutRow | null>;
  /** Bulk loading for benchmarks and fixtures, in one transaction; iterables are read lazily. */
  bulkInsert(rows: { clicks?: Iterable<SeedClick>; exchanges?: Iterable<SeedExchange> }): Promise<{ clicks: number; exchanges: number }>;
}

export interface PartnerAccountRepo {
  /** Creates the account of a partner; null when the email (lower-cased) belongs to another account. */
  create(values: { partnerId: number; email: string; at: number }): Promise<PartnerAccountRow | null>;
  /** By lower-cased email. */
  findByEmail(email: string): Promise<PartnerAccountRow | null>;
  findByPartner(partnerId: number): Promise<PartnerAccountRow | null>;
  /** Moves the account to another email (lower-cased); null when no account, or the email belongs to another account. */
  setEmail(partnerId: number, email: string): Promise<PartnerAccountRow | null>;
  /** Stores a new password hash and bumps auth_version; the new version, or null when there is no account. */
  setPassword(partnerId: number, passwordHash: string, at: number): Promise<number | null>;
  /** Ends every session and token issued so far; the new version, or null when there is no account. */
  bumpAuthVersion(partnerId: number): Promise<number | null>;
  touchSignIn(partnerId: number, at: number): Promise<void>;
  /**
   * The account's auth_version while its partner is active, else null (no account, blocked,
   * pending): the revocation check of every authenticated request, one prepared read on two
   * primary keys.
   */
  activeAuthVersion(partnerId: number): Promise<number | null>;
}

export type EndpointPatch = Partial<Pick<EventEndpointRow, 'url' | 'events' | 'secret' | 'enabled' | 'disabledReason' | 'consecutiveFailures'>> & { updatedAt: number };

/** The event outbox, its endpoints and their deliveries (src/services/events/). */
export interface EventRepo {
  insertEndpoint(values: Pick<EventEndpointRow, 'partnerId' | 'kind' | 'url' | 'events' | 'secret'> & { createdAt: number }): Promise<EventEndpointRow>;
  findEndpoint(id: number): Promise<EventEndpointRow | null>;
  /** The operator's endpoints (partnerId null), one partner's, or all (undefined). */
  listEndpoints(partnerId?: number | null): Promise<EventEndpointRow[]>;
  updateEndpoint(id: number, patch: EndpointPatch): Promise<EventEndpointRow | null>;
  /** Deletes the endpoint and its delivery log (its events stay: other endpoints may have them). */
  deleteEndpoint(id: number): Promise<void>;
  /**
   * Endpoints that may receive events of `partnerId`: the operator's and that partner's own,
   * disabled ones too (their events wait until they are enabled again).
   */
  endpointsFor(partnerId: number | null): Promise<EventEndpointRow[]>;
  insertEvent(values: Omit<EventRow, 'id'>): Promise<EventRow>;
  findEvent(id: number): Promise<EventRow | null>;
  /** Events of the endpoint's scope created in [from, to] (of `types`, when given), by id, the first `limit` after `afterId` (a page). */
  listEvents(q: { partnerId: number | null; from: number; to: number; limit: number; afterId?: number; types?: string[] }): Promise<EventRow[]>;
  /** Queues `eventId` for each endpoint; an event already queued for one is queued again (pending, attempts 0). */
  queue(eventId: number, endpointIds: number[], at: number): Promise<void>;
  /**
   * Claims due deliveries, in order per endpoint: only each enabled endpoint's oldest pending
   * delivery, when its time has come and no worker holds it; leased until `leaseUntil`.
   * Run inside a transaction (PostgreSQL: FOR UPDATE SKIP LOCKED, so instances claim apart).
   * Each row comes with lockedUntil = leaseUntil, the claim it holds.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<DueDelivery[]>;
  /**
   * Changes a delivery; with `lockedUntil`, only while the claim that leased it until then holds
   * (an attempt's outcome: a replay queued meanwhile released the claim and must not be
   * overwritten). False when nothing was changed.
   */
  updateDelivery(id: number, patch: Partial<Omit<DeliveryRow, 'id' | 'eventId' | 'endpointId'>>, lockedUntil?: number): Promise<boolean>;
  /** Makes the endpoint's pending deliveries due at `at` (those waiting for a later retry). */
  resumeDeliveries(endpointId: number, at: number): Promise<void>;
  listDeliveries(endpointId: number, limit: number): Promise<Array<DeliveryRow & { type: string; createdAt: number }>>;
  /** Pending deliveries per endpoint (queue depth, metrics). */
  pendingCount(): Promise<number>;
}

/** Rows counted and amounts summed (ledger units) under one label. */
export interface LabelTotals { label: string; count: number; units: bigint }

/** The operator's totals for /metrics: the whole ledger, whichever instance wrote it. */
export interface MetricTotalsRepo {
  exchangesByStatus(): Promise<LabelTotals[]>;
  ledgerByKind(): Promise<LabelTotals[]>;
  /** label: the payout status number as text. */
  payoutsByStatus(): Promise<LabelTotals[]>;
}

export interface PartnerSessionRepo {
  insert(row: Omit<PartnerSessionRow, 'revokedAt' | 'device' | 'ip'> & Partial<Pick<PartnerSessionRow, 'device' | 'ip'>>): Promise<void>;
  findById(id: string): Promise<PartnerSessionRow | null>;
  /** Moves last_seen_at and expires_at forward (never back). */
  touch(id: string, at: number, expiresAt: number): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
  /** The partner's sessions neither revoked nor expired at `at`, the latest used first. */
  listOpen(partnerId: number, at: number): Promise<PartnerSessionRow[]>;
  /** Revokes the partner's session `id` if still open; whether it did (another partner's: false). */
  revokeOwn(partnerId: number, id: string, at: number): Promise<boolean>;
  /** Revokes every open session of the partner; how many. */
  revokeAll(partnerId: number, at: number): Promise<number>;
  /** Deletes sessions expired or revoked before `before`; how many. */
  purge(before: number): Promise<number>;
}

export interface PartnerTokenRepo {
  insert(row: Omit<PartnerTokenRow, 'usedAt'>): Promise<void>;
  findById(id: string): Promise<PartnerTokenRow | null>;
  /**
   * Uses the token if it is still unused and unexpired at `at`: one conditional UPDATE, so of
   * two concurrent uses (any instance) one wins. The row when this call used it, else null.
   */
  consume(id: string, at: number): Promise<PartnerTokenRow | null>;
  /** Marks the partner's open tokens of `purpose` used: a new link replaces the older ones. */
  retire(partnerId: number, purpose: PartnerTokenPurpose, at: number): Promise<void>;
}

/** The partner's activity summed over time, for the summary and the reports grouped by day. */
export interface PartnerFigureSummary {
  partner: PartnerRow;
  standing: PartnerStanding;
  /** One per period asked, in order. */
  totals: [Figures, Figures];
}

/** [from, to], inclusive unix seconds. */
export type FigurePeriod = [from: number, to: number];

export interface PartnerFigureRepo {
  /** The figures of [from, to] (inclusive unix seconds). */
  totals(partnerId: number, from: number, to: number): Promise<Figures>;
  /** Everything the partner ever did, its turnover and payout sums: one row, kept with the writes. */
  standing(partnerId: number): Promise<PartnerStanding>;
  /**
   * What the summary reads, at once (on PostgreSQL one statement, one round trip): the partner,
   * its standing, and the totals of two periods ([from, to] inclusive: the summary's period and
   * whatever is dated after now). Null when there is no such partner.
   */
  summary(partnerId: number, periods: [FigurePeriod, FigurePeriod]): Promise<PartnerFigureSummary | null>;
  /**
   * The non-empty local days of the spans (consecutive, each of one UTC offset: see
   * services/reports/local-days.ts offsetSpans), oldest first; an hour belongs to the day its
   * start falls in, the edge hours count only their part inside, and a day cut by a change of
   * offset comes once.
   */
  daily(partnerId: number, spans: OffsetSpan[]): Promise<DayFigureRow[]>;
  /** Counted clicks, exchanges, successful ones and their rewards of [from, to] per key, from the rows (unordered). */
  byKey(partnerId: number, key: FigureKey, from: number, to: number): Promise<KeyFigures[]>;
}

export interface RefreshTokenRepo {
  insert(values: Omit<RefreshTokenRow, 'id' | 'usedAt' | 'revokedAt'>): Promise<void>;
  /** Marks an unspent, unrevoked, unexpired token used, in one conditional UPDATE; null when it is not (any more). */
  spend(tokenHash: string, at: number): Promise<RefreshTokenRow | null>;
  findByHash(tokenHash: string): Promise<RefreshTokenRow | null>;
  /** Revokes every token of the family; how many were still unrevoked. */
  revokeFamily(family: string, at: number): Promise<number>;
}

/**
 * Deletes rows that can no longer change anything (src/services/jobs/retention.ts has the
 * rules). Each call deletes at most `limit` rows of its kind, so that a large backlog goes in
 * short transactions; each returns how many it deleted.
 */
export interface RetentionRepo {
  /** Dedupe windows last claimed at or before `before`: to the conditional upsert they are as good as absent. */
  pruneClickWindows(before: number, limit: number): Promise<number>;
  /** One-time links (invitations, resets) that expired before `before`, used or not. */
  pruneOneTimeLinks(before: number, limit: number): Promise<number>;
  /** Refresh tokens of families whose every token expired before `before` (a family still alive keeps its spent tokens for reuse detection). */
  pruneRefreshFamilies(before: number, limit: number): Promise<number>;
  /** Events created before `before` with their deliveries, delivered or not; counts events and deliveries. */
  pruneEvents(before: number, limit: number): Promise<{ events: number; deliveries: number }>;
}

/** The repositories, each bound to the same connection or transaction. */
export interface TxRepos {
  partners: PartnerRepo;
  apiKeys: ApiKeyRepo;
  partnerAccounts: PartnerAccountRepo;
  events: EventRepo;
  metricTotals: MetricTotalsRepo;
  partnerSessions: PartnerSessionRepo;
  partnerTokens: PartnerTokenRepo;
  links: LinkRepo;
  clicks: ClickRepo;
  directions: DirectionRepo;
  feeds: FeedRepo;
  settings: SettingsRepo;
  exchanges: ExchangeRepo;
  ledger: LedgerRepo;
  payouts: PayoutRepo;
  payoutMethods: PayoutMethodRepo;
  partnerReports: PartnerReportRepo;
  partnerFigures: PartnerFigureRepo;
  refreshTokens: RefreshTokenRepo;
  retention: RetentionRepo;
}

export interface Repos extends TxRepos {
  /**
   * A unit of work: everything `work` does through `tx` commits together, or nothing does
   * when it throws. Writes take the database's write lock at the start, so what `work`
   * reads stays true until it commits. Use only `tx` inside: the outer repositories wait
   * for the transaction to end.
   */
  transaction<T>(work: (tx: TxRepos) => Promise<T>): Promise<T>;
}
