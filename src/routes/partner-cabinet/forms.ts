// Reading the cabinet's urlencoded forms: every field is a string of bounded length or absent.
import { MAX_ID } from '../../ids.js';
import { hasUnsafeCharacters } from '../../services/partners/partner-text.js';

export type Form = Record<string, unknown>;

export function formText(body: unknown, name: string, max = 1000): string {
  const value = body !== null && typeof body === 'object' ? (body as Form)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A row id from a form or a URL, or 0 when it is not one the database can hold (1..MAX_ID). */
export function rowId(text: string): number {
  const id = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  return id <= MAX_ID ? id : 0;
}

export { isEmail } from '../../services/partners/partner-text.js';

export function isPrintableName(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 0 && [...trimmed].length <= 200 && !hasUnsafeCharacters(trimmed);
}
