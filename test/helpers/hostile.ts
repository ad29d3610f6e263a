// What no answer to hostile input may show, whatever the surface: a server error, a stack
// trace, or a header a CR/LF in the input split.
import type { LightMyRequestResponse } from 'fastify';

export function commonProblems(res: LightMyRequestResponse): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`a server error (${res.statusCode})`);
  if (/\n\s+at .+:\d+/.test(res.body)) problems.push('a stack trace');
  for (const [name, value] of Object.entries(res.headers)) if (/[\r\n]/.test(String(value))) problems.push(`header ${name} split`);
  return problems;
}

/** The body as JSON, or null when it is not JSON. */
export function jsonOf(res: LightMyRequestResponse): unknown {
  try {
    return res.json();
  } catch {
    return null;
  }
}
