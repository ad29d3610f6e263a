// Every error ratelink raises on purpose, declared once with its code and HTTP status.
// Services throw these; each API area renders them in the shape its clients expect (the
// admin API {"error":{"code","message"}}, api.php its envelope, /ref a redirect).
import createError from '@fastify/error';

// ---- any area
export const ValidationError = createError<[string, string]>('RL_VALIDATION', 'Invalid %s: %s', 400);
/** A schema violation, already worded by src/schemas/validation-messages.ts. */
export const SchemaValidationError = createError<[string]>('RL_VALIDATION', '%s', 400);
export const NotFoundError = createError<[string]>('RL_NOT_FOUND', '%s not found', 404);
export const ConflictError = createError<[string]>('RL_CONFLICT', '%s', 409);
export const UnprocessableError = createError<[string]>('RL_UNPROCESSABLE', '%s', 422);

/** An error about one input field: the REST API lists its message under `errors.<field>`. */
export function onField<E extends Error>(error: E, field: string): E & { field: string } {
  return Object.assign(error, { field });
}
export const RateLimitedError = createError<[number]>('RL_RATE_LIMITED', 'Too many requests, retry in %d s', 429);
export const InternalError = createError('RL_INTERNAL', 'Internal error', 500);

// ---- requests Fastify refuses before a route runs
export const RouteNotFoundError = createError<[string, string]>('RL_NOT_FOUND', 'Route %s %s not found', 404);
export const BadUrlError = createError('RL_BAD_URL', 'The URL is malformed (bad percent-encoding)', 400);
export const UnsupportedMediaTypeError = createError<[string]>('RL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: send %s', 415);
export const BadBodyError = createError<[string]>('RL_BAD_BODY', '%s', 400);
export const BodyTooLargeError = createError('RL_BODY_TOO_LARGE', 'The request body is too large', 413);

// ---- admin API
export const UnauthorizedError = createError('RL_UNAUTHORIZED', 'Missing or invalid admin token', 401);

// ---- ledger
export const InsufficientBalanceError = createError<[string]>('RL_INSUFFICIENT_BALANCE', '%s', 422);
export const TooManyAuthFailuresError = createError('RL_TOO_MANY_FAILURES', 'Too many failed authentications from this address; retry in a minute', 429);
export const PartnerBlockedError = createError('RL_PARTNER_BLOCKED', 'Partner is blocked', 403);
export const PartnerPendingError = createError('RL_PARTNER_PENDING', 'Partner is awaiting approval', 403);
export const BalanceLimitError = createError<[string]>('RL_BALANCE_LIMIT', 'The balance would leave the ledger range of ±%s units', 422);

// ---- promotion links (docs/promotion-links.md)
export const TargetOriginError = createError<[string]>('RL_TARGET_ORIGIN', 'The target must be a page of %s: another site, userinfo or control characters are refused', 422);
export const LinkLimitError = createError<[number]>('RL_LINK_LIMIT', 'A partner may hold at most %d links (archive one first)', 422);
export const LinkTargetTakenError = createError<[string]>('RL_LINK_TARGET_TAKEN', 'Another link of the partner already has the target %s with this parameter type', 409);
export const LinkCodeTakenError = createError<[string]>('RL_CONFLICT', 'Referral code %s is already taken', 409);

// ---- POST /v1/api/introduce/create (the broker CRM's contract; its route maps codes to mcodes)
export const TenantMismatchError = createError('RL_TENANT', 'Invalid x-api-tenantId', 400);
export const NameRequiredError = createError('RL_NAME_REQUIRED', 'name is empty', 400);

// ---- partner API (api.php); its route maps each code to the envelope's number
export const ApiActionError = createError('RL_API_ACTION', 'Missing or unknown api_action (expected pp)', 400);
export const MissingKeyError = createError('RL_API_KEY_MISSING', 'Missing api_key', 401);
export const InvalidKeyError = createError('RL_API_KEY_INVALID', 'Invalid or revoked api_key', 401);
export const UnknownMethodError = createError<[string]>('RL_API_METHOD', 'Unknown method %s', 400);

/** A throttled request; `retryAfter` (seconds) becomes the Retry-After header. */
export function tooManyRequests(retryAfter: number) {
  return Object.assign(new RateLimitedError(retryAfter), { retryAfter });
}
export const DatabaseUnavailableError = createError('RL_DB_UNAVAILABLE', 'The database is unavailable; retry shortly', 503);
/** The shared attempt counters (Redis) did not answer: a throttle that cannot count refuses rather than lets through. */
export const LimitStoreUnavailableError = createError('RL_LIMIT_STORE_UNAVAILABLE', 'The attempt counters are unavailable; retry shortly', 503);

export interface HttpError extends Error {
  code: string;
  statusCode: number;
  validation?: unknown;
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as HttpError).statusCode === 'number';
}

/** Fastify's own errors as catalogue errors; ours and unknown ones pass through. */
export function fromFrameworkError(error: unknown): unknown {
  if (!isHttpError(error) || !error.code?.startsWith('FST_')) return error;
  switch (error.code) {
    case 'FST_ERR_BAD_URL': return new BadUrlError();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return new UnsupportedMediaTypeError('Content-Type: application/json with a JSON body');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new BadBodyError('The body is empty: send a JSON object, or no Content-Type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new BadBodyError('The body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new BodyTooLargeError();
    case 'FST_ERR_VALIDATION': return Object.assign(new SchemaValidationError(error.message), { validation: error.validation });
    default: return error.statusCode < 500 ? new BadBodyError(error.message) : error;
  }
}

// The partner REST API's errors (/api/…): seed 001's table, answered as {"detail","code"}
// by src/routes/rest-api/errors.ts. `apiCode` is the seed's own word (@fastify/error upper-
// cases codes, so the catalogue code is RL_API_… and the seed's spelling rides beside it).
function apiError<A extends unknown[] = []>(apiCode: string, message: string, status: number) {
  const code = `RL_API_${apiCode.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  const ErrorClass = createError<A>(code, message, status);
  Object.defineProperty(ErrorClass.prototype, 'apiCode', { value: apiCode });
  return ErrorClass;
}
export const AuthenticationFailedError = apiError('AuthenticationFailed', 'Incorrect authentication credentials', 401);
export const MethodNotAllowedError = apiError<[string]>('MethodNotAllowed', 'Method "%s" not allowed', 405);
export const NotAcceptableError = apiError('NotAcceptable', 'The request is not acceptable', 406);
export const NotAuthenticatedError = apiError('NotAuthenticated', 'Authentication credentials were not provided', 401);
export const ApiNotFoundError = apiError('NotFound', 'Not found', 404);
export const ParseError = apiError('ParseError', 'Malformed request', 400);
export const PermissionDeniedError = apiError('PermissionDenied', 'You do not have permission to perform this action', 403);
export const ThrottledError = apiError('Throttled', 'Request was throttled', 429);
export const TokenExpiredError = apiError('TokenExpired', 'Token has expired', 401);
export const ApiUnsupportedMediaTypeError = apiError<[string]>('UnsupportedMediaType', 'Unsupported media type "%s" in request', 415);
export const ApiValidationError = apiError('ValidationError', 'Bad request', 400);
/** The database (or the attempt counters' store) is unreachable for now: the client retries. */
export const ServiceUnavailableError = apiError('ServiceUnavailable', 'Service temporarily unavailable, try again later', 503);
