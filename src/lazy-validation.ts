// Start-up time: compiling every route's JSON schemas (Ajv validators, fast-json-stringify
// serializers) took about a quarter of the time from start to /healthz. Each is compiled on
// its first use instead, and those not used yet are compiled in the background once the app is
// ready (so the first request of a route rarely pays for it). Same compilers, same options:
// only the moment changes.
//
// The compilers are shared by every app built in one process (the tests build hundreds): Ajv
// keeps what it compiled by schema object, and serializers are kept here the same way, so a
// route's schema is compiled once per process, not once per app.
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: unknown) => F;

export type LazyValidation = ReturnType<typeof createLazyValidation>;

// A pool of Ajv instances, one per set of external schemas and options.
const validatorPool = ValidatorSelector() as unknown as Factory<Validate>;
const serializerFactory = SerializerSelector() as unknown as Factory<(data: unknown) => string>;
const serializersByOptions = new Map<string, WeakMap<object, (data: unknown) => string>>();

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

export function createLazyValidation() {
  const pending = new Set<() => unknown>();

  /** The compiled function, built on first call (or by compileRest). */
  function deferred<F>(compile: () => F): () => F {
    let real: F | undefined;
    const ensure = () => {
      if (real === undefined) {
        real = compile();
        pending.delete(ensure);
      }
      return real;
    };
    pending.add(ensure);
    return ensure;
  }

  function buildValidator(externalSchemas: unknown, ajvOptions: unknown) {
    const compile = validatorPool(externalSchemas, ajvOptions);
    return (route: unknown): Validate => {
      const real = deferred(() => compile(route));
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
      const real = deferred(() => compile(route));
      return (data: unknown) => real()(data);
    };
  }

  /** Compiles what no request has needed yet, one schema per turn of the event loop. */
  function compileRest() {
    const next = pending.values().next();
    if (next.done) return;
    next.value();
    setImmediate(compileRest).unref();
  }

  return { buildValidator, buildSerializer, compileRest };
}
