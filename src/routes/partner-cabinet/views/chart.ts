// The dashboard's chart as server-rendered SVG: three small bar charts sharing the days
// (clicks, exchanges, earnings), each on its own scale. No script, so the strict CSP holds and
// the chart is testable as a string; the same numbers are in a table beside it.
import type { DayFigures } from '../../../services/reports/summary.js';
import { escapeHtml } from '../html.js';

export interface ChartLabels {
  title: string;
  clicks: string;
  exchanges: string;
  earned: string;
  /** Formats a value for the bar's tooltip and the scale. */
  count(n: number): string;
  money(amount: string): string;
}

// Drawn for a phone's width (the same viewBox scales up on a desktop): at 720 units the
// labels were 5 px tall at 375 px. The scale (the panel's largest value) sits at the right end
// of the panel's title line, not in a left margin: a seven-digit amount did not fit there.
const WIDTH = 480;
const PANEL = 80;
const GAP = 28;
const LEFT = 8;
const SERIES = [
  { key: 'clicks', color: '#0b57d0' },
  { key: 'exchanges', color: '#c2410c' },
  { key: 'earned', color: '#0a6b2e' },
] as const;

export function dailyChartSvg(days: DayFigures[], labels: ChartLabels): string {
  const height = SERIES.length * (PANEL + GAP) + 16;
  const plot = WIDTH - LEFT - 8;
  const step = plot / Math.max(days.length, 1);
  const bar = Math.max(1, step * 0.7);
  let out = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(labels.title)}" data-days="${days.length}">`;
  SERIES.forEach((series, i) => {
    const top = i * (PANEL + GAP) + GAP - 8;
    const values = days.map((d) => (series.key === 'earned' ? Number(d.earned) : d[series.key]));
    const max = Math.max(...values, 0);
    const name = labels[series.key];
    const scale = series.key === 'earned' ? labels.money(String(max)) : labels.count(max);
    out += `<text x="0" y="${top - 6}" font-size="13" fill="#1a1a1a">${escapeHtml(name)}</text>`;
    out += `<text x="${WIDTH - 8}" y="${top - 6}" font-size="11" text-anchor="end" fill="#555">${escapeHtml(scale)}</text>`;
    out += `<line x1="${LEFT}" y1="${top + PANEL}" x2="${WIDTH - 8}" y2="${top + PANEL}" stroke="#767676"/>`;
    days.forEach((day, j) => {
      const value = values[j]!;
      if (value <= 0 || max <= 0) return;
      const h = Math.max(1, (value / max) * PANEL);
      const shown = series.key === 'earned' ? labels.money(day.earned) : labels.count(value);
      out += `<rect class="bar-${series.key}" x="${(LEFT + j * step + (step - bar) / 2).toFixed(1)}" y="${(top + PANEL - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${series.color}"><title>${escapeHtml(`${day.day}: ${shown}`)}</title></rect>`;
    });
  });
  const lastTop = SERIES.length * (PANEL + GAP) - 8;
  if (days.length > 0) {
    out += `<text x="${LEFT}" y="${lastTop + 12}" font-size="11" fill="#555">${escapeHtml(days[0]!.day)}</text>`;
    out += `<text x="${WIDTH - 8}" y="${lastTop + 12}" font-size="11" text-anchor="end" fill="#555">${escapeHtml(days.at(-1)!.day)}</text>`;
  }
  return `${out}</svg>`;
}
