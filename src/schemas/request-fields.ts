// The fields a request sent that its route's schema names, part by part (path, query, body):
// what the admin API's and the REST API's strict-type hooks check before Ajv coerces them.
import type { FastifyRequest } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';

export interface FieldSchema {
  type?: unknown;
  nullable?: boolean;
  properties?: Record<string, FieldSchema>;
  items?: FieldSchema;
}

export type FieldVisitor = (rule: FieldSchema, data: Record<string, unknown>, field: string, part: SchemaErrorDataVar) => void;

export function eachSentField(request: FastifyRequest, visit: FieldVisitor): void {
  const schema = request.routeOptions.schema as Partial<Record<SchemaErrorDataVar, FieldSchema>> | undefined;
  if (!schema) return;
  const parts: Array<[SchemaErrorDataVar, unknown]> = [['params', request.params], ['querystring', request.query], ['body', request.body]];
  for (const [part, data] of parts) {
    const properties = schema[part]?.properties;
    if (!properties || typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    for (const [field, rule] of Object.entries(properties)) {
      if (Object.hasOwn(data, field)) visit(rule, data as Record<string, unknown>, field, part);
    }
  }
}
