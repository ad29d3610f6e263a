// Reading the cabinet's urlencoded forms: every field is a string of bounded length or absent.
import { hasUnsafeCharacters } from '../../services/partners/partner-text.js';

export type Form = Record<string, unknown>;

export function formText(body: unknown, name: string, max = 1000): string {
  const value = body !== null && typeof body === 'object' ? (body as Form)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export { isEmail } from '../../services/partners/partner-text.js';

export function isPrintableName(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 0 && [...trimmed].length <= 200 && !hasUnsafeCharacters(trimmed);
}
