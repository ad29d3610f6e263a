// Which published directions one feed lists, under which codes.
import type { FeedOptions } from '../services/feeds/options.js';
import type { PublishedRate } from './types.js';

export interface FeedSelection {
  items: PublishedRate[];
  /** The unix second at which a listed direction turns stale (the feed changes), or null. */
  nextChangeAt: number | null;
}

/**
 * Applies the feed's rules in order: the stale-rate guard (a rate not updated within
 * max_age seconds is how exchangers lose money to arbitrage), include, exclude (which wins),
 * then the aliases. include/exclude name our own codes, before aliasing.
 */
export function selectForFeed(rates: readonly PublishedRate[], options: FeedOptions, now: number): FeedSelection {
  const include = new Set(options.include);
  const exclude = new Set(options.exclude);
  const items: PublishedRate[] = [];
  // An alias can spell a code like another code of ours: the pair is listed once, first wins
  // (a monitor reading the same pair twice takes either, or rejects the file).
  const listed = new Set<string>();
  let nextChangeAt: number | null = null;
  for (const rate of rates) {
    const staleAt = rate.updatedAt + options.maxAge + 1;
    if (now >= staleAt) continue;
    if (include.size > 0 && !matches(include, rate)) continue;
    if (matches(exclude, rate)) continue;
    const item = alias(rate, options.aliases);
    // An alias can also spell the other side's code: a direction from a currency to itself means nothing.
    if (item.from === item.to) continue;
    const pair = `${item.from}\n${item.to}`;
    if (listed.has(pair)) continue;
    listed.add(pair);
    items.push(item);
    if (nextChangeAt === null || staleAt < nextChangeAt) nextChangeAt = staleAt;
  }
  return { items, nextChangeAt };
}

function matches(entries: ReadonlySet<string>, rate: PublishedRate): boolean {
  return entries.size > 0 && (entries.has(rate.from) || entries.has(rate.to) || entries.has(`${rate.from}-${rate.to}`));
}

function alias(rate: PublishedRate, aliases: Readonly<Record<string, string>>): PublishedRate {
  const from = Object.hasOwn(aliases, rate.from) ? aliases[rate.from] : rate.from;
  const to = Object.hasOwn(aliases, rate.to) ? aliases[rate.to] : rate.to;
  return from === rate.from && to === rate.to ? rate : { ...rate, from, to };
}
