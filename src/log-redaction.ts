// Secrets must never reach the logs: API keys travel in query strings (the legacy API
// is GET-only for many clients), so every logged URL passes through here.
const SECRET_PARAMS = /([?&](?:api_key|token|key)=)[^&#]*/gi;

export function redactSecrets(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}
