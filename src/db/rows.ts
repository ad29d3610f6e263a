// The rows every engine's repositories return and take. Times are unix seconds (UTC).
// Ledger money (balances, rewards, reward bases, payouts, minimum payouts, entries) is
// integer units of 10^-8 of the reward currency (src/money/decimal.ts), held in a 64-bit
// integer column; a balance stays within ±(2^53 − 1) units, which the database enforces, so
// it is exact as a JavaScript number. Market figures are canonical decimal strings.

export const PARTNER_STATUSES = ['active', 'blocked', 'pending'] as const;
/** pending: signed up and waiting for the operator's approval (RATELINK_PARTNER_SIGNUP=approval). */
export type PartnerStatus = typeof PARTNER_STATUSES[number];
export const REWARD_BASES = ['amount', 'profit'] as const;
export type RewardBase = typeof REWARD_BASES[number];

export interface PartnerRow {
  id: number;
  name: string;
  email: string;
  status: PartnerStatus;
  rewardPercent: string;
  rewardBase: RewardBase;
  /** JSON [{ "turnover": "1000", "percent": "0.7" }]: the percent grows with successful turnover. */
  rewardLevels: string | null;
  minPayout: number;
  /** Always the sum of the partner's ledger entries. */
  balance: number;
  /** The partner whose agent link it signed up through (docs/promotion-links.md); null: none. */
  parentPartnerId: number | null;
  /** Percent of each reward of its sub-partners that the partner earns (operator-set, '0' = off). */
  secondTierPercent: string;
  createdAt: number;
}

export interface NewPartner {
  name: string;
  email: string;
  status?: PartnerStatus;
  rewardPercent: string;
  rewardBase?: RewardBase;
  rewardLevels?: string | null;
  minPayout?: number;
  parentPartnerId?: number | null;
  secondTierPercent?: string;
  createdAt?: number;
}

export type PartnerPatch = Partial<Omit<NewPartner, 'createdAt'>>;

/** A signed-in browser (src/services/accounts/sessions.ts); `id` is the sha256 of the cookie's token. */
export interface PartnerSessionRow {
  id: string;
  partnerId: number;
  authVersion: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** "Firefox, Windows" at sign-in; null when unknown (sessions from before it was kept). */
  device: string | null;
  ip: string | null;
}

export type PartnerTokenPurpose = 'invite' | 'reset';

