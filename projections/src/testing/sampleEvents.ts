import { randomUUID } from 'node:crypto';
import type { Actor, EventStore, EventToAppend } from '@resetline/domain';

// Test data only: realistic events for the read-model tests, with secrets that must never reach
// a projected row.
export const SECRET_TARGET = 'alice.secret@contoso.com';
export const SECRET_PHONE = '+31612345678';
export const SECRET_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$SECRETHASH';

const base = new Date('2026-03-01T09:00:00.000Z');
export const at = (minutes: number): Date => new Date(base.getTime() + minutes * 60_000);

export const event = (
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt: Date,
  actor: Actor = { kind: 'user', id: 'u1' },
): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  occurredAt,
  metadata: {
    tenantId,
    actor,
    correlationId: `corr-${type}`,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (test)',
  },
});

const emailMethod = { methodId: 'm-email', method: 'email', maskedTarget: 'a***@contoso.com' };

/** Alice registers email and phone, removes the phone, then resets her password through flow f1. */
export const aliceStory = (tenantId: string) => ({
  [`user-u1`]: [
    event(
      tenantId,
      'UserProvisioned',
      {
        userId: 'u1',
        username: 'alice',
        displayName: 'Alice',
        firstName: 'Alice',
        lastName: 'Doe',
        source: 'cloud',
        roles: ['user'],
        groups: [],
        language: 'en',
      },
      at(0),
      { kind: 'admin', id: 'admin-1' },
    ),
    event(
      tenantId,
      'SecurityInfoVerificationRequested',
      {
        ...emailMethod,
        target: SECRET_TARGET,
        channel: 'email',
        codeHash: SECRET_HASH,
        sealedCode: 'sealed-SECRET',
        expiresAt: at(6).toISOString(),
      },
      at(1),
    ),
    event(tenantId, 'SecurityInfoRegistered', { ...emailMethod, target: SECRET_TARGET }, at(2)),
    event(
      tenantId,
      'SecurityInfoRegistered',
      {
        methodId: 'm-phone',
        method: 'mobilePhone',
        target: SECRET_PHONE,
        maskedTarget: '+*********78',
      },
      at(3),
    ),
    event(
      tenantId,
      'SecurityInfoRegistered',
      {
        methodId: 'm-questions',
        method: 'securityQuestions',
        questions: [{ question: 'First pet?', answerHash: SECRET_HASH }],
      },
      at(4),
    ),
    event(
      tenantId,
      'SecurityInfoRemoved',
      { methodId: 'm-phone', method: 'mobilePhone', byAdmin: false },
      at(60),
    ),
    event(tenantId, 'PasswordReset', { hash: SECRET_HASH, flowId: 'f1' }, at(125)),
    event(tenantId, 'AccountUnlocked', { by: 'self' }, at(130)),
  ],
  [`reset-f1`]: [
    event(
      tenantId,
      'PasswordResetStarted',
      {
        flowId: 'f1',
        username: 'alice',
        userId: 'u1',
        purpose: 'reset',
        eligible: true,
        gatesRequired: 1,
        methods: [emailMethod, { methodId: 'm-questions', method: 'securityQuestions' }],
        unlockAllowed: false,
        expiresAt: at(135).toISOString(),
        policyVersion: 1,
      },
      at(120),
      { kind: 'anonymous', id: 'anonymous' },
    ),
    event(
      tenantId,
      'ResetCodeSent',
      {
        ...emailMethod,
        channel: 'email',
        target: SECRET_TARGET,
        codeHash: SECRET_HASH,
        sealedCode: 'sealed-SECRET',
        expiresAt: at(126).toISOString(),
      },
      at(121),
    ),
    event(
      tenantId,
      'ResetGateFailed',
      { ...emailMethod, reason: 'wrongCode', failures: 1 },
      at(122),
    ),
    event(tenantId, 'ResetGatePassed', { ...emailMethod, gate: 1 }, at(123)),
    event(tenantId, 'ResetPasswordRejected', { reasons: ['PasswordTooShort'] }, at(124)),
    event(tenantId, 'PasswordResetCompleted', { userId: 'u1', writeback: false }, at(125)),
  ],
  [`reset-f2`]: [
    event(
      tenantId,
      'PasswordResetStarted',
      {
        flowId: 'f2',
        username: 'mallory',
        userId: null,
        purpose: 'reset',
        eligible: false,
        ineligibleReason: 'unknownUser',
        gatesRequired: 1,
        methods: [],
        unlockAllowed: false,
        expiresAt: at(215).toISOString(),
        policyVersion: 1,
      },
      at(200),
      { kind: 'anonymous', id: 'anonymous' },
    ),
    event(tenantId, 'PasswordResetAbandoned', { step: 'chooseMethod' }, at(215), {
      kind: 'system',
      id: 'expiry',
    }),
  ],
});

export const appendStory = async (
  store: EventStore,
  story: Record<string, EventToAppend[]>,
): Promise<number> => {
  let count = 0;
  for (const [streamId, events] of Object.entries(story)) {
    await store.appendToStream(streamId, events);
    count += events.length;
  }
  return count;
};
