import { describe, expect, it } from 'vitest';
import { deciderSpecification, type CommandMetadata } from '../core/index.js';
import { defaultSsprPolicy, type Role, type SsprPolicy } from '../policy/index.js';
import { userFold } from '../user/businessLogic.js';
import type { UserEvent } from '../user/user.js';
import {
  confirmAuthenticator,
  confirmSecurityInfo,
  decideRegistration,
  registerEmail,
  registerPhone,
  registerSecurityQuestions,
  removeSecurityInfo,
  reviewSecurityInfo,
  type RegistrationContext,
} from './businessLogic.js';
import { registrationStatus } from './registrationStatus.js';

const now = new Date('2025-03-01T10:00:00Z');
const metadata: CommandMetadata = {
  now,
  tenantId: 'contoso',
  actor: { kind: 'user', id: 'u-1' },
  correlationId: 'c-1',
};
const policy: SsprPolicy = {
  ...defaultSsprPolicy,
  scope: 'all',
  allowedMethods: ['email', 'mobilePhone', 'officePhone', 'securityQuestions', 'authenticator'],
};
const context: RegistrationContext = { tenant: { tier: 'basic', ssprPolicy: policy } };
const twoGates: RegistrationContext = {
  tenant: { tier: 'basic', ssprPolicy: { ...policy, gatesRequired: 2 } },
};
const spec = deciderSpecification(userFold);

const provisioned = (
  roles: Role[] = ['user'],
  source: 'cloud' | 'synced' = 'cloud',
): UserEvent => ({
  type: 'UserProvisioned',
  data: {
    userId: 'u-1',
    username: 'jan',
    displayName: 'Jan',
    firstName: 'Jan',
    lastName: 'J',
    source,
    roles,
    groups: [],
    language: 'en',
  },
});
const code = {
  codeHash: 'hmac-of-code',
  sealedCode: 'v1.sealed',
  expiresAt: '2025-03-01T10:05:00.000Z',
};
const emailRequested: UserEvent = {
  type: 'SecurityInfoVerificationRequested',
  data: {
    methodId: 'm-email',
    method: 'email',
    target: 'jan@example.com',
    maskedTarget: 'j***@example.com',
    channel: 'email',
    ...code,
  },
};
const emailRegistered: UserEvent & { occurredAt: Date } = {
  type: 'SecurityInfoRegistered',
  data: {
    methodId: 'm-email',
    method: 'email',
    target: 'jan@example.com',
    maskedTarget: 'j***@example.com',
  },
  occurredAt: new Date('2025-01-01T00:00:00Z'),
};
const phoneRegistered: UserEvent = {
  type: 'SecurityInfoRegistered',
  data: {
    methodId: 'm-phone',
    method: 'mobilePhone',
    target: '+31612345678',
    maskedTarget: '+31 6*****78',
  },
};
const failed = (failures: number): UserEvent => ({
  type: 'SecurityInfoVerificationFailed',
  data: { methodId: 'm-email', failures },
});
const confirm = (codeMatches: boolean, at = now) => ({
  type: 'ConfirmSecurityInfo' as const,
  data: { methodId: 'm-email', codeMatches },
  metadata: { ...metadata, now: at },
});
const questions = [1, 2, 3].map((n) => ({
  question: `Question ${n}?`,
  answerHash: `$argon2id$${n}`,
}));

