// Text that partners supply (payout accounts, names they ask for) reaches the operator's
// terminal, admin screens and exports. Invisible characters there can reorder what is shown
// (U+202E), start terminal escape sequences (U+009B) or break lines (U+2028), so they are refused:
// Unicode controls, format characters, surrogates, private-use and unassigned code points, and
// every separator except the plain space.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

const EMAIL = /^[^\s@<>"',;]{1,64}@[^\s@<>"',;]{1,189}\.[^\s@<>"',;.]{2,63}$/;

/** A partner's address, as the cabinet's sign-up, the admin API and the CLI accept it: no invisible characters (a NUL was a 500 on PostgreSQL). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value) && !hasUnsafeCharacters(value);
}
