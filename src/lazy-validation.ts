// Start-up time: compiling every route's JSON schemas (Ajv validators, fast-json-stringify
// serializers) took about a quarter of the time from start to /healthz. Each is compiled on
// its first use instead: same compilers, same options, only the moment changes.
//
// Nothing is compiled ahead in the background: the 542 schemas took about 1.5 s of CPU in the
// first seconds after every start, one compile at a time on the event loop (some over 50 ms),
// so that feeds and redirects served meanwhile waited behind them (BENCHMARKS.md, issue 12 §9,
// fourth session). A route's first request pays for its own schemas; routes never called (most
// of the admin and REST API on a feed server) cost nothing.
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: unknown) => F;

export type LazyValidation = ReturnType<typeof createLazyValidation>;

/** The compiled function, built on first call. */
function onFirstUse<F>(compile: () => F): () => F {
  let real: F | undefined;
  return () => real ??= compile();
}

export function createLazyValidation() {
  // One selector for the server, as Fastify's default has: it keeps one Ajv per set of shared
  // schemas and options, so that each encapsulated context does not build an Ajv of its own
  // (and compile Ajv's meta-schema again): half of the compile time.
  const validatorSelector = ValidatorSelector() as unknown as Factory<Validate>;
  const serializerSelector = SerializerSelector() as unknown as Factory<(data: unknown) => string>;

  function buildValidator(externalSchemas: unknown, ajvOptions: unknown) {
    const compile = validatorSelector(externalSchemas, ajvOptions);
    return (route: unknown): Validate => {
      const real = onFirstUse(() => compile(route));
      // Fastify reads `errors` from the function it called.
      const validate: Validate = (data) => {
        const fn = real();
        const result = fn(data);
        validate.errors = fn.errors;
        return result;
      };
      return validate;
    };
  }

  function buildSerializer(externalSchemas: unknown, options: unknown) {
    const compile = serializerSelector(externalSchemas, options);
    return (route: unknown) => {
      const real = onFirstUse(() => compile(route));
      return (data: unknown) => real()(data);
    };
  }

  return { buildValidator, buildSerializer };
}
