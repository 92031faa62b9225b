import type { Command } from '../core/index.js';
import type { LockoutPolicy } from '../policy/index.js';
import { existingUserOrRefuse } from '../signIn/businessLogic.js';
import type { CredentialState } from '../signIn/credentialState.js';
import { accountRefusal, countFailedCredential, refusedSignIn } from '../signIn/lockout.js';
import type { UserEventOf } from '../user/user.js';

/**
 * The service checked the current password and, when it was right, vetted, hashed and wrote
 * back the new one: it passes either the new hash or why the new password was refused.
 */
export type ChangePassword = Command<
  'ChangePassword',
  {
    currentPasswordValid: boolean;
    badPasswordKey?: string | undefined;
    lockoutPolicy: LockoutPolicy;
    newPasswordHash?: string | undefined;
    /** A password rule (`PasswordTooShort`...), `PasswordReused` or `WritebackFailed`. */
    rejectedBecause?: string | undefined;
  }
>;
export type PasswordChangeCommand = ChangePassword;

export type PasswordChangeEvent =
  | UserEventOf<'PasswordChanged'>
  | UserEventOf<'PasswordChangeFailed'>
  | UserEventOf<'SignInFailed'>
  | UserEventOf<'AccountLocked'>;

const changeFailed = (reason: string): UserEventOf<'PasswordChangeFailed'> => ({
  type: 'PasswordChangeFailed',
  data: { reason },
});

export const changePassword = (
  command: ChangePassword,
  state: CredentialState,
): PasswordChangeEvent[] => {
  const user = existingUserOrRefuse(state);
  const { now } = command.metadata;
  const { currentPasswordValid, badPasswordKey, lockoutPolicy } = command.data;
  const refusal = accountRefusal(user, now);
  if (refusal) return [changeFailed(refusal), refusedSignIn(user, refusal)];
  if (!currentPasswordValid) {
    const failure = { reason: 'wrongPassword', badPasswordKey } as const;
    return [
      changeFailed('wrongPassword'),
      ...countFailedCredential(state, user, failure, lockoutPolicy, now),
    ];
  }
  if (command.data.rejectedBecause) return [changeFailed(command.data.rejectedBecause)];
  if (!command.data.newPasswordHash) return [changeFailed('NoNewPassword')];
  return [{ type: 'PasswordChanged', data: { hash: command.data.newPasswordHash } }];
};

export const decidePasswordChange = (
  command: PasswordChangeCommand,
  state: CredentialState,
): PasswordChangeEvent[] => {
  switch (command.type) {
    case 'ChangePassword':
      return changePassword(command, state);
    default: {
      const _exhaustive: never = command.type;
      throw new Error(`Unknown command ${String(_exhaustive)}`);
    }
  }
};
