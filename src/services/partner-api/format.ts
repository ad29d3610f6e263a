// How the partner API renders times and visitor IPs (docs/seeds/004-partner-integration.en.txt: `date` is "YYYY-MM-DD HH:MM:SS";
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
  const address = mapped ? mapped[1] : ip.split('%')[0];
  if (isIPv4(address)) return fullIp ? address : address.replace(/\.\d+$/, '.0');
  const canonical = isIPv6(address) ? canonicalIpv6(address) : null;
  if (canonical === null) return UNKNOWN_IP;
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (hexMapped) return partnerVisibleIp(hexToIpv4(hexMapped[1], hexMapped[2]), fullIp);
  if (fullIp) return canonical;
  const network = [...expandIpv6(canonical).slice(0, 3), '0', '0', '0', '0', '0'];
  return canonicalIpv6(network.join(':')) ?? UNKNOWN_IP;
}

function hexToIpv4(high: string, low: string): string {
  const [a, b] = [parseInt(high, 16), parseInt(low, 16)];
  return [a >> 8, a & 255, b >> 8, b & 255].join('.');
}

/** RFC 5952 text (lower case, longest zero run as "::"), as the WHATWG URL parser writes it. */
function canonicalIpv6(address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** The eight 16-bit groups of a canonical IPv6 address (no embedded IPv4 left). */
function expandIpv6(canonical: string): string[] {
  const [head, tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}
