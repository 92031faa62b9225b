import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../core/index.js';
import {
  evolveCredentialState,
  initialCredentialState,
  type TimedUserEvent,
} from '../signIn/credentialState.js';
import {
  at,
  disabled,
  locked,
  lockoutPolicy,
  metadataAt,
  passwordSet,
  provisioned,
  T0,
} from '../signIn/fixtures.js';
import { decideResetAccount, type ResetAccountCommand } from './accountBusinessLogic.js';

const spec = deciderSpecification({
  evolve: evolveCredentialState,
  initialState: initialCredentialState,
});
const NOW = at(T0, 86_400);
const user = [provisioned(), passwordSet()];
const counted = (
  kind: 'started' | 'emailSent' | 'phoneVerification',
  occurredAt: Date,
  flowId = 'older-flow',
): TimedUserEvent => ({ type: 'ResetAttemptCounted', data: { flowId, kind }, occurredAt });
/** flow-1 already counted as a reset attempt, an hour ago. */
const flowCounted = counted('started', new Date(0), 'flow-1');
const times = (n: number, event: (i: number) => TimedUserEvent) =>
  Array.from({ length: n }, (_, i) => event(i));

const attempt = (kind: 'emailSent' | 'phoneVerification'): ResetAccountCommand => ({
  type: 'CountVerificationAttempt',
  data: { flowId: 'flow-1', kind },
  metadata: metadataAt(NOW),
});
const decide =
  (command: ResetAccountCommand) => (state: Parameters<typeof decideResetAccount>[1]) =>
    decideResetAccount(command, state);
const blockedUntil = (until: Date, reason: string): TimedUserEvent[] => [
  { type: 'SelfServiceResetBlocked', data: { until: until.toISOString(), reason } },
];

