// Counters of attempts in a sliding window, shared by every instance when they use a shared
// store: sign-in failures per IP and per account, password-reset requests, the API's own
// throttles. The in-memory counter here is the store of one process; the Redis one (several
// instances) implements the same interface, so callers never know which they hold.
//
// The window slides like the click limit's: the previous window's count weighs in by the part
// of it that is still inside the last `windowSeconds`, so a burst across a boundary cannot
// take twice the allowance.

export interface AttemptCounter {
  /** Counts one attempt under `key`; resolves to the weighted count in the window, this one included. */
  hit(key: string, windowSeconds: number): Promise<number>;
  /** The weighted count under `key` in the window; counts nothing. */
  count(key: string, windowSeconds: number): Promise<number>;
  /** Takes back one attempt `hit` counted (an attempt reserved before its outcome that did not fail). */
  release(key: string, windowSeconds: number): Promise<void>;
  /** Forgets `key` (a successful sign-in clears the account's failures). */
  reset(key: string): Promise<void>;
  /** Releases the store's connection, if it has one. */
  close(): Promise<void>;
}

interface Window { index: number; previous: number; current: number }

/** One process's counter: fine for one instance, and what tests use. */
export function createMemoryAttemptCounter(now: () => number = Date.now): AttemptCounter {
  const windows = new Map<string, Window>();
  function estimate(key: string, windowSeconds: number): [Window, number] {
    const span = windowSeconds * 1000;
    const time = now();
    const index = Math.floor(time / span);
    let window = windows.get(key);
    if (!window) {
      window = { index, previous: 0, current: 0 };
      windows.set(key, window);
    } else if (window.index !== index) {
      window.previous = window.index === index - 1 ? window.current : 0;
      window.current = 0;
      window.index = index;
    }
    const weight = 1 - (time % span) / span;
    return [window, window.previous * weight + window.current];
  }
  // Keys of windows long gone are dropped now and then, so the map cannot grow without end.
  let hits = 0;
  function sweep(): void {
    if (++hits % 10_000 !== 0) return;
    const time = now();
    for (const [key, window] of windows) {
      if (window.current === 0 && window.previous === 0) windows.delete(key);
      else if (time / 1000 - window.index > 86_400 * 2) windows.delete(key);
    }
  }
  return {
    async hit(key, windowSeconds) {
      sweep();
      const [window, count] = estimate(key, windowSeconds);
      window.current += 1;
      return count + 1;
    },
    async count(key, windowSeconds) {
      return estimate(key, windowSeconds)[1];
    },
    async release(key, windowSeconds) {
      const [window] = estimate(key, windowSeconds);
      window.current = Math.max(0, window.current - 1);
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {},
  };
}
