import type { Clock, CodeHasher, PasswordHasher, Random, SecretBox, Totp } from '@resetline/domain';
import type { ServerSecrets } from '../config/envSchema.js';
import { AesGcmSecretBox } from './aesGcmSecretBox.js';
import { Argon2PasswordHasher, OWASP_ARGON2ID } from './argon2PasswordHasher.js';
import { cryptoRandom } from './cryptoRandom.js';
import { HmacCodeHasher } from './hmacCodeHasher.js';
import { OtpauthTotp } from './otpauthTotp.js';
import { systemClock } from './systemClock.js';

export type CryptoPorts = Readonly<{
  clock: Clock;
  random: Random;
  passwordHasher: PasswordHasher;
  codeHasher: CodeHasher;
  secretBox: SecretBox;
  totp: Totp;
}>;

/**
 * The production implementations of the crypto ports, keyed from the configured secrets. The
 * code HMAC key also derives the password salts (its own HKDF subkey).
 */
export function createCryptoPorts(
  secrets: Pick<ServerSecrets, 'codeHmacKey' | 'secretBoxKey'>,
): CryptoPorts {
  return {
    clock: systemClock,
    random: cryptoRandom,
    passwordHasher: new Argon2PasswordHasher(OWASP_ARGON2ID, secrets.codeHmacKey.reveal()),
    codeHasher: new HmacCodeHasher(secrets.codeHmacKey.reveal()),
    secretBox: new AesGcmSecretBox(secrets.secretBoxKey.reveal()),
    totp: new OtpauthTotp(),
  };
}
