// Event builders shared by the decider specs of signIn, passwordChange, passwordReset and
// adminReset. Test-only; not exported from the package.
import type { CommandMetadata } from '../core/index.js';
import { defaultLockoutPolicy, type LockoutPolicy } from '../policy/index.js';
import type { UserEventOf } from '../user/user.js';
import type { TimedUserEvent } from './credentialState.js';

export const T0 = new Date('2025-03-01T09:00:00.000Z');
export const at = (base: Date, seconds: number): Date => new Date(base.getTime() + seconds * 1000);

export const metadataAt = (
  now: Date,
  actor: CommandMetadata['actor'] = { kind: 'anonymous', id: 'anonymous' },
): CommandMetadata => ({
  now,
  tenantId: 'contoso',
  actor,
  correlationId: 'correlation-1',
});

export const lockoutPolicy: LockoutPolicy = defaultLockoutPolicy;

type Provisioned = UserEventOf<'UserProvisioned'>['data'];
export const provisioned = (
  overrides: Partial<Provisioned> = {},
  occurredAt = T0,
): TimedUserEvent => ({
  type: 'UserProvisioned',
  data: {
    userId: 'user-ada',
    username: 'ada@contoso.com',
    displayName: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    source: 'cloud',
    roles: ['user'],
    groups: ['staff'],
    language: 'en',
    ...overrides,
  },
  occurredAt,
});

export const passwordSet = (hash = 'argon-hash-1', occurredAt = T0): TimedUserEvent => ({
  type: 'InitialPasswordSet',
  data: { hash, mustChangeAtNextSignIn: false },
  occurredAt,
});

export const failedSignIn = (
  failures: number,
  key: string,
  counted = true,
  occurredAt = T0,
): TimedUserEvent => ({
  type: 'SignInFailed',
  data: { reason: 'wrongPassword', badPasswordKey: key, counted, failures },
  occurredAt,
});

export const locked = (until: Date, lockoutCount: number, occurredAt = T0): TimedUserEvent => ({
  type: 'AccountLocked',
  data: { until: until.toISOString(), lockoutCount },
  occurredAt,
});

export const disabled = (occurredAt = T0): TimedUserEvent => ({
  type: 'UserDisabled',
  data: {},
  occurredAt,
});

/** `count` distinct counted failures, keys bad-1..bad-count. */
export const distinctFailures = (count: number, occurredAt = T0): TimedUserEvent[] =>
  Array.from({ length: count }, (_, i) => failedSignIn(i + 1, `bad-${i + 1}`, true, occurredAt));
