// An error that every request meets while the database is out of reach would otherwise be one
// log line per visitor: thousands a second, a disk filled and the first cause buried. Such an
// error is logged at once, then folded into one line per interval that says how many it stands
// for, so that the log still counts every lost click.

export interface ThrottledLog<A> {
  /** Logs `args` now, or folds it (with its weight) into the line that ends the interval. */
  call(args: A, weight?: number): void;
  /** Writes what is folded and not yet written (at close). */
  flush(): void;
}

export function throttledLog<A>(intervalMs: number, write: (args: A, count: number) => void): ThrottledLog<A> {
  let timer: NodeJS.Timeout | null = null;
  let held: A | null = null;
  let count = 0;

  function writeHeld() {
    if (held !== null) write(held, count);
    held = null;
    count = 0;
  }

  // An interval that folded nothing ends quietly; one that folded something writes it and
  // starts the next, so a lasting outage gives one line per interval.
  function endInterval() {
    timer = null;
    if (held === null) return;
    writeHeld();
    startInterval();
  }

  function startInterval() {
    timer = setTimeout(endInterval, intervalMs);
    timer.unref();
  }

  return {
    call(args, weight = 1) {
      if (timer !== null) {
        held = args;
        count += weight;
        return;
      }
      write(args, weight);
      startInterval();
    },
    flush() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      writeHeld();
    },
  };
}
