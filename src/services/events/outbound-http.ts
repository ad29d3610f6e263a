// One outbound request to a URL that somebody else chose (a partner's webhook or tracker):
// only http(s); never to loopback, private, link-local or cloud-metadata addresses, checked
// on the address actually connected to (the socket's own DNS lookup, so a name that resolves
// differently a second time cannot slip through); redirects are not followed; bounded in time
// and in the response read. Hosts in the allowlist (RATELINK_WEBHOOK_ALLOW_HOSTS, for tests
// and for a receiver inside the operator's own network) skip the address check.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { isInternalAddress } from '../referral/private-address.js';

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OutboundPolicy {
  /** host or host:port entries allowed even on internal addresses. */
  allowHosts: readonly string[];
  timeoutMs: number;
  /** Bytes of the response read at most (the rest is dropped). */
  maxResponseBytes: number;
}

export type OutboundResult = { status: number } | { error: string; refused?: boolean };

export class RefusedAddressError extends Error {}

// "This network" (0.0.0.0/8) and the unspecified IPv6 address: the kernel connects 0.0.0.0, also
// written ::ffff:0.0.0.0, to this very machine. BlockList matches IPv4-mapped IPv6 addresses too.
const thisHost = new BlockList();
thisHost.addSubnet('0.0.0.0', 8, 'ipv4');
thisHost.addAddress('::', 'ipv6');

/** Whether connecting to `address` would reach the operator's own machines rather than a partner's. */
function refusedAddress(address: string): boolean {
  const nat64 = behindNat64(address);
  if (nat64 !== null) return refusedAddress(nat64);
  return isInternalAddress(address) || thisHost.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

/**
 * The IPv4 address inside a NAT64 one (64:ff9b::/96, RFC 6052), else null: on an IPv6-only host
 * the NAT64 gateway connects to it, the VPC's private addresses included.
 */
function behindNat64(address: string): string | null {
  if (!isIPv6(address)) return null;
  // The URL parser writes the address in one canonical form: hex groups, the longest zero run as ::.
  const canonical = new URL(`http://[${address.split('%')[0]}]/`).hostname.slice(1, -1); // no zone id (%eth0)
  const [head = '', tail] = canonical.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - before.length - after.length).fill('0');
  const words = [...before, ...zeros, ...after].map((group) => parseInt(group, 16));
  if (words.length !== 8 || words[0] !== 0x64 || words[1] !== 0xff9b || words.slice(2, 6).some((w) => w !== 0)) return null;
  return [words[6]! >> 8, words[6]! & 255, words[7]! >> 8, words[7]! & 255].join('.');
}

/**
 * Why a URL given for a new endpoint names the operator's own network (an internal IP address,
 * localhost, a name without a domain), else null: said at once to whoever typed it. Deliveries
 * check again on the address they connect to, since a name can resolve anywhere later.
 */
export function internalUrlProblem(url: string, allowHosts: readonly string[]): string | null {
  const parsed = new URL(url);
  if (allowed(parsed, allowHosts)) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) ? refusedAddress(host) : host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
    return 'an internal address (loopback, private, link-local or a name without a domain): give one reachable from the internet';
  }
  return null;
}

/** Whether `url` may be called at all: http(s), no credentials in it. Null when fine, else why not. */
export function outboundUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'only http and https URLs';
  if (parsed.username || parsed.password) return 'no user name or password in the URL';
  if (url.length > 2000) return 'at most 2000 characters';
  return null;
}

function allowed(url: URL, allowHosts: readonly string[]): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowHosts.some((entry) => entry.toLowerCase() === host || entry.toLowerCase() === `${host}:${port}`);
}

/** A DNS lookup that fails for internal addresses: what the socket connects to is what was checked. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => refusedAddress(a.address));
    // Not which address: the message lands in a partner's delivery log, and the operator's
    // internal addresses are none of their business.
    if (bad || list.length === 0) return callback(new RefusedAddressError(`${hostname} resolves to an internal address`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export function sendOutbound(req: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResult> {
  const problem = outboundUrlProblem(req.url);
  if (problem) return Promise.resolve({ error: problem, refused: true });
  const url = new URL(req.url);
  const trusted = allowed(url, policy.allowHosts);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!trusted && isIP(literal) && refusedAddress(literal)) {
    return Promise.resolve({ error: `${literal} is an internal address`, refused: true });
  }
  const options: RequestOptions = {
    method: req.method,
    headers: { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) },
    timeout: policy.timeoutMs,
    ...(trusted ? {} : { lookup: guardedLookup }),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { request.destroy(new Error(`no answer within ${policy.timeoutMs} ms`)); }, policy.timeoutMs);
    const done = (result: OutboundResult) => { clearTimeout(timer); resolve(result); };
    const request = send(url, options, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > policy.maxResponseBytes) response.destroy();
      });
      response.on('close', () => done({ status: response.statusCode ?? 0 }));
      response.on('error', () => done({ status: response.statusCode ?? 0 }));
    });
    request.on('error', (error) => done({ error: error.message.slice(0, 300), refused: error instanceof RefusedAddressError }));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${policy.timeoutMs} ms`)));
    request.end(req.body);
  });
}
