import { randomUUID } from 'node:crypto';
import type { Actor, EventStore, EventToAppend } from '@resetline/domain';

// A small, hand-checked history for the report tests: every report row it should produce is
// written out in the spec. Times are minutes after DAY.
export const DAY = new Date('2026-03-10T00:00:00.000Z');
export const at = (minutes: number): Date => new Date(DAY.getTime() + minutes * 60_000);
export const SECRET_TARGET = 'alice.private@contoso.com';
export const SECRET_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$SECRETHASH';

const anonymous: Actor = { kind: 'anonymous', id: '198.51.100.9' };

const event = (
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
  minutes: number,
  actor: Actor = { kind: 'user', id: 'u1' },
): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  occurredAt: at(minutes),
  metadata: { tenantId, actor, correlationId: randomUUID(), ip: '203.0.113.7' },
});

const user = (tenantId: string, userId: string, username: string, roles: string[], m: number) =>
  event(
    tenantId,
    'UserProvisioned',
    {
      userId,
      username,
      displayName: `${username[0]!.toUpperCase()}${username.slice(1)} Example`,
      firstName: username,
      lastName: 'Example',
      source: 'cloud',
      roles,
      groups: [],
      language: 'en',
    },
    m,
    { kind: 'admin', id: 'admin-0' },
  );

const registered = (tenantId: string, method: string, m: number, target?: string) =>
  event(
    tenantId,
    'SecurityInfoRegistered',
    {
      methodId: `m-${method}-${m}`,
      method,
      ...(target ? { target, maskedTarget: 'a***@contoso.com' } : {}),
    },
    m,
  );

const started = (
  tenantId: string,
  flowId: string,
  username: string,
  userId: string | null,
  m: number,
  extra: Record<string, unknown> = {},
) =>
  event(
    tenantId,
    'PasswordResetStarted',
    {
      flowId,
      username,
      userId,
      purpose: 'reset',
      eligible: true,
      gatesRequired: 1,
      methods: [{ methodId: 'm-email', method: 'email' }],
      unlockAllowed: true,
      expiresAt: at(m + 15).toISOString(),
      policyVersion: 1,
      ...extra,
    },
    m,
    anonymous,
  );

const codeSent = (tenantId: string, method: string, channel: string, m: number) =>
  event(
    tenantId,
    'ResetCodeSent',
    {
      methodId: `m-${method}`,
      method,
      channel,
      target: SECRET_TARGET,
      maskedTarget: 'a***@contoso.com',
      codeHash: SECRET_HASH,
      sealedCode: 'sealed-SECRET',
      expiresAt: at(m + 5).toISOString(),
    },
    m,
    anonymous,
  );

const gate = (tenantId: string, type: string, method: string, m: number, data = {}) =>
  event(tenantId, type, { methodId: `m-${method}`, method, ...data }, m, anonymous);

/** The story of tenant t1 (and a little of t2, which must never show in t1's reports). */
export const reportStory = (): [string, EventToAppend[]][] => [
  [
    'user-u1',
    [
      user('t1', 'u1', 'alice', ['user'], 0),
      registered('t1', 'email', 1, SECRET_TARGET),
      registered('t1', 'mobilePhone', 2, '+31612345678'),
      event('t1', 'SecurityInfoVerificationFailed', { methodId: 'm-x', failures: 1 }, 3),
    ],
  ],
  ['user-u2', [user('t1', 'u2', 'bob', ['globalAdmin'], 0), registered('t1', 'email', 5)]],
  ['user-u3', [user('t1', 'u3', 'carol', ['user'], 0)]],
  [
    'reset-f1',
    [
      started('t1', 'f1', 'alice', 'u1', 10),
      codeSent('t1', 'email', 'email', 11),
      gate('t1', 'ResetGateFailed', 'email', 12, { reason: 'wrongCode', failures: 1 }),
      gate('t1', 'ResetGatePassed', 'email', 13, { gate: 1 }),
      event('t1', 'PasswordResetCompleted', { userId: 'u1', writeback: false }, 14, anonymous),
    ],
  ],
  [
    'reset-f2',
    [
      started('t1', 'f2', 'mallory', null, 20, {
        eligible: false,
        ineligibleReason: 'unknownUser',
        methods: [],
      }),
    ],
  ],
  [
    'reset-f3',
    [
      started('t1', 'f3', 'alice', 'u1', 40, { purpose: 'unlock' }),
      codeSent('t1', 'mobilePhone', 'voice', 41),
      gate('t1', 'ResetGatePassed', 'mobilePhone', 43, { gate: 1 }),
      event('t1', 'AccountUnlockCompleted', { userId: 'u1', writeback: false }, 44, anonymous),
    ],
  ],
  [
    'reset-f4',
    [
      started('t1', 'f4', 'bob', 'u2', 60, { gatesRequired: 2 }),
      codeSent('t1', 'email', 'email', 61),
      gate('t1', 'ResetGatePassed', 'email', 62, { gate: 1 }),
      codeSent('t1', 'mobilePhone', 'sms', 63),
      event('t1', 'PasswordResetAbandoned', { step: 'secondGate' }, 80, {
        kind: 'system',
        id: 'expiry',
      }),
    ],
  ],
  [
    'user-u1',
    [
      event('t1', 'PasswordChanged', { hash: SECRET_HASH }, 90),
      event('t1', 'PasswordChangeFailed', { reason: 'FuzzyPolicyViolationInvalidPassword' }, 91),
    ],
  ],
  [
    'user-u2',
    [
      event('t1', 'PasswordResetByAdmin', { temporary: false, mustChangeAtNextSignIn: true }, 95, {
        kind: 'admin',
        id: 'u9',
      }),
    ],
  ],
  ['user-u3', [event('t1', 'UserDisabled', {}, 100, { kind: 'admin', id: 'admin-0' })]],
  ['user-u7', [user('t2', 'u7', 'eve', ['user'], 0), registered('t2', 'email', 1)]],
  ['reset-f7', [started('t2', 'f7', 'eve', 'u7', 10)]],
];

export const appendReportStory = async (store: EventStore): Promise<void> => {
  for (const [streamId, events] of reportStory()) {
    await store.appendToStream(streamId, events);
  }
};
