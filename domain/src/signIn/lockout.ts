import type { ExistingUser, UserEventOf } from '../user/user.js';
import type { LockoutPolicy } from '../policy/index.js';
import type { CredentialState } from './credentialState.js';

/** NIST SP 800-63B: no more than 100 consecutive failed attempts without a lockout. */
export const MAX_CONSECUTIVE_FAILURES = 100;

export type SignInFailed = UserEventOf<'SignInFailed'>;
export type AccountLocked = UserEventOf<'AccountLocked'>;

/** Why an account refuses every credential, whatever was typed. */
export type AccountRefusal = 'disabled' | 'locked';

export const isLocked = (user: ExistingUser, now: Date): boolean =>
  user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();

export const accountRefusal = (user: ExistingUser, now: Date): AccountRefusal | null => {
  if (user.status === 'disabled') return 'disabled';
  if (isLocked(user, now)) return 'locked';
  return null;
};

/** Lockout n (0-based) lasts duration × 2^n, capped at the policy's maximum. */
export const lockoutDurationMs = (policy: LockoutPolicy, previousLockouts: number): number =>
  Math.min(policy.durationSeconds * 2 ** previousLockouts, policy.maxDurationSeconds) * 1000;

/** A refused account: recorded with the truth, never counted (nothing was checked). */
export const refusedSignIn = (user: ExistingUser, refusal: AccountRefusal): SignInFailed => ({
  type: 'SignInFailed',
  data: { reason: refusal, counted: false, failures: user.failedSignIns },
});

export type CredentialFailure = Readonly<{
  reason: 'wrongPassword' | 'wrongSecurityAnswer';
  /** Keyed hash of the wrong password: a repeat of a remembered one is not counted again. */
  badPasswordKey?: string | undefined;
}>;

/**
 * Smart lockout (Entra): a wrong password or security answer counts unless it repeats one of the
 * last `rememberedBadPasswords`; the account locks at the threshold, or after 100 failures in a
 * row whatever was counted.
 */
export const countFailedCredential = (
  state: CredentialState,
  user: ExistingUser,
  failure: CredentialFailure,
  policy: LockoutPolicy,
  now: Date,
): [SignInFailed] | [SignInFailed, AccountLocked] => {
  const key = failure.badPasswordKey;
  const remembered = user.recentBadPasswordKeys.slice(0, policy.rememberedBadPasswords);
  const repeated = key !== undefined && remembered.includes(key);
  const failures = repeated ? user.failedSignIns : user.failedSignIns + 1;
  const failed: SignInFailed = {
    type: 'SignInFailed',
    data: {
      reason: failure.reason,
      ...(key ? { badPasswordKey: key } : {}),
      counted: !repeated,
      failures,
    },
  };
  const reachedThreshold = !repeated && failures >= policy.threshold;
  const tooManyInARow = state.consecutiveFailures + 1 >= MAX_CONSECUTIVE_FAILURES;
  if (!reachedThreshold && !tooManyInARow) return [failed];
  const until = new Date(now.getTime() + lockoutDurationMs(policy, user.lockoutCount));
  return [
    failed,
    {
      type: 'AccountLocked',
      data: { until: until.toISOString(), lockoutCount: user.lockoutCount + 1 },
    },
  ];
};
