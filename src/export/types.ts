// The typed rows the exporters work on. src/export holds pure functions only: no I/O.
import type { DirectionRow, FeedDialect } from '../db/rows.js';

export type Dialect = FeedDialect;
export type FeedFormat = 'xml' | 'json' | 'txt';
export const FEED_FORMATS: readonly FeedFormat[] = ['xml', 'json', 'txt'];

/** A direction as stored (the `directions` table); decimals are canonical strings. */
export type RateRow = DirectionRow;

/** A fee outside the rate: fixed (in the side's currency) or a percent of the amount. */
export interface Fee {
  kind: 'fixed' | 'percent';
  value: string;
}

/**
 * A direction as every feed publishes it, whatever the feed: numbers rounded to the
 * currencies' precision in the exchanger's favour and formatted, one of in/out equal to 1.
 */
export interface PublishedRate extends Pick<RateRow, 'id' | 'from' | 'to' | 'param' | 'city' | 'updatedAt'> {
  in: string;
  out: string;
  /** Reserve of `to`. */
  amount: string;
  /** Per-order limits in `from` units (classic minamount/maxamount, EREF 1.1 frommin/frommax). */
  min: string;
  max: string;
  /** The same limits in `to` units (EREF 1.1 tomin/tomax). */
  tomin: string;
  tomax: string;
  minfee?: string;
  fromfee?: Fee;
  tofee?: Fee;
  floating?: string;
  delay?: string;
}
