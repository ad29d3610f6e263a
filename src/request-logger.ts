// `request.log` (and `reply.log`): a pino child with the request id, made when the request
// writes its first line rather than for every request. Fastify makes the child before routing
// is done with, for every request; the feeds and /ref, which log nothing per request (route
// level warn, docs/logging), paid for one each: the bindings serialised, and every log method
// rebuilt since the route's level differs from the server's (a few µs of a feed request that
// costs about 30: BENCHMARKS.md, issue 12 §9, fourth session). The lines written are the same:
// the same child, bindings and level, made at the first line its level lets through.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type FastifyChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<FastifyChildLoggerFactory>[1];
type ChildLoggerOptions = Parameters<FastifyChildLoggerFactory>[2];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArguments = Parameters<FastifyBaseLogger['info']>;
/** The server's logger: pino, whose level names map to numbers in `levels.values`. */
type Parent = FastifyBaseLogger & { levels: { values: Record<string, number> } };

class LazyRequestLogger {
  #real: FastifyBaseLogger | undefined;
  #threshold: number | undefined;

  constructor(private readonly parent: Parent, private readonly bindings: Bindings, private readonly options: ChildLoggerOptions) {}

  get level(): string {
    return this.#real?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#materialise().level = level;
  }

  fatal(...args: LogArguments) { this.#write('fatal', args); }
  error(...args: LogArguments) { this.#write('error', args); }
  warn(...args: LogArguments) { this.#write('warn', args); }
  info(...args: LogArguments) { this.#write('info', args); }
  debug(...args: LogArguments) { this.#write('debug', args); }
  trace(...args: LogArguments) { this.#write('trace', args); }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#materialise().child(bindings, options);
  }

  #write(level: Level, args: LogArguments) {
    if (this.#real === undefined) {
      // The child's level, as pino would set it: the route's, else the server's at this time.
      this.#threshold ??= this.parent.levels.values[this.level] ?? 0;
      if (this.parent.levels.values[level]! < this.#threshold) return;
    }
    this.#materialise()[level](...args);
  }

  #materialise(): FastifyBaseLogger {
    return this.#real ??= this.parent.child(this.bindings, this.options);
  }
}

/** For Fastify's `childLoggerFactory` server option. */
export const lazyRequestLogger: FastifyChildLoggerFactory = function (logger, bindings, options) {
  return new LazyRequestLogger(logger as Parent, bindings, options) as unknown as FastifyBaseLogger;
};
