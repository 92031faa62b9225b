import { ValidationError } from '../core/errors.js';
import type { PasswordHasher } from '../core/ports.js';
import type { PasswordPolicy } from './passwordPolicy.js';

/**
 * Password reuse needs the hasher, so it is not part of the pure `checkNewPassword`: the
 * application service hashes the new password for its owner (`hashForUser`) after the pure
 * checks pass, then checks that hash against the user's previous hashes (newest first).
 */
export type PasswordHistory = readonly string[];

/** The new password: its NFKC form and its `hashForUser` hash. */
export type CandidatePassword = Readonly<{ normalized: string; hash: string }>;

/**
 * A history entry whose clear value the caller has just verified (the current password in a
 * change): reuse of it is a string comparison instead of another argon2 verify.
 */
export type VerifiedPassword = Readonly<{ hash: string; normalized: string }>;

export type HistoryHasher = Pick<PasswordHasher, 'compare' | 'verify'>;

/** The hashes that the policy's history depth covers, newest first. */
export function hashesToCompare(history: PasswordHistory, policy: PasswordPolicy): PasswordHistory {
  return history.slice(0, policy.historyDepth);
}

/**
 * True when the candidate matches one of the last `historyDepth` password hashes. Hashes made
 * like the candidate's (same derived salt and parameters) are compared without hashing; only
 * the others (random salts, older parameters, another salt key) cost one `verify` each.
 */
export async function isReusedPassword(
  hasher: HistoryHasher,
  candidate: CandidatePassword,
  history: PasswordHistory,
  policy: PasswordPolicy,
  verified?: VerifiedPassword,
): Promise<boolean> {
  const legacy: string[] = [];
  for (const stored of hashesToCompare(history, policy)) {
    const comparison = hasher.compare(candidate.hash, stored);
    if (comparison === 'equal') return true;
    if (comparison === 'incomparable') legacy.push(stored);
  }
  for (const stored of legacy) {
    // Both clear values came in the same request from the same person: nothing to time.
    if (stored === verified?.hash) {
      if (candidate.normalized === verified.normalized) return true;
    } else if (await hasher.verify(stored, candidate.normalized)) return true;
  }
  return false;
}

/** Throws `PasswordReused` when the new password is one of the recent ones. */
export async function assertPasswordNotReused(
  hasher: HistoryHasher,
  candidate: CandidatePassword,
  history: PasswordHistory,
  policy: PasswordPolicy,
  verified?: VerifiedPassword,
): Promise<void> {
  if (await isReusedPassword(hasher, candidate, history, policy, verified)) {
    throw new ValidationError(
      'PasswordReused',
      policy.historyDepth === 1
        ? 'The new password must differ from the current one'
        : `The new password must differ from your last ${policy.historyDepth} passwords`,
    );
  }
}
