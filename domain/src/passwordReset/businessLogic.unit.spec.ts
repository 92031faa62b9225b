import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../core/index.js';
import type { MethodKind } from '../policy/index.js';
import { at, metadataAt, T0 } from '../signIn/fixtures.js';
import { decideResetFlow, type CodeVerdict, type ResetFlowCommand } from './businessLogic.js';
import {
  evolveResetFlow,
  initialResetFlowState,
  type FlowAttempt,
  type ResetEvent,
  type ResetEventOf,
} from './passwordReset.js';

const spec = deciderSpecification({ evolve: evolveResetFlow, initialState: initialResetFlowState });
const NOW = at(T0, 60);
const meta = (now = NOW) => metadataAt(now);
// The flow's start (its session ends 15 minutes later), copied onto every later event.
const STARTED = T0.toISOString();
/** What every event after the start carries of it (the flow `started()` begins). */
const context = {
  startedAt: STARTED,
  username: 'ada@contoso.com',
  userId: 'user-ada',
  purpose: 'reset' as const,
  eligible: true,
};

type Started = ResetEventOf<'PasswordResetStarted'>['data'];
const started = (overrides: Partial<Started> = {}): ResetEvent => ({
  type: 'PasswordResetStarted',
  data: {
    flowId: 'flow-1',
    username: 'ada@contoso.com',
    userId: 'user-ada',
    purpose: 'reset',
    eligible: true,
    gatesRequired: 1,
    methods: [
      { methodId: 'email', method: 'email', maskedTarget: 'a***@gmail.com' },
      { methodId: 'mobilePhone', method: 'mobilePhone', maskedTarget: '+31 6*****78' },
      { methodId: 'authenticator', method: 'authenticator', maskedTarget: 'Authenticator app' },
      { methodId: 'securityQuestions', method: 'securityQuestions' },
    ],
    unlockAllowed: false,
    expiresAt: at(T0, 900).toISOString(),
    policyVersion: 1,
    ...overrides,
  },
});
// Given events carry their time, as stored ones do: the flow's attempts keep it.
type TimedResetEvent = ResetEvent & { occurredAt?: Date };
/** The event as the decider returns it, with the flow's attempts so far (the store gives its time). */
const decided = (
  { occurredAt: _, ...event }: TimedResetEvent,
  ...attempts: FlowAttempt[]
): ResetEvent => ({ ...event, data: { ...event.data, attempts } }) as ResetEvent;
const SENT_AT = at(T0, 10);
const PASSED_AT = at(T0, 30);
const failedAt = (failures: number) => at(T0, 10 + failures);
const ineligible = started({ eligible: false, ineligibleReason: 'unknownUser', userId: null });
/** What the events after `ineligible` carry of it: the refusal too. */
const ineligibleContext = {
  ...context,
  userId: null,
  eligible: false,
  ineligibleReason: 'unknownUser' as const,
};
const codeSent: TimedResetEvent = {
  occurredAt: SENT_AT,
  type: 'ResetCodeSent',
  data: {
    methodId: 'email',
    method: 'email',
    channel: 'email',
    target: 'ada@gmail.com',
    maskedTarget: 'a***@gmail.com',
    codeHash: 'code-hash',
    sealedCode: 'sealed',
    expiresAt: at(T0, 300).toISOString(),
    ...context,
  },
};
const passed = (methodId: 'email' | 'mobilePhone', gate = 1): TimedResetEvent => ({
  occurredAt: PASSED_AT,
  type: 'ResetGatePassed',
  data: { methodId, method: methodId, gate, ...context },
});
const failed = (failures: number): TimedResetEvent => ({
  occurredAt: failedAt(failures),
  type: 'ResetGateFailed',
  data: { methodId: 'email', method: 'email', reason: 'wrongCode', failures, ...context },
});

/** A try at gate 1 as the flow's summary records it. */
const tried = (method: MethodKind, passed: boolean, when: Date, gate = 1): FlowAttempt => ({
  gate,
  method,
  passed,
  at: when.toISOString(),
});
const emailPassed = tried('email', true, PASSED_AT);
const emailFailed = (failures: number) => tried('email', false, failedAt(failures));
const emailPassedNow = tried('email', true, NOW);
const fiveWrongCodes = [
  tried('email', false, SENT_AT),
  ...[1, 2, 3, 4].map(emailFailed),
  tried('email', false, SENT_AT),
  tried('email', false, NOW),
];
const fourWrongThenAnswers = [
  ...[1, 2, 3, 4].map(emailFailed),
  tried('securityQuestions', false, NOW),
];

