// One entry point for the three formats, so that the cache can build any feed the same way.
import { EMPTY_JSON, renderJson } from './json.js';
import { renderTxt } from './txt.js';
import type { Dialect, FeedFormat, PublishedRate } from './types.js';
import { renderXml } from './xml.js';

export function renderFeed(format: FeedFormat, items: readonly PublishedRate[], dialect: Dialect): string {
  if (format === 'xml') return renderXml(items, dialect);
  if (format === 'json') return renderJson(items);
  return renderTxt(items);
}

/**
 * Maintenance: valid documents with no direction (`<rates></rates>`, an empty v1.3 JSON, an
 * empty TXT), so that monitors hide the exchanger without reporting a parse error (§7.5).
 */
export function renderEmptyFeed(format: FeedFormat, dialect: Dialect): string {
  return format === 'json' ? EMPTY_JSON : renderFeed(format, [], dialect);
}

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};
