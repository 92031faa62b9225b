import type { Fold } from '../core/index.js';
import { evolveUser, initialUserState, type UserEvent, type UserState } from '../user/user.js';

/** A user event as folded from the store (recorded events carry their time). */
export type TimedUserEvent = UserEvent & { occurredAt?: Date };

/**
 * The user write model the credential decisions need: the user, plus the number of failed
 * sign-ins in a row, counted or not. `failedSignIns` skips repeats of a remembered bad password,
 * so only this count can enforce NIST's "never more than 100 consecutive failures".
 */
export type CredentialState = Readonly<{
  user: UserState;
  consecutiveFailures: number;
  /** Reset flows whose start was counted (newest first), so each flow counts once. */
  countedResetFlows: readonly string[];
}>;

const COUNTED_FLOWS_KEPT = 20;

export const initialCredentialState = (): CredentialState => ({
  user: initialUserState(),
  consecutiveFailures: 0,
  countedResetFlows: [],
});

const nextCountedResetFlows = (
  flows: readonly string[],
  event: TimedUserEvent,
): readonly string[] =>
  event.type === 'ResetAttemptCounted' && event.data.kind === 'started'
    ? [event.data.flowId, ...flows].slice(0, COUNTED_FLOWS_KEPT)
    : flows;

const nextConsecutiveFailures = (count: number, event: TimedUserEvent): number => {
  switch (event.type) {
    case 'SignInFailed':
      return event.data.reason === 'wrongPassword' || event.data.reason === 'wrongSecurityAnswer'
        ? count + 1
        : count;
    case 'SignInSucceeded':
    case 'AccountLocked':
    case 'AccountUnlocked':
    case 'PasswordReset':
    case 'PasswordChanged':
    case 'PasswordResetByAdmin':
      return 0;
    default:
      return count;
  }
};

export const evolveCredentialState = (
  state: CredentialState,
  event: TimedUserEvent,
): CredentialState => ({
  user: evolveUser(state.user, event),
  consecutiveFailures: nextConsecutiveFailures(state.consecutiveFailures, event),
  countedResetFlows: nextCountedResetFlows(state.countedResetFlows, event),
});

export const credentialFold: Fold<CredentialState, TimedUserEvent> = {
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
};
