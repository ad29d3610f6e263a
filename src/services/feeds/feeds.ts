// Monitor feeds as the operator creates and lists them.
import type { Config } from '../../config.js';
import type { FeedDialect, FeedRow, Repos } from '../../db/repos.js';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../errors.js';
import { newFeedCode } from '../../ids.js';
import { validateFeedOptions } from './options.js';
import { hasUnsafeCharacters } from '../partners/partner-text.js';
import type { FeedCache } from './cache.js';

export interface FeedInput {
  name: string;
  dialect?: FeedDialect;
  options?: Record<string, unknown>;
}

export function feedUrls(config: Config, code: string) {
  const base = `${config.siteUrl}/service/export`;
  return { xml: `${base}/xml/${code}`, json: `${base}/json/${code}`, txt: `${base}/txt/${code}` };
}

/**
 * Each feed is rebuilt in every format on every rate change, so their number bounds the work
 * one rate push costs; one feed per monitor leaves room for every monitor there is.
 */
export const MAX_FEEDS = 100;

/** Creates a feed; resolves once the feed cache (when this process serves feeds) serves it. */
export async function createFeed(repos: Repos, config: Config, input: FeedInput, feedCache?: Pick<FeedCache, 'changed'>) {
  const values = { code: newFeedCode(), name: readName(input.name), dialect: input.dialect ?? 'classic', options: validateFeedOptions(input.options ?? {}) };
  // Count and insert in one unit of work: feeds created at once cannot pass the limit together.
  const row = await repos.transaction(async (tx) => {
    if ((await tx.feeds.list()).length >= MAX_FEEDS) throw new UnprocessableError(`At most ${MAX_FEEDS} feeds; delete or reuse one`);
    return tx.feeds.insert(values);
  });
  if (!row) throw new ConflictError('Feed code collision, try again');
  await feedCache?.changed();
  return feedView(config, row);
}

export interface FeedPatch {
  name?: string;
  dialect?: FeedDialect;
  options?: Record<string, unknown>;
  enabled?: boolean;
}

/**
 * Changes a feed; resolves once the feeds serve the change. A disabled feed answers 404 like an
 * unknown code (monitors drop it); it is never deleted, so its code and statistics stay.
 */
export async function updateFeed(repos: Repos, config: Config, code: string, patch: FeedPatch, feedCache?: Pick<FeedCache, 'changed'>) {
  const values = { ...patch, name: patch.name === undefined ? undefined : readName(patch.name), options: patch.options === undefined ? undefined : validateFeedOptions(patch.options) };
  const row = await repos.feeds.update(code, values);
  if (!row) throw new NotFoundError(`Feed ${code}`);
  await feedCache?.changed();
  return feedView(config, row);
}

const NAME_MAX = 100;

/**
 * The operator's label of a feed, shown by the admin API and `ratelink feed list`: a NUL made
 * PostgreSQL refuse the row (a 500), and invisible characters would garble the terminal.
 */
function readName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > NAME_MAX || hasUnsafeCharacters(trimmed)) {
    throw new ValidationError('name', `expected 1 to ${NAME_MAX} characters without control, format or separator characters`);
  }
  return trimmed;
}

export function feedView(config: Config, row: FeedRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    dialect: row.dialect,
    options: row.options,
    enabled: row.enabled,
    urls: feedUrls(config, row.code),
    last_fetch_at: row.lastFetchAt,
    fetch_count: row.fetchCount,
    last_ip: row.lastIp,
  };
}
