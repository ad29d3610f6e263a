// How the partner API renders times (docs/seeds/004-partner-integration.en.txt: `date` is
// "YYYY-MM-DD HH:MM:SS"); visitor IPs as partners see them: src/partner-ip.ts.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Unix seconds as "YYYY-MM-DD HH:MM:SS" wall-clock time in `timeZone` (RATELINK_TZ). */
export function formatDate(unixSeconds: number, timeZone: string): string {
  if (timeZone === 'UTC') return formatUtc(unixSeconds);
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(unixSeconds * 1000)) parts[part.type] = part.value;
  return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const LAST_FOUR_DIGIT_YEAR = 253_402_300_800; // 10000-01-01 00:00:00 UTC
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * UTC in integer arithmetic (the civil-from-days algorithm of H. Hinnant's "chrono-compatible
 * low-level date algorithms"): a page renders a date per row, and building a Date and its ISO
 * text cost ~1 µs each. Years outside 1970-9999 and fractions take the Date path, whose text this is.
 */
function formatUtc(unixSeconds: number): string {
  if (!Number.isInteger(unixSeconds) || unixSeconds < 0 || unixSeconds >= LAST_FOUR_DIGIT_YEAR) {
    return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
  const days = Math.floor(unixSeconds / 86_400);
  const second = unixSeconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(second / 3600);
  const minute = Math.floor((second % 3600) / 60);
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second % 60)}`;
}
