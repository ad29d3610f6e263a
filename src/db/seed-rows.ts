// Bulk-loaded rows (fixtures, benchmarks) with the defaults filled in, the same on both engines.
import type { SeedExchange, SubIdField } from './repos.js';

/** The five sub-ids of a loaded row, null when absent (per-link and per-sub1 reports read them). */
export function subIdsOf(row: Partial<Record<SubIdField, string | null>>): Record<SubIdField, string | null> {
  return { sub1: row.sub1 ?? null, sub2: row.sub2 ?? null, sub3: row.sub3 ?? null, sub4: row.sub4 ?? null, sub5: row.sub5 ?? null };
}

/** An exchange as given, its optional columns null or zero, created and updated at its time. */
export function seedExchangeValues(row: SeedExchange) {
  return {
    externalId: row.externalId, partnerId: row.partnerId ?? null, clickId: row.clickId ?? null, userHash: row.userHash ?? null,
    refCode: row.refCode ?? null, time: row.time, curGive: row.curGive, curGet: row.curGet, amountGive: row.amountGive,
    amountGet: row.amountGet, courseGive: row.courseGive, courseGet: row.courseGet, status: row.status,
    rewardBase: row.rewardBase ?? 0, rewardPercent: row.rewardPercent ?? null, reward: row.reward ?? 0, flag: row.flag ?? null,
    createdAt: row.createdAt ?? row.time, updatedAt: row.updatedAt ?? row.time,
    linkId: row.linkId ?? null, ...subIdsOf(row),
  };
}
