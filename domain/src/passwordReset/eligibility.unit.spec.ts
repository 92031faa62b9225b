import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacCodeHasher } from '@resetline/adapters';
import {
  defaultAuditPolicy,
  defaultLockoutPolicy,
  defaultSsprPolicy,
  type SsprPolicy,
  type Tier,
} from '../policy/index.js';
import { defaultPasswordPolicy } from '../password/index.js';
import {
  evolveCredentialState,
  initialCredentialState,
  type TimedUserEvent,
} from '../signIn/credentialState.js';
import { provisioned, T0 } from '../signIn/fixtures.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser } from '../user/user.js';
import { assessResetEligibility } from './eligibility.js';

const codeHasher = new HmacCodeHasher(randomBytes(32));
const tenant = (tier: Tier = 'premium', sspr: Partial<SsprPolicy> = {}): ActiveTenant => ({
  status: 'active',
  tenantId: 'contoso',
  name: 'Contoso',
  tier,
  language: 'en',
  branding: { displayName: 'Contoso' },
  ssprPolicy: {
    ...defaultSsprPolicy,
    scope: 'all',
    allowedMethods: ['email', 'mobilePhone', 'securityQuestions'],
    ...sspr,
  },
  passwordPolicy: defaultPasswordPolicy,
  lockoutPolicy: defaultLockoutPolicy,
  auditPolicy: defaultAuditPolicy,
  policyVersion: 3,
});
const registered = (
  method: 'email' | 'mobilePhone' | 'securityQuestions',
  questions = 3,
): TimedUserEvent => ({
  type: 'SecurityInfoRegistered',
  data: {
    methodId: `id-${method}`,
    method,
    ...(method === 'email' ? { target: 'ada@gmail.com', maskedTarget: 'a***@gmail.com' } : {}),
    ...(method === 'mobilePhone' ? { target: '+31612345678', maskedTarget: '+31 6*****78' } : {}),
    ...(method === 'securityQuestions'
      ? {
          questions: Array.from({ length: questions }, (_, i) => ({
            question: `Question ${i}?`,
            answerHash: `h${i}`,
          })),
        }
      : {}),
  },
  occurredAt: T0,
});
const userOf = (events: TimedUserEvent[]): ExistingUser =>
  events.reduce(evolveCredentialState, initialCredentialState()).user as ExistingUser;
const assess = (
  t: ActiveTenant,
  user: ExistingUser | null,
  username = 'ada.lovelace@contoso.com',
) => assessResetEligibility(codeHasher, t, username, user, T0);

describe('reset eligibility', () => {
  it('lets a registered cloud user in scope reset with the methods they registered', () => {
    const result = assess(tenant('basic'), userOf([provisioned(), registered('email')]));

    expect(result).toMatchObject({ eligible: true, gatesRequired: 1 });
    expect(result.methods).toEqual([
      { methodId: 'email', method: 'email', maskedTarget: 'a***@gmail.com' },
    ]);
  });

  it.each([
    ['free', 'cloud', ['user'], 'tierExcludes'],
    ['basic', 'synced', ['user'], 'tierExcludes'],
    ['premium', 'federated', ['user'], undefined],
    ['free', 'cloud', ['globalAdmin'], 'notRegistered'],
  ] as const)('on the %s tier a %s %s is %s', (tier, source, roles, reason) => {
    const result = assess(
      tenant(tier),
      userOf([provisioned({ source, roles: [...roles] }), registered('email')]),
    );

    expect(result.ineligibleReason).toBe(reason);
    expect(result.eligible).toBe(reason === undefined);
  });

  it('keeps users outside the selected groups out, but never admins', () => {
    const selected = tenant('premium', { scope: 'selected', selectedGroups: ['pilot'] });
    const admin = userOf([
      provisioned({ roles: ['passwordAdmin'] }),
      registered('email'),
      registered('mobilePhone'),
    ]);

    expect(assess(selected, userOf([provisioned(), registered('email')])).ineligibleReason).toBe(
      'notInScope',
    );
    expect(assess(selected, admin)).toMatchObject({ eligible: true, gatesRequired: 2 });
  });

  it('asks admins for two gates and never offers them security questions', () => {
    const admin = userOf([
      provisioned({ roles: ['globalAdmin'] }),
      registered('email'),
      registered('securityQuestions'),
    ]);
    const result = assess(tenant(), admin);

    expect(result).toMatchObject({
      eligible: false,
      ineligibleReason: 'notRegistered',
      gatesRequired: 2,
    });
    expect(result.methods.length).toBeGreaterThanOrEqual(2);
    expect(result.methods.map((m) => m.method)).not.toContain('securityQuestions');
  });

  it('counts security questions only when enough are registered to answer', () => {
    const twoQuestions = userOf([provisioned(), registered('securityQuestions', 2)]);
    const threeQuestions = userOf([provisioned(), registered('securityQuestions', 3)]);

    expect(assess(tenant(), twoQuestions).ineligibleReason).toBe('notRegistered');
    expect(assess(tenant(), threeQuestions)).toMatchObject({
      eligible: true,
      questions: ['Question 0?', 'Question 1?', 'Question 2?'],
    });
  });

  it('shows a disabled user their real methods, so disabling changes nothing visible', () => {
    const events = [provisioned(), registered('email')];
    const active = assess(tenant(), userOf(events));
    const disabled = assess(
      tenant(),
      userOf([...events, { type: 'UserDisabled', data: {}, occurredAt: T0 }]),
    );

    expect(disabled).toMatchObject({ eligible: false, ineligibleReason: 'disabled' });
    expect(disabled.methods).toEqual(active.methods);
  });

  it('reports a running self-service block', () => {
    const blocked: TimedUserEvent = {
      type: 'SelfServiceResetBlocked',
      data: { until: new Date(T0.getTime() + 60_000).toISOString(), reason: 'startedLimitReached' },
      occurredAt: T0,
    };
    expect(
      assess(tenant(), userOf([provisioned(), registered('email'), blocked])).ineligibleReason,
    ).toBe('blocked');
  });

  it('gives unknown names a stable decoy that depends on the name and the server key', () => {
    const first = assess(tenant(), null, 'nobody@contoso.com');
    const again = assess(tenant(), null, ' Nobody@Contoso.com ');
    const names = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify(assess(tenant(), null, `person${i}@contoso.com`).methods),
    );
    const otherKey = assessResetEligibility(
      new HmacCodeHasher(randomBytes(32)),
      tenant(),
      'nobody@contoso.com',
      null,
      T0,
    );

    expect(first).toMatchObject({
      eligible: false,
      ineligibleReason: 'unknownUser',
      gatesRequired: 1,
    });
    expect(again).toEqual(first);
    expect(new Set(names).size).toBeGreaterThan(1);
    expect(JSON.stringify(otherKey)).not.toEqual(JSON.stringify(first));
    for (const method of first.methods) {
      if (method.method === 'email') expect(method.maskedTarget).toMatch(/^[a-z]\*\*\*@[a-z.]+$/);
      if (method.method === 'mobilePhone')
        expect(method.maskedTarget).toMatch(/^\+\d{1,3} \d\*{5}\d{2}$/);
    }
  });
});
