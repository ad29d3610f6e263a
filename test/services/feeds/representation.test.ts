import * as zlib from 'node:zlib';
import t from 'tap';
import type * as Representations from '../../../src/services/feeds/representation.js';

const text = `<?xml version="1.0" encoding="UTF-8"?>\n<rates>\n${'<item>\n<from>BTC</from>\n<to>SBERRUB</to>\n</item>\n'.repeat(200)}</rates>\n`;

t.test('feed representation › when zlib fails, the identity bytes are served rather than an error', async (t) => {
  const failing = (_body: unknown, _options: unknown, callback: (error: Error) => void) => callback(new Error('out of memory'));
  const { representDocument } = await t.mockImport<typeof Representations>('../../../src/services/feeds/representation.js', {
    'node:zlib': { ...zlib, gzip: failing, brotliCompress: failing },
  });
  const made = await representDocument('xml', text, 1_750_000_000, undefined, new Map(), ['gzip']);
  const gzip = made.variants.gzip!;
  t.equal(gzip.body.toString(), text);
  t.equal(gzip.etag, made.variants.identity.etag, 'the identity ETag, since these are the identity bytes');
  t.equal(gzip.headers['content-encoding'], undefined);
  t.equal((await made.variant('br')).body.toString(), text);
});

t.test('feed representation › an unchanged document keeps its representation; a changed one gets a new ETag', async (t) => {
  const { representDocument } = await import('../../../src/services/feeds/representation.js');
  const first = await representDocument('xml', text, 1_750_000_000, undefined, new Map(), []);
  t.equal(await representDocument('xml', text, 1_750_000_060, first, new Map(), ['gzip']), first, 'same bytes: same Last-Modified and ETag');
  const changed = await representDocument('xml', text.replace('BTC', 'ETH'), 1_750_000_060, first, new Map(), ['gzip']);
  t.not(changed.variants.identity.etag, first.variants.identity.etag);
  t.equal(changed.lastModified, 1_750_000_060);
  t.equal(zlib.gunzipSync(changed.variants.gzip!.body).toString(), text.replace('BTC', 'ETH'), 'the eager form is made before it resolves');
});
