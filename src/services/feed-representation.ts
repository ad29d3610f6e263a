// A feed document as it is served: the bytes in each encoding, compressed once per version,
// with their validators and response headers computed up front, so that a request only picks
// one of them (export-formats.md §7.5).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FeedFormat } from '../export/types.js';
import { CONTENT_TYPES } from '../export/feed.js';

export type Encoding = 'identity' | 'gzip' | 'br';
export const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'br'];

export interface Variant {
  body: Buffer;
  /** Strong, and different per encoding: the bytes differ (RFC 9110 §8.8.3). */
  etag: string;
  headers: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

export interface Representation {
  /** Unix second at which this content first appeared. */
  lastModified: number;
  /**
   * False when an earlier version carried the same Last-Modified second: a client holding
   * that version would wrongly get a 304 from If-Modified-Since, so only ETags validate.
   */
  validByDate: boolean;
  variants: Record<Encoding, Variant>;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Within one rebuild, feeds whose documents are identical share one hash and compression. */
export type CompressionMemo = Map<string, Encoded>;

interface Encoded {
  body: Buffer;
  hash: string;
  compressed: Promise<[Buffer, Buffer]>;
}

function encode(text: string): Encoded {
  const body = Buffer.from(text, 'utf8');
  // sha1: an ETag needs a digest that changes with the bytes, not a signature.
  const hash = createHash('sha1').update(body).digest('base64url');
  return { body, hash, compressed: compress(body) };
}

function compress(body: Buffer): Promise<[Buffer, Buffer]> {
  return Promise.all([
    gzipAsync(body, { level: 4 }),
    // Quality 4 (and gzip 4): within 15% of the smallest output at half the CPU of the usual
    // levels; rates may change several times a second and each change is compressed.
    brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  ]);
}

/**
 * The representation of `text`: the previous one when the bytes did not change (keeping its
 * Last-Modified and ETag, and skipping compression), else a new one compressed off the
 * event loop (zlib's thread pool).
 */
export async function representDocument(
  format: FeedFormat, text: string, now: number, previous?: Representation, compressed: CompressionMemo = new Map(),
): Promise<Representation> {
  let encoded = compressed.get(text);
  if (encoded === undefined) {
    // Unchanged bytes keep their representation (Last-Modified, ETag) and skip compression.
    if (previous && previous.variants.identity.body.toString('utf8') === text) return previous;
    compressed.set(text, encoded = encode(text));
  }
  const { body, hash } = encoded;
  const [gz, br] = await encoded.compressed;
  const lastModified = Math.max(now, previous?.lastModified ?? 0);
  const lastModifiedText = new Date(lastModified * 1000).toUTCString();
  const variant = (encoding: Encoding, bytes: Buffer): Variant => {
    // Compression that does not pay (tiny documents) is not offered.
    const useIdentity = encoding !== 'identity' && bytes.length >= body.length;
    const etag = useIdentity || encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding === 'gzip' ? 'gz' : 'br'}"`;
    const common = { etag, 'last-modified': lastModifiedText, 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
    return {
      body: useIdentity ? body : bytes,
      etag,
      headers: { 'content-type': CONTENT_TYPES[format], ...common, ...(useIdentity || encoding === 'identity' ? {} : { 'content-encoding': encoding }) },
      notModifiedHeaders: common,
    };
  };
  return {
    lastModified,
    validByDate: previous === undefined || previous.lastModified < lastModified,
    variants: { identity: variant('identity', body), gzip: variant('gzip', gz), br: variant('br', br) },
  };
}
