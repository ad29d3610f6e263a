// The reads of the referral redirect, cached in memory for a short time so that the hot
// path stays one write: which links exist (and may record clicks) and which exchange
// directions are active. An operator's change shows within `ttlMs`.
import type { ClickLink, Repos } from '../../db/repos.js';
import { CODE_PATTERN } from '../../ids.js';

export interface ReferralLookupOptions {
  ttlMs?: number;
  /** Bounds memory however many distinct (also unknown) codes visitors try. */
  maxLinks?: number;
  now?: () => number;
}

export interface ReferralLookup {
  findLink(code: string): Promise<ClickLink | null>;
  isDirectionActive(from: string, to: string): Promise<boolean>;
}

export function createReferralLookup(repos: Repos, options: ReferralLookupOptions = {}): ReferralLookup {
  const ttlMs = options.ttlMs ?? 2000;
  const maxLinks = options.maxLinks ?? 10_000;
  const now = options.now ?? Date.now;
  const links = new Map<string, { link: ClickLink | null; at: number }>();
  let pairs: { set: Set<string>; at: number } | null = null;
  let loadingPairs: Promise<Set<string>> | null = null;

  async function findLink(code: string): Promise<ClickLink | null> {
    // Codes are issued in this shape only, so anything else is unknown without a query.
    if (!CODE_PATTERN.test(code)) return null;
    const cached = links.get(code);
    if (cached && now() - cached.at < ttlMs) return cached.link;
    const link = await repos.clicks.findLink(code);
    if (links.size >= maxLinks) links.clear();
    links.set(code, { link, at: now() });
    return link;
  }

  async function activePairs(): Promise<Set<string>> {
    if (pairs && now() - pairs.at < ttlMs) return pairs.set;
    // Concurrent requests at expiry share one reload.
    loadingPairs ??= repos.clicks.listActivePairs()
      .then((list) => {
        pairs = { set: new Set(list.map((pair) => pair.toUpperCase())), at: now() };
        return pairs.set;
      })
      .finally(() => { loadingPairs = null; });
    return loadingPairs;
  }

  async function isDirectionActive(from: string, to: string): Promise<boolean> {
    return (await activePairs()).has(`${from}>${to}`);
  }

  return { findLink, isDirectionActive };
}
