// Fastify's Ajv coerces types: in a URL or a query "0x1", "1e0", " 1", "+1" and "1.0" all became
// the id 1, and in a JSON body true became 1 and null 0 (PUT /admin/currencies/BTC
// {"precision":null} published BTC without decimals; an exchange reported with "time": null was
// dated 1970, outside every cookie window). An admin integer is written in digits (a JSON number,
// or a string of digits as before): anything else is refused here, before the schema coerces it,
// in the words the schema uses for a wrong type; a null in a body is a field not sent.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { eachSentField } from '../../schemas/request-fields.js';
import { describeValidation } from '../../schemas/validation-messages.js';

const DIGITS = /^-?\d+$/;

export async function refuseLooseIntegers(request: FastifyRequest): Promise<void> {
  eachSentField(request, (rule, data, field, part) => {
    if (rule.type !== 'integer') return;
    const value = data[field];
    // JSON null is "not sent" (an engine's "time": null means now); a required field is then missing.
    if (value === null && part === 'body') {
      delete data[field];
      return;
    }
    // A repeated query key arrives as an array: the schema refuses it already.
    if ((typeof value === 'number' && part === 'body') || (typeof value === 'string' && DIGITS.test(value)) || Array.isArray(value)) return;
    const error: FastifySchemaValidationError = { keyword: 'type', instancePath: `/${field}`, schemaPath: '#/type', params: { type: 'integer' }, message: 'must be integer' };
    throw describeValidation([error], part);
  });
}
