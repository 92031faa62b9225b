import { describe, it } from 'vitest';
import { deciderSpecification } from '../core/index.js';
import { decideSignIn, type SignIn } from './businessLogic.js';
import { evolveCredentialState, initialCredentialState } from './credentialState.js';
import {
  at,
  disabled,
  distinctFailures,
  failedSignIn,
  locked,
  lockoutPolicy,
  metadataAt,
  passwordSet,
  provisioned,
  T0,
} from './fixtures.js';
import { MAX_CONSECUTIVE_FAILURES } from './lockout.js';

const spec = deciderSpecification({
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
});
const NOW = at(T0, 3600);

const signIn = (data: Partial<SignIn['data']> = {}, now = NOW): SignIn => ({
  type: 'SignIn',
  data: { passwordValid: true, badPasswordKey: 'typed-key', lockoutPolicy, ...data },
  metadata: metadataAt(now),
});
const wrong = (key: string, now = NOW): SignIn =>
  signIn({ passwordValid: false, badPasswordKey: key }, now);
const user = [provisioned(), passwordSet()];

describe('sign-in decider', () => {
  describe('when the user does not exist', () => {
    it('refuses like a wrong password and records nothing', () => {
      spec
        .given([])
        .when((s) => decideSignIn(signIn(), s))
        .thenThrows('UNAUTHENTICATED', 'InvalidCredentials');
    });
  });

  describe('when the account is active', () => {
    it('accepts the right password', () => {
      spec
        .given(user)
        .when((s) => decideSignIn(signIn(), s))
        .then([{ type: 'SignInSucceeded', data: {} }]);
    });

    it('stores a fresh hash when the stored one has outdated parameters', () => {
      spec
        .given(user)
        .when((s) => decideSignIn(signIn({ rehashedHash: 'argon-hash-new' }), s))
        .then([
          { type: 'SignInSucceeded', data: {} },
          { type: 'PasswordRehashed', data: { hash: 'argon-hash-new' } },
        ]);
    });

    it('counts a wrong password', () => {
      spec
        .given(user)
        .when((s) => decideSignIn(wrong('bad-a'), s))
        .then([
          {
            type: 'SignInFailed',
            data: { reason: 'wrongPassword', badPasswordKey: 'bad-a', counted: true, failures: 1 },
          },
        ]);
    });

    it('does not count a repeat of one of the last 3 wrong passwords', () => {
      spec
        .given([...user, ...distinctFailures(3)])
        .when((s) => decideSignIn(wrong('bad-1'), s))
        .then([
          {
            type: 'SignInFailed',
            data: { reason: 'wrongPassword', badPasswordKey: 'bad-1', counted: false, failures: 3 },
          },
        ]);
    });

    it('counts again a wrong password older than the last 3', () => {
      spec
        .given([...user, ...distinctFailures(4)])
        .when((s) => decideSignIn(wrong('bad-1'), s))
        .then([
          {
            type: 'SignInFailed',
            data: { reason: 'wrongPassword', badPasswordKey: 'bad-1', counted: true, failures: 5 },
          },
        ]);
    });

    it('locks for 60 seconds at the 10th counted failure', () => {
      spec
        .given([...user, ...distinctFailures(9)])
        .when((s) => decideSignIn(wrong('bad-10'), s))
        .then([
          {
            type: 'SignInFailed',
            data: {
              reason: 'wrongPassword',
              badPasswordKey: 'bad-10',
              counted: true,
              failures: 10,
            },
          },
          { type: 'AccountLocked', data: { until: at(NOW, 60).toISOString(), lockoutCount: 1 } },
        ]);
    });

    it('doubles the lockout each time', () => {
      spec
        .given([...user, locked(at(T0, 60), 1), locked(at(T0, 180), 2), ...distinctFailures(9)])
        .when((s) => decideSignIn(wrong('bad-10'), s))
        .then((events) => {
          if (events[1]?.type !== 'AccountLocked') throw new Error('expected a lockout');
          if (events[1].data.until !== at(NOW, 240).toISOString())
            throw new Error(`until ${events[1].data.until}`);
          if (events[1].data.lockoutCount !== 3) throw new Error('expected the third lockout');
        });
    });

    it('caps the lockout at the policy maximum', () => {
      const manyLockouts = Array.from({ length: 30 }, (_, i) => locked(at(T0, 1), i + 1));
      spec
        .given([...user, ...manyLockouts, ...distinctFailures(9)])
        .when((s) => decideSignIn(wrong('bad-10'), s))
        .then((events) => {
          const lock = events[1];
          if (lock?.type !== 'AccountLocked') throw new Error('expected a lockout');
          if (lock.data.until !== at(NOW, lockoutPolicy.maxDurationSeconds).toISOString()) {
            throw new Error(`until ${lock.data.until}`);
          }
        });
    });

    it(`locks after ${MAX_CONSECUTIVE_FAILURES} failures in a row even when repeats were not counted`, () => {
      const lenient = { ...lockoutPolicy, threshold: 100 };
      const repeats = Array.from({ length: MAX_CONSECUTIVE_FAILURES - 2 }, () =>
        failedSignIn(1, 'bad-1', false),
      );
      spec
        .given([...user, failedSignIn(1, 'bad-1'), ...repeats])
        .when((s) =>
          decideSignIn(
            signIn({ passwordValid: false, badPasswordKey: 'bad-1', lockoutPolicy: lenient }),
            s,
          ),
        )
        .then((events) => {
          if (events.map((e) => e.type).join() !== 'SignInFailed,AccountLocked') {
            throw new Error(`got ${events.map((e) => e.type).join()}`);
          }
        });
    });

    it('forgets the failure count after a successful sign-in', () => {
      spec
        .given([...user, ...distinctFailures(9), { type: 'SignInSucceeded', data: {} }])
        .when((s) => decideSignIn(wrong('bad-x'), s))
        .then([
          {
            type: 'SignInFailed',
            data: { reason: 'wrongPassword', badPasswordKey: 'bad-x', counted: true, failures: 1 },
          },
        ]);
    });
  });

  describe('when the account is locked', () => {
    const lockedUser = [...user, locked(at(NOW, 30), 1)];

    it('refuses even the right password, records the lock and counts nothing', () => {
      spec
        .given(lockedUser)
        .when((s) => decideSignIn(signIn(), s))
        .then([{ type: 'SignInFailed', data: { reason: 'locked', counted: false, failures: 0 } }]);
    });

    it('accepts the right password once the lock has run out', () => {
      spec
        .given(lockedUser)
        .when((s) => decideSignIn(signIn({}, at(NOW, 31)), s))
        .then([{ type: 'SignInSucceeded', data: {} }]);
    });
  });

  describe('when the account is disabled', () => {
    it('refuses even the right password and records why', () => {
      spec
        .given([...user, disabled()])
        .when((s) => decideSignIn(signIn(), s))
        .then([
          { type: 'SignInFailed', data: { reason: 'disabled', counted: false, failures: 0 } },
        ]);
    });
  });
});
