// Schema errors in words an operator can act on: the field, and for a closed set the values
// allowed (`Invalid status: expected one of active, blocked`, `Unknown field "foo"`), instead
// of Ajv's `must NOT have additional properties` or `must be equal to constant`.
import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import { SchemaValidationError } from '../errors.js';

export function describeValidation(errors: FastifySchemaValidationError[], part: SchemaErrorDataVar): Error {
  const error = new SchemaValidationError(describeFirst(errors, part));
  return Object.assign(error, { validation: errors, validationContext: part });
}

function describeFirst(errors: FastifySchemaValidationError[], part: string): string {
  const first = errors[0];
  const path = fieldOf(first?.instancePath ?? '', part);
  const params = (first?.params ?? {}) as Record<string, unknown>;
  switch (first?.keyword) {
    case 'additionalProperties':
      return `Unknown field "${joinPath(path, String(params.additionalProperty))}"`;
    case 'required':
      return `Missing field "${joinPath(path, String(params.missingProperty))}"`;
    case 'enum':
      return `Invalid ${path}: expected one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
    case 'anyOf': {
      // A union of constants: Ajv reports each constant, then the anyOf; name them all.
      const allowed = errors.filter((e) => e.instancePath === first.instancePath && e.keyword === 'const')
        .map((e) => (e.params as { allowedValue: unknown }).allowedValue);
      if (allowed.length > 0) return `Invalid ${path}: expected one of ${allowed.join(', ')}`;
      return `Invalid ${path}: matches none of the allowed forms`;
    }
    case 'type':
      return `Invalid ${path}: expected ${String(params.type)}`;
    // The services' words ("expected …"), not Ajv's "must NOT have fewer than 1 characters".
    case 'minLength':
      return `Invalid ${path}: expected at least ${plural(Number(params.limit), 'character')}`;
    case 'maxLength':
      return `Invalid ${path}: expected at most ${plural(Number(params.limit), 'character')}`;
    case 'minimum':
      return `Invalid ${path}: expected at least ${String(params.limit)}`;
    case 'maximum':
      return `Invalid ${path}: expected at most ${String(params.limit)}`;
    case 'minProperties':
      return `Invalid ${path}: expected at least one field`;
    case 'maxItems':
      return `Invalid ${path}: expected at most ${plural(Number(params.limit), 'item')}`;
    default:
      return `Invalid ${path}: ${first?.message ?? 'is invalid'}`;
  }
}

/** `/reward_levels/0/percent` as the services write it: `reward_levels[0].percent`, `[0].in`. */
function fieldOf(instancePath: string, part: string): string {
  const field = instancePath.split('/').slice(1).reduce((path, key) => joinPath(path, key), part);
  return field === '' ? part : field;
}

function joinPath(parent: string, child: string): string {
  if (/^\d+$/.test(child)) return `${isPart(parent) ? '' : parent}[${child}]`;
  return isPart(parent) ? child : `${parent}.${child}`;
}

const isPart = (path: string) => ['body', 'querystring', 'params', 'headers'].includes(path);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
