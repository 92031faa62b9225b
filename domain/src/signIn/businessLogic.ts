import { UnauthenticatedError, type Command } from '../core/index.js';
import type { LockoutPolicy } from '../policy/index.js';
import type { ExistingUser, UserEventOf } from '../user/user.js';
import type { CredentialState } from './credentialState.js';
import { accountRefusal, countFailedCredential, refusedSignIn } from './lockout.js';

/** The password was checked by the service (argon2 is I/O-bound); the decider rules on it. */
export type SignIn = Command<
  'SignIn',
  {
    passwordValid: boolean;
    badPasswordKey?: string | undefined;
    /** A new hash of the same password when the stored one has outdated parameters. */
    rehashedHash?: string | undefined;
    lockoutPolicy: LockoutPolicy;
  }
>;
export type SignInCommand = SignIn;

export type SignInEvent =
  | UserEventOf<'SignInSucceeded'>
  | UserEventOf<'PasswordRehashed'>
  | UserEventOf<'SignInFailed'>
  | UserEventOf<'AccountLocked'>;

/** The one answer to every failed sign-in: wrong password, unknown user, locked or disabled. */
export const invalidCredentials = (): UnauthenticatedError =>
  new UnauthenticatedError('InvalidCredentials', 'The username or password is incorrect');

/** Unknown and deleted users have no stream to record on: refuse without an event. */
export const existingUserOrRefuse = (state: CredentialState): ExistingUser => {
  if (state.user.status === 'active' || state.user.status === 'disabled') return state.user;
  throw invalidCredentials();
};

export const signIn = (command: SignIn, state: CredentialState): SignInEvent[] => {
  const user = existingUserOrRefuse(state);
  const { now } = command.metadata;
  const { passwordValid, badPasswordKey, rehashedHash, lockoutPolicy } = command.data;
  const refusal = accountRefusal(user, now);
  if (refusal) return [refusedSignIn(user, refusal)];
  if (!passwordValid) {
    const failure = { reason: 'wrongPassword', badPasswordKey } as const;
    return countFailedCredential(state, user, failure, lockoutPolicy, now);
  }
  return [
    { type: 'SignInSucceeded', data: {} },
    ...(rehashedHash ? [{ type: 'PasswordRehashed' as const, data: { hash: rehashedHash } }] : []),
  ];
};

export const decideSignIn = (command: SignInCommand, state: CredentialState): SignInEvent[] => {
  switch (command.type) {
    case 'SignIn':
      return signIn(command, state);
    default: {
      const _exhaustive: never = command.type;
      throw new Error(`Unknown command ${String(_exhaustive)}`);
    }
  }
};
