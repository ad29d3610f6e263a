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
  if (timeZone === 'UTC') return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(unixSeconds * 1000)) parts[part.type] = part.value;
  return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
