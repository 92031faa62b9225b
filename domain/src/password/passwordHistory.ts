import { ValidationError } from '../core/errors.js';
import type { PasswordHasher } from '../core/ports.js';
import type { PasswordPolicy } from './passwordPolicy.js';

/**
 * Password reuse needs the hasher, so it is not part of the pure `checkNewPassword`: the
 * application service calls this with the user's previous hashes (newest first) after the pure
 * checks pass, and before hashing the new password.
 */
export type PasswordHistory = readonly string[];

/** The hashes that the policy's history depth covers, newest first. */
export function hashesToCompare(history: PasswordHistory, policy: PasswordPolicy): PasswordHistory {
  return history.slice(0, policy.historyDepth);
}

/** True when `normalized` matches one of the last `historyDepth` password hashes. */
export async function isReusedPassword(
  hasher: Pick<PasswordHasher, 'verify'>,
  normalized: string,
  history: PasswordHistory,
  policy: PasswordPolicy,
): Promise<boolean> {
  for (const hash of hashesToCompare(history, policy)) {
    if (await hasher.verify(hash, normalized)) return true;
  }
  return false;
}

/** Throws `PasswordReused` when the new password is one of the recent ones. */
export async function assertPasswordNotReused(
  hasher: Pick<PasswordHasher, 'verify'>,
  normalized: string,
  history: PasswordHistory,
  policy: PasswordPolicy,
): Promise<void> {
  if (await isReusedPassword(hasher, normalized, history, policy)) {
    throw new ValidationError(
      'PasswordReused',
      policy.historyDepth === 1
        ? 'The new password must differ from the current one'
        : `The new password must differ from your last ${policy.historyDepth} passwords`,
    );
  }
}
