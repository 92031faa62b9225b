import { hash } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';
import { OWASP_ARGON2ID } from '@resetline/adapters';
import {
  checkNewPassword,
  containsBannedSubstring,
  defaultPasswordPolicy,
  normalizeAnswer,
  type SecretBox,
} from '@resetline/domain';
import type { Prng } from './prng.js';
import {
  firstNames,
  lastNames,
  passphraseWords,
  tenantNames,
  weakPasswords,
} from './vocabulary.js';

/**
 * argon2id costs ~10 ms a hash: at millions of events it cannot run per event. The generator
 * hashes a small pool once, with the production parameters and salts drawn from the seed (so
 * the hashes repeat for a seed), and reuses those hashes: a user's password is an index into
 * the pool. Every clear value stays in memory; only hashes, keyed hashes and sealed values reach
 * events.
 */
export type SecretPool = Readonly<{
  passwords: readonly string[];
  passwordHashes: readonly string[];
  /** Normalized security answers and their argon2id hashes. */
  answers: readonly string[];
  answerHashes: readonly string[];
  /** Typos and guesses typed at sign-in: only their keyed hashes (badPasswordKey) are stored. */
  wrongPasswords: readonly string[];
  /** Refused by the password rules when proposed as a new password. */
  weakPasswords: readonly string[];
  totpSecrets: readonly string[];
  sealedTotpSecrets: readonly string[];
}>;

export const POOL_SIZES = { passwords: 48, answers: 24, totpSecrets: 16 } as const;

// The library's Algorithm is an ambient const enum without a runtime value.
const ARGON2ID = 2 as Algorithm;

const argon2id = (secret: string, salt: Buffer): Promise<string> =>
  hash(secret, { ...OWASP_ARGON2ID, algorithm: ARGON2ID, outputLen: 32, salt });

const strictPolicy = { ...defaultPasswordPolicy, minLength: 15, requireThreeOfFourClasses: true };

/** A pool password must pass the strictest policy the generator sets, for every tenant and name. */
const assertAcceptable = (password: string): void => {
  for (const tenantName of tenantNames) {
    const result = checkNewPassword(password, { policy: strictPolicy, tenantName });
    if (!result.ok) {
      throw new Error(
        `Seed pool password #${password.length} refused: ${result.violations[0]?.reason}`,
      );
    }
  }
  const name = [...firstNames, ...lastNames].find((n) => containsBannedSubstring(password, n));
  if (name) throw new Error(`Seed pool password contains the name ${name}`);
};

const passphrase = (prng: Prng): string => {
  const [a, b, c] = prng.sample(passphraseWords, 3);
  return `${a}-${b}-${c}-${prng.between(10, 99)}!`;
};

const base32 = (bytes: Buffer): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
};

const distinct = (prng: Prng, count: number, make: (prng: Prng) => string): string[] => {
  const out = new Set<string>();
  while (out.size < count) out.add(make(prng));
  return [...out];
};

export const buildSecretPool = async (prng: Prng, secretBox: SecretBox): Promise<SecretPool> => {
  const passwords = distinct(prng, POOL_SIZES.passwords, passphrase);
  passwords.forEach(assertAcceptable);
  const answers = distinct(prng, POOL_SIZES.answers, (p) => {
    const [a, b] = p.sample(passphraseWords, 2);
    return normalizeAnswer(`${a} ${b} ${p.between(1950, 2005)}`);
  });
  // Salts are drawn before hashing starts, so the order the thread pool finishes in is irrelevant.
  const passwordSalts = passwords.map(() => prng.bytes(16));
  const answerSalts = answers.map(() => prng.bytes(16));
  const [passwordHashes, answerHashes] = await Promise.all([
    Promise.all(passwords.map((p, i) => argon2id(p, passwordSalts[i]!))),
    Promise.all(answers.map((a, i) => argon2id(a, answerSalts[i]!))),
  ]);
  const wrongPasswords = [
    // The typos a user makes of their own password: first letter's case, a dropped last character.
    ...passwords.map((p) => p[0]!.toLowerCase() + p.slice(1)),
    ...passwords.map((p) => p.slice(0, -1)),
    ...weakPasswords,
  ];
  const totpSecrets = Array.from({ length: POOL_SIZES.totpSecrets }, () => base32(prng.bytes(20)));
  return {
    passwords,
    passwordHashes,
    answers,
    answerHashes,
    wrongPasswords,
    weakPasswords,
    totpSecrets,
    sealedTotpSecrets: totpSecrets.map((s) => secretBox.seal(s)),
  };
};

/** Every clear value the pool holds, for leak checks. */
export const clearValuesOf = (pool: SecretPool): string[] => [
  ...pool.passwords,
  ...pool.answers,
  ...pool.wrongPasswords,
  ...pool.totpSecrets,
];
