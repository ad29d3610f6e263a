// TypeBox schemas of the partner API (/service/partner/api.php, /api.html).
import { Type } from 'typebox';

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

// Parameters arrive as strings (query, form) or JSON values (coerced to strings); their
// meaning is checked by the services so that every error names the parameter.
export const ApiParamsSchema = Type.Object({
  api_action: text(32),
  api_key: text(128),
  method: text(64),
  start_time: text(32),
  end_time: text(32),
  limit: text(32),
  offset: text(32),
  cursor: text(40),
  method_id: text(32),
  account: text(512),
  amount: text(64),
  payout_id: text(32),
  ip: text(64),
}, { additionalProperties: true });

/** The answer of every method, and of every error (HTTP 200 or 429). */
export const EnvelopeSchema = Type.Object({
  status: Type.Union([Type.Literal('success'), Type.Literal('error')]),
  error: Type.Integer(),
  error_text: Type.String(),
  data: Type.Object({}, { additionalProperties: true }),
});

/** A POST's body: a form or a JSON object, or none (null) with the parameters in the query string. */
export const ApiBodySchema = Type.Union([ApiParamsSchema, Type.Null()]);
