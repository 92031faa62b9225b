import { IllegalStateError, type Command } from '../core/index.js';
import type { LockoutPolicy } from '../policy/index.js';
import type { CredentialState } from '../signIn/credentialState.js';
import { countFailedCredential, isLocked } from '../signIn/lockout.js';
import type { ExistingUser, UserEventOf } from '../user/user.js';

/**
 * The reset flow's decisions on the user stream: Entra's per-user throttles, wrong security
 * answers counted as sign-in failures, and the reset or unlock itself.
 */
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const resetThrottles = {
  started: { limit: 5, windowMs: DAY_MS },
  phoneVerification: { limit: 5, windowMs: HOUR_MS },
  emailSent: { limit: 10, windowMs: 10 * MINUTE_MS },
} as const;
export const RESET_BLOCK_MS = DAY_MS;
type ThrottledKind = keyof typeof resetThrottles;

/**
 * An email sent, or a phone code, authenticator code or question set tried. The flow's first
 * such attempt also counts the flow as a reset attempt (5 a day): starting a flow writes nothing
 * on the user stream, so a start for a real user costs what a start for an unknown name costs.
 */
export type CountVerificationAttempt = Command<
  'CountVerificationAttempt',
  { flowId: string; kind: 'emailSent' | 'phoneVerification' }
>;
/**
 * An authenticator code tried at a gate: counted like a phone verification. `step` is the
 * RFC 6238 time step the code matched (null: none); a step at or before the method's last
 * accepted one is a replay, refused in this flow as in any other.
 */
export type TryAuthenticatorCode = Command<
  'TryAuthenticatorCode',
  { flowId: string; methodId: string; step: number | null }
>;
export type RecordWrongSecurityAnswers = Command<
  'RecordWrongSecurityAnswers',
  { lockoutPolicy: LockoutPolicy }
>;
export type ResetPasswordBySelf = Command<'ResetPasswordBySelf', { flowId: string; hash: string }>;
export type UnlockBySelf = Command<'UnlockBySelf', Record<string, never>>;
export type ResetAccountCommand =
  | CountVerificationAttempt
  | TryAuthenticatorCode
  | RecordWrongSecurityAnswers
  | ResetPasswordBySelf
  | UnlockBySelf;

export type ResetAccountEvent =
  | UserEventOf<'ResetAttemptCounted'>
  | UserEventOf<'SelfServiceResetBlocked'>
  | UserEventOf<'AuthenticatorCodeAccepted'>
  | UserEventOf<'SignInFailed'>
  | UserEventOf<'AccountLocked'>
  | UserEventOf<'PasswordReset'>
  | UserEventOf<'AccountUnlocked'>;

const existingUser = (state: CredentialState): ExistingUser => {
  if (state.user.status === 'active' || state.user.status === 'disabled') return state.user;
  throw new IllegalStateError('UserGone', 'This account no longer exists');
};

export const isResetBlocked = (user: ExistingUser, now: Date): boolean =>
  user.resetBlockedUntil !== null && user.resetBlockedUntil.getTime() > now.getTime();

const recentCount = (user: ExistingUser, kind: ThrottledKind, now: Date): number =>
  user.resetCounters[kind].filter(
    (t) => now.getTime() - t.getTime() < resetThrottles[kind].windowMs,
  ).length;

/**
 * Counts one attempt, or refuses it: while blocked every refusal is recorded again with the
 * running block; past the limit the user is blocked for 24 hours (Entra).
 */
const countOrBlock = (
  user: ExistingUser,
  flowId: string,
  kind: ThrottledKind,
  now: Date,
): ResetAccountEvent[] => {
  if (isResetBlocked(user, now)) {
    const until = user.resetBlockedUntil!.toISOString();
    return [{ type: 'SelfServiceResetBlocked', data: { until, reason: `${kind}WhileBlocked` } }];
  }
  if (recentCount(user, kind, now) >= resetThrottles[kind].limit) {
    const until = new Date(now.getTime() + RESET_BLOCK_MS).toISOString();
    return [{ type: 'SelfServiceResetBlocked', data: { until, reason: `${kind}LimitReached` } }];
  }
  return [{ type: 'ResetAttemptCounted', data: { flowId, kind } }];
};