describe('registration decider', () => {
  describe('when the user is active and in scope', () => {
    it('starts an email verification with a masked target and only the hashed and sealed code', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerEmail(
            {
              type: 'RegisterEmail',
              data: { methodId: 'm-email', address: 'jan@example.com', ...code },
              metadata,
            },
            s,
            context,
          ),
        )
        .then([emailRequested]));

    it('starts a mobile phone verification by SMS', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerPhone(
            {
              type: 'RegisterPhone',
              data: {
                methodId: 'm-phone',
                method: 'mobilePhone',
                number: '+31612345678',
                channel: 'sms',
                ...code,
              },
              metadata,
            },
            s,
            context,
          ),
        )
        .then([
          {
            type: 'SecurityInfoVerificationRequested',
            data: {
              methodId: 'm-phone',
              method: 'mobilePhone',
              target: '+31612345678',
              maskedTarget: '+31 6*****78',
              channel: 'sms',
              ...code,
            },
          },
        ]));

    it('refuses SMS to an office phone', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerPhone(
            {
              type: 'RegisterPhone',
              data: {
                methodId: 'm-o',
                method: 'officePhone',
                number: '+31201234567',
                channel: 'sms',
                ...code,
              },
              metadata,
            },
            s,
            context,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'OfficePhoneVoiceOnly'));

    it('refuses a method the policy does not allow', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerEmail(
            {
              type: 'RegisterEmail',
              data: { methodId: 'm', address: 'a@b.nl', ...code },
              metadata,
            },
            s,
            {
              tenant: { tier: 'basic', ssprPolicy: { ...policy, allowedMethods: ['mobilePhone'] } },
            },
          ),
        )
        .thenThrows('FORBIDDEN', 'MethodNotAllowed'));

    it('registers security questions and, as the first method, meets the one-gate requirement', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerSecurityQuestions(
            { type: 'RegisterSecurityQuestions', data: { methodId: 'm-q', questions }, metadata },
            s,
            context,
          ),
        )
        .then([
          {
            type: 'SecurityInfoRegistered',
            data: { methodId: 'm-q', method: 'securityQuestions', questions },
          },
          { type: 'RequiredSecurityInfoRegistered', data: { methods: ['securityQuestions'] } },
        ]));

    it('refuses fewer questions than the policy asks', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerSecurityQuestions(
            {
              type: 'RegisterSecurityQuestions',
              data: { methodId: 'm-q', questions: questions.slice(0, 2) },
              metadata,
            },
            s,
            context,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'WrongNumberOfSecurityQuestions'));

    it('confirms an authenticator with a matching code and uses up its time step', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          confirmAuthenticator(
            {
              type: 'ConfirmAuthenticator',
              data: {
                methodId: 'm-a',
                sealedTotpSecret: 'v1.secret',
                totpStep: 58_000_000,
                failuresSoFar: 0,
              },
              metadata,
            },
            s,
            context,
          ),
        )
        .then([
          {
            type: 'SecurityInfoRegistered',
            data: {
              methodId: 'm-a',
              method: 'authenticator',
              maskedTarget: 'Authenticator app',
              sealedTotpSecret: 'v1.secret',
              totpStep: 58_000_000,
            },
          },
          { type: 'RequiredSecurityInfoRegistered', data: { methods: ['authenticator'] } },
        ]));

    it('records a wrong authenticator code, and closes the enrolment after five', () => {
      const attempt = (failuresSoFar: number) => (s: Parameters<typeof confirmAuthenticator>[1]) =>
        confirmAuthenticator(
          {
            type: 'ConfirmAuthenticator',
            data: { methodId: 'm-a', sealedTotpSecret: 'x', totpStep: null, failuresSoFar },
            metadata,
          },
          s,
          context,
        );
      spec
        .given([provisioned()])
        .when(attempt(2))
        .then([{ type: 'SecurityInfoVerificationFailed', data: { methodId: 'm-a', failures: 3 } }]);
      spec.given([provisioned()]).when(attempt(5)).thenThrows('NOT_FOUND', 'NoPendingVerification');
    });

    it('refuses a replayed enrolment once the authenticator is registered', () =>
      spec
        .given([
          provisioned(),
          {
            type: 'SecurityInfoRegistered',
            data: { methodId: 'm-a', method: 'authenticator', sealedTotpSecret: 'v1.secret' },
          },
        ])
        .when((s) =>
          confirmAuthenticator(
            {
              type: 'ConfirmAuthenticator',
              data: {
                methodId: 'm-a',
                sealedTotpSecret: 'v1.secret',
                totpStep: 58_000_000,
                failuresSoFar: 0,
              },
              metadata,
            },
            s,
            context,
          ),
        )
        .thenThrows('NOT_FOUND', 'NoPendingVerification'));

    it('refuses to review with nothing registered', () =>
      spec
        .given([provisioned()])
        .when((s) => reviewSecurityInfo({ type: 'ReviewSecurityInfo', data: {}, metadata }, s))
        .thenThrows('BAD_USER_INPUT', 'NothingToReview'));
  });

  describe('when an email verification is pending', () => {
    it('registers the email on the right code and meets the requirement', () =>
      spec
        .given([provisioned(), emailRequested])
        .when((s) => confirmSecurityInfo(confirm(true), s, context))
        .then([
          {
            type: 'SecurityInfoRegistered',
            data: {
              methodId: 'm-email',
              method: 'email',
              target: 'jan@example.com',
              maskedTarget: 'j***@example.com',
            },
          },
          { type: 'RequiredSecurityInfoRegistered', data: { methods: ['email'] } },
        ]));

    it('counts a wrong code', () =>
      spec
        .given([provisioned(), emailRequested, failed(1)])
        .when((s) => confirmSecurityInfo(confirm(false), s, context))
        .then([failed(2)]));

    it('drops the verification at the fifth wrong code', () => {
      spec
        .given([provisioned(), emailRequested, failed(4)])
        .when((s) => confirmSecurityInfo(confirm(false), s, context))
        .then([failed(5)]);
      spec
        .given([provisioned(), emailRequested, failed(5)])
        .when((s) => confirmSecurityInfo(confirm(true), s, context))
        .thenThrows('NOT_FOUND', 'NoPendingVerification');
    });

    it('refuses an expired code, even the right one', () =>
      spec
        .given([provisioned(), emailRequested])
        .when((s) =>
          confirmSecurityInfo(confirm(true, new Date('2025-03-01T10:05:01Z')), s, context),
        )
        .thenThrows('BAD_USER_INPUT', 'VerificationCodeExpired'));

    it('knows no other method id', () =>
      spec
        .given([provisioned(), emailRequested])
        .when((s) =>
          confirmSecurityInfo(
            { ...confirm(true), data: { methodId: 'm-other', codeMatches: true } },
            s,
            context,
          ),
        )
        .thenThrows('NOT_FOUND', 'NoPendingVerification'));

    it('is confirmed as an email, and as a phone it is unknown without counting the code', () => {
      const as = (expected: 'email' | 'phone', codeMatches: boolean) => ({
        ...confirm(codeMatches),
        data: { methodId: 'm-email', codeMatches, expected },
      });
      spec
        .given([provisioned(), emailRequested])
        .when((s) => confirmSecurityInfo(as('phone', true), s, context))
        .thenThrows('NOT_FOUND', 'NoPendingVerification');
      spec
        .given([provisioned(), emailRequested])
        .when((s) => confirmSecurityInfo(as('phone', false), s, context))
        .thenThrows('NOT_FOUND', 'NoPendingVerification');
      spec
        .given([provisioned(), emailRequested])
        .when((s) => confirmSecurityInfo(as('email', false), s, context))
        .then([failed(1)]);
    });
  });

  describe('when two gates are required', () => {
    it('announces the requirement only with the second method', () => {
      spec
        .given([provisioned(), emailRequested])
        .when((s) => confirmSecurityInfo(confirm(true), s, twoGates))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['SecurityInfoRegistered']));
      spec
        .given([provisioned(), phoneRegistered, emailRequested])
        .when((s) => confirmSecurityInfo(confirm(true), s, twoGates))
        .then((events) =>
          expect(events.at(-1)).toEqual({
            type: 'RequiredSecurityInfoRegistered',
            data: { methods: ['mobilePhone', 'email'] },
          }),
        );
    });

    it('refuses to remove a method that keeps the user capable', () =>
      spec
        .given([provisioned(), phoneRegistered, emailRegistered])
        .when((s) =>
          removeSecurityInfo(
            { type: 'RemoveSecurityInfo', data: { methodId: 'm-phone' }, metadata },
            s,
            twoGates,
          ),
        )
        .thenThrows('BAD_USER_INPUT', 'RequiredSecurityInfo'));
  });

  describe('when the user has registered methods', () => {
    it('removes one that is not needed for the requirement', () =>
      spec
        .given([provisioned(), phoneRegistered, emailRegistered])
        .when((s) =>
          removeSecurityInfo(
            { type: 'RemoveSecurityInfo', data: { methodId: 'm-phone' }, metadata },
            s,
            context,
          ),
        )
        .then([
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-phone', method: 'mobilePhone', byAdmin: false },
          },
        ]));

    it('removes the last one when the tenant does not require registration', () =>
      spec
        .given([provisioned(), emailRegistered])
        .when((s) =>
          removeSecurityInfo(
            { type: 'RemoveSecurityInfo', data: { methodId: 'm-email' }, metadata },
            s,
            {
              tenant: {
                tier: 'basic',
                ssprPolicy: { ...policy, requireRegistrationAtSignIn: false },
              },
            },
          ),
        )
        .then([
          {
            type: 'SecurityInfoRemoved',
            data: { methodId: 'm-email', method: 'email', byAdmin: false },
          },
        ]));

    it('refuses to remove an unknown method', () =>
      spec
        .given([provisioned(), emailRegistered])
        .when((s) =>
          removeSecurityInfo(
            { type: 'RemoveSecurityInfo', data: { methodId: 'nope' }, metadata },
            s,
            context,
          ),
        )
        .thenThrows('NOT_FOUND', 'SecurityInfoNotFound'));

    it('reviews them', () =>
      spec
        .given([provisioned(), emailRegistered])
        .when((s) => reviewSecurityInfo({ type: 'ReviewSecurityInfo', data: {}, metadata }, s))
        .then([{ type: 'SecurityInfoReviewed', data: {} }]));

    it('does not announce the requirement again when replacing a method', () =>
      spec
        .given([
          provisioned(),
          emailRegistered,
          { ...emailRequested, data: { ...emailRequested.data, methodId: 'm-email-2' } },
        ])
        .when((s) =>
          confirmSecurityInfo(
            { ...confirm(true), data: { methodId: 'm-email-2', codeMatches: true } },
            s,
            context,
          ),
        )
        .then((events) => expect(events.map((e) => e.type)).toEqual(['SecurityInfoRegistered'])));
  });

  describe('when re-registration is required', () => {
    const given = [
      provisioned(),
      emailRegistered,
      { type: 'ReregistrationRequired', data: {} } as UserEvent,
    ];

    it('refuses a mere review', () =>
      spec
        .given(given)
        .when((s) => reviewSecurityInfo({ type: 'ReviewSecurityInfo', data: {}, metadata }, s))
        .thenThrows('BAD_USER_INPUT', 'ReregistrationRequired'));

    it('announces the requirement again once a method is registered', () =>
      spec
        .given([...given, emailRequested])
        .when((s) => confirmSecurityInfo(confirm(true), s, context))
        .then((events) =>
          expect(events.map((e) => e.type)).toEqual([
            'SecurityInfoRegistered',
            'RequiredSecurityInfoRegistered',
          ]),
        ));
  });

  describe('when the user is an administrator', () => {
    it('refuses security questions', () =>
      spec
        .given([provisioned(['passwordAdmin'])])
        .when((s) =>
          registerSecurityQuestions(
            { type: 'RegisterSecurityQuestions', data: { methodId: 'm-q', questions }, metadata },
            s,
            context,
          ),
        )
        .thenThrows('FORBIDDEN', 'QuestionsNotAllowedForAdmins'));

    it('needs two methods, even on a one-gate policy', () =>
      spec
        .given([provisioned(['globalAdmin']), emailRequested])
        .when((s) => confirmSecurityInfo(confirm(true), s, context))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['SecurityInfoRegistered'])));
  });

  describe('when self-service does not cover the user', () => {
    it('refuses registration outside the scope', () =>
      spec
        .given([provisioned()])
        .when((s) =>
          registerEmail(
            {
              type: 'RegisterEmail',
              data: { methodId: 'm', address: 'a@b.nl', ...code },
              metadata,
            },
            s,
            { tenant: { tier: 'basic', ssprPolicy: defaultSsprPolicy } },
          ),
        )
        .thenThrows('FORBIDDEN', 'SelfServiceNotEnabled'));

    it('refuses a synced user below premium', () =>
      spec
        .given([provisioned(['user'], 'synced')])
        .when((s) =>
          registerEmail(
            {
              type: 'RegisterEmail',
              data: { methodId: 'm', address: 'a@b.nl', ...code },
              metadata,
            },
            s,
            context,
          ),
        )
        .thenThrows('FORBIDDEN', 'SelfServiceNotEnabled'));
  });

  describe('when the user is disabled', () => {
    it('refuses every registration command', () => {
      const given = spec.given([
        provisioned(),
        emailRegistered,
        { type: 'UserDisabled', data: {} },
      ]);
      given
        .when((s) =>
          registerEmail(
            {
              type: 'RegisterEmail',
              data: { methodId: 'm', address: 'a@b.nl', ...code },
              metadata,
            },
            s,
            context,
          ),
        )
        .thenThrows('FORBIDDEN', 'UserDisabled');
      given
        .when((s) => reviewSecurityInfo({ type: 'ReviewSecurityInfo', data: {}, metadata }, s))
        .thenThrows('FORBIDDEN', 'UserDisabled');
      given
        .when((s) =>
          removeSecurityInfo(
            { type: 'RemoveSecurityInfo', data: { methodId: 'm-email' }, metadata },
            s,
            context,
          ),
        )
        .thenThrows('FORBIDDEN', 'UserDisabled');
    });
  });

  describe('when the user does not exist', () => {
    it('refuses', () =>
      spec
        .given([])
        .when((s) =>
          decideRegistration({ type: 'ReviewSecurityInfo', data: {}, metadata }, s, context),
        )
        .thenThrows('NOT_FOUND', 'UserNotFound'));
  });
});

