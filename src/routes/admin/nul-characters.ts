// PostgreSQL's text holds no NUL character: one in an adjustment's reason, a payout method's
// title, a tx_ref, an email or a link code in the URL made the database refuse the statement,
// a 500. No admin field means one, so any text holding it is refused before a route runs, on
// both engines alike, naming the field as a schema error does.
import type { FastifyRequest } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import { describeValidation } from '../../schemas/validation-messages.js';

export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [part, data] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
    const path = nulPath(data);
    if (path !== null) {
      const error = { keyword: 'nul', instancePath: path, schemaPath: '', params: {}, message: 'must not contain NUL characters' };
      throw describeValidation([error], part satisfies SchemaErrorDataVar);
    }
  }
}

/**
 * The JSON pointer of a string (or key) holding a NUL, or null. A loop, not recursion: a body
 * nested 20,000 deep overflowed the stack (a 500) before the schema refused it.
 */
function nulPath(data: unknown): string | null {
  const stack: Array<[unknown, string]> = [[data, '']];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string' && value.includes('\u0000')) return path;
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, item] of Object.entries(value).reverse()) {
      if (key.includes('\u0000')) return `${path}/${key}`;
      stack.push([item, `${path}/${key}`]);
    }
  }
  return null;
}
