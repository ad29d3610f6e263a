// Fastify's Ajv coerces types, and a client's mistake became a silent guess: `?limit=1e309` was
// Infinity (a 500 from the database or the serializer), `?to=0x10` the time 16, and in a JSON
// body `"method_id": true` paid with method 1. An integer is written in digits (a JSON number,
// or a string of digits as a query, a path or a form sends it); anything else is refused here,
// before the schema coerces it, as a ValidationError naming the field.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import { describeValidation } from '../../schemas/validation-messages.js';

const DIGITS = /^-?\d+$/;

interface Schema {
  type?: unknown;
  properties?: Record<string, Schema>;
}

export async function refuseLooseTypes(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema as Partial<Record<SchemaErrorDataVar, Schema>> | undefined;
  if (!schema) return;
  check(schema.params, request.params, 'params');
  check(schema.querystring, request.query, 'querystring');
  check(schema.body, request.body, 'body');
}

function check(schema: Schema | undefined, data: unknown, part: SchemaErrorDataVar): void {
  if (!schema?.properties || typeof data !== 'object' || data === null || Array.isArray(data)) return;
  for (const [field, rule] of Object.entries(schema.properties)) {
    if (!Object.hasOwn(data, field)) continue;
    const value = (data as Record<string, unknown>)[field];
    if (rule.type === 'integer' && !isInteger(value)) throw typeError(field, 'integer', part);
  }
}

/** A JSON number JavaScript holds exactly, or digits as text; a repeated query key (an array) is the schema's to refuse. */
function isInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (typeof value === 'string') return DIGITS.test(value);
  return Array.isArray(value);
}

function typeError(field: string, type: string, part: SchemaErrorDataVar): Error {
  const error: FastifySchemaValidationError = { keyword: 'type', instancePath: `/${field}`, schemaPath: '#/type', params: { type }, message: `must be ${type}` };
  return describeValidation([error], part);
}
