import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend } from '@resetline/domain';

const tenants = ['t1', 't2', 't3'];

const envelope = (
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt: Date,
): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  occurredAt,
  metadata: { tenantId, actor: { kind: 'user', id: 'load' }, correlationId: randomUUID() },
});

/**
 * Story n: a user is provisioned and registers an e-mail address, then runs one reset flow that
 * completes, fails or is abandoned. Days spread over a week so the rollup has several days.
 */
export const appendStory = async (store: EventStore, n: number): Promise<void> => {
  const tenantId = tenants[n % tenants.length] ?? 't1';
  const start = new Date(Date.UTC(2026, 2, 1 + (n % 7), 8, 0, n % 60));
  const later = (s: number): Date => new Date(start.getTime() + s * 1000);
  const userId = `u${n}`;
  const flowId = `f${n}`;
  const email = { methodId: `m${n}`, method: 'email', maskedTarget: 'u***@example.org' };
  await store.appendToStream(`user-${userId}`, [
    envelope(tenantId, 'UserProvisioned', { userId, username: `user${n}` }, start),
    envelope(
      tenantId,
      'SecurityInfoRegistered',
      { ...email, target: `user${n}@example.org` },
      later(1),
    ),
  ]);
  const ending =
    n % 3 === 0
      ? envelope(tenantId, 'PasswordResetCompleted', { userId, writeback: false }, later(30))
      : n % 3 === 1
        ? envelope(tenantId, 'PasswordResetAbandoned', { step: 'verify' }, later(900))
        : envelope(tenantId, 'PasswordResetFailed', { reason: 'tooManyWrongCodes' }, later(60));
  await store.appendToStream(`reset-${flowId}`, [
    envelope(
      tenantId,
      'PasswordResetStarted',
      {
        flowId,
        username: `user${n}`,
        userId,
        purpose: 'reset',
        eligible: true,
        gatesRequired: 1,
        methods: [email],
        unlockAllowed: false,
        expiresAt: later(900).toISOString(),
        policyVersion: 1,
      },
      later(10),
    ),
    envelope(
      tenantId,
      'ResetGateFailed',
      { ...email, reason: 'wrongCode', failures: 1 },
      later(20),
    ),
    ending,
  ]);
};
