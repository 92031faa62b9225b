/** Entra's ceiling; no tenant may raise it. Counted in Unicode code points. */
export const passwordMaxLength = 256;

/**
 * A cap on the raw input in UTF-16 code units, checked before any other work, so a megabyte
 * string is refused without being normalized, scanned or hashed. NFKC can only grow a string
 * (at most 18×), never shrink it below its code point count, so 1024 code units comfortably
 * admits every password of 256 code points.
 */
export const passwordInputHardCap = 1024;

export type NormalizedPassword =
  | { ok: true; normalized: string; length: number }
  | { ok: false; reason: 'PasswordTooLong'; message: string }
  | { ok: false; reason: 'PasswordInvalidCharacters'; message: string };

// Controls (NUL, newline, escape…) cannot be typed in a password field and break directory
// writeback; a lone surrogate is not text and would hash as U+FFFD, colliding with others.
const controlOrLoneSurrogate = /[\p{Cc}\p{Cs}]/u;

/** Length in Unicode code points: an emoji or any astral character counts once. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/**
 * Prepares a password for checking and hashing: NFKC, never truncated. Refuses over-long input
 * (more than `maxLength` code points after NFKC, or more than the hard cap before it) and
 * control characters. Messages never contain the password.
 */
export function normalizePassword(
  raw: string,
  maxLength: number = passwordMaxLength,
): NormalizedPassword {
  if (raw.length > passwordInputHardCap) return tooLong(maxLength);
  if (controlOrLoneSurrogate.test(raw)) {
    return {
      ok: false,
      reason: 'PasswordInvalidCharacters',
      message: 'The password contains control characters or invalid text; use printable characters',
    };
  }
  const normalized = raw.normalize('NFKC');
  const length = codePointLength(normalized);
  if (length > maxLength) return tooLong(maxLength);
  return { ok: true, normalized, length };
}

function tooLong(maxLength: number): NormalizedPassword {
  return {
    ok: false,
    reason: 'PasswordTooLong',
    message: `The password is too long: at most ${maxLength} characters are allowed`,
  };
}