/** What the event ending a reset flow started at STARTED sums up. */
const summary = (methodsUsed: MethodKind[], attempts: FlowAttempt[]) => ({
  ...context,
  methodsUsed,
  attempts,
});

const delivery = {
  target: 'ada@gmail.com',
  maskedTarget: 'a***@gmail.com',
  codeHash: 'code-hash',
  sealedCode: 'sealed',
};
const send = (
  methodId = 'email',
  channel: 'email' | 'sms' | 'voice' = 'email',
  now = NOW,
): ResetFlowCommand => ({
  type: 'SendResetCode',
  data: { methodId, channel, delivery },
  metadata: meta(now),
});
const verify = (verdict: CodeVerdict, methodId = 'email', now = NOW): ResetFlowCommand => ({
  type: 'VerifyResetCode',
  data: { methodId, verdict },
  metadata: meta(now),
});
const answer = (correct: boolean): ResetFlowCommand => ({
  type: 'AnswerSecurityQuestions',
  data: { correct },
  metadata: meta(),
});
const complete = (now = NOW): ResetFlowCommand => ({
  type: 'CompletePasswordReset',
  data: { writeback: false },
  metadata: meta(now),
});
const unlock: ResetFlowCommand = {
  type: 'UnlockAccount',
  data: { writeback: true },
  metadata: meta(),
};
const abandon = (now: Date): ResetFlowCommand => ({
  type: 'AbandonExpiredFlow',
  data: {},
  metadata: meta(now),
});
const decide = (command: ResetFlowCommand) => (state: Parameters<typeof decideResetFlow>[1]) =>
  decideResetFlow(command, state);

