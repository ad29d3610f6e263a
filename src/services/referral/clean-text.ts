// Header values are hostile: any length, any bytes. What we store of them is cleaned and
// truncated here, never rejected (a visitor with an odd browser still gets redirected).

const PLAIN = /^[\x20-\x7e]*$/;
// C0 and C1 controls, DEL, and UTF-16 halves without their other half.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LATIN1_ONLY = /^[\u0000-\u00ff]*$/;
const utf8 = new TextDecoder('utf-8');

/** Printable text of at most `max` UTF-16 units; '' for a missing value. */
export function cleanText(value: string | string[] | undefined, max: number): string {
  const text = Array.isArray(value) ? value[0] ?? '' : value ?? '';
  if (text.length <= max && PLAIN.test(text)) return text;
  // Node hands header bytes over as latin1; re-read them as the UTF-8 browsers send.
  const decoded = LATIN1_ONLY.test(text) ? utf8.decode(Buffer.from(text, 'latin1')) : text;
  return truncate(decoded.replace(UNSAFE, ''), max);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  // Never cut a surrogate pair in half.
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
