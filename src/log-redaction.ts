// Secrets must never reach the logs: API keys travel in query strings (the legacy API
// is GET-only for many clients), so every logged URL passes through here. Names are matched
// as the query parser reads them, after percent-decoding (`%61pi_key`, `api%5Fkey`) and in any
// case, since those spellings authenticate too.
const SECRET_NAMES = new Set(['api_key', 'token', 'key', 'admin_token', 'secret']);

// A one-time link's token is a path segment (/partner/set-password/TOKEN), and a language
// switch carries that path, percent-encoded, in `next`: whoever reads the log could set the
// partner's password while the link is valid.
const PASSWORD_LINK = /(set-password(?:\/|%2F|%252F)+)[^/?&;#%]+/gi;

export function redactSecrets(url: string): string {
  url = url.replace(PASSWORD_LINK, '$1[REDACTED]');
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return url;
  // ";" separates pairs too: PHP's arg_separator.output (often "&amp;") and older clients use it.
  const query = url.slice(queryAt + 1).replace(/[^&;]+/g, (pair) => {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    return SECRET_NAMES.has(decodeName(name)) ? `${name}=[REDACTED]` : pair;
  });
  return `${url.slice(0, queryAt)}?${query}`;
}

function decodeName(name: string): string {
  let decoded = name.replace(/\+/g, ' ');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A malformed escape: the parser keeps the raw text, so do we.
  }
  return decoded.trim().toLowerCase();
}

/**
 * A logged error, serialized without the parameters of a failed query: drizzle writes them into
 * its error's message ("Failed query: …\nparams: …") and keeps them as `params`, and a failed
 * insert of a webhook endpoint would log its secret. The query text and the driver's reason stay.
 */
export function withoutQueryParameters<T extends { message?: string; stack?: string; params?: unknown }>(serialized: T): T {
  if (!serialized.message?.includes('Failed query: ')) return serialized;
  const redact = (text: string) => text.replace(/(Failed query: [^\n]*\n)params: [^\n]*/g, '$1params: [REDACTED]');
  const { params: _params, ...rest } = serialized;
  return { ...rest, message: redact(serialized.message), ...(serialized.stack ? { stack: redact(serialized.stack) } : {}) } as T;
}
