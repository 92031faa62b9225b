import { describe, it } from 'vitest';
import { deciderSpecification } from '../core/index.js';
import { evolveCredentialState, initialCredentialState } from '../signIn/credentialState.js';
import {
  at,
  disabled,
  distinctFailures,
  locked,
  lockoutPolicy,
  metadataAt,
  passwordSet,
  provisioned,
  T0,
} from '../signIn/fixtures.js';
import { decidePasswordChange, type ChangePassword } from './businessLogic.js';

const spec = deciderSpecification({
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
});
const NOW = at(T0, 3600);
const user = [provisioned(), passwordSet()];

const change = (data: Partial<ChangePassword['data']> = {}): ChangePassword => ({
  type: 'ChangePassword',
  data: {
    currentPasswordValid: true,
    badPasswordKey: 'typed-key',
    lockoutPolicy,
    newPasswordHash: 'argon-hash-2',
    ...data,
  },
  metadata: metadataAt(NOW),
});

describe('change password decider', () => {
  describe('when the user does not exist', () => {
    it('refuses like a wrong password', () => {
      spec
        .given([])
        .when((s) => decidePasswordChange(change(), s))
        .thenThrows('UNAUTHENTICATED', 'InvalidCredentials');
    });
  });

  describe('when the account is active', () => {
    it('changes the password', () => {
      spec
        .given(user)
        .when((s) => decidePasswordChange(change(), s))
        .then([{ type: 'PasswordChanged', data: { hash: 'argon-hash-2' } }]);
    });

    it('records a wrong current password as a failed sign-in that counts toward lockout', () => {
      spec
        .given(user)
        .when((s) =>
          decidePasswordChange(
            change({ currentPasswordValid: false, newPasswordHash: undefined }),
            s,
          ),
        )
        .then([
          { type: 'PasswordChangeFailed', data: { reason: 'wrongPassword' } },
          {
            type: 'SignInFailed',
            data: {
              reason: 'wrongPassword',
              badPasswordKey: 'typed-key',
              counted: true,
              failures: 1,
            },
          },
        ]);
    });

    it('locks the account when a wrong current password reaches the threshold', () => {
      spec
        .given([...user, ...distinctFailures(9)])
        .when((s) => decidePasswordChange(change({ currentPasswordValid: false }), s))
        .then((events) => {
          const types = events.map((e) => e.type).join();
          if (types !== 'PasswordChangeFailed,SignInFailed,AccountLocked') throw new Error(types);
        });
    });

    it('records why a new password was refused', () => {
      spec
        .given(user)
        .when((s) =>
          decidePasswordChange(
            change({ newPasswordHash: undefined, rejectedBecause: 'PasswordReused' }),
            s,
          ),
        )
        .then([{ type: 'PasswordChangeFailed', data: { reason: 'PasswordReused' } }]);
    });
  });

  describe('when the account is locked', () => {
    it('refuses even with the right current password', () => {
      spec
        .given([...user, locked(at(NOW, 60), 1)])
        .when((s) => decidePasswordChange(change(), s))
        .then([
          { type: 'PasswordChangeFailed', data: { reason: 'locked' } },
          { type: 'SignInFailed', data: { reason: 'locked', counted: false, failures: 0 } },
        ]);
    });
  });

  describe('when the account is disabled', () => {
    it('refuses even with the right current password', () => {
      spec
        .given([...user, disabled()])
        .when((s) => decidePasswordChange(change(), s))
        .then([
          { type: 'PasswordChangeFailed', data: { reason: 'disabled' } },
          { type: 'SignInFailed', data: { reason: 'disabled', counted: false, failures: 0 } },
        ]);
    });
  });
});
