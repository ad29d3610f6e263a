// A request made while PostgreSQL is unreachable fails at once with DatabaseUnavailableError
// (503; the partner API's error 99) instead of a 500 with a driver message. The pool opens
// new connections for later requests, so service resumes by itself when the server is back.
import { DatabaseUnavailableError } from '../../errors.js';

// Network errors, the server shutting down or not accepting connections, the pool's connect timeout.
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03']);
// 'Query read timeout': the server stopped answering (open.ts's statement timeout).
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|Query read timeout/i;

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && (CODES.has(code) || code.startsWith('08'))) return true;
  if (MESSAGES.test(error.message)) return true;
  // drizzle wraps driver errors ("Failed query: …") with the driver's error as the cause.
  return error.cause !== undefined && error.cause !== error && isUnavailable(error.cause);
}

export function asUnavailable(error: unknown): unknown {
  return isUnavailable(error) ? new DatabaseUnavailableError() : error;
}

/** `fn` with connection failures reported as DatabaseUnavailableError. */
export function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => fn(...args).catch((error: unknown) => { throw asUnavailable(error); });
}
