import type { CommandMetadata, Event, Fold } from '@resetline/domain';

/**
 * The decision every benchmarked command takes. A stand-in until a real domain decider
 * (e.g. the sign-in failure / lockout decider) replaces it: swap this one function and its fold.
 */
export type SignInState = Readonly<{ failures: number }>;
export type SignInFailed = Event<'SignInFailed', Record<string, unknown>>;

export const signInFold: Fold<SignInState, SignInFailed> = {
  initialState: () => ({ failures: 0 }),
  evolve: (state) => ({ failures: state.failures + 1 }),
};

export const decideSignInFailure = (state: SignInState, attempt: number): SignInFailed => ({
  type: 'SignInFailed',
  data: signInFailedData(state.failures + 1, attempt),
});

/** About 300 bytes of data and metadata together, like a real audit event. */
export const signInFailedData = (failures: number, attempt: number): Record<string, unknown> => ({
  userId: `user-${attempt % 100_000}`,
  username: 'jane.doe@contoso.com',
  method: 'password',
  failureReason: 'InvalidPassword',
  consecutiveFailures: failures,
  badPasswordHash: 'hmac:2b7e151628aed2a6abf7158809cf4f3c',
});

export const benchMetadata = (now: Date): CommandMetadata => ({
  now,
  tenantId: 'tenant-bench',
  actor: { kind: 'user', id: 'user-bench' },
  correlationId: '0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6',
  ip: '203.0.113.7',
  userAgent: 'bench/1.0',
});
