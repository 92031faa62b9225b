import type { Fold } from '../core/index.js';
import { evolveUser, initialUserState, type UserEvent, type UserState } from '../user/user.js';

/** A user event as folded from the store (recorded events carry their time). */
export type TimedUserEvent = UserEvent & { occurredAt?: Date };

/**
 * The user write model the credential decisions need: the user, plus the number of failed
 * sign-ins in a row, counted or not. `failedSignIns` skips repeats of a remembered bad password,
 * so only this count can enforce NIST's "never more than 100 consecutive failures".
 */
export type CredentialState = Readonly<{ user: UserState; consecutiveFailures: number }>;

export const initialCredentialState = (): CredentialState => ({
  user: initialUserState(),
  consecutiveFailures: 0,
});

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
});

export const credentialFold: Fold<CredentialState, TimedUserEvent> = {
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
};
