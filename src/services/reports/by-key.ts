// A partner's clicks and exchanges per link, per exchange direction or per sub1 tag (the REST
// API's group_by=link|direction|sub1): one row per value with clicks, exchanges, successful ones,
// the rewards of those and the conversion, and the totals of the rows. The same counted-click rule
// as every report (src/db/*/counted-clicks.ts); a link is shown by its code, never by its id.
import type { FigureKey, Figures, Repos } from '../../db/repos.js';
import { formatDecimal, fromUnits } from '../../money/decimal.js';
import { conversionOf, type Period } from './summary.js';

export type { FigureKey };

const FIGURE_COLUMNS = ['clicks', 'exchanges', 'successful', 'earned', 'conversion'] as const;

/** The CSV columns of each grouping: its key columns, then the figures. */
export const KEY_COLUMNS: Record<FigureKey, readonly string[]> = {
  link: ['link', 'name', ...FIGURE_COLUMNS],
  direction: ['direction', 'cur_from', 'cur_to', ...FIGURE_COLUMNS],
  sub1: ['sub1', ...FIGURE_COLUMNS],
};

const shape = (f: Figures) => ({
  clicks: f.clicks, exchanges: f.exchanges, successful: f.successful, earned: formatDecimal(fromUnits(f.earned)), conversion: conversionOf(f.successful, f.clicks),
});

/** The key columns of a row: a link's code and name, a direction and its two currencies, or the sub1 value. */
async function labeller(repos: Repos, partnerId: number, by: FigureKey) {
  if (by === 'link') {
    const links = new Map((await repos.links.listByPartner(partnerId)).map((l) => [String(l.id), l]));
    return (key: string | null) => ({ link: links.get(key ?? '')?.code ?? null, name: links.get(key ?? '')?.name ?? null });
  }
  if (by === 'direction') {
    return (key: string | null) => {
      const [from = null, to = null] = key === null ? [] : key.split('>');
      return { direction: key, cur_from: from, cur_to: to };
    };
  }
  return (key: string | null) => ({ sub1: key });
}

/** Shown keys (a link's code, not its id) in text order, rows without one last: the same order on both engines. */
function byShownKey(by: FigureKey) {
  return (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const [x, y] = [a[by] as string | null, b[by] as string | null];
    return x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
  };
}

/**
 * Rows of [period] grouped `by`, a page of them, and the totals of every row with `groups`,
 * their count. The totals are sums of the rows, so each reconciles with them.
 */
export async function figuresByKey(repos: Repos, partnerId: number, by: FigureKey, period: Period, page: { limit: number; offset: number }) {
  const rows = await repos.partnerFigures.byKey(partnerId, by, period.from, period.to);
  const label = await labeller(repos, partnerId, by);
  const totals = rows.reduce<Figures>((t, r) => ({
    clicks: t.clicks + r.clicks, exchanges: t.exchanges + r.exchanges, successful: t.successful + r.successful, earned: t.earned + r.earned,
  }), { clicks: 0, exchanges: 0, successful: 0, earned: 0n });
  return {
    data: rows.map((r) => ({ ...label(r.key), ...shape(r) })).sort(byShownKey(by)).slice(page.offset, page.offset + page.limit),
    totals: { ...shape(totals), groups: rows.length },
  };
}
