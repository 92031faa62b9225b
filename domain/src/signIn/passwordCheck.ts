import type { CodeHasher, PasswordHasher } from '../core/index.js';
import { normalizePassword, passwordInputHardCap } from '../password/index.js';
import type { ExistingUser } from '../user/user.js';

export type PasswordCheck = Readonly<{
  valid: boolean;
  /** Keyed hash of what was typed, bound to the user: remembers bad passwords without storing them. */
  badPasswordKey: string;
  /** The NFKC form that was hashed, when the input was acceptable. */
  normalized: string | null;
}>;

// One throwaway hash per hasher: unknown users and users without a password still pay for an
// argon2 verify, so the answer takes as long as for a known user.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
export const dummyHashFor = (hasher: PasswordHasher): Promise<string> => {
  let hash = dummyHashes.get(hasher);
  if (!hash) {
    hash = hasher.hash('resetline timing equaliser');
    dummyHashes.set(hasher, hash);
  }
  return hash;
};

/** One purpose for every user (the user id goes into the value) keeps the hasher's key cache small. */
export const badPasswordKey = (codeHasher: CodeHasher, userId: string, typed: string): string =>
  codeHasher.hash('badPassword', `${userId}\u0000${typed.slice(0, passwordInputHardCap)}`);

/**
 * Verifies a typed password against the user's current hash in constant work: an unknown user,
 * a user without a password or an unacceptable input still costs one argon2 verify.
 */
export const checkPassword = async (
  deps: Readonly<{ passwordHasher: PasswordHasher; codeHasher: CodeHasher }>,
  user: ExistingUser | null,
  typed: string,
): Promise<PasswordCheck> => {
  const prepared = normalizePassword(typed);
  const normalized = prepared.ok ? prepared.normalized : null;
  const storedHash = user?.passwordHash ?? null;
  const hashToVerify = storedHash ?? (await dummyHashFor(deps.passwordHasher));
  const matches = await deps.passwordHasher.verify(hashToVerify, normalized ?? 'x');
  const valid = storedHash !== null && normalized !== null && matches;
  const key = badPasswordKey(deps.codeHasher, user?.userId ?? '', normalized ?? typed);
  return { valid, badPasswordKey: key, normalized };
};
