// The PostgreSQL implementation of the repository interface (src/db/repos.ts).
import type { TxRepos } from '../../repos.js';
import type { PgDb } from '../open.js';
import { createApiKeyRepo } from './api-keys.js';
import { createClickRepo } from './clicks.js';
import { createDirectionRepo } from './directions.js';
import { createEventRepo } from './events.js';
import { createMetricTotalsRepo } from './metric-totals.js';
import { createExchangeRepo } from './exchanges.js';
import { createFeedRepo } from './feeds.js';
import { createLedgerRepo } from './ledger.js';
import { createPartnerFigureRepo } from './partner-figures.js';
import { createRefreshTokenRepo } from './refresh-tokens.js';
import { createRetentionRepo } from './retention.js';
import { createPartnerReportRepo } from './partner-reports.js';
import { createPartnerAccountRepo } from './partner-accounts.js';
import { createPartnerSessionRepo, createPartnerTokenRepo } from './partner-sessions.js';
import { createPartnerRepo } from './partners.js';
import { createPayoutMethodRepo } from './payout-methods.js';
import { createPayoutRepo } from './payouts.js';
import { createLinkRepo } from './referral-links.js';
import { createSettingsRepo } from './settings.js';

/** The repositories over `db`: the pool (each call on any free connection) or one transaction. */
export function createTxRepos(db: PgDb): TxRepos {
  return {
    partners: createPartnerRepo(db),
    apiKeys: createApiKeyRepo(db),
    partnerAccounts: createPartnerAccountRepo(db),
    events: createEventRepo(db),
    metricTotals: createMetricTotalsRepo(db),
    partnerSessions: createPartnerSessionRepo(db),
    partnerTokens: createPartnerTokenRepo(db),
    links: createLinkRepo(db),
    clicks: createClickRepo(db),
    directions: createDirectionRepo(db),
    feeds: createFeedRepo(db),
    settings: createSettingsRepo(db),
    exchanges: createExchangeRepo(db),
    ledger: createLedgerRepo(db),
    payouts: createPayoutRepo(db),
    payoutMethods: createPayoutMethodRepo(db),
    partnerReports: createPartnerReportRepo(db),
    partnerFigures: createPartnerFigureRepo(db),
    refreshTokens: createRefreshTokenRepo(db),
    retention: createRetentionRepo(db),
  };
}
