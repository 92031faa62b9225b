import { ValidationError } from '../core/index.js';

/** Fixed width, so a masked number does not reveal its length. */
const PHONE_STARS = '*****';

/** `jan@contoso.com` → `j***@contoso.com`: the first character of the local part, the domain in full. */
export const maskEmail = (address: string): string => {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  const [first = ''] = address.slice(0, at);
  return `${first}***${address.slice(at)}`;
};

// ITU calling codes of one and two digits; every other code has three (E.164 assigns no others).
const oneDigitCodes = new Set(['1', '7']);
const twoDigitCodes = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

const countryCodeOf = (digits: string): string => {
  if (oneDigitCodes.has(digits.slice(0, 1))) return digits.slice(0, 1);
  if (twoDigitCodes.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
};

/** `+31612345678` → `+31 6*****78`: country code, first and last two digits of the number. */
export const maskPhone = (e164: string): string => {
  const digits = e164.replace(/^\+/, '');
  const countryCode = countryCodeOf(digits);
  const national = digits.slice(countryCode.length);
  return `+${countryCode} ${national.slice(0, 1)}${PHONE_STARS}${national.slice(-2)}`;
};

const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * Normalizes a phone number to E.164 (`+31 6-1234 5678` and `0031612345678` → `+31612345678`):
 * spaces, dashes, dots and parentheses go; a leading 00 becomes +. National formats without a
 * country code are refused, since the country cannot be guessed.
 */
export const normalizePhoneNumber = (input: string): string => {
  const compact = input
    .trim()
    .replace(/[\s\-.()]/g, '')
    .replace(/^00/, '+');
  if (!E164.test(compact)) {
    throw new ValidationError(
      'InvalidPhoneNumber',
      'A phone number needs its country code and 8 to 15 digits, like +31 6 12345678',
    );
  }
  return compact;
};