/** A one-time link; `id` is the sha256 of the token in the link. */
export interface PartnerTokenRow {
  id: string;
  partnerId: number;
  purpose: PartnerTokenPurpose;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface PartnerAccountRow {
  partnerId: number;
  /** Lower-cased; unique across accounts. */
  email: string;
  /** scrypt (src/services/accounts/passwords.ts); null until the partner sets a password. */
  passwordHash: string | null;
  /** Sessions and tokens issued under an older version no longer work. */
  authVersion: number;
  createdAt: number;
  passwordSetAt: number | null;
  lastSignInAt: number | null;
}

export interface ApiKeyRow {
  id: number;
  partnerId: number;
  prefix: string;
  hash: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
}

/** client: the seed's StraightGuest (brings clients); agent: the seed's Agent (recruits partners). */
export type LinkType = 'client' | 'agent';
export type LinkTargetKind = 'home' | 'direction' | 'path';
export type LinkVisibility = 'listed' | 'hidden' | 'archived';
export type LinkParameterType = 'uid' | 'pid' | 'sid';

export interface LinkRow {
  id: number;
  code: string;
  partnerId: number;
  name: string | null;
  /** targetKind 'path': a path (and query) on RATELINK_SITE_URL's origin, starting with one '/'. */
  target: string | null;
  disabledAt: number | null;
  createdAt: number;
  linkType: LinkType;
  targetKind: LinkTargetKind;
  /** targetKind 'direction': the currency codes. */
  targetFrom: string | null;
  targetTo: string | null;
  /** The URL as the partner gave it (echoed by the seed's endpoint); never followed as such. */
  targetUrl: string | null;
  visibility: LinkVisibility;
  /** The seed's UserPartVisible: the partner ids that may see the link; null: no such list. */
  visiblePartnerIds: number[] | null;
  /** The query parameter under which the code is also accepted (/ref/?uid=CODE). */
  parameterType: LinkParameterType | null;
  /** The broker fields of the seed's endpoint, stored and echoed unchanged. */
  extra: Record<string, unknown>;
  updatedAt: number;
}

export type NewLink = Pick<LinkRow, 'code' | 'partnerId'> & Partial<Omit<LinkRow, 'id' | 'code' | 'partnerId'>>;
export type LinkChanges = Partial<Omit<LinkRow, 'id' | 'code' | 'partnerId' | 'createdAt'>>;

/** One day (UTC, unix seconds of its midnight) of a link's numbers. */
/** One link's numbers over a period (LinkRepo.numbersByLink). */
export interface LinkNumbers {
  linkId: number;
  clicks: number;
  exchanges: number;
  successful: number;
  /** Reward units credited for the period's successful exchanges. */
  earnings: bigint;
}

export interface LinkDayStats {
  day: number;
  clicks: number;
  exchanges: number;
  successful: number;
  /** Reward units credited for the day's successful exchanges (refunded ones excluded). */
  earnings: bigint;
}

export interface ClickRow {
  id: number;
  time: number;
  partnerId: number | null;
  linkId: number | null;
  ip: string;
  browser: string;
  userAgent: string;
  referrer: string;
  userHash: string;
  queryString: string;
  curFrom: string | null;
  curTo: string | null;
  /** The partner's sub-ids (docs/promotion-links.md): 1-100 printable characters, or null. */
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  isBot: boolean;
  /** A repeat of the same visitor on the same link within the dedupe window: kept, never counted. */
  isRepeat: boolean;
}

/** A click as the redirect records it; isRepeat is decided by the database. */
export type NewClick = Pick<ClickRow, 'time' | 'userHash'> & Partial<Omit<ClickRow, 'id' | 'time' | 'userHash' | 'isRepeat'>>;

/** A click as loaded in bulk (fixtures, benchmarks): isRepeat given, not decided. */
export type SeedClick = NewClick & { isRepeat?: boolean };

export interface RecordedClick {
  id: number;
  isRepeat: boolean;
}

export interface ClickLink {
  linkId: number;
  partnerId: number;
  /** False when the link is disabled or its partner blocked: such clicks are not recorded. */
  active: boolean;
  /** Where the link sends its visitors (the redirect re-checks a path against the site's origin). */
  linkType: LinkType;
  targetKind: LinkTargetKind;
  target: string | null;
  targetFrom: string | null;
  targetTo: string | null;
  parameterType: LinkParameterType | null;
}

export interface DirectionRow {
  id: number;
  from: string;
  to: string;
  in: string;
  out: string;
  amount: string;
  minamount: string;
  maxamount: string;
  minfee: string | null;
  fromfee: string | null;
  tofee: string | null;
  floating: string | null;
  delay: number | null;
  param: string[];
  city: string[];
  active: boolean;
  updatedAt: number;
}

export type DirectionValues = Omit<DirectionRow, 'id' | 'updatedAt'>;

export interface CurrencyRow {
  code: string;
  precision: number;
}

export const FEED_DIALECTS = ['classic', 'eref11'] as const;
export type FeedDialect = typeof FEED_DIALECTS[number];

export interface FeedRow {
  id: number;
  code: string;
  name: string;
  dialect: FeedDialect;
  options: Record<string, unknown>;
  enabled: boolean;
  createdAt: number;
  lastFetchAt: number | null;
  fetchCount: number;
  lastIp: string | null;
}

export type NewFeed = Pick<FeedRow, 'code' | 'name'> & Partial<Omit<FeedRow, 'id' | 'code' | 'name'>>;

/** One feed's fetches since the last flush, aggregated in memory by the export route. */
export interface FetchStats {
  code: string;
  count: number;
  lastAt: number;
  lastIp: string;
}

/** What the feed cache polls to notice changes made by another process (or another area). */
export interface FeedSourceState {
  ratesVersion: number;
  maintenance: boolean;
  /** Changes whenever a feed is added, removed, enabled/disabled or gets new options. */
  feedsSignature: string;
}

/** Every status an exchange can have: the one list schemas, input checks and repositories use. */
export const EXCHANGE_STATUSES = ['pending', 'success', 'canceled', 'refunded'] as const;
export type ExchangeStatus = typeof EXCHANGE_STATUSES[number];
export type SubIdField = 'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5';

export interface ExchangeRow {
  id: number;
  externalId: string;
  partnerId: number | null;
  clickId: number | null;
  /** The partner's link the exchange is attributed through (its click's, or its ref_code's). */
  linkId: number | null;
  userHash: string | null;
  refCode: string | null;
  /** The sub-ids of the attributed click. */
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  time: number;
  curGive: string;
  curGet: string;
  amountGive: string;
  amountGet: string;
  courseGive: string;
  courseGet: string;
  status: ExchangeStatus;
  rewardBase: number;
  rewardPercent: string | null;
  reward: number;
  /** Why the exchange earns nothing although attributed, e.g. 'self_referral'. */
  flag: string | null;
  /** The operator's decision on a flagged exchange: approved credits the withheld reward. */
  review: 'approved' | 'rejected' | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewExchange = Omit<ExchangeRow, 'id' | 'createdAt' | 'updatedAt' | 'partnerId' | 'clickId' | 'linkId' | 'userHash' | SubIdField
  | 'refCode' | 'rewardBase' | 'rewardPercent' | 'reward' | 'flag' | 'review' | 'reviewedBy' | 'reviewedAt'>
  & Partial<Pick<ExchangeRow, 'createdAt' | 'updatedAt' | 'partnerId' | 'clickId' | 'linkId' | 'userHash' | SubIdField | 'refCode' | 'rewardBase'
  | 'rewardPercent' | 'reward' | 'flag' | 'review' | 'reviewedBy' | 'reviewedAt'>>;

export type SeedExchange = NewExchange;

export interface PayoutMethodRow {
  id: number;
  title: string;
  currency: string;
  commission: string;
  createdAt: number;
  deletedAt: number | null;
}

// Payout statuses as Premium's API numbers them.
export const PAYOUT_PENDING = 0;
export const PAYOUT_PAID = 1;
export const PAYOUT_CANCELED = 2;
export const PAYOUT_CANCELED_BY_PARTNER = 3;
/** The names the admin API and the CLI use (both cancellations are `canceled`). */
export const PAYOUT_STATUS_NAMES = ['pending', 'paid', 'canceled'] as const;
export type PayoutStatusName = typeof PAYOUT_STATUS_NAMES[number];

export interface PayoutRow {
  id: number;
  partnerId: number;
  methodId: number;
  account: string;
  amount: number;
  /** 0 pending, 1 paid, 2 canceled (by the operator), 3 canceled by the partner. */
  status: number;
  txRef: string | null;
  createdAt: number;
  paidAt: number | null;
  canceledAt: number | null;
}

/** reward_tier2/reversal_tier2: the owner's share of a sub-partner's reward, and its reversal. */
export type LedgerKind = 'reward' | 'reversal' | 'payout' | 'payout_release' | 'adjustment' | 'reward_tier2' | 'reversal_tier2';

/** Immutable: entries are only ever inserted. */
export interface LedgerEntryRow {
  id: number;
  partnerId: number;
  kind: LedgerKind;
  amount: number;
  exchangeId: number | null;
  payoutId: number | null;
  reason: string | null;
  createdAt: number;
}

export type LedgerTotals = Record<LedgerKind, bigint>;

export const ENDPOINT_KINDS = ['webhook', 'postback'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** Where events go: the operator's endpoint (partnerId null) or one partner's. */
export interface EventEndpointRow {
  id: number;
  partnerId: number | null;
  kind: EndpointKind;
  /** A webhook's URL, or a postback's URL template with {macros}. */
  url: string;
  /** JSON array of the event types it takes. */
  events: string;
  /** whsec_… for webhooks (signs each delivery); null for postbacks. */
  secret: string | null;
  enabled: boolean;
  /** Why it was disabled: 'operator', 'gone' (HTTP 410), 'failing'. */
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: number;
  updatedAt: number;
}

export interface EventRow {
  id: number;
  type: string;
  partnerId: number | null;
  /** JSON: the event's `data`. */
  data: string;
  createdAt: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  eventId: number;
  endpointId: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lockedUntil: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

export interface DueDelivery {
  delivery: DeliveryRow;
  event: EventRow;
  endpoint: EventEndpointRow;
}

/** What a partner did in one span of time: counted clicks, exchanges (by their time), successful ones, earned ledger units. */
export interface Figures {
  clicks: number;
  exchanges: number;
  successful: number;
  /** Rewards − reversals + adjustments, in ledger units. */
  earned: bigint;
}

/** A partner's running totals (partner_totals): all-time figures, turnover and payout sums, in units. */
export interface PartnerStanding extends Figures {
  /** reward_base of the successful, unflagged exchanges. */
  turnover: bigint;
  paid: bigint;
  pending: bigint;
}

/** The figures of one hour (`hour`: the unix second it starts at). */
export interface HourFigures extends Figures {
  hour: number;
}

/** A stretch of time (inclusive unix seconds) over which a time zone is `offset` seconds ahead of UTC. */
export interface OffsetSpan { from: number; to: number; offset: number }

/** One local day's figures: `day` is the local date as days since 1970-01-01 (its UTC midnight / 86400). */
export interface DayFigureRow extends Figures {
  day: number;
}

/** The row columns a report may be grouped by (the REST API's group_by=link|direction|sub1). */
export type FigureKey = 'link' | 'direction' | 'sub1';

/**
 * The figures of one key: the link's id, the direction "FROM>TO" or the sub1 value as text (null:
 * rows without one). `earned` here is the rewards of the successful exchanges (no ledger kinds:
 * adjustments and second-tier shares belong to no link, direction or sub-id).
 */
export interface KeyFigures extends Figures {
  key: string | null;
}

/** A refresh token of the REST API (src/services/rest-api/refresh.ts). */
export interface RefreshTokenRow {
  id: number;
  partnerId: number;
  family: string;
  tokenHash: string;
  authVersion: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}
