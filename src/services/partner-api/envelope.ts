// The partner API's response envelope (docs/seeds/004-partner-integration.en.txt): {"status","error","error_text","data"}, and
// the closed table of its error codes. Every error ratelink raises maps to one code here.
import { isHttpError } from '../../errors.js';

/** The documented error codes (README › Partner API › Errors). */
export const API_ERROR = {
  badAction: 1,
  missingKey: 2,
  invalidKey: 3,
  unknownMethod: 4,
  invalidParameter: 5,
  partnerBlocked: 6,
  tooManyRequests: 7,
  payoutRefused: 8,
  notFound: 9,
  internal: 99,
} as const;

const CODE_BY_ERROR: Record<string, number> = {
  RL_API_ACTION: API_ERROR.badAction,
  RL_API_KEY_MISSING: API_ERROR.missingKey,
  RL_API_KEY_INVALID: API_ERROR.invalidKey,
  RL_API_METHOD: API_ERROR.unknownMethod,
  RL_VALIDATION: API_ERROR.invalidParameter,
  RL_PARTNER_BLOCKED: API_ERROR.partnerBlocked,
  RL_PARTNER_PENDING: API_ERROR.partnerBlocked,
  RL_RATE_LIMITED: API_ERROR.tooManyRequests,
  RL_INSUFFICIENT_BALANCE: API_ERROR.payoutRefused,
  RL_UNPROCESSABLE: API_ERROR.payoutRefused,
  RL_CONFLICT: API_ERROR.payoutRefused,
  RL_NOT_FOUND: API_ERROR.notFound,
};

export interface Envelope {
  status: 'success' | 'error';
  error: number;
  error_text: string;
  data: Record<string, unknown>;
}

export interface ErrorReply {
  httpStatus: 200 | 429;
  retryAfter?: number;
  envelope: Envelope;
  /** True when the error is ours (a bug or an outage), to be logged. */
  internal: boolean;
}

export function successEnvelope(data: Record<string, unknown>): Envelope {
  return { status: 'success', error: 0, error_text: '', data };
}

/**
 * Any error → the envelope. Ours carry a catalogued code; Fastify's own 4xx errors (schema
 * validation, unreadable or oversized body, unsupported content type) are invalid parameters;
 * anything else is an internal error whose details stay in the log.
 */
export function errorReply(error: unknown): ErrorReply {
  const known = isHttpError(error) ? CODE_BY_ERROR[error.code] : undefined;
  if (known !== undefined && isHttpError(error)) {
    const retryAfter = (error as { retryAfter?: number }).retryAfter;
    return {
      httpStatus: known === API_ERROR.tooManyRequests ? 429 : 200,
      retryAfter,
      envelope: failure(known, error.message),
      internal: false,
    };
  }
  if (isHttpError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const text = error.validation ? `Invalid parameter: ${error.message}` : `Invalid request: ${error.message}`;
    return { httpStatus: 200, envelope: failure(API_ERROR.invalidParameter, text), internal: false };
  }
  return { httpStatus: 200, envelope: failure(API_ERROR.internal, 'Internal error'), internal: true };
}

function failure(code: number, text: string): Envelope {
  return { status: 'error', error: code, error_text: text, data: {} };
}
