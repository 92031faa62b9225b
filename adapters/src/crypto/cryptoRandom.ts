import { randomBytes, randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Random } from '@resetline/domain';

/** 128 bits: the floor for flow ids and tokens (OWASP Forgot Password cheat sheet). */
export const MIN_TOKEN_BYTES = 16;
// crypto.randomInt accepts ranges up to 2^48.
const MAX_INT_RANGE = 2 ** 48;

/** The CSPRNG behind every id, token and one-time code. */
export const cryptoRandom: Random = {
  uuidv7: () => uuidv7(),

  token(bytes = 32) {
    if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
      throw new RangeError(`A token needs at least ${MIN_TOKEN_BYTES} random bytes (got ${bytes})`);
    }
    return randomBytes(bytes).toString('base64url');
  },

  digits(length) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`A digit string needs a positive integer length (got ${length})`);
    }
    // One randomInt per digit keeps every digit uniform; no modulo bias.
    let digits = '';
    for (let i = 0; i < length; i++) digits += randomInt(10).toString();
    return digits;
  },

  int(max) {
    if (!Number.isSafeInteger(max) || max < 1 || max > MAX_INT_RANGE) {
      throw new RangeError(`int(max) needs an integer max from 1 to 2^48 (got ${max})`);
    }
    return randomInt(max);
  },
};
