// Builds the documents of every enabled feed from the database, in one pass: each direction is
// published once (rounding does not depend on the feed), then each feed selects and renders.
import type { FastifyBaseLogger } from 'fastify';
import type { FeedSourceState } from '../db/repos/feeds.js';
import type { Repos } from '../db/repos/index.js';
import { renderEmptyFeed, renderFeed } from '../export/feed.js';
import { readFeedOptions } from '../export/feed-options.js';
import { precisionLookup } from '../export/precision.js';
import { publishRate } from '../export/publish.js';
import { selectForFeed } from '../export/select.js';
import { FEED_FORMATS, type Dialect, type FeedFormat, type PublishedRate } from '../export/types.js';

export interface BuiltFeed {
  code: string;
  documents: Record<FeedFormat, string>;
}

export interface BuiltFeeds {
  /** The state read before the data: a later write is noticed by the next poll. */
  state: FeedSourceState;
  maintenance: boolean;
  feeds: BuiltFeed[];
  /** When a listed direction turns stale, i.e. when the documents change without a write. */
  nextChangeAt: number | null;
}

export async function buildFeeds(repos: Repos, options: { now: number; forceMaintenance: boolean; log?: FastifyBaseLogger }): Promise<BuiltFeeds> {
  const state = await repos.feeds.readSourceState();
  const maintenance = options.forceMaintenance || state.maintenance;
  const feedRows = (await repos.feeds.list()).filter((f) => f.enabled);
  const rates = maintenance || feedRows.length === 0 ? [] : await publishAll(repos);
  let nextChangeAt: number | null = null;
  const feeds = feedRows.map((feed): BuiltFeed => {
    if (maintenance) return { code: feed.code, documents: emptyDocuments(feed.dialect) };
    let feedOptions;
    try {
      feedOptions = readFeedOptions(feed.options);
    } catch (error) {
      // Options are validated when set; a row edited by hand must not take the others down.
      options.log?.error({ feed: feed.code, err: error }, 'invalid stored feed options: serving an empty feed');
      return { code: feed.code, documents: emptyDocuments(feed.dialect) };
    }
    const selection = selectForFeed(rates, feedOptions, options.now);
    if (selection.nextChangeAt !== null && (nextChangeAt === null || selection.nextChangeAt < nextChangeAt)) {
      nextChangeAt = selection.nextChangeAt;
    }
    return { code: feed.code, documents: renderDocuments(selection.items, feed.dialect) };
  });
  return { state, maintenance, feeds, nextChangeAt };
}

async function publishAll(repos: Repos): Promise<PublishedRate[]> {
  const [rows, currencies] = await Promise.all([repos.directions.list(), repos.directions.listCurrencies()]);
  const precisionOf = precisionLookup(new Map(currencies.map((c) => [c.code, c.precision])));
  const rates: PublishedRate[] = [];
  for (const row of rows) {
    const rate = publishRate(row, precisionOf);
    if (rate) rates.push(rate);
  }
  return rates;
}

function renderDocuments(items: PublishedRate[], dialect: Dialect): Record<FeedFormat, string> {
  const documents = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) documents[format] = renderFeed(format, items, dialect);
  return documents;
}

function emptyDocuments(dialect: Dialect): Record<FeedFormat, string> {
  const documents = {} as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) documents[format] = renderEmptyFeed(format, dialect);
  return documents;
}
