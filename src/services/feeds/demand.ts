// Which compressed forms of which feeds monitors fetch. A form fetched within the last
// DEMAND_SECONDS is made as soon as its feed changes, before the new version is served; the
// others are made on their first request. Monitors poll every few seconds and keep their
// settings, so in steady state every request finds its bytes ready, and a change costs the
// compression of what is fetched, not of every feed × format × encoding.
import type { FeedFormat } from '../../export/types.js';
import { COMPRESSIONS, type Compression, type Encoding } from './representation.js';

export const DEMAND_SECONDS = 600;

type LastFetched = Record<FeedFormat, Partial<Record<Compression, number>>>;

export function createFeedDemand() {
  const byFeed = new Map<string, LastFetched>();
  return {
    record(code: string, format: FeedFormat, encoding: Encoding, at: number) {
      if (encoding === 'identity') return; // always made
      let last = byFeed.get(code);
      if (last === undefined) byFeed.set(code, last = { xml: {}, json: {}, txt: {} });
      last[format][encoding] = at;
    },
    /** The compressed forms of this feed and format to make with each new version. */
    wanted(code: string, format: FeedFormat, now: number): Compression[] {
      const last = byFeed.get(code)?.[format];
      return COMPRESSIONS.filter((encoding) => {
        const at = last?.[encoding];
        return at !== undefined && now - at < DEMAND_SECONDS;
      });
    },
  };
}
