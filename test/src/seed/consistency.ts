import {
  credentialFold,
  evolveResetFlow,
  evolveTenant,
  initialResetFlowState,
  initialTenantState,
  type CredentialState,
  type RecordedEvent,
  type ResetEvent,
  type ResetFlowState,
  type TenantEvent,
  type TenantState,
  type TimedUserEvent,
} from '@resetline/domain';

const DAY_MS = 86_400_000;
const MAX_CONSECUTIVE_FAILURES = 100;

export type Consistency = Readonly<{
  violations: string[];
  /** How many decisions each rule looked at, so a test can tell a rule was exercised. */
  checked: Record<string, number>;
}>;

/**
 * Re-folds every stream with the real evolve functions, in global order (so a tenant's policy
 * is the one in force at each event), and checks the decisions the workload recorded against
 * the state before them: lockouts only at the threshold, refusals only while locked, and so on.
 */
export const checkConsistency = (events: readonly RecordedEvent[]): Consistency => {
  const violations: string[] = [];
  const checked: Record<string, number> = {};
  const tenants = new Map<string, TenantState>();
  const users = new Map<string, CredentialState>();
  const previous = new Map<string, RecordedEvent>();
  const flows = new Map<string, ResetFlowState>();
  const flowEvents = new Map<string, RecordedEvent[]>();
  const fail = (event: RecordedEvent, why: string): void => {
    violations.push(`${event.streamId}@${event.revision} ${event.type}: ${why}`);
  };
  const count = (rule: string): void => {
    checked[rule] = (checked[rule] ?? 0) + 1;
  };

  for (const event of events) {
    if (event.streamId.startsWith('tenant-')) {
      const state = tenants.get(event.metadata.tenantId) ?? initialTenantState();
      tenants.set(event.metadata.tenantId, evolveTenant(state, event as unknown as TenantEvent));
    } else if (event.streamId.startsWith('reset-')) {
      flows.set(
        event.streamId,
        evolveResetFlow(
          flows.get(event.streamId) ?? initialResetFlowState(),
          event as unknown as ResetEvent,
        ),
      );
      flowEvents.set(event.streamId, [...(flowEvents.get(event.streamId) ?? []), event]);
    } else if (event.streamId.startsWith('user-')) {
      const before = users.get(event.streamId) ?? credentialFold.initialState();
      const tenant = tenants.get(event.metadata.tenantId);
      const user = before.user;
      const at = event.occurredAt.getTime();
      const existing = user.status === 'active' || user.status === 'disabled' ? user : null;
      const locked = existing?.lockedUntil != null && existing.lockedUntil.getTime() > at;
      const data = event.data;
      switch (event.type) {
        case 'AccountLocked': {
          count('lockout');
          const prior = previous.get(event.streamId);
          const threshold = tenant?.status === 'active' ? tenant.lockoutPolicy.threshold : 0;
          const failures = Number(prior?.data['failures'] ?? -1);
          const atThreshold = prior?.data['counted'] === true && failures >= threshold;
          const tooMany = before.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
          if (prior?.type !== 'SignInFailed' || !(atThreshold || tooMany)) {
            fail(event, `locked after ${failures} failures, threshold ${threshold}`);
          }
          break;
        }
        case 'SignInFailed':
          if (data['reason'] === 'locked') {
            count('refusedWhileLocked');
            if (!locked) fail(event, 'refused as locked while the account was not locked');
          } else if (data['counted'] === true) {
            count('countedFailure');
            if (locked && data['reason'] === 'wrongPassword')
              fail(event, 'counted a password on a locked account');
            if (data['failures'] !== (existing?.failedSignIns ?? 0) + 1)
              fail(event, 'failure count skipped');
          }
          break;
        case 'SignInSucceeded':
          count('signIn');
          if (locked || existing?.status !== 'active')
            fail(event, 'signed in while locked or disabled');
          break;
        case 'SelfServiceResetBlocked':
          if (String(data['reason']).startsWith('startedLimitReached')) {
            count('startThrottle');
            const recent =
              existing?.resetCounters.started.filter((t) => at - t.getTime() < DAY_MS).length ?? 0;
            if (recent < 5) fail(event, `blocked after ${recent} starts in 24 h`);
          }
          break;
        case 'PasswordReset':
          count('selfReset');
          break;
      }
      users.set(event.streamId, credentialFold.evolve(before, event as unknown as TimedUserEvent));
      previous.set(event.streamId, event);
    }
  }

  for (const [streamId, list] of flowEvents) {
    const [start] = list;
    if (start?.type !== 'PasswordResetStarted') {
      violations.push(`${streamId} does not begin with PasswordResetStarted`);
      continue;
    }
    count('flow');
    const eligible = start.data['eligible'] === true;
    const passed = list.filter((e) => e.type === 'ResetGatePassed').length;
    const ends = list.filter((e) =>
      [
        'PasswordResetCompleted',
        'AccountUnlockCompleted',
        'PasswordResetFailed',
        'PasswordResetAbandoned',
      ].includes(e.type),
    );
    if (ends.length > 1) violations.push(`${streamId} ended ${ends.length} times`);
    if (!eligible && (passed > 0 || list.some((e) => e.type === 'ResetCodeSent'))) {
      violations.push(`${streamId} is ineligible yet sent a code or passed a gate`);
    }
    const completed = list.some(
      (e) => e.type === 'PasswordResetCompleted' || e.type === 'AccountUnlockCompleted',
    );
    if (completed && passed < Number(start.data['gatesRequired'])) {
      violations.push(
        `${streamId} completed after ${passed} of ${String(start.data['gatesRequired'])} gates`,
      );
    }
  }
  const resets = events.filter((e) => e.type === 'PasswordReset');
  for (const reset of resets) {
    const flow = flowEvents.get(`reset-${String(reset.data['flowId'])}`) ?? [];
    const completed = flow.find((e) => e.type === 'PasswordResetCompleted');
    if (!completed || completed.data['userId'] !== reset.streamId.slice('user-'.length)) {
      fail(reset, 'no completed flow of this user behind the reset');
    }
  }
  return { violations, checked };
};
