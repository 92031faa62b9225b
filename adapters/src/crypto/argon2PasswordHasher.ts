import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import { ValidationError } from '@resetline/domain';
import type { HashComparison, PasswordHasher, PasswordOwner } from '@resetline/domain';
import { assertKeyLength, deriveKey } from './keyMaterial.js';

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
const DERIVED_SALT_LENGTH = 16;

/** Everything of a PHC string before the tag: algorithm, version, parameters and salt. */
const settingsOf = (phc: string): string => phc.slice(0, phc.lastIndexOf('$') + 1);

/**
 * argon2id with the parameters stored in the PHC string; verification is constant-time.
 *
 * `hashForUser` salts with the first 16 bytes of HMAC-SHA-256(K, [tenantId, userId]), K an
 * HKDF subkey (`password-salt`) of `saltKey`: unique per user, unpredictable without the key,
 * and stable, so equal strings mean equal passwords. Pass the server's code HMAC key; without
 * one a per-process random key is used, which keeps every answer correct but makes hashes of
 * earlier processes `incomparable` (they fall back to `verify`).
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly saltKey: Buffer;

  constructor(
    private readonly parameters: Argon2Parameters = OWASP_ARGON2ID,
    saltKey: Uint8Array = randomBytes(32),
  ) {
    assertKeyLength('Argon2PasswordHasher', saltKey);
    this.saltKey = deriveKey(saltKey, 'password-salt');
  }

  async hash(secret: string): Promise<string> {
    return this.argon2(secret);
  }

  async hashForUser(secret: string, owner: PasswordOwner): Promise<string> {
    return this.argon2(secret, this.saltFor(owner));
  }

  compare(fresh: string, stored: string): HashComparison {
    const settings = settingsOf(fresh);
    const [a, b] = [Buffer.from(fresh), Buffer.from(stored)];
    // Another tag length is another output length: not comparable either.
    if (settings === '' || settingsOf(stored) !== settings || a.length !== b.length) {
      return 'incomparable';
    }
    return timingSafeEqual(a, b) ? 'equal' : 'different';
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

  private async argon2(secret: string, salt?: Buffer): Promise<string> {
    if (secret.length > MAX_PASSWORD_INPUT_LENGTH) {
      throw new ValidationError(
        'PasswordInputTooLong',
        `The password is longer than ${MAX_PASSWORD_INPUT_LENGTH} characters`,
        { maxLength: MAX_PASSWORD_INPUT_LENGTH },
      );
    }
    const options = { ...this.parameters, algorithm: ARGON2ID, outputLen: OUTPUT_LENGTH };
    return hash(secret, salt ? { ...options, salt } : options);
  }

  // JSON keeps the two ids apart (no separator an id could contain).
  private saltFor(owner: PasswordOwner): Buffer {
    return createHmac('sha256', this.saltKey)
      .update(JSON.stringify([owner.tenantId, owner.userId]))
      .digest()
      .subarray(0, DERIVED_SALT_LENGTH);
  }
}