describe('reset decisions on the user stream', () => {
  describe('throttles', () => {
    const countedAs = (...kinds: string[]) =>
      kinds.map((kind) => ({ type: 'ResetAttemptCounted', data: { flowId: 'flow-1', kind } }));

    it("counts a flow's first attempt as one of the day's five reset attempts", () => {
      spec
        .given([...user, ...times(4, (i) => counted('started', at(NOW, -3600 * (i + 1))))])
        .when(decide(attempt('emailSent')))
        .then(countedAs('started', 'emailSent') as TimedUserEvent[]);
    });

    it('counts a flow once', () => {
      const recent = counted('started', at(NOW, -60), 'flow-1');
      spec
        .given([...user, recent])
        .when(decide(attempt('emailSent')))
        .then(countedAs('emailSent') as TimedUserEvent[]);
    });

    it('blocks a sixth flow in 24 hours for 24 hours', () => {
      spec
        .given([...user, ...times(5, (i) => counted('started', at(NOW, -3600 * (i + 1))))])
        .when(decide(attempt('emailSent')))
        .then(blockedUntil(at(NOW, 86_400), 'startedLimitReached'));
    });

    it('forgets flows older than 24 hours', () => {
      spec
        .given([...user, ...times(5, () => counted('started', at(NOW, -86_400)))])
        .when(decide(attempt('phoneVerification')))
        .then(countedAs('started', 'phoneVerification') as TimedUserEvent[]);
    });

    it('records every refusal while blocked, with the running block', () => {
      const block: TimedUserEvent = {
        type: 'SelfServiceResetBlocked',
        data: { until: at(NOW, 600).toISOString(), reason: 'startedLimitReached' },
        occurredAt: NOW,
      };
      spec
        .given([...user, flowCounted, block])
        .when(decide(attempt('emailSent')))
        .then(blockedUntil(at(NOW, 600), 'emailSentWhileBlocked'));
    });

    it('allows 10 emails in 10 minutes, not 11', () => {
      spec
        .given([
          ...user,
          flowCounted,
          ...times(9, (i) => counted('emailSent', at(NOW, -30 * (i + 1)))),
        ])
        .when(decide(attempt('emailSent')))
        .then(countedAs('emailSent') as TimedUserEvent[]);
      spec
        .given([
          ...user,
          flowCounted,
          ...times(10, (i) => counted('emailSent', at(NOW, -30 * (i + 1)))),
        ])
        .when(decide(attempt('emailSent')))
        .then(blockedUntil(at(NOW, 86_400), 'emailSentLimitReached'));
      spec
        .given([...user, flowCounted, ...times(10, () => counted('emailSent', at(NOW, -601)))])
        .when(decide(attempt('emailSent')))
        .then(countedAs('emailSent') as TimedUserEvent[]);
    });

    it('allows 5 phone, app or question tries an hour, not 6', () => {
      spec
        .given([
          ...user,
          flowCounted,
          ...times(5, (i) => counted('phoneVerification', at(NOW, -60 * (i + 1)))),
        ])
        .when(decide(attempt('phoneVerification')))
        .then(blockedUntil(at(NOW, 86_400), 'phoneVerificationLimitReached'));
      spec
        .given([
          ...user,
          flowCounted,
          ...times(5, () => counted('phoneVerification', at(NOW, -3600))),
        ])
        .when(decide(attempt('phoneVerification')))
        .then(countedAs('phoneVerification') as TimedUserEvent[]);
    });

    it('clears the throttles after a successful reset', () => {
      const reset: TimedUserEvent = {
        type: 'PasswordReset',
        data: { hash: 'h2', flowId: 'f' },
        occurredAt: at(NOW, -10),
      };
      spec
        .given([...user, ...times(5, (i) => counted('started', at(NOW, -60 * (i + 1)))), reset])
        .when(decide(attempt('emailSent')))
        .then(countedAs('started', 'emailSent') as TimedUserEvent[]);
    });
  });

  describe('wrong security answers', () => {
    const wrongAnswers: ResetAccountCommand = {
      type: 'RecordWrongSecurityAnswers',
      data: { lockoutPolicy },
      metadata: metadataAt(NOW),
    };

    it('count as a failed sign-in', () => {
      spec
        .given(user)
        .when(decide(wrongAnswers))
        .then([
          {
            type: 'SignInFailed',
            data: { reason: 'wrongSecurityAnswer', counted: true, failures: 1 },
          },
        ]);
    });

    it('lock the account at the threshold', () => {
      const failures = times(
        9,
        (i) =>
          ({
            type: 'SignInFailed',
            data: {
              reason: 'wrongPassword',
              badPasswordKey: `k${i}`,
              counted: true,
              failures: i + 1,
            },
            occurredAt: T0,
          }) as TimedUserEvent,
      );
      spec
        .given([...user, ...failures])
        .when(decide(wrongAnswers))
        .then((events) =>
          expect(events.map((e) => e.type)).toEqual(['SignInFailed', 'AccountLocked']),
        );
    });
  });

  describe('the reset itself', () => {
    const reset: ResetAccountCommand = {
      type: 'ResetPasswordBySelf',
      data: { flowId: 'flow-1', hash: 'argon-hash-2' },
      metadata: metadataAt(NOW),
    };

    it('sets the password', () => {
      spec
        .given(user)
        .when(decide(reset))
        .then([{ type: 'PasswordReset', data: { hash: 'argon-hash-2', flowId: 'flow-1' } }]);
    });

    it('records the unlock of a locked account', () => {
      spec
        .given([...user, locked(at(NOW, 60), 1)])
        .when(decide(reset))
        .then([
          { type: 'PasswordReset', data: { hash: 'argon-hash-2', flowId: 'flow-1' } },
          { type: 'AccountUnlocked', data: { by: 'reset' } },
        ]);
    });

    it('refuses a disabled account', () => {
      spec
        .given([...user, disabled()])
        .when(decide(reset))
        .thenThrows('BAD_USER_INPUT', 'UserDisabled');
    });

    it('unlocks without a reset', () => {
      const unlock: ResetAccountCommand = {
        type: 'UnlockBySelf',
        data: {},
        metadata: metadataAt(NOW),
      };
      spec
        .given([...user, locked(at(NOW, 60), 1)])
        .when(decide(unlock))
        .then([{ type: 'AccountUnlocked', data: { by: 'self' } }]);
    });
  });

  describe('authenticator codes', () => {
    const STEP = 58_046_400;
    const authenticator = (totpStep?: number): TimedUserEvent => ({
      type: 'SecurityInfoRegistered',
      data: {
        methodId: 'm-totp',
        method: 'authenticator',
        sealedTotpSecret: 'sealed',
        ...(totpStep === undefined ? {} : { totpStep }),
      },
    });
    const accepted = (step: number, flowId = 'older-flow'): TimedUserEvent => ({
      type: 'AuthenticatorCodeAccepted',
      data: { methodId: 'm-totp', flowId, step },
    });
    const tryCode = (step: number | null): ResetAccountCommand => ({
      type: 'TryAuthenticatorCode',
      data: { flowId: 'flow-1', methodId: 'm-totp', step },
      metadata: metadataAt(NOW),
    });
    const countedOnly = [
      { type: 'ResetAttemptCounted', data: { flowId: 'flow-1', kind: 'phoneVerification' } },
    ] as TimedUserEvent[];

    it('counts the try and uses up the step of a matching code', () => {
      spec
        .given([...user, flowCounted, authenticator()])
        .when(decide(tryCode(STEP)))
        .then([...countedOnly, accepted(STEP, 'flow-1')]);
    });

    it('refuses a step accepted before, in any flow, and every older step', () => {
      for (const step of [STEP, STEP - 1]) {
        spec
          .given([...user, flowCounted, authenticator(), accepted(STEP)])
          .when(decide(tryCode(step)))
          .then(countedOnly);
      }
    });

    it('refuses the step of the code that confirmed the authenticator', () => {
      spec
        .given([...user, flowCounted, authenticator(STEP)])
        .when(decide(tryCode(STEP)))
        .then(countedOnly);
    });

    it('accepts the next step after a used one', () => {
      spec
        .given([...user, flowCounted, authenticator(STEP), accepted(STEP + 1)])
        .when(decide(tryCode(STEP + 2)))
        .then([...countedOnly, accepted(STEP + 2, 'flow-1')]);
    });

    it('only counts a code that matches no step', () => {
      spec
        .given([...user, flowCounted, authenticator()])
        .when(decide(tryCode(null)))
        .then(countedOnly);
    });
  });
});