describe('registration status', () => {
  const userAfter = (events: UserEvent[]) => {
    const state = spec.given(events).state;
    if (state.status !== 'active' && state.status !== 'disabled') throw new Error('no user');
    return state;
  };

  it('is registered, enabled and capable with enough methods in scope', () =>
    expect(
      registrationStatus(userAfter([provisioned(), emailRegistered]), context.tenant, now),
    ).toEqual({
      registered: true,
      enabled: true,
      capable: true,
      needsReconfirmation: false,
      gatesRequired: 1,
      methods: ['email'],
    }));

  it('is registered but not capable out of scope', () =>
    expect(
      registrationStatus(
        userAfter([provisioned(), emailRegistered]),
        { tier: 'basic', ssprPolicy: defaultSsprPolicy },
        now,
      ),
    ).toMatchObject({
      registered: true,
      enabled: false,
      capable: false,
    }));

  it('does not count methods the policy no longer allows', () =>
    expect(
      registrationStatus(
        userAfter([provisioned(), emailRegistered]),
        { tier: 'basic', ssprPolicy: { ...policy, allowedMethods: ['mobilePhone'] } },
        now,
      ),
    ).toMatchObject({ registered: false, methods: [] }));

  it('needs reconfirmation once the confirmation is older than the policy allows', () => {
    const user = userAfter([provisioned(), emailRegistered]);
    expect(
      registrationStatus(user, context.tenant, new Date('2025-06-29T00:00:00Z'))
        .needsReconfirmation,
    ).toBe(false);
    expect(
      registrationStatus(user, context.tenant, new Date('2025-07-01T00:00:00Z'))
        .needsReconfirmation,
    ).toBe(true);
  });

  it('needs reconfirmation and is not registered after an admin requires it', () =>
    expect(
      registrationStatus(
        userAfter([provisioned(), emailRegistered, { type: 'ReregistrationRequired', data: {} }]),
        context.tenant,
        now,
      ),
    ).toMatchObject({ registered: false, needsReconfirmation: true }));

  it('is not capable while disabled', () =>
    expect(
      registrationStatus(
        userAfter([provisioned(), emailRegistered, { type: 'UserDisabled', data: {} }]),
        context.tenant,
        now,
      ).capable,
    ).toBe(false));
});