/** True when the decision let the attempt through. */
export const attemptAllowed = (events: readonly Readonly<{ type: string }>[]): boolean =>
  events.length > 0 && events.every((e) => e.type === 'ResetAttemptCounted');

/** Flows that touched the account in the last 24 hours have used up the day's attempts. */
export const resetAttemptsExhausted = (user: ExistingUser, now: Date): boolean =>
  recentCount(user, 'started', now) >= resetThrottles.started.limit;

export const countVerificationAttempt = (
  command: CountVerificationAttempt,
  state: CredentialState,
): ResetAccountEvent[] => {
  const user = existingUser(state);
  const { flowId, kind } = command.data;
  const { now } = command.metadata;
  if (state.countedResetFlows.includes(flowId)) return countOrBlock(user, flowId, kind, now);
  const started = countOrBlock(user, flowId, 'started', now);
  return attemptAllowed(started) ? [...started, ...countOrBlock(user, flowId, kind, now)] : started;
};

/** True when the step is newer than every code the method accepted before. */
export const isFreshTotpStep = (user: ExistingUser, methodId: string, step: number): boolean => {
  const method = user.methods.find((m) => m.methodId === methodId);
  return method !== undefined && step > (method.lastTotpStep ?? -1);
};

export const tryAuthenticatorCode = (
  command: TryAuthenticatorCode,
  state: CredentialState,
): ResetAccountEvent[] => {
  const { flowId, methodId, step } = command.data;
  const counted = countVerificationAttempt(
    { ...command, type: 'CountVerificationAttempt', data: { flowId, kind: 'phoneVerification' } },
    state,
  );
  if (!attemptAllowed(counted) || step === null) return counted;
  if (!isFreshTotpStep(existingUser(state), methodId, step)) return counted;
  return [...counted, { type: 'AuthenticatorCodeAccepted', data: { methodId, flowId, step } }];
};

export const recordWrongSecurityAnswers = (
  command: RecordWrongSecurityAnswers,
  state: CredentialState,
): ResetAccountEvent[] => {
  const user = existingUser(state);
  const failure = { reason: 'wrongSecurityAnswer' } as const;
  return countFailedCredential(
    state,
    user,
    failure,
    command.data.lockoutPolicy,
    command.metadata.now,
  );
};

/** The reset clears lockout and throttles (evolve); a locked account is also recorded as unlocked. */
export const resetPasswordBySelf = (
  command: ResetPasswordBySelf,
  state: CredentialState,
): ResetAccountEvent[] => {
  const user = existingUser(state);
  if (user.status !== 'active')
    throw new IllegalStateError('UserDisabled', 'This account is disabled');
  const { flowId, hash } = command.data;
  return [
    { type: 'PasswordReset', data: { hash, flowId } },
    ...(isLocked(user, command.metadata.now)
      ? [{ type: 'AccountUnlocked' as const, data: { by: 'reset' as const } }]
      : []),
  ];
};

export const unlockBySelf = (
  command: UnlockBySelf,
  state: CredentialState,
): ResetAccountEvent[] => {
  const user = existingUser(state);
  if (user.status !== 'active')
    throw new IllegalStateError('UserDisabled', 'This account is disabled');
  return [{ type: 'AccountUnlocked', data: { by: 'self' } }];
};

export const decideResetAccount = (
  command: ResetAccountCommand,
  state: CredentialState,
): ResetAccountEvent[] => {
  switch (command.type) {
    case 'CountVerificationAttempt':
      return countVerificationAttempt(command, state);
    case 'TryAuthenticatorCode':
      return tryAuthenticatorCode(command, state);
    case 'RecordWrongSecurityAnswers':
      return recordWrongSecurityAnswers(command, state);
    case 'ResetPasswordBySelf':
      return resetPasswordBySelf(command, state);
    case 'UnlockBySelf':
      return unlockBySelf(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
};
