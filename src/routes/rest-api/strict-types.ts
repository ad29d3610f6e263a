// Fastify's Ajv coerces types, and a client's mistake became a silent guess: `?limit=1e309` was
// Infinity (a 500 from the database or the serializer), `?to=0x10` the time 16, and in a JSON
// body `"method_id": true` paid with method 1, `"name": true` named a link "true", a payout
// account sent as a number lost its last digits and `"enabled": null` paused a webhook. A value
// is taken as its type or refused here, before the schema coerces it, as a ValidationError
// naming the field: an integer is a JSON number or digits (as a query, a path or a form sends
// it), text is a string, a yes/no a boolean (or "true"/"false" from a form), a list an array
// (or one form value); null only where the field may be cleared.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import { eachSentField, type FieldSchema as Schema } from '../../schemas/request-fields.js';
import { describeValidation } from '../../schemas/validation-messages.js';

const DIGITS = /^-?\d+$/;

export async function refuseLooseTypes(request: FastifyRequest): Promise<void> {
  eachSentField(request, (rule, data, field, part) => {
    const path = mismatch(rule, data[field], `/${field}`);
    if (path) throw typeError(path.at, path.type, part);
  });
}

const FITS: Record<string, (value: unknown) => boolean> = {
  integer: isInteger,
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean' || value === 'true' || value === 'false',
  array: (value) => Array.isArray(value) || typeof value === 'string',
};

/** Where a value is not of its schema's type (a list's item too), or null when it is. */
function mismatch(rule: Schema, value: unknown, at: string): { at: string; type: string } | null {
  if (value === null) return rule.nullable ? null : { at, type: 'null' };
  const fits = typeof rule.type === 'string' ? FITS[rule.type] : undefined;
  if (fits && !fits(value)) return { at, type: rule.type as string };
  if (rule.type === 'array' && rule.items && Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = mismatch(rule.items, item, `${at}/${i}`);
      if (found) return found;
    }
  }
  return null;
}

/** A JSON number JavaScript holds exactly, or digits as text; a repeated query key (an array) is the schema's to refuse. */
function isInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (typeof value === 'string') return DIGITS.test(value);
  return Array.isArray(value);
}

function typeError(at: string, type: string, part: SchemaErrorDataVar): Error {
  const error: FastifySchemaValidationError = { keyword: 'type', instancePath: at, schemaPath: '#/type', params: { type }, message: type === 'null' ? 'must not be null' : `must be ${type}` };
  return describeValidation([error], part);
}
