// Start-up time: compiling every route's JSON schemas (Ajv validators, fast-json-stringify
// serializers) took about a quarter of the time from start to /healthz. Each is compiled on
// its first use instead: same compilers, same options, only the moment changes.
//
// Nothing is compiled ahead in the background: the 542 schemas took about 1.5 s of CPU in the
// first seconds after every start, one compile at a time on the event loop (some over 50 ms),
// so that feeds and redirects served meanwhile waited behind them (BENCHMARKS.md, issue 12 §9,
// fourth session). A route's first request pays for its own schemas; routes never called (most
// of the admin and REST API on a feed server) cost nothing.
//
// The compilers are shared by every app built in one process (the tests build hundreds): one
// Ajv per set of shared schemas and options, as Fastify's default selector keeps per server,
// so that no encapsulated context builds an Ajv (and compiles its meta-schema) of its own; Ajv
// keeps what it compiled by schema object, and serializers are kept here the same way. A
// route's schema is compiled once per process, not once per app or per context.
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Serialize = (data: unknown) => string;
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: unknown) => F;

const validatorPool = ValidatorSelector() as unknown as Factory<Validate>;
const serializerFactory = SerializerSelector() as unknown as Factory<Serialize>;
const serializersByOptions = new Map<string, WeakMap<object, Serialize>>();

function sharedSerializers(externalSchemas: unknown, options: unknown) {
  const compile = serializerFactory(externalSchemas, options);
  const key = JSON.stringify([externalSchemas, options]);
  let compiled = serializersByOptions.get(key);
  if (!compiled) serializersByOptions.set(key, compiled = new WeakMap());
  const cache = compiled;
  return (route: { schema: object }) => {
    let fn = cache.get(route.schema);
    if (!fn) cache.set(route.schema, fn = compile(route));
    return fn;
  };
}

/** The compiled function, built on first call. */
function onFirstUse<F>(compile: () => F): () => F {
  let real: F | undefined;
  return () => real ??= compile();
}

function buildValidator(externalSchemas: unknown, ajvOptions: unknown) {
  const compile = validatorPool(externalSchemas, ajvOptions);
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
  const compile = sharedSerializers(externalSchemas, options);
  return (route: { schema: object }) => {
    const real = onFirstUse(() => compile(route));
    return (data: unknown) => real()(data);
  };
}

/** Fastify's compilersFactory: the same compilers, each route's built on its first use. */
export const lazyCompilers = { buildValidator, buildSerializer };
export type LazyCompilers = typeof lazyCompilers;
