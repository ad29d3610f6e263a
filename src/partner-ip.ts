// A visitor's IP address as partners see it (docs/seeds/004-partner-integration.en.txt: `ip`
// "0.0.0.0" when unknown). Below every area: the partner API renders it, and the SQLite
// repository filters by it (Premium's `ip` parameter matches what partners see).
import { isIPv4, isIPv6 } from 'node:net';

const UNKNOWN_IP = '0.0.0.0';

/**
 * A visitor IP as partners see it: its network only (IPv4 /24, IPv6 /48), or the whole
 * address when the operator opts in with RATELINK_PARTNER_FULL_IP=1. Unknown → "0.0.0.0".
 */
export function partnerVisibleIp(ip: string, fullIp: boolean): string {
  // Most visitors: a plain IPv4 address (a page renders one per row).
  if (isIPv4(ip)) return fullIp ? ip : `${ip.slice(0, ip.lastIndexOf('.'))}.0`;
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
