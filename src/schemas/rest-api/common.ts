// Schema pieces of the partner REST API (/api/…), shared by its routes and its OpenAPI document.
import { Type, type TSchema } from 'typebox';

export const ApiErrorReply = Type.Object({
  detail: Type.String(),
  code: Type.String(),
  errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
}, { description: 'Every error: the message and the code of seed 001\'s table' });

const errorExample = (code: string, detail: string) => ({ ...ApiErrorReply, example: { detail, code } });

/** The error answers a protected route may give, for the document. */
export const AUTH_ERRORS = {
  401: { ...errorExample('NotAuthenticated', 'Authentication credentials were not provided'), description: 'NotAuthenticated, AuthenticationFailed or TokenExpired' },
  403: { ...errorExample('PermissionDenied', 'You do not have permission to perform this action'), description: 'PermissionDenied' },
  405: { ...errorExample('MethodNotAllowed', 'Method "PUT" not allowed'), description: 'MethodNotAllowed' },
  406: { ...errorExample('NotAcceptable', 'The request is not acceptable'), description: 'NotAcceptable: an Accept that is neither JSON nor CSV' },
  429: { ...errorExample('Throttled', 'Request was throttled'), description: 'Throttled (see Retry-After)' },
  503: { ...errorExample('ServiceUnavailable', 'Service temporarily unavailable, try again later'), description: 'ServiceUnavailable: the database is out of reach; nothing was written, so the same request may be sent again' },
} as const;

export const VALIDATION_ERROR = {
  400: { ...errorExample('ValidationError', 'Bad request'), description: 'ValidationError (field errors under `errors`) or ParseError (malformed JSON)' },
} as const;

/** Any request with a body (POST, PATCH, DELETE) may send a type the API does not read. */
export const UNSUPPORTED_MEDIA_TYPE = {
  415: { ...errorExample('UnsupportedMediaType', 'Unsupported media type "text/plain" in request'), description: 'UnsupportedMediaType: send JSON or a form' },
} as const;

export const NOT_FOUND = { 404: { ...errorExample('NotFound', 'Not found'), description: 'NotFound' } } as const;

/** The partner's own routes need `Authorization: JWT <token>`. */
export const SECURED = [{ JWT: [] as string[] }];

/** A decimal amount, exact, as a string. */
export const Money = (description: string) => Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description, example: '12.5' });

/** 9999-12-31T23:59:59Z: later moments have no calendar date to group by (a 500 before this bound). */
const LAST_MOMENT = 253_402_300_799;

export const PeriodQuery = {
  from: Type.Optional(Type.Integer({ minimum: 0, maximum: LAST_MOMENT, description: 'Start, unix seconds (inclusive); default 30 days before `to`' })),
  to: Type.Optional(Type.Integer({ minimum: 0, maximum: LAST_MOMENT, description: 'End, unix seconds (inclusive), at most the end of 9999; default now' })),
};

export function withExample<T extends TSchema>(schema: T, example: unknown): T {
  return { ...schema, example };
}