describe('reset flow decider', () => {
  describe('when no flow exists', () => {
    it('starts one that expires in 15 minutes', () => {
      const command: ResetFlowCommand = {
        type: 'StartPasswordReset',
        data: { ...(started().data as Started), ineligibleReason: undefined },
        metadata: meta(T0),
      };
      spec.given([]).when(decide(command)).then([started()]);
    });

    it('refuses any other command as an unknown flow', () => {
      spec.given([]).when(decide(send())).thenThrows('NOT_FOUND', 'UnknownFlow');
    });
  });

  describe('when the flow is open and eligible', () => {
    it('sends a code valid 5 minutes', () => {
      spec
        .given([started()])
        .when(decide(send('email', 'email', T0)))
        .then([decided(codeSent, tried('email', false, T0))]);
    });

    it('never lets a code outlive the session', () => {
      spec
        .given([started()])
        .when(decide(send('email', 'email', at(T0, 800))))
        .then((events) =>
          expect(events[0]?.data).toMatchObject({ expiresAt: at(T0, 900).toISOString() }),
        );
    });

    it('records nothing when the service sends nothing (throttled)', () => {
      const silent: ResetFlowCommand = {
        type: 'SendResetCode',
        data: { methodId: 'email', channel: 'email', delivery: null },
        metadata: meta(),
      };
      spec.given([started()]).when(decide(silent)).then([]);
    });

    it('refuses a method the flow does not offer', () => {
      spec
        .given([started()])
        .when(decide(send('officePhone', 'voice')))
        .thenThrows('BAD_USER_INPUT', 'UnknownMethod');
    });

    it('refuses to send a code for the authenticator', () => {
      spec
        .given([started()])
        .when(decide(send('authenticator')))
        .thenThrows('BAD_USER_INPUT', 'MethodSendsNoCode');
    });

    it('refuses a channel the method cannot use', () => {
      spec
        .given([started()])
        .when(decide(send('email', 'sms')))
        .thenThrows('BAD_USER_INPUT', 'ChannelNotAvailable');
    });

    it('passes the gate on the right code', () => {
      spec
        .given([started(), codeSent])
        .when(decide(verify('valid')))
        .then([decided(passed('email'), tried('email', false, SENT_AT), emailPassedNow)]);
    });

    it('counts a wrong code', () => {
      spec
        .given([started(), codeSent])
        .when(decide(verify('wrongCode')))
        .then([decided(failed(1), tried('email', false, SENT_AT), tried('email', false, NOW))]);
    });

    it('ends the flow at the fifth wrong code, even after a new code was sent', () => {
      spec
        .given([started(), codeSent, failed(1), failed(2), failed(3), failed(4), codeSent])
        .when(decide(verify('expiredCode')))
        .then([
          {
            type: 'ResetGateFailed',
            data: {
              methodId: 'email',
              method: 'email',
              reason: 'expiredCode',
              failures: 5,
              ...context,
              attempts: fiveWrongCodes,
            },
          },
          {
            type: 'PasswordResetFailed',
            data: {
              reason: 'tooManyWrongCodes',
              ...summary(['email'], fiveWrongCodes),
            },
          },
        ]);
    });

    it('sends security questions to their own command', () => {
      spec
        .given([started()])
        .when(decide(verify('valid', 'securityQuestions')))
        .thenThrows('BAD_USER_INPUT', 'UseAnswerSecurityQuestions');
    });

    it('passes the gate on right answers and counts wrong ones', () => {
      spec
        .given([started()])
        .when(decide(answer(true)))
        .then([
          {
            type: 'ResetGatePassed',
            data: {
              methodId: 'securityQuestions',
              method: 'securityQuestions',
              gate: 1,
              ...context,
              attempts: [tried('securityQuestions', true, NOW)],
            },
          },
        ]);
      spec
        .given([started(), failed(1), failed(2), failed(3), failed(4)])
        .when(decide(answer(false)))
        .then([
          {
            type: 'ResetGateFailed',
            data: {
              methodId: 'securityQuestions',
              method: 'securityQuestions',
              reason: 'wrongAnswers',
              failures: 5,
              ...context,
              attempts: fourWrongThenAnswers,
            },
          },
          {
            type: 'PasswordResetFailed',
            data: {
              reason: 'tooManyWrongAnswers',
              ...summary(['email', 'securityQuestions'], fourWrongThenAnswers),
            },
          },
        ]);
    });

    it('refuses a new password before the gates are passed', () => {
      spec
        .given([started(), codeSent])
        .when(decide(complete()))
        .thenThrows('BAD_USER_INPUT', 'GatesNotPassed');
      const reject: ResetFlowCommand = {
        type: 'RejectNewPassword',
        data: { reasons: ['PasswordTooShort'] },
        metadata: meta(),
      };
      spec.given([started()]).when(decide(reject)).thenThrows('BAD_USER_INPUT', 'GatesNotPassed');
    });

    it('records a refused password and stays open', () => {
      const reject: ResetFlowCommand = {
        type: 'RejectNewPassword',
        data: { reasons: ['PasswordTooShort'] },
        metadata: meta(),
      };
      spec
        .given([started(), passed('email')])
        .when(decide(reject))
        .then([
          {
            type: 'ResetPasswordRejected',
            data: { reasons: ['PasswordTooShort'], ...context },
          },
        ]);
    });

    it('completes once every gate passed', () => {
      spec
        .given([started(), passed('email')])
        .when(decide(complete()))
        .then([
          {
            type: 'PasswordResetCompleted',
            data: {
              ...summary(['email'], [emailPassed]),
              userId: 'user-ada',
              writeback: false,
            },
          },
        ]);
    });

    it('refuses to verify more once every gate passed', () => {
      spec
        .given([started(), passed('email')])
        .when(decide(verify('valid', 'mobilePhone')))
        .thenThrows('BAD_USER_INPUT', 'GatesAlreadyPassed');
    });

    it('records a writeback failure as the end of the flow', () => {
      const fail: ResetFlowCommand = {
        type: 'FailPasswordReset',
        data: { reason: 'writebackFailed', detail: 'DirectoryPolicyRefused' },
        metadata: meta(),
      };
      spec
        .given([started(), passed('email')])
        .when(decide(fail))
        .then([
          {
            type: 'PasswordResetFailed',
            data: {
              reason: 'writebackFailed',
              detail: 'DirectoryPolicyRefused',
              ...summary(['email'], [emailPassed]),
            },
          },
        ]);
    });
  });

  describe('when two gates are required (an admin)', () => {
    const twoGates = started({ gatesRequired: 2 });

    it('needs a second, different method', () => {
      spec
        .given([twoGates, passed('email')])
        .when(decide(complete()))
        .thenThrows('BAD_USER_INPUT', 'GatesNotPassed');
      spec
        .given([twoGates, passed('email')])
        .when(decide(verify('valid', 'email')))
        .thenThrows('BAD_USER_INPUT', 'MethodAlreadyPassed');
      spec
        .given([twoGates, passed('email')])
        .when(decide(verify('valid', 'mobilePhone')))
        .then([decided(passed('mobilePhone', 2), emailPassed, tried('mobilePhone', true, NOW, 2))]);
    });
  });

  describe('when unlocking', () => {
    it('refuses when the policy does not allow unlock without reset', () => {
      spec
        .given([started(), passed('email')])
        .when(decide(unlock))
        .thenThrows('BAD_USER_INPUT', 'UnlockNotAllowed');
    });

    it('refuses before the gates are passed', () => {
      spec
        .given([started({ unlockAllowed: true })])
        .when(decide(unlock))
        .thenThrows('BAD_USER_INPUT', 'GatesNotPassed');
    });

    it('completes the unlock once the gates passed', () => {
      spec
        .given([started({ unlockAllowed: true }), passed('email')])
        .when(decide(unlock))
        .then([
          {
            type: 'AccountUnlockCompleted',
            data: {
              ...summary(['email'], [emailPassed]),
              userId: 'user-ada',
              writeback: true,
            },
          },
        ]);
    });
  });

  describe('when the flow is ineligible', () => {
    it('never sends a code', () => {
      spec.given([ineligible]).when(decide(send())).then([]);
    });

    it('fails a right-looking code and right-looking answers like wrong ones', () => {
      spec
        .given([ineligible])
        .when(decide(verify('valid')))
        .then([
          decided(
            { ...failed(1), data: { ...failed(1).data, ...ineligibleContext } } as ResetEvent,
            tried('email', false, NOW),
          ),
        ]);
      spec
        .given([ineligible])
        .when(decide(answer(true)))
        .then([
          {
            type: 'ResetGateFailed',
            data: {
              methodId: 'securityQuestions',
              method: 'securityQuestions',
              reason: 'wrongAnswers',
              failures: 1,
              ...ineligibleContext,
              attempts: [tried('securityQuestions', false, NOW)],
            },
          },
        ]);
    });

    it('ends after five tries like an eligible flow', () => {
      spec
        .given([ineligible, failed(1), failed(2), failed(3), failed(4)])
        .when(decide(verify('valid')))
        .then((events) =>
          expect(events.map((e) => e.type)).toEqual(['ResetGateFailed', 'PasswordResetFailed']),
        );
    });
  });

  describe('when the session has expired', () => {
    const late = at(T0, 900);

    it('refuses every command', () => {
      spec
        .given([started()])
        .when(decide(send('email', 'email', late)))
        .thenThrows('BAD_USER_INPUT', 'FlowExpired');
      spec
        .given([started(), passed('email')])
        .when(decide(complete(late)))
        .thenThrows('BAD_USER_INPUT', 'FlowExpired');
    });

    it('records where the user dropped off', () => {
      spec
        .given([started()])
        .when(decide(abandon(late)))
        .then([
          { type: 'PasswordResetAbandoned', data: { step: 'chooseMethod', ...summary([], []) } },
        ]);
      spec
        .given([started(), codeSent])
        .when(decide(abandon(late)))
        .then([
          {
            type: 'PasswordResetAbandoned',
            data: { step: 'verify', ...summary(['email'], [tried('email', false, SENT_AT)]) },
          },
        ]);
      spec
        .given([started({ gatesRequired: 2 }), passed('email')])
        .when(decide(abandon(late)))
        .then([
          {
            type: 'PasswordResetAbandoned',
            data: { step: 'secondGate', ...summary(['email'], [emailPassed]) },
          },
        ]);
      spec
        .given([started(), passed('email')])
        .when(decide(abandon(late)))
        .then([
          {
            type: 'PasswordResetAbandoned',
            data: { step: 'newPassword', ...summary(['email'], [emailPassed]) },
          },
        ]);
    });

    it('abandons nothing that is still running', () => {
      spec
        .given([started()])
        .when(decide(abandon(at(T0, 899))))
        .then([]);
    });
  });

  describe('when the flow has ended', () => {
    it('refuses every command with a clear state error', () => {
      const completed: ResetEvent = {
        type: 'PasswordResetCompleted',
        data: { userId: 'user-ada', writeback: false },
      };
      spec
        .given([started(), passed('email'), completed])
        .when(decide(complete()))
        .thenThrows('BAD_USER_INPUT', 'FlowEnded');
      spec
        .given([started(), { type: 'PasswordResetFailed', data: { reason: 'tooManyWrongCodes' } }])
        .when(decide(send()))
        .thenThrows('BAD_USER_INPUT', 'FlowEnded');
      spec
        .given([started(), { type: 'PasswordResetAbandoned', data: { step: 'verify' } }])
        .when(decide(abandon(at(T0, 9999))))
        .then([]);
    });
  });
});
