// The envelope of POST /v1/api/introduce/create (the broker CRM's contract, docs/promotion-links.md):
// success {"data", "mcode": "m0000000", "result": true}; failure {"mcode", "result": false,
// "errorMessage": [...]}. Every answer is HTTP 200 (the client reads `result`), but throttling
// (429) and `-1` (500, logged). The closed table below maps ratelink's error codes to mcodes.
import { fromFrameworkError, isHttpError } from '../../errors.js';
import { formatMessage, messagesFor, type Mcode } from './messages/index.js';

export const SUCCESS_MCODE = 'm0000000';

const MCODE_BY_ERROR: Record<string, Mcode> = {
  RL_TENANT: 'BW_API_0000003',
  RL_API_KEY_MISSING: 'BW_API_0000001',
  RL_API_KEY_INVALID: 'PUB_AUTH_0000007',
  RL_PARTNER_BLOCKED: 'BW_API_0000004',
  RL_NAME_REQUIRED: 'BW_USER_INRR_NAME_NULL',
  RL_LINK_TARGET_TAKEN: 'BW_USER_INRR_PARAM_ERROR',
  RL_TARGET_ORIGIN: 'RL_TARGET_ORIGIN',
  RL_LINK_LIMIT: 'RL_LINK_LIMIT',
  RL_CONFLICT: 'RL_CONFLICT',
  RL_VALIDATION: 'RL_VALIDATION',
  RL_BAD_BODY: 'RL_BAD_BODY',
  RL_BODY_TOO_LARGE: 'RL_BAD_BODY',
  RL_UNSUPPORTED_MEDIA_TYPE: 'RL_BAD_BODY',
  RL_RATE_LIMITED: 'RL_RATE_LIMITED',
};

export interface IntroduceFailure {
  httpStatus: 200 | 429 | 500;
  retryAfter?: number;
  body: { mcode: string; result: false; errorMessage: string[] };
  /** Ours (a bug or an outage): logged. */
  internal: boolean;
}

export function introduceSuccess(data: Record<string, unknown>) {
  return { data, mcode: SUCCESS_MCODE, result: true as const };
}

export function introduceFailure(error: unknown, language: string | string[] | undefined, origin: string, linkLimit: number): IntroduceFailure {
  const mapped = fromFrameworkError(error);
  const mcode: Mcode = isHttpError(mapped) && mapped.statusCode < 500 ? MCODE_BY_ERROR[mapped.code] ?? '-1' : '-1';
  const detail = isHttpError(mapped) ? mapped.message : '';
  const message = formatMessage(messagesFor(language)[mcode], { origin, limit: linkLimit, detail });
  const retryAfter = (mapped as { retryAfter?: number }).retryAfter;
  return {
    httpStatus: mcode === '-1' ? 500 : mcode === 'RL_RATE_LIMITED' ? 429 : 200,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    body: { mcode, result: false, errorMessage: [message] },
    internal: mcode === '-1',
  };
}
