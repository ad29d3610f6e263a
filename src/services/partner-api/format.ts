// How the partner API renders times and visitor IPs (seed 004: `date` is "YYYY-MM-DD HH:MM:SS";
// `ip` "0.0.0.0" when unknown).
import { isIPv4, isIPv6 } from 'node:net';

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

const UNKNOWN_IP = '0.0.0.0';

/**
 * A visitor IP as partners see it: its network only (IPv4 /24, IPv6 /48), or the whole
 * address when the operator opts in with RATELINK_PARTNER_FULL_IP=1. Unknown → "0.0.0.0".
 */
export function partnerVisibleIp(ip: string, fullIp: boolean): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1] : ip;
  if (isIPv4(address)) return fullIp ? address : address.replace(/\.\d+$/, '.0');
  if (isIPv6(address)) return fullIp ? address.toLowerCase() : maskIpv6(address);
  return UNKNOWN_IP;
}

function maskIpv6(address: string): string {
  const network = expandIpv6(address).slice(0, 3).map((group) => group.replace(/^0+(?=.)/, ''));
  return `${network.join(':')}::`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded IPv4 converted). */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase().split('%')[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}
