// Content negotiation and revalidation for the feeds, on precomputed representations.
import type { Encoding, Representation, Variant } from '../services/feeds/representation.js';

// Monitors send the same Accept-Encoding on every poll: parse each distinct header once.
const negotiated = new Map<string, Encoding>();
const MAX_REMEMBERED = 256;

/**
 * br or gzip when the client accepts it (q > 0), the higher q winning and br on a tie;
 * identity otherwise. `*` covers codings not named; `q=0` refuses (RFC 9110 §12.5.3).
 */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let choice = negotiated.get(header);
  if (choice === undefined) {
    choice = parseAcceptEncoding(header);
    if (negotiated.size >= MAX_REMEMBERED) negotiated.clear();
    negotiated.set(header, choice);
  }
  return choice;
}

function parseAcceptEncoding(header: string): Encoding {
  const q = new Map<string, number>();
  for (const part of header.slice(0, 1000).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = weight('br');
  const gz = weight('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/**
 * If-None-Match decides when present (weak comparison, as RFC 9110 §13.1.2 requires);
 * otherwise If-Modified-Since, when the date can tell versions apart.
 */
export function isNotModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, rep: Representation, variant: Variant): boolean {
  if (ifNoneMatch !== undefined) {
    // What monitors send back: the one ETag they got.
    if (ifNoneMatch === variant.etag) return true;
    if (ifNoneMatch.trim() === '*') return true;
    for (const tag of ifNoneMatch.split(',')) {
      const trimmed = tag.trim();
      if ((trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === variant.etag) return true;
    }
    return false;
  }
  if (ifModifiedSince === undefined || !rep.validByDate) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(since / 1000) >= rep.lastModified;
}
