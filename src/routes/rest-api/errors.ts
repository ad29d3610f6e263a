// The REST API's one error shape, {"detail": "<message>", "code": "<Code>"} with the status of
// seed 001's table (plus "errors" for a ValidationError): our catalogue errors and Fastify's
// own are mapped here, in this area only; the rest of the app keeps its formats.
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import {
  AuthenticationFailedError, ApiNotFoundError, ApiUnsupportedMediaTypeError, ApiValidationError, isHttpError,
  MethodNotAllowedError, NotAcceptableError, ParseError, PermissionDeniedError, ServiceUnavailableError, ThrottledError,
} from '../../errors.js';


type FieldErrors = Record<string, string[]>;

export interface ApiError extends Error {
  /** The seed's code (src/errors.ts, apiError). */
  apiCode: string;
  statusCode: number;
  errors?: FieldErrors;
  retryAfter?: number;
}

/** Ajv's errors as DRF's field map: {"login": ["This field is required."]}. */
function fieldErrors(validation: FastifySchemaValidationError[], part: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of validation) {
    const params = e.params as Record<string, unknown>;
    const name = e.keyword === 'required' ? String(params.missingProperty)
      : e.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.keyword === 'additionalProperties' ? String(params.additionalProperty) : part);
    const message = e.keyword === 'required' ? 'This field is required.'
      : e.keyword === 'additionalProperties' ? 'Unknown field.' : `${(e.message ?? 'is invalid').replace(/^must/, 'Must')}.`;
    const list = (errors[name] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return errors;
}

const api = (error: Error, extra: Partial<ApiError> = {}) => Object.assign(error, extra) as ApiError;

/** Any error as one of the seed's; a server fault stays a bare 500 whose details go to the log. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError | null {
  if (!isHttpError(error)) return null;
  if (typeof (error as Partial<ApiError>).apiCode === 'string') return api(error);
  const fe = error as FastifyError & { validation?: FastifySchemaValidationError[]; validationContext?: string; retryAfter?: number };
  if (fe.validation) return api(new ApiValidationError(), { errors: fieldErrors(fe.validation, fe.validationContext ?? 'body') });
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'RL_BAD_BODY':
      return api(new ParseError());
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'RL_UNSUPPORTED_MEDIA_TYPE':
      return api(new ApiUnsupportedMediaTypeError(String(request.headers['content-type'] ?? '').split(';')[0]!.trim()));
    default:
  }
  switch (error.statusCode) {
    case 401: return api(new AuthenticationFailedError());
    case 403: return api(new PermissionDeniedError());
    case 404: return api(new ApiNotFoundError());
    case 406: return api(new NotAcceptableError());
    case 429: return api(new ThrottledError(), { retryAfter: fe.retryAfter });
    // Nothing was written (the transaction failed whole): the same request may be sent again.
    case 503: return api(new ServiceUnavailableError());
    default:
  }
  // A rule error about one field (a taken code, an off-site target): under that field, as DRF
  // does; a conflict keeps its 409 (a taken code), anything else is a 400.
  const field = (error as { field?: unknown }).field;
  if (typeof field === 'string') {
    return api(new ApiValidationError(), { errors: { [field]: [error.message] }, ...(error.statusCode === 409 ? { statusCode: 409 } : {}) });
  }
  // The services' rule errors (a short balance, a field out of range, a conflict) are the
  // client's to fix: a ValidationError that says what, as DRF's non_field_errors.
  if (error.statusCode < 500) return api(new ApiValidationError(), { errors: { non_field_errors: [error.message] } });
  return null;
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.statusCode === 401) reply.header('www-authenticate', 'JWT realm="api"');
  if (error.statusCode === 429 && error.retryAfter) reply.header('retry-after', String(error.retryAfter));
  reply.header('cache-control', 'no-store');
  const body: Record<string, unknown> = { detail: error.message, code: error.apiCode };
  if (error.errors) body.errors = error.errors;
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * The handlers of the area: every error in the seed's shape; an unknown path a NotFound; a
 * known path with another method a MethodNotAllowed with Allow (Fastify itself answers 404:
 * the area keeps its own router of the routes it registered, to ask which methods a path has).
 */
export function installErrorHandlers(app: FastifyInstance): void {
  const known = FindMyWay({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (!known.hasRoute(method as HTTPMethod, route.url)) known.on(method as HTTPMethod, route.url, () => undefined);
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const mapped = toApiError(error, request);
    if (mapped) return sendApiError(reply, mapped);
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).type('application/json; charset=utf-8').send({ detail: 'A server error occurred.', code: 'error' });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = (['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const).filter((m) => known.find(m, path));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendApiError(reply, api(new MethodNotAllowedError(request.method)));
    }
    return sendApiError(reply, api(new ApiNotFoundError()));
  });
}
