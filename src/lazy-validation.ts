// Start-up time: compiling every route's JSON schemas (Ajv validators, fast-json-stringify
// serializers) took about a quarter of the time from start to /healthz. Each is compiled on
// its first use instead, and those not used yet are compiled in the background once the app is
// ready (so the first request of a route rarely pays for it). Same compilers, same options:
// only the moment changes.
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: unknown) => F;

export type LazyValidation = ReturnType<typeof createLazyValidation>;

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
    const compile = (ValidatorSelector() as unknown as Factory<Validate>)(externalSchemas, ajvOptions);
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
    const compile = (SerializerSelector() as unknown as Factory<(data: unknown) => string>)(externalSchemas, options);
    return (route: unknown) => {
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
