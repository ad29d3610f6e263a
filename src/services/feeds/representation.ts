// A feed document as it is served: the bytes in each encoding, compressed once per version,
// with their validators and response headers computed up front, so that a request only picks
// one of them (docs/research/export-formats.md §7.5).
//
// The compressed forms that monitors fetch are made with the document, before it is served;
// the others are made on their first request (once, shared by concurrent requests). Monitors
// each poll one format in one encoding, so compressing every feed in every format and both
// encodings on each change would mostly make bytes nobody fetches (see feed-demand.ts).
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FeedFormat } from '../../export/types.js';
import { CONTENT_TYPES } from '../../export/feed.js';

export type Encoding = 'identity' | 'gzip' | 'br';
export type Compression = Exclude<Encoding, 'identity'>;
export const COMPRESSIONS: readonly Compression[] = ['gzip', 'br'];

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
  /** The variants made so far: identity always, the compressed ones once made. */
  variants: { identity: Variant } & Partial<Record<Compression, Variant>>;
  /** The variant in `encoding`, made now if it was not yet (then kept in `variants`). */
  variant(encoding: Encoding): Promise<Variant>;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Within one rebuild, feeds whose documents are identical share one hash and compression. */
export type CompressionMemo = Map<string, Encoded>;

interface Encoded {
  body: Buffer;
  hash: string;
  compressed: Partial<Record<Compression, Promise<Buffer>>>;
}

function encode(body: Buffer): Encoded {
  // sha1: an ETag needs a digest that changes with the bytes, not a signature.
  return { body, hash: createHash('sha1').update(body).digest('base64url'), compressed: {} };
}

function compressed(encoded: Encoded, encoding: Compression): Promise<Buffer> {
  return encoded.compressed[encoding] ??= compress(encoded.body, encoding);
}

async function compress(body: Buffer, encoding: Compression): Promise<Buffer> {
  try {
    // `flush: FINISH`: the whole document in one job on zlib's threads, rather than a first job
    // that only buffers and a second one queued from this (busy) thread. Quality 4 (gzip and
    // brotli): within 15% of the smallest output at half the CPU of the usual levels.
    return encoding === 'gzip'
      ? await gzipAsync(body, { level: 4, flush: constants.Z_FINISH })
      : await brotliAsync(body, {
        flush: constants.BROTLI_OPERATION_FINISH,
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      });
  } catch {
    return body; // zlib failing (out of memory): the identity bytes are still a correct answer
  }
}

/**
 * The representation of `text`: the previous one when the bytes did not change (keeping its
 * Last-Modified, ETag and compressed forms), else a new one, with the compressed forms in
 * `eager` made off the event loop (zlib's thread pool) before it resolves.
 */
export async function representDocument(
  format: FeedFormat, text: string, now: number,
  previous: Representation | undefined, memo: CompressionMemo, eager: readonly Compression[],
): Promise<Representation> {
  let encoded = memo.get(text);
  if (encoded === undefined) {
    const body = Buffer.from(text, 'utf8');
    if (previous?.variants.identity.body.equals(body)) return previous;
    memo.set(text, encoded = encode(body));
  }
  const lastModified = Math.max(now, previous?.lastModified ?? 0);
  const made = representation(format, encoded, lastModified, previous === undefined || previous.lastModified < lastModified);
  await Promise.all(eager.map((encoding) => made.variant(encoding)));
  return made;
}

function representation(format: FeedFormat, encoded: Encoded, lastModified: number, validByDate: boolean): Representation {
  const { body, hash } = encoded;
  const lastModifiedText = new Date(lastModified * 1000).toUTCString();
  const variantOf = (encoding: Encoding, bytes: Buffer): Variant => {
    // Compression that does not pay (tiny documents) is not offered.
    const identity = encoding === 'identity' || bytes.length >= body.length;
    const etag = identity ? `"${hash}"` : `"${hash}-${encoding === 'gzip' ? 'gz' : 'br'}"`;
    const common = { etag, 'last-modified': lastModifiedText, 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
    return {
      body: identity ? body : bytes,
      etag,
      headers: { 'content-type': CONTENT_TYPES[format], ...common, ...(identity ? {} : { 'content-encoding': encoding }) },
      notModifiedHeaders: common,
    };
  };
  const variants: Representation['variants'] = { identity: variantOf('identity', body) };
  const making: Partial<Record<Compression, Promise<Variant>>> = {};
  return {
    lastModified,
    validByDate,
    variants,
    variant(encoding) {
      if (encoding === 'identity') return Promise.resolve(variants.identity);
      return making[encoding] ??= compressed(encoded, encoding).then((bytes) => variants[encoding] = variantOf(encoding, bytes));
    },
  };
}
