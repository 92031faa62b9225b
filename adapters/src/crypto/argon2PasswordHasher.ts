import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import { ValidationError } from '@resetline/domain';
import type { PasswordHasher } from '@resetline/domain';

export type Argon2Parameters = Readonly<{
  /** Memory in KiB (`m=` in the PHC string). */
  memoryCost: number;
  /** Passes over memory (`t=`). */
  timeCost: number;
  /** Lanes (`p=`). */
  parallelism: number;
}>;

/** OWASP Password Storage Cheat Sheet, argon2id option 2. */
export const OWASP_ARGON2ID: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Longer input is refused before hashing, so nobody can make us hash megabytes. */
export const MAX_PASSWORD_INPUT_LENGTH = 1024;

// The library's `Algorithm`/`Version` are ambient const enums with no runtime value, so the
// numbers are spelled out here.
const ARGON2ID = 2 as Algorithm;
const VERSION_0X13 = 1;
const OUTPUT_LENGTH = 32;
const MIN_SALT_LENGTH = 16;

/** argon2id with the parameters stored in the PHC string; verification is constant-time. */
export class Argon2PasswordHasher implements PasswordHasher {
  constructor(private readonly parameters: Argon2Parameters = OWASP_ARGON2ID) {}

  async hash(secret: string): Promise<string> {
    if (secret.length > MAX_PASSWORD_INPUT_LENGTH) {
      throw new ValidationError(
        'PasswordInputTooLong',
        `The password is longer than ${MAX_PASSWORD_INPUT_LENGTH} characters`,
        { maxLength: MAX_PASSWORD_INPUT_LENGTH },
      );
    }
    return hash(secret, { ...this.parameters, algorithm: ARGON2ID, outputLen: OUTPUT_LENGTH });
  }

  async verify(storedHash: string, secret: string): Promise<boolean> {
    // Nothing this long was ever hashed, so it cannot match.
    if (secret.length > MAX_PASSWORD_INPUT_LENGTH) return false;
    try {
      return await verify(storedHash, secret);
    } catch {
      // A malformed or foreign hash string is a mismatch, not a crash of the sign-in path.
      return false;
    }
  }

  needsRehash(storedHash: string): boolean {
    let stored;
    try {
      stored = parseOptions(storedHash);
    } catch {
      return true;
    }
    return (
      stored.algorithm !== ARGON2ID ||
      stored.version !== VERSION_0X13 ||
      stored.memoryCost !== this.parameters.memoryCost ||
      stored.timeCost !== this.parameters.timeCost ||
      stored.parallelism !== this.parameters.parallelism ||
      stored.outputLen !== OUTPUT_LENGTH ||
      stored.saltLen < MIN_SALT_LENGTH
    );
  }
}
