// Builds the documents of every enabled feed from the database, in one pass: each direction is
// published once (rounding does not depend on the feed), then each feed selects and renders.
import type { FastifyBaseLogger } from 'fastify';
import type { FeedSourceState, Repos } from '../../db/repos.js';
import { renderEmptyFeed, renderFeed } from '../../export/feed.js';
import { readFeedOptions } from './options.js';
import { precisionLookup } from '../../money/currency.js';
import { publishRate } from '../../export/publish.js';
import { selectForFeed } from '../../export/select.js';
import { FEED_FORMATS, type Dialect, type FeedFormat, type PublishedRate } from '../../export/types.js';

export interface BuiltFeed {
  code: string;
  /**
   * Renders on call, so that the caller can compress each document while the next one is
   * rendered. Feeds with the same options share their renders (XML also by dialect).
   */
  render: Record<FeedFormat, () => string>;
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
  const rendered = new Map<string, string>();
  const feeds = feedRows.map((feed): BuiltFeed => {
    if (maintenance) return { code: feed.code, render: emptyDocuments(feed.dialect) };
    let feedOptions;
    try {
      feedOptions = readFeedOptions(feed.options);
    } catch (error) {
      // Options are validated when set; a row edited by hand must not take the others down.
      options.log?.error({ feed: feed.code, err: error }, 'invalid stored feed options: serving an empty feed');
      return { code: feed.code, render: emptyDocuments(feed.dialect) };
    }
    const selection = selectForFeed(rates, feedOptions, options.now);
    if (selection.nextChangeAt !== null && (nextChangeAt === null || selection.nextChangeAt < nextChangeAt)) {
      nextChangeAt = selection.nextChangeAt;
    }
    const sameOptions = JSON.stringify(feed.options);
    return { code: feed.code, render: renderers((format) => {
      const key = `${format}:${format === 'xml' ? feed.dialect : ''}:${sameOptions}`;
      let text = rendered.get(key);
      if (text === undefined) rendered.set(key, text = renderFeed(format, selection.items, feed.dialect));
      return text;
    }) };
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

function renderers(render: (format: FeedFormat) => string): Record<FeedFormat, () => string> {
  const documents = {} as Record<FeedFormat, () => string>;
  for (const format of FEED_FORMATS) documents[format] = () => render(format);
  return documents;
}

function emptyDocuments(dialect: Dialect): Record<FeedFormat, () => string> {
  return renderers((format) => renderEmptyFeed(format, dialect));
}
