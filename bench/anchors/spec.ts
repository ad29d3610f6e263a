// What an anchor serves: fixed responses, the same bytes and headers ratelink sends, so that
// only the server in front of them differs. Written to a JSON file for the anchor processes.
export interface AnchorResponse {
  /** The path the anchor answers, e.g. `/feed.xml`. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** The identity body (none for a redirect). */
  body?: Buffer;
  /** The same body gzip-compressed, served when the client accepts gzip. */
  gzip?: Buffer;
  /** The headers sent with the gzip body (its own ETag), when they differ. */
  gzipHeaders?: Record<string, string>;
}

export interface AnchorSpec {
  responses: AnchorResponse[];
}

export interface RunningAnchor {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  stop(): Promise<void>;
}

/** JSON cannot hold Buffers: bodies travel base64-encoded. */
export function encodeSpec(spec: AnchorSpec): string {
  return JSON.stringify(spec.responses.map((r) => ({ ...r, body: r.body?.toString('base64'), gzip: r.gzip?.toString('base64') })));
}

export function decodeSpec(text: string): AnchorSpec {
  const rows = JSON.parse(text) as Array<Omit<AnchorResponse, 'body' | 'gzip'> & { body?: string; gzip?: string }>;
  return {
    responses: rows.map((r) => ({
      ...r,
      body: r.body === undefined ? undefined : Buffer.from(r.body, 'base64'),
      gzip: r.gzip === undefined ? undefined : Buffer.from(r.gzip, 'base64'),
    })),
  };
}
