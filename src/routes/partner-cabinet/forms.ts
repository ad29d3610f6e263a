// Reading the cabinet's urlencoded forms: every field is a string of bounded length or absent.
import { hasUnsafeCharacters } from '../../services/partners/partner-text.js';

export type Form = Record<string, unknown>;

export function formText(body: unknown, name: string, max = 1000): string {
  const value = body !== null && typeof body === 'object' ? (body as Form)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

const EMAIL = /^[^\s@<>"',;]{1,64}@[^\s@<>"',;]{1,189}\.[^\s@<>"',;.]{2,63}$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isPrintableName(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 0 && [...trimmed].length <= 200 && !hasUnsafeCharacters(trimmed);
}
