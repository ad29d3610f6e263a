// Every error ratelink raises on purpose, declared once with its code and HTTP status.
// Services throw these; each API area renders them in the shape its clients expect.
import createError from '@fastify/error';

export const ValidationError = createError<[string, string]>('RL_VALIDATION', 'Invalid %s: %s', 400);
export const UnauthorizedError = createError('RL_UNAUTHORIZED', 'Missing or invalid admin token', 401);
export const NotFoundError = createError<[string]>('RL_NOT_FOUND', '%s not found', 404);
export const ConflictError = createError<[string]>('RL_CONFLICT', '%s', 409);
export const UnprocessableError = createError<[string]>('RL_UNPROCESSABLE', '%s', 422);
export const InsufficientBalanceError = createError<[string]>('RL_INSUFFICIENT_BALANCE', '%s', 422);
export const BalanceLimitError = createError<[string]>('RL_BALANCE_LIMIT', 'The balance would leave the ledger range of ±%s units', 422);
export const PartnerBlockedError = createError('RL_PARTNER_BLOCKED', 'Partner is blocked', 403);
export const DatabaseUnavailableError = createError('RL_DB_UNAVAILABLE', 'The database is unavailable; retry shortly', 503);

export interface HttpError extends Error {
  code: string;
  statusCode: number;
  validation?: unknown;
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as HttpError).statusCode === 'number';
}
